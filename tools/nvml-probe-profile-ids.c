/* Read-only probe of a real libnvidia-ml: how the GPU instance placement and remaining-capacity queries answer
 * profile IDs the GPU does not have, whether the placement query reads *count as the buffer's size, and what one
 * placement query costs with count-then-fill versus one call with a large buffer. Calls only read-only functions
 * (MIG may stay disabled). Build: gcc -O2 -o probe nvml-probe-profile-ids.c -ldl; run on a GPU host.
 * Output on an H200 with driver 580.159.04: docs/nvml-probe-h200-580.159.04.txt. */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>
typedef int (*init_t)(void);
typedef int (*handle_t)(unsigned, void **);
typedef int (*place_t)(void *, unsigned, void *, unsigned *);
typedef int (*cap_t)(void *, unsigned, unsigned *);
typedef int (*mig_t)(void *, unsigned *, unsigned *);
typedef int (*name_t)(void *, char *, unsigned);
int main(void) {
    void *lib = dlopen("libnvidia-ml.so.1", RTLD_NOW);
    if (!lib) { printf("no libnvidia-ml: %s\n", dlerror()); return 1; }
    init_t init = (init_t) dlsym(lib, "nvmlInit_v2");
    handle_t h = (handle_t) dlsym(lib, "nvmlDeviceGetHandleByIndex_v2");
    place_t pl = (place_t) dlsym(lib, "nvmlDeviceGetGpuInstancePossiblePlacements_v2");
    cap_t cap = (cap_t) dlsym(lib, "nvmlDeviceGetGpuInstanceRemainingCapacity");
    mig_t mig = (mig_t) dlsym(lib, "nvmlDeviceGetMigMode");
    name_t nm = (name_t) dlsym(lib, "nvmlDeviceGetName");
    char *(*es)(int) = (char *(*)(int)) dlsym(lib, "nvmlErrorString");
    printf("init %d\n", init());
    void *dev = 0;
    printf("handle %d\n", h(0, &dev));
    char name[96] = {0};
    nm(dev, name, sizeof name);
    unsigned cur = 9, pend = 9;
    int m = mig(dev, &cur, &pend);
    printf("device %s mig rc %d current %u pending %u\n", name, m, cur, pend);
    unsigned ids[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 31, 32,
                      35, 47, 64, 65, 66, 67, 99, 1000, 0xFFFFFFFFu};
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        unsigned count = 12345, left = 12345;
        int rp = pl(dev, ids[i], NULL, &count);
        int rc = cap(dev, ids[i], &left);
        printf("id %u placements(NULL) rc %d (%s) count %u | capacity rc %d (%s) count %u\n", ids[i], rp, es(rp),
               count, rc, es(rc), left);
    }
    /* does the library read *count as the buffer's capacity? a big buffer of sentinels, declared smaller */
    unsigned buf[64 * 2];
    unsigned declared[] = {0, 1, 2, 6, 7, 8, 32};
    for (unsigned d = 0; d < sizeof declared / sizeof declared[0]; d++) {
        for (unsigned k = 0; k < 128; k++) buf[k] = 0xEEEEEEEEu;
        unsigned count = declared[d];
        int r = pl(dev, 19, buf, &count);
        unsigned written = 0;
        for (unsigned k = 0; k < 64; k++) if (buf[2 * k] != 0xEEEEEEEEu) written = k + 1;
        printf("id 19 placements, buffer declared %u: rc %d (%s) count %u, entries written %u\n", declared[d], r,
               es(r), count, written);
    }
    /* the cost of each path, for the 1g profile (7 placements) */
    struct timespec a, b;
    int n = 2000;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) { unsigned c = 0; pl(dev, 19, NULL, &c); pl(dev, 19, buf, &c); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double twoCalls = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1000.0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) { unsigned c = 32; pl(dev, 19, buf, &c); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double oneCall = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1000.0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) { unsigned c = 0; cap(dev, 19, &c); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double capacity = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1000.0;
    printf("us per 1g placement query: count-then-fill %.2f, one call with a 32-entry buffer %.2f; capacity %.2f\n",
           twoCalls, oneCall, capacity);
    return 0;
}
