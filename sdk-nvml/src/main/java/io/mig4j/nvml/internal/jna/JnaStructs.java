package io.mig4j.nvml.internal.jna;

/**
 * Struct versions and field offsets of the NVML structs {@link JnaNvml} reads, on LP64 (x86-64, aarch64), from the
 * NVML header nvml.h (github.com/NVIDIA/go-nvml gen/nvml/nvml.h).
 */
final class JnaStructs {

    // --- struct versions: sizeof | version << 24
    static final int GI_PROFILE_INFO_V2 = 0x02000098;
    static final int GI_PROFILE_INFO_V3 = 0x03000098;
    static final int CI_PROFILE_INFO_V2 = 0x02000088;

    // --- nvmlGpuInstanceProfileInfo_v2_t (152 bytes; 4 bytes of padding before memorySizeMB)
    static final int GIP2_ID = 4, GIP2_P2P = 8, GIP2_SLICES = 12, GIP2_INSTANCES = 16, GIP2_SMS = 20, GIP2_CE = 24,
            GIP2_DEC = 28, GIP2_ENC = 32, GIP2_JPEG = 36, GIP2_OFA = 40, GIP2_MEMORY = 48, GIP2_NAME = 56;
    // --- nvmlGpuInstanceProfileInfo_v3_t (152 bytes; no isP2pSupported, no padding, capabilities at the end)
    static final int GIP3_ID = 4, GIP3_SLICES = 8, GIP3_INSTANCES = 12, GIP3_SMS = 16, GIP3_CE = 20, GIP3_DEC = 24,
            GIP3_ENC = 28, GIP3_JPEG = 32, GIP3_OFA = 36, GIP3_MEMORY = 40, GIP3_NAME = 48, GIP3_CAPABILITIES = 144;
    // --- nvmlComputeInstanceProfileInfo_v2_t (136 bytes)
    static final int CIP_ID = 4, CIP_SLICES = 8, CIP_INSTANCES = 12, CIP_SMS = 16, CIP_CE = 20, CIP_DEC = 24,
            CIP_ENC = 28, CIP_JPEG = 32, CIP_OFA = 36, CIP_NAME = 40;
    static final int NAME_SIZE = 96;
    // --- nvmlGpuInstanceInfo_t (24 bytes)
    static final int GII_DEVICE = 0, GII_ID = 8, GII_PROFILE_ID = 12, GII_START = 16, GII_SIZE = 20;
    // --- nvmlComputeInstanceInfo_t (32 bytes)
    static final int CII_DEVICE = 0, CII_GPU_INSTANCE = 8, CII_ID = 16, CII_PROFILE_ID = 20, CII_START = 24,
            CII_SIZE = 28;
    // --- nvmlPciInfo_t (read with _v3; 68 bytes)
    static final int PCI_DOMAIN = 16, PCI_BUS = 20, PCI_DEVICE = 24, PCI_DEVICE_ID = 28, PCI_SUBSYSTEM_ID = 32,
            PCI_BUS_ID = 36, PCI_BUS_ID_SIZE = 32;
    // --- nvmlMemory_t (24 bytes)
    static final int MEM_TOTAL = 0, MEM_FREE = 8, MEM_USED = 16;

    private JnaStructs() {
    }
}
