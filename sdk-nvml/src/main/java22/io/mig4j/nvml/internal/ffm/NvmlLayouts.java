package io.mig4j.nvml.internal.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The NVML structs mig4j reads and writes, as hand-written {@link StructLayout}s with named fields (x86-64 / LP64
 * layout: {@code unsigned int} = 4 bytes, {@code unsigned long long} = 8, pointers = 8). jextract is not used; the
 * offsets are checked field by field in {@code NvmlStructLayoutTest} against the offsets that gcc computed for the
 * NVML header (nvml.h (github.com/NVIDIA/go-nvml gen/nvml/nvml.h)).
 *
 * <p>The {@link VarHandle}s take {@code (MemorySegment, long baseOffset)} as coordinates, as all layout-derived var
 * handles do since JDK 22. They are {@code static final}, so the JIT folds them into plain loads and stores.
 */
public final class NvmlLayouts {

    /** {@code NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE}: {@code busIdLegacy}. */
    public static final int PCI_BUS_ID_LEGACY_SIZE = 16;
    /** {@code NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE}: {@code busId}. */
    public static final int PCI_BUS_ID_SIZE = 32;
    /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}: profile names and device names. */
    public static final int NAME_SIZE = 96;

    // ---------------------------------------------------------------------------------------------- nvmlPciInfo_t

    /** {@code nvmlPciInfo_t} (filled by {@code nvmlDeviceGetPciInfo_v3}): size 68, align 4. */
    public static final StructLayout PCI_INFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(PCI_BUS_ID_LEGACY_SIZE, JAVA_BYTE).withName("busIdLegacy"),
            JAVA_INT.withName("domain"),
            JAVA_INT.withName("bus"),
            JAVA_INT.withName("device"),
            JAVA_INT.withName("pciDeviceId"),
            JAVA_INT.withName("pciSubSystemId"),
            MemoryLayout.sequenceLayout(PCI_BUS_ID_SIZE, JAVA_BYTE).withName("busId"))
            .withName("nvmlPciInfo_t");

    public static final VarHandle PCI_DOMAIN = field(PCI_INFO, "domain");
    public static final VarHandle PCI_BUS = field(PCI_INFO, "bus");
    public static final VarHandle PCI_DEVICE = field(PCI_INFO, "device");
    public static final VarHandle PCI_DEVICE_ID = field(PCI_INFO, "pciDeviceId");
    public static final VarHandle PCI_SUBSYSTEM_ID = field(PCI_INFO, "pciSubSystemId");
    public static final long PCI_BUS_ID_OFFSET = offset(PCI_INFO, "busId");

    // ----------------------------------------------------------------------------------------------- nvmlMemory_t

    /** {@code nvmlMemory_t}: three {@code unsigned long long}, in bytes; size 24. */
    public static final StructLayout MEMORY = MemoryLayout.structLayout(
            JAVA_LONG.withName("total"),
            JAVA_LONG.withName("free"),
            JAVA_LONG.withName("used"))
            .withName("nvmlMemory_t");

    public static final VarHandle MEMORY_TOTAL = field(MEMORY, "total");
    public static final VarHandle MEMORY_FREE = field(MEMORY, "free");
    public static final VarHandle MEMORY_USED = field(MEMORY, "used");

    // ------------------------------------------------------------------------------------------------ placements

    /** {@code nvmlGpuInstancePlacement_t}: {@code {uint start; uint size;}}, size 8. */
    public static final StructLayout GPU_INSTANCE_PLACEMENT = placement("nvmlGpuInstancePlacement_t");

    /** {@code nvmlComputeInstancePlacement_t}: {@code {uint start; uint size;}}, size 8. */
    public static final StructLayout COMPUTE_INSTANCE_PLACEMENT = placement("nvmlComputeInstancePlacement_t");

    public static final VarHandle GPU_INSTANCE_PLACEMENT_START = field(GPU_INSTANCE_PLACEMENT, "start");
    public static final VarHandle GPU_INSTANCE_PLACEMENT_SIZE = field(GPU_INSTANCE_PLACEMENT, "size");
    public static final VarHandle COMPUTE_INSTANCE_PLACEMENT_START = field(COMPUTE_INSTANCE_PLACEMENT, "start");
    public static final VarHandle COMPUTE_INSTANCE_PLACEMENT_SIZE = field(COMPUTE_INSTANCE_PLACEMENT, "size");

    // ------------------------------------------------------------------------- nvmlGpuInstanceProfileInfo_v2_t / _v3_t

    /**
     * {@code nvmlGpuInstanceProfileInfo_v2_t}: eleven {@code uint}s (44 bytes), then 4 bytes of padding so that
     * {@code memorySizeMB} is 8-aligned at 48, then {@code name[96]} at 56; size 152.
     */
    public static final StructLayout GPU_INSTANCE_PROFILE_INFO_V2 = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("isP2pSupported"),
            JAVA_INT.withName("sliceCount"),
            JAVA_INT.withName("instanceCount"),
            JAVA_INT.withName("multiprocessorCount"),
            JAVA_INT.withName("copyEngineCount"),
            JAVA_INT.withName("decoderCount"),
            JAVA_INT.withName("encoderCount"),
            JAVA_INT.withName("jpegCount"),
            JAVA_INT.withName("ofaCount"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("memorySizeMB"),
            MemoryLayout.sequenceLayout(NAME_SIZE, JAVA_BYTE).withName("name"))
            .withName("nvmlGpuInstanceProfileInfo_v2_t");

    /**
     * {@code nvmlGpuInstanceProfileInfo_v3_t}: drops {@code isP2pSupported}, so ten {@code uint}s (40 bytes) put
     * {@code memorySizeMB} at 40 with no padding, {@code name[96]} at 48, {@code capabilities} at 144, then 4 bytes
     * of tail padding; size 152.
     */
    public static final StructLayout GPU_INSTANCE_PROFILE_INFO_V3 = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("sliceCount"),
            JAVA_INT.withName("instanceCount"),
            JAVA_INT.withName("multiprocessorCount"),
            JAVA_INT.withName("copyEngineCount"),
            JAVA_INT.withName("decoderCount"),
            JAVA_INT.withName("encoderCount"),
            JAVA_INT.withName("jpegCount"),
            JAVA_INT.withName("ofaCount"),
            JAVA_LONG.withName("memorySizeMB"),
            MemoryLayout.sequenceLayout(NAME_SIZE, JAVA_BYTE).withName("name"),
            JAVA_INT.withName("capabilities"),
            MemoryLayout.paddingLayout(4))
            .withName("nvmlGpuInstanceProfileInfo_v3_t");

    /** {@code nvmlGpuInstanceProfileInfo_v2} = {@code sizeof | 2 << 24} = {@code 0x02000098}. */
    public static final int GPU_INSTANCE_PROFILE_INFO_V2_VERSION = structVersion(GPU_INSTANCE_PROFILE_INFO_V2, 2);
    /** {@code nvmlGpuInstanceProfileInfo_v3} = {@code sizeof | 3 << 24} = {@code 0x03000098}. */
    public static final int GPU_INSTANCE_PROFILE_INFO_V3_VERSION = structVersion(GPU_INSTANCE_PROFILE_INFO_V3, 3);

    public static final VarHandle GIP2_VERSION = field(GPU_INSTANCE_PROFILE_INFO_V2, "version");
    public static final VarHandle GIP2_ID = field(GPU_INSTANCE_PROFILE_INFO_V2, "id");
    public static final VarHandle GIP2_IS_P2P_SUPPORTED = field(GPU_INSTANCE_PROFILE_INFO_V2, "isP2pSupported");
    public static final VarHandle GIP2_SLICE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "sliceCount");
    public static final VarHandle GIP2_INSTANCE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "instanceCount");
    public static final VarHandle GIP2_MULTIPROCESSOR_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "multiprocessorCount");
    public static final VarHandle GIP2_COPY_ENGINE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "copyEngineCount");
    public static final VarHandle GIP2_DECODER_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "decoderCount");
    public static final VarHandle GIP2_ENCODER_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "encoderCount");
    public static final VarHandle GIP2_JPEG_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "jpegCount");
    public static final VarHandle GIP2_OFA_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V2, "ofaCount");
    public static final VarHandle GIP2_MEMORY_SIZE_MB = field(GPU_INSTANCE_PROFILE_INFO_V2, "memorySizeMB");
    public static final long GIP2_NAME_OFFSET = offset(GPU_INSTANCE_PROFILE_INFO_V2, "name");

    public static final VarHandle GIP3_VERSION = field(GPU_INSTANCE_PROFILE_INFO_V3, "version");
    public static final VarHandle GIP3_ID = field(GPU_INSTANCE_PROFILE_INFO_V3, "id");
    public static final VarHandle GIP3_SLICE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "sliceCount");
    public static final VarHandle GIP3_INSTANCE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "instanceCount");
    public static final VarHandle GIP3_MULTIPROCESSOR_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "multiprocessorCount");
    public static final VarHandle GIP3_COPY_ENGINE_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "copyEngineCount");
    public static final VarHandle GIP3_DECODER_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "decoderCount");
    public static final VarHandle GIP3_ENCODER_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "encoderCount");
    public static final VarHandle GIP3_JPEG_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "jpegCount");
    public static final VarHandle GIP3_OFA_COUNT = field(GPU_INSTANCE_PROFILE_INFO_V3, "ofaCount");
    public static final VarHandle GIP3_MEMORY_SIZE_MB = field(GPU_INSTANCE_PROFILE_INFO_V3, "memorySizeMB");
    public static final long GIP3_NAME_OFFSET = offset(GPU_INSTANCE_PROFILE_INFO_V3, "name");
    public static final VarHandle GIP3_CAPABILITIES = field(GPU_INSTANCE_PROFILE_INFO_V3, "capabilities");

    // ------------------------------------------------------------------------------------------ nvmlGpuInstanceInfo_t

    /** {@code nvmlGpuInstanceInfo_t}: {@code device@0, id@8, profileId@12, placement@16}; size 24. */
    public static final StructLayout GPU_INSTANCE_INFO = MemoryLayout.structLayout(
            ADDRESS.withName("device"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("profileId"),
            GPU_INSTANCE_PLACEMENT.withName("placement"))
            .withName("nvmlGpuInstanceInfo_t");

    public static final VarHandle GII_DEVICE = field(GPU_INSTANCE_INFO, "device");
    public static final VarHandle GII_ID = field(GPU_INSTANCE_INFO, "id");
    public static final VarHandle GII_PROFILE_ID = field(GPU_INSTANCE_INFO, "profileId");
    public static final VarHandle GII_PLACEMENT_START = GPU_INSTANCE_INFO.varHandle(
            groupElement("placement"), groupElement("start"));
    public static final VarHandle GII_PLACEMENT_SIZE = GPU_INSTANCE_INFO.varHandle(
            groupElement("placement"), groupElement("size"));

    // -------------------------------------------------------------------------- nvmlComputeInstanceProfileInfo_v2_t

    /** {@code nvmlComputeInstanceProfileInfo_v2_t}: {@code version} and nine {@code uint}s, {@code name[96]} at 40; size 136. */
    public static final StructLayout COMPUTE_INSTANCE_PROFILE_INFO_V2 = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("sliceCount"),
            JAVA_INT.withName("instanceCount"),
            JAVA_INT.withName("multiprocessorCount"),
            JAVA_INT.withName("sharedCopyEngineCount"),
            JAVA_INT.withName("sharedDecoderCount"),
            JAVA_INT.withName("sharedEncoderCount"),
            JAVA_INT.withName("sharedJpegCount"),
            JAVA_INT.withName("sharedOfaCount"),
            MemoryLayout.sequenceLayout(NAME_SIZE, JAVA_BYTE).withName("name"))
            .withName("nvmlComputeInstanceProfileInfo_v2_t");

    /** {@code nvmlComputeInstanceProfileInfo_v2} = {@code sizeof | 2 << 24} = {@code 0x02000088}. */
    public static final int COMPUTE_INSTANCE_PROFILE_INFO_V2_VERSION = structVersion(COMPUTE_INSTANCE_PROFILE_INFO_V2, 2);

    public static final VarHandle CIP2_VERSION = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "version");
    public static final VarHandle CIP2_ID = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "id");
    public static final VarHandle CIP2_SLICE_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sliceCount");
    public static final VarHandle CIP2_INSTANCE_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "instanceCount");
    public static final VarHandle CIP2_MULTIPROCESSOR_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "multiprocessorCount");
    public static final VarHandle CIP2_SHARED_COPY_ENGINE_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sharedCopyEngineCount");
    public static final VarHandle CIP2_SHARED_DECODER_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sharedDecoderCount");
    public static final VarHandle CIP2_SHARED_ENCODER_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sharedEncoderCount");
    public static final VarHandle CIP2_SHARED_JPEG_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sharedJpegCount");
    public static final VarHandle CIP2_SHARED_OFA_COUNT = field(COMPUTE_INSTANCE_PROFILE_INFO_V2, "sharedOfaCount");
    public static final long CIP2_NAME_OFFSET = offset(COMPUTE_INSTANCE_PROFILE_INFO_V2, "name");

    // -------------------------------------------------------------------------------------- nvmlComputeInstanceInfo_t

    /** {@code nvmlComputeInstanceInfo_t}: {@code device@0, gpuInstance@8, id@16, profileId@20, placement@24}; size 32. */
    public static final StructLayout COMPUTE_INSTANCE_INFO = MemoryLayout.structLayout(
            ADDRESS.withName("device"),
            ADDRESS.withName("gpuInstance"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("profileId"),
            COMPUTE_INSTANCE_PLACEMENT.withName("placement"))
            .withName("nvmlComputeInstanceInfo_t");

    public static final VarHandle CII_DEVICE = field(COMPUTE_INSTANCE_INFO, "device");
    public static final VarHandle CII_GPU_INSTANCE = field(COMPUTE_INSTANCE_INFO, "gpuInstance");
    public static final VarHandle CII_ID = field(COMPUTE_INSTANCE_INFO, "id");
    public static final VarHandle CII_PROFILE_ID = field(COMPUTE_INSTANCE_INFO, "profileId");
    public static final VarHandle CII_PLACEMENT_START = COMPUTE_INSTANCE_INFO.varHandle(
            groupElement("placement"), groupElement("start"));
    public static final VarHandle CII_PLACEMENT_SIZE = COMPUTE_INSTANCE_INFO.varHandle(
            groupElement("placement"), groupElement("size"));

    /** Every struct above, for tests and diagnostics. */
    public static final java.util.List<StructLayout> ALL = java.util.List.of(PCI_INFO, MEMORY, GPU_INSTANCE_PLACEMENT,
            COMPUTE_INSTANCE_PLACEMENT, GPU_INSTANCE_PROFILE_INFO_V2, GPU_INSTANCE_PROFILE_INFO_V3, GPU_INSTANCE_INFO,
            COMPUTE_INSTANCE_PROFILE_INFO_V2, COMPUTE_INSTANCE_INFO);

    /** The largest struct: per-thread scratch memory must hold it. */
    public static final long MAX_STRUCT_SIZE = ALL.stream().mapToLong(StructLayout::byteSize).max().orElseThrow();

    private NvmlLayouts() {
    }

    /** {@code NVML_STRUCT_VERSION(data, ver)}: {@code sizeof(struct) | ver << 24}. */
    public static int structVersion(StructLayout layout, int version) {
        return (int) layout.byteSize() | (version << 24);
    }

    private static StructLayout placement(String name) {
        return MemoryLayout.structLayout(JAVA_INT.withName("start"), JAVA_INT.withName("size")).withName(name);
    }

    private static VarHandle field(StructLayout layout, String name) {
        return layout.varHandle(PathElement.groupElement(name));
    }

    private static long offset(StructLayout layout, String name) {
        return layout.byteOffset(PathElement.groupElement(name));
    }
}
