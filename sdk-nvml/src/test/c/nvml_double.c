/*
 * A test double of libnvidia-ml (NVML) for mig4j's bindings, written from the public API description
 * (function names, argument lists, struct layouts and return codes as documented; see
 * the NVML API reference, docs.nvidia.com/deploy/nvml-api, and go-nvml's gen/nvml/nvml.h). It does not include or copy NVIDIA's header: every type below
 * is our own declaration with the documented x86-64 layout, checked with _Static_assert.
 *
 * The node it simulates:
 *   device 0  "NVIDIA H100 80GB HBM3"  PCI 0x233010DE at 00000000:00:06.0, 81559 MiB, minor 0, Hopper,
 *             CC 9.0, MIG enabled, one 3g.40gb GPU instance (id 2) at placement 4:4 with its default
 *             3g compute instance (id 0).
 *   device 1  "NVIDIA A100-SXM4-40GB"  PCI 0x20B010DE at 00000000:00:07.0, 40960 MiB, minor 1, Ampere,
 *             CC 8.0, MIG disabled.
 * Profile tables are those of mig4j's catalog (products H100-80GB and A100-40GB).
 *
 * Behaviour follows NVML's documentation and what a real H100 (driver 580.159.04, MIG disabled) answered:
 * every call but nvmlInit_v2 returns UNINITIALIZED until nvmlInit_v2 (reference-counted: each init needs a
 * nvmlShutdown); NULL out-pointers and unknown handles are INVALID_ARGUMENT; short string buffers and arrays
 * are INSUFFICIENT_SIZE (arrays report the size needed in *count; placement calls with a NULL array only
 * count); GI profile index beyond 0x11 is INVALID_ARGUMENT, one the GPU lacks NOT_SUPPORTED; profile info
 * and placements answer whatever the MIG mode, remaining capacity too (full capacity with MIG disabled);
 * creating or listing instances with MIG disabled is NOT_SUPPORTED; creation enforces legal placements,
 * memory-slice (GI) / compute-slice (CI) overlap and instanceCount (INSUFFICIENT_RESOURCES); a profile ID
 * the GPU (GI) does not offer is INVALID_ARGUMENT in every placement, capacity, create and list call (what a
 * real H200 answered for unknown GI profile IDs); without a placement a GI takes the free placement that
 * removes the fewest still-creatable placements of the other profiles, ties to the lowest start (the rule that
 * reproduces NVIDIA's published nvidia-smi transcripts: 1g fills slots 6, 4, 5, 0, 1, 2, 3; 3g takes 4:4
 * first), a CI the free placement with the lowest start; GI ids follow the placement as on real GPUs (7g 0,
 * halves 1 and 2, quarters 3 to 6, single slots 7 to 13), CI ids are the lowest free from 0 in their GI;
 * disabling MIG while GIs exist and destroying a GI with CIs are IN_USE; MIG device handles (one per CI) are
 * indexed by (GI id, CI id). This file is written independently of FakeNvml (sdk-testkit), which implements
 * the same rules from sdk-api's layout model: the two are cross-checked by one behavioural contract
 * (MigBehaviourContract).
 *
 * Control symbols for tests (not NVML): nvmlDouble_reset, nvmlDouble_failNext, nvmlDouble_failCalls,
 * nvmlDouble_callCount, nvmlDouble_lastStructVersion, nvmlDouble_setActivationStatus,
 * nvmlDouble_setPatternMode, nvmlDouble_initCount, nvmlDouble_variant; see the end of this file.
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC -o libnvidia-ml.so.1 nvml_double.c
 * With -DNVML_DOUBLE_OLD_DRIVER the library lacks nvmlSystemGetCudaDriverVersion_v2,
 * nvmlDeviceGetGpuInstanceProfileInfoV, nvmlDeviceGetNumaNodeId and
 * nvmlGpuInstanceGetComputeInstancePossiblePlacements, like a driver older than those functions.
 *
 * All helpers and state are static, so two copies loaded into one process (this one and the old-driver
 * variant) never share state, even with RTLD_GLOBAL.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------ */
/* Types with the documented layouts                                                                */

typedef int nvml_return;

enum {
    R_SUCCESS = 0,
    R_UNINITIALIZED = 1,
    R_INVALID_ARGUMENT = 2,
    R_NOT_SUPPORTED = 3,
    R_NO_PERMISSION = 4,
    R_ALREADY_INITIALIZED = 5,
    R_NOT_FOUND = 6,
    R_INSUFFICIENT_SIZE = 7,
    R_INSUFFICIENT_POWER = 8,
    R_DRIVER_NOT_LOADED = 9,
    R_TIMEOUT = 10,
    R_IRQ_ISSUE = 11,
    R_LIBRARY_NOT_FOUND = 12,
    R_FUNCTION_NOT_FOUND = 13,
    R_CORRUPTED_INFOROM = 14,
    R_GPU_IS_LOST = 15,
    R_RESET_REQUIRED = 16,
    R_OPERATING_SYSTEM = 17,
    R_LIB_RM_VERSION_MISMATCH = 18,
    R_IN_USE = 19,
    R_MEMORY = 20,
    R_NO_DATA = 21,
    R_VGPU_ECC_NOT_SUPPORTED = 22,
    R_INSUFFICIENT_RESOURCES = 23,
    R_FREQ_NOT_SUPPORTED = 24,
    R_ARGUMENT_VERSION_MISMATCH = 25,
    R_DEPRECATED = 26,
    R_NOT_READY = 27,
    R_GPU_NOT_FOUND = 28,
    R_INVALID_STATE = 29,
    R_RESET_TYPE_NOT_SUPPORTED = 30,
    R_UNKNOWN = 999
};

/* Opaque handle types: pointers into this library's own state. */
typedef struct dbl_device_tag *dev_handle;
typedef struct dbl_gi_tag *gi_handle;
typedef struct dbl_ci_tag *ci_handle;

typedef struct {
    unsigned int start;
    unsigned int size;
} placement_t; /* GPU instance and compute instance placements: 8 bytes */

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int isP2pSupported;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int copyEngineCount;
    unsigned int decoderCount;
    unsigned int encoderCount;
    unsigned int jpegCount;
    unsigned int ofaCount;
    unsigned long long memorySizeMB; /* 4 bytes of padding before it */
    char name[96];
} gi_profile_info_v2;

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int copyEngineCount;
    unsigned int decoderCount;
    unsigned int encoderCount;
    unsigned int jpegCount;
    unsigned int ofaCount;
    unsigned long long memorySizeMB;
    char name[96];
    unsigned int capabilities;
} gi_profile_info_v3;

typedef union {
    unsigned int version;
    gi_profile_info_v2 v2;
    gi_profile_info_v3 v3;
} gi_profile_info_any;

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int sharedCopyEngineCount;
    unsigned int sharedDecoderCount;
    unsigned int sharedEncoderCount;
    unsigned int sharedJpegCount;
    unsigned int sharedOfaCount;
    char name[96];
} ci_profile_info_v2;

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int sharedCopyEngineCount;
    unsigned int sharedDecoderCount;
    unsigned int sharedEncoderCount;
    unsigned int sharedJpegCount;
    unsigned int sharedOfaCount;
    char name[96];
    unsigned int capabilities;
} ci_profile_info_v3;

typedef union {
    unsigned int version;
    ci_profile_info_v2 v2;
    ci_profile_info_v3 v3;
} ci_profile_info_any;

typedef struct {
    dev_handle device;
    unsigned int id;
    unsigned int profileId;
    placement_t placement;
} gi_info_t;

typedef struct {
    dev_handle device;
    gi_handle gpuInstance;
    unsigned int id;
    unsigned int profileId;
    placement_t placement;
} ci_info_t;

typedef struct {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
} pci_info_t;

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} memory_t;

#define GI_PROFILE_INFO_V2 0x02000098u
#define GI_PROFILE_INFO_V3 0x03000098u
#define CI_PROFILE_INFO_V2 0x02000088u
#define CI_PROFILE_INFO_V3 0x0300008Cu
#define GI_PROFILE_INDEX_COUNT 0x12u
#define CI_PROFILE_INDEX_COUNT 0x9u
#define CI_ENGINE_PROFILE_COUNT 0x1u

_Static_assert(sizeof(placement_t) == 8, "placement size");
_Static_assert(offsetof(gi_profile_info_v2, id) == 4, "v2 id");
_Static_assert(offsetof(gi_profile_info_v2, isP2pSupported) == 8, "v2 isP2pSupported");
_Static_assert(offsetof(gi_profile_info_v2, sliceCount) == 12, "v2 sliceCount");
_Static_assert(offsetof(gi_profile_info_v2, ofaCount) == 40, "v2 ofaCount");
_Static_assert(offsetof(gi_profile_info_v2, memorySizeMB) == 48, "v2 memorySizeMB");
_Static_assert(offsetof(gi_profile_info_v2, name) == 56, "v2 name");
_Static_assert(sizeof(gi_profile_info_v2) == 152, "v2 size");
_Static_assert(offsetof(gi_profile_info_v3, sliceCount) == 8, "v3 sliceCount");
_Static_assert(offsetof(gi_profile_info_v3, ofaCount) == 36, "v3 ofaCount");
_Static_assert(offsetof(gi_profile_info_v3, memorySizeMB) == 40, "v3 memorySizeMB");
_Static_assert(offsetof(gi_profile_info_v3, name) == 48, "v3 name");
_Static_assert(offsetof(gi_profile_info_v3, capabilities) == 144, "v3 capabilities");
_Static_assert(sizeof(gi_profile_info_v3) == 152, "v3 size");
_Static_assert((GI_PROFILE_INFO_V2 & 0xFFFFFFu) == sizeof(gi_profile_info_v2), "v2 version");
_Static_assert((GI_PROFILE_INFO_V3 & 0xFFFFFFu) == sizeof(gi_profile_info_v3), "v3 version");
_Static_assert(offsetof(ci_profile_info_v2, sharedOfaCount) == 36, "ci v2 sharedOfaCount");
_Static_assert(offsetof(ci_profile_info_v2, name) == 40, "ci v2 name");
_Static_assert(sizeof(ci_profile_info_v2) == 136, "ci v2 size");
_Static_assert(offsetof(ci_profile_info_v3, capabilities) == 136, "ci v3 capabilities");
_Static_assert(sizeof(ci_profile_info_v3) == 140, "ci v3 size");
_Static_assert((CI_PROFILE_INFO_V2 & 0xFFFFFFu) == sizeof(ci_profile_info_v2), "ci v2 version");
_Static_assert((CI_PROFILE_INFO_V3 & 0xFFFFFFu) == sizeof(ci_profile_info_v3), "ci v3 version");
_Static_assert(offsetof(gi_info_t, id) == 8 && offsetof(gi_info_t, profileId) == 12, "gi info ids");
_Static_assert(offsetof(gi_info_t, placement) == 16 && sizeof(gi_info_t) == 24, "gi info placement");
_Static_assert(offsetof(ci_info_t, gpuInstance) == 8 && offsetof(ci_info_t, id) == 16, "ci info ids");
_Static_assert(offsetof(ci_info_t, profileId) == 20 && offsetof(ci_info_t, placement) == 24, "ci info");
_Static_assert(sizeof(ci_info_t) == 32, "ci info size");
_Static_assert(offsetof(pci_info_t, domain) == 16 && offsetof(pci_info_t, pciSubSystemId) == 32, "pci");
_Static_assert(offsetof(pci_info_t, busId) == 36 && sizeof(pci_info_t) == 68, "pci busId");
_Static_assert(sizeof(memory_t) == 24, "memory size");

/* ------------------------------------------------------------------------------------------------ */
/* The simulated hardware                                                                           */

#define MAX_STARTS 8

typedef struct {
    unsigned int index;
    unsigned int id;
    unsigned int slices;
    unsigned int instances;
    unsigned int starts[MAX_STARTS];
    unsigned int nstarts;
    unsigned int size;
} ci_profile;

typedef struct {
    const char *name; /* without the "MIG " prefix */
    unsigned int index;
    unsigned int id;
    unsigned int slices;
    unsigned int instances;
    unsigned int sms;
    unsigned int ce, dec, enc, jpeg, ofa;
    unsigned long long memMiB;
    unsigned int starts[MAX_STARTS];
    unsigned int nstarts;
    unsigned int size;
    const ci_profile *ciOverride; /* NULL: the template for its slice count */
    unsigned int nciOverride;
} gi_profile;

typedef struct {
    const char *name;
    const char *uuid;
    unsigned int domain, bus, dev;
    unsigned int pciDeviceId, pciSubSystemId;
    unsigned long long memTotal, memUsed;
    unsigned int minor, arch;
    int ccMajor, ccMinor;
    unsigned int brand; /* nvmlBrandType_t: 14 is NVML_BRAND_NVIDIA */
    int numaNode;       /* < 0: nvmlDeviceGetNumaNodeId answers NOT_SUPPORTED */
    unsigned int migAtStart;
    const gi_profile *profiles;
    unsigned int nprofiles;
} device_spec;

/* Compute-instance profiles of a GI, by its slice count (index = ID, as on all observed hardware). */
static const ci_profile CI_G1[] = {{0, 0, 1, 1, {0}, 1, 1}};
static const ci_profile CI_G2[] = {{0, 0, 1, 2, {0, 1}, 2, 1}, {1, 1, 2, 1, {0}, 1, 2}};
static const ci_profile CI_G3[] = {{0, 0, 1, 3, {0, 1, 2}, 3, 1}, {1, 1, 2, 1, {0}, 1, 2}, {2, 2, 3, 1, {0}, 1, 3}};
static const ci_profile CI_G4[] = {{0, 0, 1, 4, {0, 1, 2, 3}, 4, 1}, {1, 1, 2, 2, {0, 2}, 2, 2},
                                   {3, 3, 4, 1, {0}, 1, 4}};
static const ci_profile CI_G7[] = {{0, 0, 1, 7, {0, 1, 2, 3, 4, 5, 6}, 7, 1}, {1, 1, 2, 3, {0, 2, 4}, 3, 2},
                                   {2, 2, 3, 2, {0, 4}, 2, 3}, {3, 3, 4, 1, {0}, 1, 4}, {4, 4, 7, 1, {0}, 1, 7}};
/* Hopper 1g REV2 GIs (1g.20gb) offer only CI profile 0x7 (1_SLICE_REV1, ID 7). */
static const ci_profile CI_H100_REV2[] = {{7, 7, 1, 1, {0}, 1, 1}};

#define ALL7 {0, 1, 2, 3, 4, 5, 6}, 7
static const gi_profile H100_PROFILES[] = {
    {"1g.10gb", 0, 19, 1, 7, 16, 1, 1, 0, 1, 0, 9984, ALL7, 1, NULL, 0},
    {"2g.20gb", 1, 14, 2, 3, 32, 2, 2, 0, 2, 0, 20096, {0, 2, 4}, 3, 2, NULL, 0},
    {"3g.40gb", 2, 9, 3, 2, 60, 3, 3, 0, 3, 0, 40448, {0, 4}, 2, 4, NULL, 0},
    {"4g.40gb", 3, 5, 4, 1, 64, 4, 4, 0, 4, 0, 40448, {0}, 1, 4, NULL, 0},
    {"7g.80gb", 4, 0, 7, 1, 132, 8, 7, 0, 7, 1, 81152, {0}, 1, 8, NULL, 0},
    {"1g.10gb+me", 7, 20, 1, 1, 16, 1, 1, 0, 1, 1, 9984, ALL7, 1, NULL, 0},
    {"1g.20gb", 9, 15, 1, 4, 26, 1, 1, 0, 1, 0, 20096, {0, 2, 4, 6}, 4, 2, CI_H100_REV2, 1},
};
static const gi_profile A100_40_PROFILES[] = {
    {"1g.5gb", 0, 19, 1, 7, 14, 1, 0, 0, 0, 0, 4864, ALL7, 1, NULL, 0},
    {"2g.10gb", 1, 14, 2, 3, 28, 2, 1, 0, 0, 0, 9856, {0, 2, 4}, 3, 2, NULL, 0},
    {"3g.20gb", 2, 9, 3, 2, 42, 3, 2, 0, 0, 0, 19968, {0, 4}, 2, 4, NULL, 0},
    {"4g.20gb", 3, 5, 4, 1, 56, 4, 2, 0, 0, 0, 19968, {0}, 1, 4, NULL, 0},
    {"7g.40gb", 4, 0, 7, 1, 98, 7, 5, 0, 1, 1, 40192, {0}, 1, 8, NULL, 0},
    {"1g.5gb+me", 7, 20, 1, 1, 14, 1, 1, 0, 1, 1, 4864, ALL7, 1, NULL, 0},
    {"1g.10gb", 9, 15, 1, 4, 14, 1, 1, 0, 0, 0, 9856, {0, 2, 4, 6}, 4, 2, NULL, 0},
};
#undef ALL7

#define MIB 1048576ULL
#define NUM_DEVICES 2u
static const device_spec SPECS[NUM_DEVICES] = {
    {"NVIDIA H100 80GB HBM3", "GPU-5e2b7f3a-9c41-4d0e-8a6b-1f0c2d3e4a50", 0, 0, 6, 0x233010DEu, 0x16C110DEu,
     81559ULL * MIB, 590ULL * MIB, 0, 9, 9, 0, 14, 1, 1, H100_PROFILES, sizeof H100_PROFILES / sizeof H100_PROFILES[0]},
    {"NVIDIA A100-SXM4-40GB", "GPU-a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a51", 0, 0, 7, 0x20B010DEu, 0x134F10DEu,
     40960ULL * MIB, 420ULL * MIB, 1, 7, 8, 0, 14, -1, 0, A100_40_PROFILES,
     sizeof A100_40_PROFILES / sizeof A100_40_PROFILES[0]},
};

#define MAX_GI 8
#define MAX_CI 8
#define MAX_MIG_DEVICES 7u

typedef struct dbl_device dbl_device;
typedef struct dbl_gi dbl_gi;

typedef struct {
    int used;
    unsigned int id;
    const ci_profile *prof;
    unsigned int start, size;
    dbl_gi *gi;
    char migTag; /* &migTag is the MIG device handle of this compute instance */
} dbl_ci;

struct dbl_gi {
    int used;
    unsigned int id;
    const gi_profile *prof;
    unsigned int start, size;
    dbl_device *dev;
    dbl_ci cis[MAX_CI];
};

struct dbl_device {
    const device_spec *spec;
    unsigned int index;
    unsigned int migCurrent, migPending;
    dbl_gi gis[MAX_GI];
};

/* ------------------------------------------------------------------------------------------------ */
/* Bookkeeping: functions, call counts, failure injection                                           */

#define DBL_FUNCTIONS(X)                                                                               \
    X(nvmlInit_v2)                                                                                     \
    X(nvmlShutdown)                                                                                    \
    X(nvmlErrorString)                                                                                 \
    X(nvmlSystemGetDriverVersion)                                                                      \
    X(nvmlSystemGetNVMLVersion)                                                                        \
    X(nvmlSystemGetCudaDriverVersion_v2)                                                               \
    X(nvmlDeviceGetCount_v2)                                                                           \
    X(nvmlDeviceGetHandleByIndex_v2)                                                                   \
    X(nvmlDeviceGetHandleByUUID)                                                                       \
    X(nvmlDeviceGetHandleByPciBusId_v2)                                                                \
    X(nvmlDeviceGetName)                                                                               \
    X(nvmlDeviceGetUUID)                                                                               \
    X(nvmlDeviceGetPciInfo_v3)                                                                         \
    X(nvmlDeviceGetMemoryInfo)                                                                         \
    X(nvmlDeviceGetMinorNumber)                                                                        \
    X(nvmlDeviceGetArchitecture)                                                                       \
    X(nvmlDeviceGetBrand)                                                                              \
    X(nvmlDeviceGetNumaNodeId)                                                                         \
    X(nvmlDeviceGetCudaComputeCapability)                                                              \
    X(nvmlDeviceGetMigMode)                                                                            \
    X(nvmlDeviceSetMigMode)                                                                            \
    X(nvmlDeviceGetMaxMigDeviceCount)                                                                  \
    X(nvmlDeviceGetComputeRunningProcesses_v3)                                                         \
    X(nvmlDeviceGetGpuInstanceProfileInfoV)                                                            \
    X(nvmlDeviceGetGpuInstancePossiblePlacements_v2)                                                   \
    X(nvmlDeviceGetGpuInstanceRemainingCapacity)                                                       \
    X(nvmlDeviceCreateGpuInstance)                                                                     \
    X(nvmlDeviceCreateGpuInstanceWithPlacement)                                                        \
    X(nvmlDeviceGetGpuInstances)                                                                       \
    X(nvmlDeviceGetGpuInstanceById)                                                                    \
    X(nvmlGpuInstanceGetInfo)                                                                          \
    X(nvmlGpuInstanceDestroy)                                                                          \
    X(nvmlGpuInstanceGetComputeInstanceProfileInfoV)                                                   \
    X(nvmlGpuInstanceGetComputeInstancePossiblePlacements)                                             \
    X(nvmlGpuInstanceGetComputeInstanceRemainingCapacity)                                              \
    X(nvmlGpuInstanceCreateComputeInstance)                                                            \
    X(nvmlGpuInstanceCreateComputeInstanceWithPlacement)                                               \
    X(nvmlGpuInstanceGetComputeInstances)                                                              \
    X(nvmlGpuInstanceGetComputeInstanceById)                                                           \
    X(nvmlComputeInstanceGetInfo_v2)                                                                   \
    X(nvmlComputeInstanceDestroy)                                                                      \
    X(nvmlDeviceGetMigDeviceHandleByIndex)                                                             \
    X(nvmlDeviceGetDeviceHandleFromMigDeviceHandle)                                                    \
    X(nvmlDeviceIsMigDeviceHandle)                                                                     \
    X(nvmlDeviceGetGpuInstanceId)                                                                      \
    X(nvmlDeviceGetComputeInstanceId)

#define DBL_ENUM(name) F_##name,
enum { DBL_FUNCTIONS(DBL_ENUM) F_COUNT };
#undef DBL_ENUM

#define DBL_NAME(name) #name,
static const char *const FUNCTION_NAMES[F_COUNT] = {DBL_FUNCTIONS(DBL_NAME)};
#undef DBL_NAME

typedef struct {
    unsigned long long calls;
    int failCode;
    int failTimes; /* > 0: that many more calls fail; < 0: every call fails; 0: none */
    unsigned int lastVersion;
} fn_stats;

static atomic_flag g_lock = ATOMIC_FLAG_INIT;
static fn_stats g_stats[F_COUNT];
static dbl_device g_devices[NUM_DEVICES];
static int g_initCount;
static int g_activationStatus; /* SUCCESS: SetMigMode takes effect at once; else: stays pending */
static int g_pattern;          /* struct-returning queries fill every field with its offset */
static int g_ready;            /* the start state was built */

static void lock(void) {
    while (atomic_flag_test_and_set_explicit(&g_lock, memory_order_acquire)) {
        /* spin: calls are short */
    }
}

static void unlock(void) {
    atomic_flag_clear_explicit(&g_lock, memory_order_release);
}

static int function_index(const char *name) {
    if (name == NULL) {
        return -1;
    }
    for (int i = 0; i < F_COUNT; i++) {
        if (strcmp(FUNCTION_NAMES[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

static void build_start_state(void) {
    memset(g_devices, 0, sizeof g_devices);
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        dbl_device *dev = &g_devices[d];
        dev->spec = &SPECS[d];
        dev->index = d;
        dev->migCurrent = dev->migPending = SPECS[d].migAtStart;
        for (unsigned int g = 0; g < MAX_GI; g++) {
            dev->gis[g].dev = dev;
            for (unsigned int c = 0; c < MAX_CI; c++) {
                dev->gis[g].cis[c].gi = &dev->gis[g];
            }
        }
    }
    /* device 0: 3g.40gb (ID 9) at 4:4, GI id 2, with its default 3g CI (profile 2) at 0:3, CI id 0 */
    dbl_gi *gi = &g_devices[0].gis[0];
    gi->used = 1;
    gi->id = 2;
    gi->prof = &H100_PROFILES[2];
    gi->start = 4;
    gi->size = 4;
    dbl_ci *ci = &gi->cis[0];
    ci->used = 1;
    ci->id = 0;
    ci->prof = &CI_G3[2];
    ci->start = 0;
    ci->size = 3;
}

static int g_processesPerMigDevice; /* nvmlDouble_setProcessCount */

static void reset_locked(void) {
    build_start_state();
    g_processesPerMigDevice = 0;
    memset(g_stats, 0, sizeof g_stats);
    g_initCount = 0;
    g_activationStatus = R_SUCCESS;
    g_pattern = 0;
    g_ready = 1;
}

/* Counts the call, applies injected failures, checks initialization. Called with the lock held. */
static nvml_return enter(int fn) {
    if (!g_ready) {
        reset_locked();
    }
    fn_stats *s = &g_stats[fn];
    s->calls++;
    if (s->failTimes != 0) {
        int code = s->failCode;
        if (s->failTimes > 0) {
            s->failTimes--;
        }
        return code;
    }
    if (fn != F_nvmlInit_v2 && g_initCount <= 0) {
        return R_UNINITIALIZED;
    }
    return R_SUCCESS;
}

#define CALL(fn, impl)                                                                                 \
    {                                                                                                  \
        nvml_return rc_;                                                                               \
        lock();                                                                                        \
        rc_ = enter(F_##fn);                                                                           \
        if (rc_ == R_SUCCESS) {                                                                        \
            rc_ = (impl);                                                                              \
        }                                                                                              \
        unlock();                                                                                      \
        return rc_;                                                                                    \
    }

/* ------------------------------------------------------------------------------------------------ */
/* Handle lookup                                                                                    */

static dbl_device *as_gpu(dev_handle h) {
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        if ((void *)h == (void *)&g_devices[d]) {
            return &g_devices[d];
        }
    }
    return NULL;
}

static dbl_ci *as_mig(dev_handle h) {
    if (h == NULL) {
        return NULL;
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        for (unsigned int g = 0; g < MAX_GI; g++) {
            dbl_gi *gi = &g_devices[d].gis[g];
            if (!gi->used) {
                continue;
            }
            for (unsigned int c = 0; c < MAX_CI; c++) {
                if (gi->cis[c].used && (void *)h == (void *)&gi->cis[c].migTag) {
                    return &gi->cis[c];
                }
            }
        }
    }
    return NULL;
}

static dbl_gi *as_gi(gi_handle h) {
    if (h == NULL) {
        return NULL;
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        for (unsigned int g = 0; g < MAX_GI; g++) {
            if (g_devices[d].gis[g].used && (void *)h == (void *)&g_devices[d].gis[g]) {
                return &g_devices[d].gis[g];
            }
        }
    }
    return NULL;
}

static dbl_ci *as_ci(ci_handle h) {
    if (h == NULL) {
        return NULL;
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        for (unsigned int g = 0; g < MAX_GI; g++) {
            dbl_gi *gi = &g_devices[d].gis[g];
            if (!gi->used) {
                continue;
            }
            for (unsigned int c = 0; c < MAX_CI; c++) {
                if (gi->cis[c].used && (void *)h == (void *)&gi->cis[c]) {
                    return &gi->cis[c];
                }
            }
        }
    }
    return NULL;
}

static dev_handle gpu_handle(dbl_device *dev) {
    return (dev_handle)(void *)dev;
}

static dev_handle mig_handle(dbl_ci *ci) {
    return (dev_handle)(void *)&ci->migTag;
}

static gi_handle gi_to_handle(dbl_gi *gi) {
    return (gi_handle)(void *)gi;
}

static ci_handle ci_to_handle(dbl_ci *ci) {
    return (ci_handle)(void *)ci;
}

/* ------------------------------------------------------------------------------------------------ */
/* Helpers                                                                                          */

static nvml_return copy_string(char *dst, unsigned int length, const char *src) {
    if (dst == NULL) {
        return R_INVALID_ARGUMENT;
    }
    size_t n = strlen(src);
    if ((size_t)length < n + 1) {
        return R_INSUFFICIENT_SIZE;
    }
    memcpy(dst, src, n + 1);
    return R_SUCCESS;
}

static void fill_name(char *dst, size_t cap, const char *src) {
    snprintf(dst, cap, "%s", src);
}

static unsigned long long splitmix64(unsigned long long x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* "MIG-" + a version-5-shaped UUID derived from (gpu index, GI id, CI id). */
static void mig_uuid(const dbl_ci *ci, char *out, size_t cap) {
    unsigned long long key = ((unsigned long long)ci->gi->dev->index << 16) |
                             ((unsigned long long)ci->gi->id << 8) | ci->id;
    unsigned long long a = splitmix64(key ^ 0x4D49473441ULL);
    unsigned long long b = splitmix64(a ^ key);
    snprintf(out, cap, "MIG-%08llx-%04llx-5%03llx-%04llx-%012llx", a >> 32, (a >> 16) & 0xFFFFULL,
             a & 0xFFFULL, ((b >> 48) & 0x3FFFULL) | 0x8000ULL, b & 0xFFFFFFFFFFFFULL);
}

#ifndef NVML_DOUBLE_OLD_DRIVER
static const gi_profile *gi_profile_by_index(const dbl_device *dev, unsigned int index) {
    for (unsigned int i = 0; i < dev->spec->nprofiles; i++) {
        if (dev->spec->profiles[i].index == index) {
            return &dev->spec->profiles[i];
        }
    }
    return NULL;
}
#endif

static const gi_profile *gi_profile_by_id(const dbl_device *dev, unsigned int id) {
    for (unsigned int i = 0; i < dev->spec->nprofiles; i++) {
        if (dev->spec->profiles[i].id == id) {
            return &dev->spec->profiles[i];
        }
    }
    return NULL;
}

static const ci_profile *ci_profiles_of(const dbl_gi *gi, unsigned int *n) {
    if (gi->prof->ciOverride != NULL) {
        *n = gi->prof->nciOverride;
        return gi->prof->ciOverride;
    }
    switch (gi->prof->slices) {
    case 1:
        *n = sizeof CI_G1 / sizeof CI_G1[0];
        return CI_G1;
    case 2:
        *n = sizeof CI_G2 / sizeof CI_G2[0];
        return CI_G2;
    case 3:
        *n = sizeof CI_G3 / sizeof CI_G3[0];
        return CI_G3;
    case 4:
        *n = sizeof CI_G4 / sizeof CI_G4[0];
        return CI_G4;
    default:
        *n = sizeof CI_G7 / sizeof CI_G7[0];
        return CI_G7;
    }
}

static const ci_profile *ci_profile_by_index(const dbl_gi *gi, unsigned int index) {
    unsigned int n;
    const ci_profile *list = ci_profiles_of(gi, &n);
    for (unsigned int i = 0; i < n; i++) {
        if (list[i].index == index) {
            return &list[i];
        }
    }
    return NULL;
}

static const ci_profile *ci_profile_by_id(const dbl_gi *gi, unsigned int id) {
    unsigned int n;
    const ci_profile *list = ci_profiles_of(gi, &n);
    for (unsigned int i = 0; i < n; i++) {
        if (list[i].id == id) {
            return &list[i];
        }
    }
    return NULL;
}

/* "1c.3g.40gb" or, when the CI spans the GI, the GI's own name ("3g.40gb"). */
static void ci_profile_name(const dbl_gi *gi, const ci_profile *cp, char *out, size_t cap) {
    if (cp->slices == gi->prof->slices) {
        snprintf(out, cap, "%s", gi->prof->name);
    } else {
        snprintf(out, cap, "%uc.%s", cp->slices, gi->prof->name);
    }
}

static unsigned int ci_sms(const dbl_gi *gi, const ci_profile *cp) {
    if (cp->slices >= gi->prof->slices) {
        return gi->prof->sms;
    }
    return gi->prof->sms / gi->prof->slices * cp->slices;
}

static unsigned int gi_count_of_profile(const dbl_device *dev, const gi_profile *p) {
    unsigned int n = 0;
    for (unsigned int g = 0; g < MAX_GI; g++) {
        if (dev->gis[g].used && dev->gis[g].prof == p) {
            n++;
        }
    }
    return n;
}

static unsigned int gi_occupied(const dbl_device *dev) {
    unsigned int mask = 0;
    for (unsigned int g = 0; g < MAX_GI; g++) {
        if (dev->gis[g].used) {
            mask |= ((1u << dev->gis[g].size) - 1u) << dev->gis[g].start;
        }
    }
    return mask;
}

static unsigned int ci_count_of_profile(const dbl_gi *gi, const ci_profile *p) {
    unsigned int n = 0;
    for (unsigned int c = 0; c < MAX_CI; c++) {
        if (gi->cis[c].used && gi->cis[c].prof == p) {
            n++;
        }
    }
    return n;
}

static unsigned int ci_occupied(const dbl_gi *gi) {
    unsigned int mask = 0;
    for (unsigned int c = 0; c < MAX_CI; c++) {
        if (gi->cis[c].used) {
            mask |= ((1u << gi->cis[c].size) - 1u) << gi->cis[c].start;
        }
    }
    return mask;
}

static unsigned int span(unsigned int start, unsigned int size) {
    return ((1u << size) - 1u) << start;
}

static unsigned int gi_ci_count(const dbl_gi *gi) {
    unsigned int n = 0;
    for (unsigned int c = 0; c < MAX_CI; c++) {
        n += gi->cis[c].used ? 1u : 0u;
    }
    return n;
}

static unsigned int device_gi_count(const dbl_device *dev) {
    unsigned int n = 0;
    for (unsigned int g = 0; g < MAX_GI; g++) {
        n += dev->gis[g].used ? 1u : 0u;
    }
    return n;
}

/* MIG devices of a GPU, ordered by (GI id, CI id). */
static unsigned int mig_devices(dbl_device *dev, dbl_ci **out, unsigned int cap) {
    unsigned int n = 0;
    for (unsigned int g = 0; g < MAX_GI; g++) {
        dbl_gi *gi = &dev->gis[g];
        if (!gi->used) {
            continue;
        }
        for (unsigned int c = 0; c < MAX_CI; c++) {
            if (gi->cis[c].used && n < cap) {
                out[n++] = &gi->cis[c];
            }
        }
    }
    for (unsigned int i = 1; i < n; i++) { /* insertion sort by (GI id, CI id) */
        dbl_ci *x = out[i];
        unsigned int j = i;
        while (j > 0 && (out[j - 1]->gi->id > x->gi->id ||
                         (out[j - 1]->gi->id == x->gi->id && out[j - 1]->id > x->id))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

/* ------------------------------------------------------------------------------------------------ */
/* Initialization and system queries                                                                */

static nvml_return do_init(void) {
    g_initCount++;
    return R_SUCCESS;
}

static nvml_return do_shutdown(void) {
    g_initCount--; /* enter() already refused a shutdown with no init outstanding */
    return R_SUCCESS;
}

nvml_return nvmlInit_v2(void) CALL(nvmlInit_v2, do_init())

nvml_return nvmlShutdown(void) CALL(nvmlShutdown, do_shutdown())

static const char *error_text(int code) {
    switch (code) {
    case R_SUCCESS: return "Success";
    case R_UNINITIALIZED: return "Uninitialized";
    case R_INVALID_ARGUMENT: return "Invalid Argument";
    case R_NOT_SUPPORTED: return "Not Supported";
    case R_NO_PERMISSION: return "Insufficient Permissions";
    case R_ALREADY_INITIALIZED: return "Already Initialized";
    case R_NOT_FOUND: return "Not Found";
    case R_INSUFFICIENT_SIZE: return "Insufficient Size";
    case R_INSUFFICIENT_POWER: return "Insufficient External Power";
    case R_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case R_TIMEOUT: return "Timeout";
    case R_IRQ_ISSUE: return "Interrupt request issue";
    case R_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
    case R_FUNCTION_NOT_FOUND: return "Function Not Found";
    case R_CORRUPTED_INFOROM: return "Corrupted infoROM";
    case R_GPU_IS_LOST: return "GPU is lost";
    case R_RESET_REQUIRED: return "GPU requires restart";
    case R_OPERATING_SYSTEM: return "The operating system has blocked the request.";
    case R_LIB_RM_VERSION_MISMATCH: return "RM has detected an NVML/RM version mismatch.";
    case R_IN_USE: return "In use by another client";
    case R_MEMORY: return "Insufficient Memory";
    case R_NO_DATA: return "No data";
    case R_VGPU_ECC_NOT_SUPPORTED: return "The requested vgpu operation is not available on target device, because ECC is enabled";
    case R_INSUFFICIENT_RESOURCES: return "Insufficient Resources";
    case R_FREQ_NOT_SUPPORTED: return "Frequency not supported";
    case R_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
    case R_DEPRECATED: return "Deprecated";
    case R_NOT_READY: return "Not Ready";
    case R_GPU_NOT_FOUND: return "GPU Not Found";
    case R_INVALID_STATE: return "Invalid State";
    case R_RESET_TYPE_NOT_SUPPORTED: return "Reset Type Not Supported";
    default: return "Unknown Error";
    }
}

const char *nvmlErrorString(nvml_return result) {
    lock();
    if (!g_ready) {
        reset_locked();
    }
    g_stats[F_nvmlErrorString].calls++;
    unlock();
    return error_text(result);
}

#define DRIVER_VERSION "580.95.05"
#define NVML_VERSION "13.580.95.05"

nvml_return nvmlSystemGetDriverVersion(char *version, unsigned int length)
    CALL(nvmlSystemGetDriverVersion, copy_string(version, length, DRIVER_VERSION))

nvml_return nvmlSystemGetNVMLVersion(char *version, unsigned int length)
    CALL(nvmlSystemGetNVMLVersion, copy_string(version, length, NVML_VERSION))

#ifndef NVML_DOUBLE_OLD_DRIVER
static nvml_return do_cuda_version(int *v) {
    if (v == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *v = 13000;
    return R_SUCCESS;
}

nvml_return nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion)
    CALL(nvmlSystemGetCudaDriverVersion_v2, do_cuda_version(cudaDriverVersion))
#endif

/* ------------------------------------------------------------------------------------------------ */
/* Devices                                                                                          */

static nvml_return do_count(unsigned int *count) {
    if (count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *count = NUM_DEVICES;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetCount_v2(unsigned int *deviceCount) CALL(nvmlDeviceGetCount_v2, do_count(deviceCount))

static nvml_return do_by_index(unsigned int index, dev_handle *device) {
    if (device == NULL || index >= NUM_DEVICES) {
        return R_INVALID_ARGUMENT;
    }
    *device = gpu_handle(&g_devices[index]);
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetHandleByIndex_v2(unsigned int index, dev_handle *device)
    CALL(nvmlDeviceGetHandleByIndex_v2, do_by_index(index, device))

static nvml_return do_by_uuid(const char *uuid, dev_handle *device) {
    if (uuid == NULL || device == NULL) {
        return R_INVALID_ARGUMENT;
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        if (strcmp(uuid, SPECS[d].uuid) == 0) {
            *device = gpu_handle(&g_devices[d]);
            return R_SUCCESS;
        }
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        dbl_ci *migs[MAX_GI * MAX_CI];
        unsigned int n = mig_devices(&g_devices[d], migs, MAX_GI * MAX_CI);
        for (unsigned int i = 0; i < n; i++) {
            char buf[96];
            mig_uuid(migs[i], buf, sizeof buf);
            char legacy[128];
            snprintf(legacy, sizeof legacy, "MIG-%s/%u/%u", SPECS[d].uuid, migs[i]->gi->id, migs[i]->id);
            if (strcmp(uuid, buf) == 0 || strcmp(uuid, legacy) == 0) {
                *device = mig_handle(migs[i]);
                return R_SUCCESS;
            }
        }
    }
    return R_NOT_FOUND;
}

nvml_return nvmlDeviceGetHandleByUUID(const char *uuid, dev_handle *device)
    CALL(nvmlDeviceGetHandleByUUID, do_by_uuid(uuid, device))

static nvml_return do_by_pci(const char *busId, dev_handle *device) {
    if (busId == NULL || device == NULL) {
        return R_INVALID_ARGUMENT;
    }
    unsigned int domain = 0, bus = 0, dev = 0, fn = 0;
    char tail;
    if (sscanf(busId, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail) != 4) {
        domain = 0;
        if (sscanf(busId, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3) {
            return R_INVALID_ARGUMENT;
        }
    }
    for (unsigned int d = 0; d < NUM_DEVICES; d++) {
        if (SPECS[d].domain == domain && SPECS[d].bus == bus && SPECS[d].dev == dev && fn == 0) {
            *device = gpu_handle(&g_devices[d]);
            return R_SUCCESS;
        }
    }
    return R_NOT_FOUND;
}

nvml_return nvmlDeviceGetHandleByPciBusId_v2(const char *pciBusId, dev_handle *device)
    CALL(nvmlDeviceGetHandleByPciBusId_v2, do_by_pci(pciBusId, device))

static nvml_return do_name(dev_handle h, char *name, unsigned int length) {
    dbl_device *dev = as_gpu(h);
    if (dev != NULL) {
        return copy_string(name, length, dev->spec->name);
    }
    dbl_ci *ci = as_mig(h);
    if (ci == NULL) {
        return R_INVALID_ARGUMENT;
    }
    char pname[64];
    char full[160];
    ci_profile_name(ci->gi, ci->prof, pname, sizeof pname);
    snprintf(full, sizeof full, "%s MIG %s", ci->gi->dev->spec->name, pname);
    return copy_string(name, length, full);
}

nvml_return nvmlDeviceGetName(dev_handle device, char *name, unsigned int length)
    CALL(nvmlDeviceGetName, do_name(device, name, length))

static nvml_return do_uuid(dev_handle h, char *uuid, unsigned int length) {
    dbl_device *dev = as_gpu(h);
    if (dev != NULL) {
        return copy_string(uuid, length, dev->spec->uuid);
    }
    dbl_ci *ci = as_mig(h);
    if (ci == NULL) {
        return R_INVALID_ARGUMENT;
    }
    char buf[96];
    mig_uuid(ci, buf, sizeof buf);
    return copy_string(uuid, length, buf);
}

nvml_return nvmlDeviceGetUUID(dev_handle device, char *uuid, unsigned int length)
    CALL(nvmlDeviceGetUUID, do_uuid(device, uuid, length))

static nvml_return do_pci(dev_handle h, pci_info_t *pci) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL) {
        dbl_ci *ci = as_mig(h);
        dev = ci != NULL ? ci->gi->dev : NULL;
    }
    if (dev == NULL || pci == NULL) {
        return R_INVALID_ARGUMENT;
    }
    memset(pci, 0, sizeof *pci);
    if (g_pattern) {
        fill_name(pci->busIdLegacy, sizeof pci->busIdLegacy, "legacy@0");
        pci->domain = 0xB010;
        pci->bus = 0xB014;
        pci->device = 0xB018;
        pci->pciDeviceId = 0xB01C;
        pci->pciSubSystemId = 0xB020;
        fill_name(pci->busId, sizeof pci->busId, "pattern:busId@36");
        return R_SUCCESS;
    }
    const device_spec *s = dev->spec;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04x:%02x:%02x.0", s->domain & 0xFFFFu, s->bus & 0xFFu,
             s->dev & 0xFFu);
    snprintf(pci->busId, sizeof pci->busId, "%08x:%02x:%02x.0", s->domain, s->bus & 0xFFu, s->dev & 0xFFu);
    pci->domain = s->domain;
    pci->bus = s->bus;
    pci->device = s->dev;
    pci->pciDeviceId = s->pciDeviceId;
    pci->pciSubSystemId = s->pciSubSystemId;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetPciInfo_v3(dev_handle device, pci_info_t *pci)
    CALL(nvmlDeviceGetPciInfo_v3, do_pci(device, pci))

static nvml_return do_memory(dev_handle h, memory_t *mem) {
    unsigned long long total, used;
    dbl_device *dev = as_gpu(h);
    if (dev != NULL) {
        total = dev->spec->memTotal;
        used = dev->spec->memUsed;
    } else {
        dbl_ci *ci = as_mig(h);
        if (ci == NULL) {
            return R_INVALID_ARGUMENT;
        }
        total = ci->gi->prof->memMiB * MIB;
        used = 13ULL * MIB * ci->gi->prof->slices;
    }
    if (mem == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (g_pattern) {
        mem->total = 0x100000000000ULL + 0;
        mem->free = 0x100000000000ULL + 8;
        mem->used = 0x100000000000ULL + 16;
        return R_SUCCESS;
    }
    mem->total = total;
    mem->used = used;
    mem->free = total - used;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetMemoryInfo(dev_handle device, memory_t *memory)
    CALL(nvmlDeviceGetMemoryInfo, do_memory(device, memory))

static nvml_return do_minor(dev_handle h, unsigned int *minor) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL) {
        return as_mig(h) != NULL && minor != NULL ? R_NOT_SUPPORTED : R_INVALID_ARGUMENT;
    }
    if (minor == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *minor = dev->spec->minor;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetMinorNumber(dev_handle device, unsigned int *minorNumber)
    CALL(nvmlDeviceGetMinorNumber, do_minor(device, minorNumber))

/* a GPU, or the parent of a MIG device */
static dbl_device *gpu_or_parent(dev_handle h) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL) {
        dbl_ci *ci = as_mig(h);
        dev = ci != NULL ? ci->gi->dev : NULL;
    }
    return dev;
}

static nvml_return do_arch(dev_handle h, unsigned int *arch) {
    dbl_device *dev = gpu_or_parent(h);
    if (dev == NULL || arch == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *arch = dev->spec->arch;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetArchitecture(dev_handle device, unsigned int *arch)
    CALL(nvmlDeviceGetArchitecture, do_arch(device, arch))

/* The brand is the board's: a MIG device answers its parent's, as for the architecture. */
static nvml_return do_brand(dev_handle h, unsigned int *type) {
    dbl_device *dev = gpu_or_parent(h);
    if (dev == NULL || type == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *type = dev->spec->brand;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetBrand(dev_handle device, unsigned int *type)
    CALL(nvmlDeviceGetBrand, do_brand(device, type))

#ifndef NVML_DOUBLE_OLD_DRIVER
/* Only GPUs whose spec has a node answer; the others, and MIG devices, are NOT_SUPPORTED, as on a platform where
   the GPU is not a NUMA node. */
static nvml_return do_numa(dev_handle h, unsigned int *node) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL) {
        return as_mig(h) != NULL && node != NULL ? R_NOT_SUPPORTED : R_INVALID_ARGUMENT;
    }
    if (node == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (dev->spec->numaNode < 0) {
        return R_NOT_SUPPORTED;
    }
    *node = (unsigned int)dev->spec->numaNode;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetNumaNodeId(dev_handle device, unsigned int *node)
    CALL(nvmlDeviceGetNumaNodeId, do_numa(device, node))
#endif

static nvml_return do_cc(dev_handle h, int *major, int *minor) {
    dbl_device *dev = gpu_or_parent(h);
    if (dev == NULL || major == NULL || minor == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *major = dev->spec->ccMajor;
    *minor = dev->spec->ccMinor;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetCudaComputeCapability(dev_handle device, int *major, int *minor)
    CALL(nvmlDeviceGetCudaComputeCapability, do_cc(device, major, minor))

/* ------------------------------------------------------------------------------------------------ */
/* MIG mode                                                                                         */

static nvml_return do_get_mig_mode(dev_handle h, unsigned int *current, unsigned int *pending) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || current == NULL || pending == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *current = dev->migCurrent;
    *pending = dev->migPending;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetMigMode(dev_handle device, unsigned int *currentMode, unsigned int *pendingMode)
    CALL(nvmlDeviceGetMigMode, do_get_mig_mode(device, currentMode, pendingMode))

static nvml_return do_set_mig_mode(dev_handle h, unsigned int mode, nvml_return *activationStatus) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || activationStatus == NULL || mode > 1) {
        return R_INVALID_ARGUMENT;
    }
    if (mode == 0 && device_gi_count(dev) > 0) {
        return R_IN_USE; /* GPU instances must be destroyed before MIG can be disabled */
    }
    dev->migPending = mode;
    if (g_activationStatus != R_SUCCESS) {
        *activationStatus = g_activationStatus; /* pending until a reset */
        return R_SUCCESS;
    }
    dev->migCurrent = mode;
    *activationStatus = R_SUCCESS;
    return R_SUCCESS;
}

nvml_return nvmlDeviceSetMigMode(dev_handle device, unsigned int mode, nvml_return *activationStatus)
    CALL(nvmlDeviceSetMigMode, do_set_mig_mode(device, mode, activationStatus))

static nvml_return do_max_mig(dev_handle h, unsigned int *count) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *count = dev->migCurrent ? MAX_MIG_DEVICES : 0u;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetMaxMigDeviceCount(dev_handle device, unsigned int *count)
    CALL(nvmlDeviceGetMaxMigDeviceCount, do_max_mig(device, count))

/* Compute processes: every MIG device runs g_processesPerMigDevice of them (nvmlDouble_setProcessCount),
 * plain GPU handles none. Entries are the 24-byte {pid, usedGpuMemory, gpuInstanceId, computeInstanceId}. */
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} process_info_t;

static nvml_return do_running_processes(dev_handle h, unsigned int *count, process_info_t *infos) {
    if (count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    dbl_ci *ci = as_mig(h);
    if (ci == NULL && as_gpu(h) == NULL) {
        return R_INVALID_ARGUMENT;
    }
    unsigned int n = ci == NULL ? 0u : (unsigned int)g_processesPerMigDevice;
    if (*count < n) {
        *count = n;
        return R_INSUFFICIENT_SIZE;
    }
    if (n > 0 && infos == NULL) {
        return R_INVALID_ARGUMENT;
    }
    for (unsigned int i = 0; i < n; i++) {
        infos[i].pid = 4000u + i;
        infos[i].usedGpuMemory = 1ULL << 20;
        infos[i].gpuInstanceId = ci->gi->id;
        infos[i].computeInstanceId = ci->id;
    }
    *count = n;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetComputeRunningProcesses_v3(dev_handle device, unsigned int *infoCount, process_info_t *infos)
    CALL(nvmlDeviceGetComputeRunningProcesses_v3, do_running_processes(device, infoCount, infos))

/* ------------------------------------------------------------------------------------------------ */
/* GPU instances                                                                                    */

#ifndef NVML_DOUBLE_OLD_DRIVER
static nvml_return do_gi_profile_info(dev_handle h, unsigned int index, gi_profile_info_any *info) {
    if (info == NULL) {
        return R_INVALID_ARGUMENT;
    }
    unsigned int version = info->version;
    g_stats[F_nvmlDeviceGetGpuInstanceProfileInfoV].lastVersion = version;
    dbl_device *dev = as_gpu(h);
    if (dev == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (version != GI_PROFILE_INFO_V2 && version != GI_PROFILE_INFO_V3) {
        return R_ARGUMENT_VERSION_MISMATCH;
    }
    if (index >= GI_PROFILE_INDEX_COUNT) {
        return R_INVALID_ARGUMENT;
    }
    const gi_profile *p = gi_profile_by_index(dev, index);
    if (p == NULL) {
        return R_NOT_SUPPORTED;
    }
    char name[96];
    snprintf(name, sizeof name, "MIG %s", p->name);
    if (version == GI_PROFILE_INFO_V2) {
        gi_profile_info_v2 *v = &info->v2;
        memset(v, 0, sizeof *v);
        v->version = version;
        if (g_pattern) {
            v->id = 0xA004;
            v->isP2pSupported = 0xA008;
            v->sliceCount = 0xA00C;
            v->instanceCount = 0xA010;
            v->multiprocessorCount = 0xA014;
            v->copyEngineCount = 0xA018;
            v->decoderCount = 0xA01C;
            v->encoderCount = 0xA020;
            v->jpegCount = 0xA024;
            v->ofaCount = 0xA028;
            v->memorySizeMB = 0x100000000ULL + 0xA030;
            fill_name(v->name, sizeof v->name, "pattern:name@56");
            return R_SUCCESS;
        }
        v->id = p->id;
        v->isP2pSupported = 0;
        v->sliceCount = p->slices;
        v->instanceCount = p->instances;
        v->multiprocessorCount = p->sms;
        v->copyEngineCount = p->ce;
        v->decoderCount = p->dec;
        v->encoderCount = p->enc;
        v->jpegCount = p->jpeg;
        v->ofaCount = p->ofa;
        v->memorySizeMB = p->memMiB;
        fill_name(v->name, sizeof v->name, name);
        return R_SUCCESS;
    }
    gi_profile_info_v3 *v = &info->v3;
    memset(v, 0, sizeof *v);
    v->version = version;
    if (g_pattern) {
        v->id = 0xA004;
        v->sliceCount = 0xA008;
        v->instanceCount = 0xA00C;
        v->multiprocessorCount = 0xA010;
        v->copyEngineCount = 0xA014;
        v->decoderCount = 0xA018;
        v->encoderCount = 0xA01C;
        v->jpegCount = 0xA020;
        v->ofaCount = 0xA024;
        v->memorySizeMB = 0x100000000ULL + 0xA028;
        fill_name(v->name, sizeof v->name, "pattern:name@48");
        v->capabilities = 0xA090;
        return R_SUCCESS;
    }
    v->id = p->id;
    v->sliceCount = p->slices;
    v->instanceCount = p->instances;
    v->multiprocessorCount = p->sms;
    v->copyEngineCount = p->ce;
    v->decoderCount = p->dec;
    v->encoderCount = p->enc;
    v->jpegCount = p->jpeg;
    v->ofaCount = p->ofa;
    v->memorySizeMB = p->memMiB;
    fill_name(v->name, sizeof v->name, name);
    v->capabilities = 0;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetGpuInstanceProfileInfoV(dev_handle device, unsigned int profile, gi_profile_info_any *info)
    CALL(nvmlDeviceGetGpuInstanceProfileInfoV, do_gi_profile_info(device, profile, info))
#endif

/* A real driver (H200, 580.159.04) ignores *count when the array is not NULL and writes every placement, so a
 * binding must pass an array large enough for all of them; here a short *count gets INSUFFICIENT_SIZE instead of
 * an overflow, and the tests count calls to prove the bindings never rely on it. */
static nvml_return write_placements(const unsigned int *starts, unsigned int nstarts, unsigned int size,
                                    placement_t *out, unsigned int *count) {
    if (out == NULL) {
        *count = nstarts;
        return R_SUCCESS;
    }
    if (*count < nstarts) {
        *count = nstarts;
        return R_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < nstarts; i++) {
        out[i].start = starts[i];
        out[i].size = size;
    }
    *count = nstarts;
    return R_SUCCESS;
}

static nvml_return do_gi_placements(dev_handle h, unsigned int profileId, placement_t *placements,
                                    unsigned int *count) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const gi_profile *p = gi_profile_by_id(dev, profileId);
    if (p == NULL) {
        return R_INVALID_ARGUMENT;
    }
    return write_placements(p->starts, p->nstarts, p->size, placements, count);
}

nvml_return nvmlDeviceGetGpuInstancePossiblePlacements_v2(dev_handle device, unsigned int profileId,
                                                          placement_t *placements, unsigned int *count)
    CALL(nvmlDeviceGetGpuInstancePossiblePlacements_v2, do_gi_placements(device, profileId, placements, count))

/* How many more instances of a profile fit: legal placements that are free and don't overlap each other,
 * capped by what the instance count leaves. The same rule for GIs on a GPU and CIs in a GI. */
static unsigned int remaining_instances(const unsigned int *starts, unsigned int nstarts, unsigned int size,
                                        unsigned int instances, unsigned int have, unsigned int occupied) {
    if (have >= instances) {
        return 0;
    }
    unsigned int n = 0;
    for (unsigned int i = 0; i < nstarts; i++) {
        unsigned int m = span(starts[i], size);
        if ((occupied & m) == 0) {
            occupied |= m;
            n++;
        }
    }
    return n < instances - have ? n : instances - have;
}

static unsigned int gi_remaining(const dbl_device *dev, const gi_profile *p) {
    return remaining_instances(p->starts, p->nstarts, p->size, p->instances, gi_count_of_profile(dev, p),
                               gi_occupied(dev));
}

static nvml_return do_gi_remaining(dev_handle h, unsigned int profileId, unsigned int *count) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const gi_profile *p = gi_profile_by_id(dev, profileId);
    if (p == NULL) {
        return R_INVALID_ARGUMENT;
    }
    /* with MIG disabled there are no GIs: a real H100 (driver 580.159.04) answers the full capacity */
    *count = gi_remaining(dev, p);
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetGpuInstanceRemainingCapacity(dev_handle device, unsigned int profileId, unsigned int *count)
    CALL(nvmlDeviceGetGpuInstanceRemainingCapacity, do_gi_remaining(device, profileId, count))

/* The GPU's placement units: the end of its furthest placement (8 on A100 and H100). */
static unsigned int device_units(const dbl_device *dev) {
    unsigned int units = 0;
    for (unsigned int i = 0; i < dev->spec->nprofiles; i++) {
        const gi_profile *p = &dev->spec->profiles[i];
        for (unsigned int k = 0; k < p->nstarts; k++) {
            if (p->starts[k] + p->size > units) {
                units = p->starts[k] + p->size;
            }
        }
    }
    return units;
}

/* The GI id real GPUs give a placement: the node's number in the binary tree of placement units (the whole
 * GPU 0, its halves 1 and 2, quarters 3..6, single units 7..14), or 0 when the placement is not such a node. */
static unsigned int tree_id(unsigned int units, unsigned int start, unsigned int size) {
    if (size == 0 || units % size != 0 || start % size != 0) {
        return 0;
    }
    unsigned int parts = units / size;
    if ((parts & (parts - 1u)) != 0) {
        return 0;
    }
    return parts - 1u + start / size + 1u; /* + 1: 0 means "none" here */
}

static nvml_return create_gi(dbl_device *dev, const gi_profile *p, unsigned int start, gi_handle *out) {
    dbl_gi *slot = NULL;
    for (unsigned int g = 0; g < MAX_GI; g++) {
        if (!dev->gis[g].used) {
            slot = &dev->gis[g];
            break;
        }
    }
    if (slot == NULL) {
        return R_INSUFFICIENT_RESOURCES;
    }
    unsigned int id = tree_id(device_units(dev), start, p->size);
    if (id > 0) {
        id--;
    } else {
        id = 1; /* a layout without a slice tree: the lowest free id from 1 */
    }
    for (;;) {
        int taken = 0;
        for (unsigned int g = 0; g < MAX_GI; g++) {
            if (dev->gis[g].used && dev->gis[g].id == id) {
                taken = 1;
            }
        }
        if (!taken) {
            break;
        }
        id++;
    }
    memset(slot->cis, 0, sizeof slot->cis);
    for (unsigned int c = 0; c < MAX_CI; c++) {
        slot->cis[c].gi = slot;
    }
    slot->used = 1;
    slot->id = id;
    slot->prof = p;
    slot->start = start;
    slot->size = p->size;
    slot->dev = dev;
    *out = gi_to_handle(slot);
    return R_SUCCESS;
}

static nvml_return gi_create_checks(dev_handle h, unsigned int profileId, gi_handle *out, dbl_device **devOut,
                                    const gi_profile **pOut) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (!dev->migCurrent) {
        return R_NOT_SUPPORTED;
    }
    const gi_profile *p = gi_profile_by_id(dev, profileId);
    if (p == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *devOut = dev;
    *pOut = p;
    return R_SUCCESS;
}

static nvml_return do_create_gi(dev_handle h, unsigned int profileId, gi_handle *out) {
    dbl_device *dev;
    const gi_profile *p;
    nvml_return rc = gi_create_checks(h, profileId, out, &dev, &p);
    if (rc != R_SUCCESS) {
        return rc;
    }
    if (gi_count_of_profile(dev, p) >= p->instances) {
        return R_INSUFFICIENT_RESOURCES;
    }
    /* Each free placement costs the placements of the other profiles that could be created now and no longer
     * could after it; the cheapest wins, ties to the lowest start (starts are listed in ascending order). */
    unsigned int occupied = gi_occupied(dev);
    int best = -1;
    unsigned int bestCost = 0;
    for (unsigned int i = 0; i < p->nstarts; i++) {
        unsigned int mine = span(p->starts[i], p->size);
        if ((occupied & mine) != 0) {
            continue;
        }
        unsigned int cost = 0;
        for (unsigned int q = 0; q < dev->spec->nprofiles; q++) {
            const gi_profile *other = &dev->spec->profiles[q];
            if (other == p || gi_count_of_profile(dev, other) >= other->instances) {
                continue;
            }
            for (unsigned int k = 0; k < other->nstarts; k++) {
                unsigned int theirs = span(other->starts[k], other->size);
                if ((occupied & theirs) == 0 && (theirs & mine) != 0) {
                    cost++;
                }
            }
        }
        if (best < 0 || cost < bestCost) {
            best = (int) i;
            bestCost = cost;
        }
    }
    if (best < 0) {
        return R_INSUFFICIENT_RESOURCES;
    }
    return create_gi(dev, p, p->starts[best], out);
}

nvml_return nvmlDeviceCreateGpuInstance(dev_handle device, unsigned int profileId, gi_handle *gpuInstance)
    CALL(nvmlDeviceCreateGpuInstance, do_create_gi(device, profileId, gpuInstance))

static nvml_return do_create_gi_at(dev_handle h, unsigned int profileId, const placement_t *placement,
                                   gi_handle *out) {
    dbl_device *dev;
    const gi_profile *p;
    if (placement == NULL) {
        return R_INVALID_ARGUMENT;
    }
    nvml_return rc = gi_create_checks(h, profileId, out, &dev, &p);
    if (rc != R_SUCCESS) {
        return rc;
    }
    int legal = 0;
    for (unsigned int i = 0; i < p->nstarts; i++) {
        legal |= p->starts[i] == placement->start && p->size == placement->size;
    }
    if (!legal) {
        return R_INVALID_ARGUMENT; /* arguments are checked before resources */
    }
    if (gi_count_of_profile(dev, p) >= p->instances ||
        (gi_occupied(dev) & span(placement->start, placement->size)) != 0) {
        return R_INSUFFICIENT_RESOURCES;
    }
    return create_gi(dev, p, placement->start, out);
}

nvml_return nvmlDeviceCreateGpuInstanceWithPlacement(dev_handle device, unsigned int profileId,
                                                     const placement_t *placement, gi_handle *gpuInstance)
    CALL(nvmlDeviceCreateGpuInstanceWithPlacement, do_create_gi_at(device, profileId, placement, gpuInstance))

static nvml_return do_get_gis(dev_handle h, unsigned int profileId, gi_handle *gis, unsigned int *count) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || count == NULL || gis == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (!dev->migCurrent) {
        return R_NOT_SUPPORTED;
    }
    const gi_profile *p = gi_profile_by_id(dev, profileId);
    if (p == NULL) {
        return R_INVALID_ARGUMENT;
    }
    dbl_gi *found[MAX_GI];
    unsigned int n = 0;
    for (unsigned int id = 0; id <= 64; id++) { /* by GI id */
        for (unsigned int g = 0; g < MAX_GI; g++) {
            if (dev->gis[g].used && dev->gis[g].prof == p && dev->gis[g].id == id) {
                found[n++] = &dev->gis[g];
            }
        }
    }
    if (*count < n) {
        *count = n;
        return R_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n; i++) {
        gis[i] = gi_to_handle(found[i]);
    }
    *count = n;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetGpuInstances(dev_handle device, unsigned int profileId, gi_handle *gpuInstances,
                                      unsigned int *count)
    CALL(nvmlDeviceGetGpuInstances, do_get_gis(device, profileId, gpuInstances, count))

static nvml_return do_gi_by_id(dev_handle h, unsigned int id, gi_handle *out) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (!dev->migCurrent) {
        return R_NOT_SUPPORTED;
    }
    for (unsigned int g = 0; g < MAX_GI; g++) {
        if (dev->gis[g].used && dev->gis[g].id == id) {
            *out = gi_to_handle(&dev->gis[g]);
            return R_SUCCESS;
        }
    }
    return R_NOT_FOUND;
}

nvml_return nvmlDeviceGetGpuInstanceById(dev_handle device, unsigned int id, gi_handle *gpuInstance)
    CALL(nvmlDeviceGetGpuInstanceById, do_gi_by_id(device, id, gpuInstance))

static nvml_return do_gi_info(gi_handle h, gi_info_t *info) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || info == NULL) {
        return R_INVALID_ARGUMENT;
    }
    info->device = gpu_handle(gi->dev);
    info->id = gi->id;
    info->profileId = gi->prof->id;
    info->placement.start = gi->start;
    info->placement.size = gi->size;
    return R_SUCCESS;
}

nvml_return nvmlGpuInstanceGetInfo(gi_handle gpuInstance, gi_info_t *info)
    CALL(nvmlGpuInstanceGetInfo, do_gi_info(gpuInstance, info))

static nvml_return do_gi_destroy(gi_handle h) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (gi_ci_count(gi) > 0) {
        return R_IN_USE;
    }
    gi->used = 0;
    gi->id = 0;
    gi->prof = NULL;
    return R_SUCCESS;
}

nvml_return nvmlGpuInstanceDestroy(gi_handle gpuInstance) CALL(nvmlGpuInstanceDestroy, do_gi_destroy(gpuInstance))

/* ------------------------------------------------------------------------------------------------ */
/* Compute instances                                                                                */

static nvml_return do_ci_profile_info(gi_handle h, unsigned int index, unsigned int engProfile,
                                      ci_profile_info_any *info) {
    if (info == NULL) {
        return R_INVALID_ARGUMENT;
    }
    unsigned int version = info->version;
    g_stats[F_nvmlGpuInstanceGetComputeInstanceProfileInfoV].lastVersion = version;
    dbl_gi *gi = as_gi(h);
    if (gi == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (version != CI_PROFILE_INFO_V2 && version != CI_PROFILE_INFO_V3) {
        return R_ARGUMENT_VERSION_MISMATCH;
    }
    if (index >= CI_PROFILE_INDEX_COUNT || engProfile >= CI_ENGINE_PROFILE_COUNT) {
        return R_INVALID_ARGUMENT;
    }
    const ci_profile *cp = ci_profile_by_index(gi, index);
    if (cp == NULL) {
        return R_NOT_SUPPORTED;
    }
    /* v2 is a prefix of v3 */
    ci_profile_info_v2 *v = &info->v2;
    if (version == CI_PROFILE_INFO_V3) {
        memset(&info->v3, 0, sizeof info->v3);
    } else {
        memset(v, 0, sizeof *v);
    }
    v->version = version;
    if (g_pattern) {
        v->id = 0xC004;
        v->sliceCount = 0xC008;
        v->instanceCount = 0xC00C;
        v->multiprocessorCount = 0xC010;
        v->sharedCopyEngineCount = 0xC014;
        v->sharedDecoderCount = 0xC018;
        v->sharedEncoderCount = 0xC01C;
        v->sharedJpegCount = 0xC020;
        v->sharedOfaCount = 0xC024;
        fill_name(v->name, sizeof v->name, "pattern:name@40");
        if (version == CI_PROFILE_INFO_V3) {
            info->v3.capabilities = 0xC088;
        }
        return R_SUCCESS;
    }
    char pname[64];
    ci_profile_name(gi, cp, pname, sizeof pname);
    v->id = cp->id;
    v->sliceCount = cp->slices;
    v->instanceCount = cp->instances;
    v->multiprocessorCount = ci_sms(gi, cp);
    v->sharedCopyEngineCount = gi->prof->ce;
    v->sharedDecoderCount = gi->prof->dec;
    v->sharedEncoderCount = gi->prof->enc;
    v->sharedJpegCount = gi->prof->jpeg;
    v->sharedOfaCount = gi->prof->ofa;
    snprintf(v->name, sizeof v->name, "MIG %s", pname);
    return R_SUCCESS;
}

nvml_return nvmlGpuInstanceGetComputeInstanceProfileInfoV(gi_handle gpuInstance, unsigned int profile,
                                                          unsigned int engProfile, ci_profile_info_any *info)
    CALL(nvmlGpuInstanceGetComputeInstanceProfileInfoV, do_ci_profile_info(gpuInstance, profile, engProfile, info))

#ifndef NVML_DOUBLE_OLD_DRIVER
static nvml_return do_ci_placements(gi_handle h, unsigned int profileId, placement_t *placements,
                                    unsigned int *count) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const ci_profile *cp = ci_profile_by_id(gi, profileId);
    if (cp == NULL) {
        return R_INVALID_ARGUMENT;
    }
    return write_placements(cp->starts, cp->nstarts, cp->size, placements, count);
}

nvml_return nvmlGpuInstanceGetComputeInstancePossiblePlacements(gi_handle gpuInstance, unsigned int profileId,
                                                                placement_t *placements, unsigned int *count)
    CALL(nvmlGpuInstanceGetComputeInstancePossiblePlacements, do_ci_placements(gpuInstance, profileId, placements, count))
#endif

static unsigned int ci_remaining(const dbl_gi *gi, const ci_profile *cp) {
    return remaining_instances(cp->starts, cp->nstarts, cp->size, cp->instances, ci_count_of_profile(gi, cp),
                               ci_occupied(gi));
}

static nvml_return do_ci_remaining(gi_handle h, unsigned int profileId, unsigned int *count) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || count == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const ci_profile *cp = ci_profile_by_id(gi, profileId);
    if (cp == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *count = ci_remaining(gi, cp);
    return R_SUCCESS;
}

nvml_return nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gi_handle gpuInstance, unsigned int profileId,
                                                               unsigned int *count)
    CALL(nvmlGpuInstanceGetComputeInstanceRemainingCapacity, do_ci_remaining(gpuInstance, profileId, count))

/* CI ids per GI are the lowest free id from 0 up. */
static nvml_return create_ci(dbl_gi *gi, const ci_profile *cp, unsigned int start, ci_handle *out) {
    dbl_ci *slot = NULL;
    for (unsigned int c = 0; c < MAX_CI; c++) {
        if (!gi->cis[c].used) {
            slot = &gi->cis[c];
            break;
        }
    }
    if (slot == NULL) {
        return R_INSUFFICIENT_RESOURCES;
    }
    unsigned int id = 0;
    for (;;) {
        int taken = 0;
        for (unsigned int c = 0; c < MAX_CI; c++) {
            if (gi->cis[c].used && gi->cis[c].id == id) {
                taken = 1;
            }
        }
        if (!taken) {
            break;
        }
        id++;
    }
    slot->used = 1;
    slot->id = id;
    slot->prof = cp;
    slot->start = start;
    slot->size = cp->size;
    slot->gi = gi;
    *out = ci_to_handle(slot);
    return R_SUCCESS;
}

static nvml_return ci_create_checks(gi_handle h, unsigned int profileId, ci_handle *out, dbl_gi **giOut,
                                    const ci_profile **cpOut) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const ci_profile *cp = ci_profile_by_id(gi, profileId);
    if (cp == NULL) {
        return R_INVALID_ARGUMENT;
    }
    *giOut = gi;
    *cpOut = cp;
    return R_SUCCESS;
}

static nvml_return do_create_ci(gi_handle h, unsigned int profileId, ci_handle *out) {
    dbl_gi *gi;
    const ci_profile *cp;
    nvml_return rc = ci_create_checks(h, profileId, out, &gi, &cp);
    if (rc != R_SUCCESS) {
        return rc;
    }
    if (ci_count_of_profile(gi, cp) >= cp->instances) {
        return R_INSUFFICIENT_RESOURCES;
    }
    unsigned int occupied = ci_occupied(gi);
    for (unsigned int i = 0; i < cp->nstarts; i++) {
        if ((occupied & span(cp->starts[i], cp->size)) == 0) {
            return create_ci(gi, cp, cp->starts[i], out);
        }
    }
    return R_INSUFFICIENT_RESOURCES;
}

nvml_return nvmlGpuInstanceCreateComputeInstance(gi_handle gpuInstance, unsigned int profileId,
                                                 ci_handle *computeInstance)
    CALL(nvmlGpuInstanceCreateComputeInstance, do_create_ci(gpuInstance, profileId, computeInstance))

static nvml_return do_create_ci_at(gi_handle h, unsigned int profileId, const placement_t *placement,
                                   ci_handle *out) {
    dbl_gi *gi;
    const ci_profile *cp;
    if (placement == NULL) {
        return R_INVALID_ARGUMENT;
    }
    nvml_return rc = ci_create_checks(h, profileId, out, &gi, &cp);
    if (rc != R_SUCCESS) {
        return rc;
    }
    int legal = 0;
    for (unsigned int i = 0; i < cp->nstarts; i++) {
        legal |= cp->starts[i] == placement->start && cp->size == placement->size;
    }
    if (!legal) {
        return R_INVALID_ARGUMENT; /* arguments are checked before resources */
    }
    if (ci_count_of_profile(gi, cp) >= cp->instances ||
        (ci_occupied(gi) & span(placement->start, placement->size)) != 0) {
        return R_INSUFFICIENT_RESOURCES;
    }
    return create_ci(gi, cp, placement->start, out);
}

nvml_return nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi_handle gpuInstance, unsigned int profileId,
                                                              const placement_t *placement,
                                                              ci_handle *computeInstance)
    CALL(nvmlGpuInstanceCreateComputeInstanceWithPlacement,
         do_create_ci_at(gpuInstance, profileId, placement, computeInstance))

static nvml_return do_get_cis(gi_handle h, unsigned int profileId, ci_handle *cis, unsigned int *count) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || count == NULL || cis == NULL) {
        return R_INVALID_ARGUMENT;
    }
    const ci_profile *cp = ci_profile_by_id(gi, profileId);
    if (cp == NULL) {
        return R_INVALID_ARGUMENT;
    }
    dbl_ci *found[MAX_CI];
    unsigned int n = 0;
    for (unsigned int id = 0; id < 64; id++) { /* by CI id */
        for (unsigned int c = 0; c < MAX_CI; c++) {
            if (gi->cis[c].used && gi->cis[c].prof == cp && gi->cis[c].id == id) {
                found[n++] = &gi->cis[c];
            }
        }
    }
    if (*count < n) {
        *count = n;
        return R_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n; i++) {
        cis[i] = ci_to_handle(found[i]);
    }
    *count = n;
    return R_SUCCESS;
}

nvml_return nvmlGpuInstanceGetComputeInstances(gi_handle gpuInstance, unsigned int profileId,
                                               ci_handle *computeInstances, unsigned int *count)
    CALL(nvmlGpuInstanceGetComputeInstances, do_get_cis(gpuInstance, profileId, computeInstances, count))

static nvml_return do_ci_by_id(gi_handle h, unsigned int id, ci_handle *out) {
    dbl_gi *gi = as_gi(h);
    if (gi == NULL || out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    for (unsigned int c = 0; c < MAX_CI; c++) {
        if (gi->cis[c].used && gi->cis[c].id == id) {
            *out = ci_to_handle(&gi->cis[c]);
            return R_SUCCESS;
        }
    }
    return R_NOT_FOUND;
}

nvml_return nvmlGpuInstanceGetComputeInstanceById(gi_handle gpuInstance, unsigned int id, ci_handle *computeInstance)
    CALL(nvmlGpuInstanceGetComputeInstanceById, do_ci_by_id(gpuInstance, id, computeInstance))

static nvml_return do_ci_info(ci_handle h, ci_info_t *info) {
    dbl_ci *ci = as_ci(h);
    if (ci == NULL || info == NULL) {
        return R_INVALID_ARGUMENT;
    }
    info->device = gpu_handle(ci->gi->dev);
    info->gpuInstance = gi_to_handle(ci->gi);
    info->id = ci->id;
    info->profileId = ci->prof->id;
    info->placement.start = ci->start;
    info->placement.size = ci->size;
    return R_SUCCESS;
}

nvml_return nvmlComputeInstanceGetInfo_v2(ci_handle computeInstance, ci_info_t *info)
    CALL(nvmlComputeInstanceGetInfo_v2, do_ci_info(computeInstance, info))

static nvml_return do_ci_destroy(ci_handle h) {
    dbl_ci *ci = as_ci(h);
    if (ci == NULL) {
        return R_INVALID_ARGUMENT;
    }
    ci->used = 0;
    ci->id = 0;
    ci->prof = NULL;
    return R_SUCCESS;
}

nvml_return nvmlComputeInstanceDestroy(ci_handle computeInstance)
    CALL(nvmlComputeInstanceDestroy, do_ci_destroy(computeInstance))

/* ------------------------------------------------------------------------------------------------ */
/* MIG devices                                                                                      */

static nvml_return do_mig_by_index(dev_handle h, unsigned int index, dev_handle *out) {
    dbl_device *dev = as_gpu(h);
    if (dev == NULL || out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    unsigned int max = dev->migCurrent ? MAX_MIG_DEVICES : 0u;
    if (index >= max) {
        return R_INVALID_ARGUMENT;
    }
    dbl_ci *migs[MAX_GI * MAX_CI];
    unsigned int n = mig_devices(dev, migs, MAX_GI * MAX_CI);
    if (index >= n) {
        return R_NOT_FOUND;
    }
    *out = mig_handle(migs[index]);
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetMigDeviceHandleByIndex(dev_handle device, unsigned int index, dev_handle *migDevice)
    CALL(nvmlDeviceGetMigDeviceHandleByIndex, do_mig_by_index(device, index, migDevice))

static nvml_return do_parent(dev_handle h, dev_handle *out) {
    if (out == NULL) {
        return R_INVALID_ARGUMENT;
    }
    dbl_ci *ci = as_mig(h);
    if (ci == NULL) {
        return as_gpu(h) != NULL ? R_NOT_SUPPORTED : R_INVALID_ARGUMENT;
    }
    *out = gpu_handle(ci->gi->dev);
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetDeviceHandleFromMigDeviceHandle(dev_handle migDevice, dev_handle *device)
    CALL(nvmlDeviceGetDeviceHandleFromMigDeviceHandle, do_parent(migDevice, device))

static nvml_return do_is_mig(dev_handle h, unsigned int *isMig) {
    if (isMig == NULL) {
        return R_INVALID_ARGUMENT;
    }
    if (as_gpu(h) != NULL) {
        *isMig = 0;
        return R_SUCCESS;
    }
    if (as_mig(h) != NULL) {
        *isMig = 1;
        return R_SUCCESS;
    }
    return R_INVALID_ARGUMENT;
}

nvml_return nvmlDeviceIsMigDeviceHandle(dev_handle device, unsigned int *isMigDevice)
    CALL(nvmlDeviceIsMigDeviceHandle, do_is_mig(device, isMigDevice))

static nvml_return do_mig_ids(dev_handle h, unsigned int *id, int wantGi) {
    if (id == NULL) {
        return R_INVALID_ARGUMENT;
    }
    dbl_ci *ci = as_mig(h);
    if (ci == NULL) {
        return as_gpu(h) != NULL ? R_NOT_SUPPORTED : R_INVALID_ARGUMENT;
    }
    *id = wantGi ? ci->gi->id : ci->id;
    return R_SUCCESS;
}

nvml_return nvmlDeviceGetGpuInstanceId(dev_handle device, unsigned int *id)
    CALL(nvmlDeviceGetGpuInstanceId, do_mig_ids(device, id, 1))

nvml_return nvmlDeviceGetComputeInstanceId(dev_handle device, unsigned int *id)
    CALL(nvmlDeviceGetComputeInstanceId, do_mig_ids(device, id, 0))

/* ------------------------------------------------------------------------------------------------ */
/* Control API for tests (not part of NVML)                                                         */

/* Back to the start state: devices as described at the top, NVML not initialized, no injected
 * failures, call counts and struct versions cleared, activation immediate, pattern mode off. */
void nvmlDouble_reset(void) {
    lock();
    reset_locked();
    unlock();
}

/* The next `times` calls of `function` return `code` (times < 0: every call; 0: stop failing).
 * Returns 0, or -1 for a function this library does not know. */
int nvmlDouble_failCalls(const char *function, int code, int times) {
    int fn = function_index(function);
    if (fn < 0) {
        return -1;
    }
    lock();
    if (!g_ready) {
        reset_locked();
    }
    g_stats[fn].failCode = code;
    g_stats[fn].failTimes = times;
    unlock();
    return 0;
}

/* The next call of `function` returns `code`. Returns 0, or -1 for an unknown function. */
int nvmlDouble_failNext(const char *function, int code) {
    return nvmlDouble_failCalls(function, code, 1);
}

/* How often `function` was called since the last reset (failed calls included); -1 if unknown. */
long long nvmlDouble_callCount(const char *function) {
    int fn = function_index(function);
    if (fn < 0) {
        return -1;
    }
    lock();
    long long n = g_ready ? (long long)g_stats[fn].calls : 0;
    unlock();
    return n;
}

/* The struct version last passed to a versioned function (the ...ProfileInfoV calls); 0 if none. */
unsigned int nvmlDouble_lastStructVersion(const char *function) {
    int fn = function_index(function);
    if (fn < 0) {
        return 0;
    }
    lock();
    unsigned int v = g_ready ? g_stats[fn].lastVersion : 0u;
    unlock();
    return v;
}

/* How many compute processes each MIG device reports (nvmlDeviceGetComputeRunningProcesses_v3). */
void nvmlDouble_setProcessCount(int perMigDevice) {
    lock();
    if (!g_ready) {
        reset_locked();
    }
    g_processesPerMigDevice = perMigDevice < 0 ? 0 : perMigDevice;
    unlock();
}

/* What nvmlDeviceSetMigMode reports in *activationStatus: SUCCESS (default) applies the mode at once;
 * anything else (IN_USE, RESET_REQUIRED) leaves it pending. */
void nvmlDouble_setActivationStatus(int code) {
    lock();
    if (!g_ready) {
        reset_locked();
    }
    g_activationStatus = code;
    unlock();
}

/* Pattern mode: nvmlDeviceGetGpuInstanceProfileInfoV, nvmlGpuInstanceGetComputeInstanceProfileInfoV,
 * nvmlDeviceGetPciInfo_v3 and nvmlDeviceGetMemoryInfo write, into every numeric field, a value made of
 * the field's byte offset (0xA000 + offset for GI profiles with memorySizeMB = 0x1_0000_0000 + 0xA000 +
 * offset, 0xC000 + offset for CI profiles, 0xB000 + offset for PCI info, 0x1000_0000_0000 + offset for
 * memory) and "pattern:<field>@<offset>" into strings, so a test can prove every offset. */
void nvmlDouble_setPatternMode(int on) {
    lock();
    if (!g_ready) {
        reset_locked();
    }
    g_pattern = on != 0;
    unlock();
}

/* Outstanding nvmlInit_v2 calls (reference count). */
int nvmlDouble_initCount(void) {
    lock();
    int n = g_ready ? g_initCount : 0;
    unlock();
    return n;
}

/* "current", or "old" for the variant built with NVML_DOUBLE_OLD_DRIVER. */
const char *nvmlDouble_variant(void) {
#ifdef NVML_DOUBLE_OLD_DRIVER
    return "old";
#else
    return "current";
#endif
}
