package io.mig4j.nvml.internal.ffm;

import static io.mig4j.nvml.internal.ffm.NvmlLayouts.*;

import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.GpuInstanceProfileInfo;
import io.mig4j.nvml.MemoryInfo;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.PciInfo;
import java.lang.foreign.MemorySegment;

/**
 * Reads the structs NVML filled in {@link FfmNvml}'s {@link Scratch} segment (at offset 0) into mig4j's records,
 * field by field through the {@link NvmlLayouts} handles. The decoding lives apart from {@link FfmNvml} so that
 * class holds only the calls (it had grown past the team's ~600-line limit for {@code src/main}).
 */
final class FfmStructs {

    private FfmStructs() {
    }

    /** An {@code nvmlPciInfo_t} (v3). */
    static PciInfo pciInfo(MemorySegment s) {
        return new PciInfo(Scratch.cString(s, PCI_BUS_ID_OFFSET, PCI_BUS_ID_SIZE),
                (int) PCI_DOMAIN.get(s, 0L), (int) PCI_BUS.get(s, 0L), (int) PCI_DEVICE.get(s, 0L),
                (int) PCI_DEVICE_ID.get(s, 0L), (int) PCI_SUBSYSTEM_ID.get(s, 0L));
    }

    /** An {@code nvmlMemory_t}. */
    static MemoryInfo memoryInfo(MemorySegment s) {
        return new MemoryInfo((long) MEMORY_TOTAL.get(s, 0L), (long) MEMORY_FREE.get(s, 0L),
                (long) MEMORY_USED.get(s, 0L));
    }

    /** An {@code nvmlGpuInstanceProfileInfo_v2_t}, reported as version 2. */
    static GpuInstanceProfileInfo gpuInstanceProfileInfoV2(MemorySegment s) {
        // The version reported is the one asked for: the real driver (580.159.04 on an H100) clears the whole
        // struct, .version included, before filling it, so the word cannot be read back.
        return new GpuInstanceProfileInfo(2, (int) GIP2_ID.get(s, 0L),
                (int) GIP2_IS_P2P_SUPPORTED.get(s, 0L), (int) GIP2_SLICE_COUNT.get(s, 0L),
                (int) GIP2_INSTANCE_COUNT.get(s, 0L), (int) GIP2_MULTIPROCESSOR_COUNT.get(s, 0L),
                (int) GIP2_COPY_ENGINE_COUNT.get(s, 0L), (int) GIP2_DECODER_COUNT.get(s, 0L),
                (int) GIP2_ENCODER_COUNT.get(s, 0L), (int) GIP2_JPEG_COUNT.get(s, 0L),
                (int) GIP2_OFA_COUNT.get(s, 0L), (long) GIP2_MEMORY_SIZE_MB.get(s, 0L),
                NameCache.get(s, GIP2_NAME_OFFSET, NAME_SIZE), 0);
    }

    /** An {@code nvmlGpuInstanceProfileInfo_v3_t} (no P2P flag; capabilities instead), reported as version 3. */
    static GpuInstanceProfileInfo gpuInstanceProfileInfoV3(MemorySegment s) {
        return new GpuInstanceProfileInfo(3, (int) GIP3_ID.get(s, 0L), 0,
                (int) GIP3_SLICE_COUNT.get(s, 0L), (int) GIP3_INSTANCE_COUNT.get(s, 0L),
                (int) GIP3_MULTIPROCESSOR_COUNT.get(s, 0L), (int) GIP3_COPY_ENGINE_COUNT.get(s, 0L),
                (int) GIP3_DECODER_COUNT.get(s, 0L), (int) GIP3_ENCODER_COUNT.get(s, 0L),
                (int) GIP3_JPEG_COUNT.get(s, 0L), (int) GIP3_OFA_COUNT.get(s, 0L),
                (long) GIP3_MEMORY_SIZE_MB.get(s, 0L), NameCache.get(s, GIP3_NAME_OFFSET, NAME_SIZE),
                (int) GIP3_CAPABILITIES.get(s, 0L));
    }

    /** An {@code nvmlComputeInstanceProfileInfo_v2_t}, reported as version 2. */
    static ComputeInstanceProfileInfo computeInstanceProfileInfoV2(MemorySegment s) {
        return new ComputeInstanceProfileInfo(2, (int) CIP2_ID.get(s, 0L),
                (int) CIP2_SLICE_COUNT.get(s, 0L), (int) CIP2_INSTANCE_COUNT.get(s, 0L),
                (int) CIP2_MULTIPROCESSOR_COUNT.get(s, 0L), (int) CIP2_SHARED_COPY_ENGINE_COUNT.get(s, 0L),
                (int) CIP2_SHARED_DECODER_COUNT.get(s, 0L), (int) CIP2_SHARED_ENCODER_COUNT.get(s, 0L),
                (int) CIP2_SHARED_JPEG_COUNT.get(s, 0L), (int) CIP2_SHARED_OFA_COUNT.get(s, 0L),
                NameCache.get(s, CIP2_NAME_OFFSET, NAME_SIZE));
    }

    /** An {@code nvmlGpuInstanceInfo_t}. */
    static NvmlGpuInstanceInfo gpuInstanceInfo(MemorySegment s) {
        return new NvmlGpuInstanceInfo(new DeviceHandle(((MemorySegment) GII_DEVICE.get(s, 0L)).address()),
                (int) GII_ID.get(s, 0L), (int) GII_PROFILE_ID.get(s, 0L),
                new Placement((int) GII_PLACEMENT_START.get(s, 0L), (int) GII_PLACEMENT_SIZE.get(s, 0L)));
    }

    /** An {@code nvmlComputeInstanceInfo_t}. */
    static NvmlComputeInstanceInfo computeInstanceInfo(MemorySegment s) {
        return new NvmlComputeInstanceInfo(new DeviceHandle(((MemorySegment) CII_DEVICE.get(s, 0L)).address()),
                new GpuInstanceHandle(((MemorySegment) CII_GPU_INSTANCE.get(s, 0L)).address()),
                (int) CII_ID.get(s, 0L), (int) CII_PROFILE_ID.get(s, 0L),
                new Placement((int) CII_PLACEMENT_START.get(s, 0L), (int) CII_PLACEMENT_SIZE.get(s, 0L)));
    }
}
