/*
 * The C baseline for mig4j's NVML call-cost benchmarks: the same read-only calls the JMH benchmarks make,
 * through dlopen'ed libnvidia-ml, timed with CLOCK_MONOTONIC. Declares the few types it needs itself.
 *
 *   gcc -O2 -o nvml_bench nvml_bench.c -ldl && ./nvml_bench [library]
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int ret_t;
typedef void *device_t;

struct gi_profile_info_v2 {
    unsigned version, id, is_p2p, slices, instances, sms, copy_engines, decoders, encoders, jpeg, ofa;
    unsigned long long memory_mib;
    char name[96];
};

struct placement {
    unsigned start, size;
};

static ret_t (*init_v2)(void);
static ret_t (*get_count_v2)(unsigned *);
static ret_t (*get_handle_v2)(unsigned, device_t *);
static ret_t (*profile_info_v)(device_t, unsigned, struct gi_profile_info_v2 *);
static ret_t (*placements_v2)(device_t, unsigned, struct placement *, unsigned *);
static ret_t (*remaining)(device_t, unsigned, unsigned *);

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static volatile unsigned long long sink;

static void bench_count(long n) {
    unsigned count;
    for (long i = 0; i < n; i++) {
        get_count_v2(&count);
        sink += count;
    }
}

static void bench_profile_info(long n, device_t dev) {
    struct gi_profile_info_v2 info;
    for (long i = 0; i < n; i++) {
        info.version = (unsigned) sizeof info | 2u << 24;
        profile_info_v(dev, 0, &info);
        sink += info.memory_mib;
    }
}

/* Every profile index until INVALID_ARGUMENT: info, placements (count, then fill), remaining capacity. */
static void bench_discovery(long n, device_t dev) {
    struct placement placements[16];
    for (long i = 0; i < n; i++) {
        for (unsigned index = 0; index < 64; index++) {
            struct gi_profile_info_v2 info;
            info.version = (unsigned) sizeof info | 2u << 24;
            ret_t r = profile_info_v(dev, index, &info);
            if (r == 2) break;
            if (r != 0) continue;
            unsigned count = 0, left = 0;
            placements_v2(dev, info.id, NULL, &count);
            if (count > 16) count = 16;
            placements_v2(dev, info.id, placements, &count);
            remaining(dev, info.id, &left);
            sink += count + left;
        }
    }
}

/* The same loop with one placement call per profile and a buffer large enough for any profile: the path both
 * bindings take (a real driver writes every placement whatever *count says, so the buffer must be that large). */
static void bench_discovery_one_call(long n, device_t dev) {
    struct placement placements[128];
    for (long i = 0; i < n; i++) {
        for (unsigned index = 0; index < 64; index++) {
            struct gi_profile_info_v2 info;
            info.version = (unsigned) sizeof info | 2u << 24;
            ret_t r = profile_info_v(dev, index, &info);
            if (r == 2) break;
            if (r != 0) continue;
            unsigned count = 128, left = 0;
            placements_v2(dev, info.id, placements, &count);
            remaining(dev, info.id, &left);
            sink += count + left;
        }
    }
}

/* One placement query of the profile at index 0: count, then fill. */
static void bench_placements_two_calls(long n, device_t dev) {
    struct gi_profile_info_v2 info;
    info.version = (unsigned) sizeof info | 2u << 24;
    profile_info_v(dev, 0, &info);
    struct placement placements[128];
    for (long i = 0; i < n; i++) {
        unsigned count = 0;
        placements_v2(dev, info.id, NULL, &count);
        placements_v2(dev, info.id, placements, &count);
        sink += count;
    }
}

/* One placement query of the profile at index 0 in one call. */
static void bench_placements_one_call(long n, device_t dev) {
    struct gi_profile_info_v2 info;
    info.version = (unsigned) sizeof info | 2u << 24;
    profile_info_v(dev, 0, &info);
    struct placement placements[128];
    for (long i = 0; i < n; i++) {
        unsigned count = 128;
        placements_v2(dev, info.id, placements, &count);
        sink += count;
    }
}

/* Each round runs for about half a second: a profile query costs ~0.2 us on some drivers and ~0.4 ms on others. */
static void run(const char *name, void (*fn)(long, device_t), device_t dev, int rounds) {
    long n = 1;
    double t0 = now_ns();
    while (now_ns() - t0 < 2e8) {                        /* warm up and calibrate: ~0.2 s */
        fn(n, dev);
        n *= 2;
    }
    double elapsed_per_op = (now_ns() - t0) / (2.0 * n);
    n = (long) (5e8 / (elapsed_per_op > 1 ? elapsed_per_op : 1)) + 1;
    double best = 1e300, sum = 0;
    for (int r = 0; r < rounds; r++) {
        double start = now_ns();
        fn(n, dev);
        double per = (now_ns() - start) / n;
        sum += per;
        if (per < best) best = per;
    }
    printf("%-48s %12.1f ns/op (mean of %d rounds of %ld calls; best %.1f)\n", name, sum / rounds, rounds, n, best);
    fflush(stdout);
}

static void count_adapter(long n, device_t dev) { (void) dev; bench_count(n); }

int main(int argc, char **argv) {
    const char *lib = argc > 1 ? argv[1] : "libnvidia-ml.so.1";
    void *h = dlopen(lib, RTLD_NOW);
    if (!h) { fprintf(stderr, "dlopen %s: %s\n", lib, dlerror()); return 2; }
    *(void **) &init_v2 = dlsym(h, "nvmlInit_v2");
    *(void **) &get_count_v2 = dlsym(h, "nvmlDeviceGetCount_v2");
    *(void **) &get_handle_v2 = dlsym(h, "nvmlDeviceGetHandleByIndex_v2");
    *(void **) &profile_info_v = dlsym(h, "nvmlDeviceGetGpuInstanceProfileInfoV");
    *(void **) &placements_v2 = dlsym(h, "nvmlDeviceGetGpuInstancePossiblePlacements_v2");
    *(void **) &remaining = dlsym(h, "nvmlDeviceGetGpuInstanceRemainingCapacity");
    if (!init_v2 || !get_count_v2 || !get_handle_v2 || !profile_info_v || !placements_v2 || !remaining) {
        fprintf(stderr, "missing NVML symbols\n");
        return 2;
    }
    if (init_v2() != 0) { fprintf(stderr, "nvmlInit_v2 failed\n"); return 1; }
    device_t dev;
    if (get_handle_v2(0, &dev) != 0) { fprintf(stderr, "no GPU 0\n"); return 1; }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    run("C nvmlDeviceGetCount_v2", count_adapter, dev, rounds);
    run("C nvmlDeviceGetGpuInstanceProfileInfoV", bench_profile_info, dev, rounds);
    run("C full profile discovery (one GPU)", bench_discovery, dev, rounds);
    run("C full profile discovery, one placement call", bench_discovery_one_call, dev, rounds);
    run("C placements (index 0), count then fill", bench_placements_two_calls, dev, rounds);
    run("C placements (index 0), one call", bench_placements_one_call, dev, rounds);
    return 0;
}
