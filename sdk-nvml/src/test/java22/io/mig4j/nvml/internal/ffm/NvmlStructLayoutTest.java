package io.mig4j.nvml.internal.ffm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Every field offset and struct size of {@link NvmlLayouts}, against the numbers gcc computed for the NVML header on
 * x86-64 (the NVML header nvml.h (github.com/NVIDIA/go-nvml gen/nvml/nvml.h), compiled with gcc and offsetof; nvmlPciInfo_t
 * and nvmlMemory_t from the same header: {@code busIdLegacy[16]} first,
 * {@code busId[32]} last). The expected numbers are literals on purpose: they must not be derived from the layouts.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class NvmlStructLayoutTest {

    @Test
    void pciInfo() {
        assertLayout(NvmlLayouts.PCI_INFO, 68, 4, fields(
                "busIdLegacy", 0, "domain", 16, "bus", 20, "device", 24, "pciDeviceId", 28, "pciSubSystemId", 32,
                "busId", 36));
        assertThat(NvmlLayouts.PCI_BUS_ID_OFFSET).isEqualTo(36);
        assertThat(NvmlLayouts.PCI_INFO.select(PathElement.groupElement("busIdLegacy")).byteSize()).isEqualTo(16);
        assertThat(NvmlLayouts.PCI_INFO.select(PathElement.groupElement("busId")).byteSize()).isEqualTo(32);
    }

    @Test
    void memory() {
        assertLayout(NvmlLayouts.MEMORY, 24, 8, fields("total", 0, "free", 8, "used", 16));
    }

    @Test
    void placements() {
        // nvmlGpuInstancePlacement_t {uint start; uint size;} size 8, align 4
        assertLayout(NvmlLayouts.GPU_INSTANCE_PLACEMENT, 8, 4, fields("start", 0, "size", 4));
        // nvmlComputeInstancePlacement_t {uint start; uint size;} size 8
        assertLayout(NvmlLayouts.COMPUTE_INSTANCE_PLACEMENT, 8, 4, fields("start", 0, "size", 4));
    }

    @Test
    void gpuInstanceProfileInfoV2HasPaddingBeforeMemorySize() {
        assertLayout(NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V2, 152, 8, fields(
                "version", 0, "id", 4, "isP2pSupported", 8, "sliceCount", 12, "instanceCount", 16,
                "multiprocessorCount", 20, "copyEngineCount", 24, "decoderCount", 28, "encoderCount", 32,
                "jpegCount", 36, "ofaCount", 40, "memorySizeMB", 48, "name", 56));
        assertThat(NvmlLayouts.GIP2_NAME_OFFSET).isEqualTo(56);
        assertThat(NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V2.select(PathElement.groupElement("name")).byteSize())
                .isEqualTo(96);
    }

    @Test
    void gpuInstanceProfileInfoV3DropsP2pAndAddsCapabilities() {
        assertLayout(NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V3, 152, 8, fields(
                "version", 0, "id", 4, "sliceCount", 8, "instanceCount", 12, "multiprocessorCount", 16,
                "copyEngineCount", 20, "decoderCount", 24, "encoderCount", 28, "jpegCount", 32, "ofaCount", 36,
                "memorySizeMB", 40, "name", 48, "capabilities", 144));
        assertThat(NvmlLayouts.GIP3_NAME_OFFSET).isEqualTo(48);
    }

    @Test
    void gpuInstanceInfo() {
        assertLayout(NvmlLayouts.GPU_INSTANCE_INFO, 24, 8, fields("device", 0, "id", 8, "profileId", 12,
                "placement", 16));
        assertThat(NvmlLayouts.GPU_INSTANCE_INFO.byteOffset(PathElement.groupElement("placement"),
                PathElement.groupElement("size"))).isEqualTo(20);
    }

    @Test
    void computeInstanceProfileInfoV2() {
        assertLayout(NvmlLayouts.COMPUTE_INSTANCE_PROFILE_INFO_V2, 136, 4, fields(
                "version", 0, "id", 4, "sliceCount", 8, "instanceCount", 12, "multiprocessorCount", 16,
                "sharedCopyEngineCount", 20, "sharedDecoderCount", 24, "sharedEncoderCount", 28,
                "sharedJpegCount", 32, "sharedOfaCount", 36, "name", 40));
        assertThat(NvmlLayouts.CIP2_NAME_OFFSET).isEqualTo(40);
    }

    @Test
    void computeInstanceInfo() {
        assertLayout(NvmlLayouts.COMPUTE_INSTANCE_INFO, 32, 8, fields("device", 0, "gpuInstance", 8, "id", 16,
                "profileId", 20, "placement", 24));
        assertThat(NvmlLayouts.COMPUTE_INSTANCE_INFO.byteOffset(PathElement.groupElement("placement"),
                PathElement.groupElement("size"))).isEqualTo(28);
    }

    @Test
    void structVersionWords() {
        // the version macros of nvml.h, evaluated with gcc
        assertThat(NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V2_VERSION).isEqualTo(0x02000098);
        assertThat(NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V3_VERSION).isEqualTo(0x03000098);
        assertThat(NvmlLayouts.COMPUTE_INSTANCE_PROFILE_INFO_V2_VERSION).isEqualTo(0x02000088);
    }

    @Test
    void scratchHoldsTheLargestStruct() {
        assertThat(NvmlLayouts.MAX_STRUCT_SIZE).isEqualTo(152);
        assertThat((long) Scratch.DATA_SIZE).isGreaterThanOrEqualTo(NvmlLayouts.MAX_STRUCT_SIZE);
        assertThat(NvmlLayouts.ALL).hasSize(9).allSatisfy(l -> assertThat(l.name()).get().asString()
                .startsWith("nvml").endsWith("_t"));
    }

    private static Map<String, Long> fields(Object... nameOffsetPairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameOffsetPairs.length; i += 2) {
            m.put((String) nameOffsetPairs[i], ((Integer) nameOffsetPairs[i + 1]).longValue());
        }
        return m;
    }

    /** Size, alignment, each named field's offset, and no named field left unchecked. */
    private static void assertLayout(StructLayout layout, long size, long alignment, Map<String, Long> offsets) {
        assertThat(layout.byteSize()).as("sizeof(%s)", layout.name().orElse("?")).isEqualTo(size);
        assertThat(layout.byteAlignment()).as("alignof(%s)", layout.name().orElse("?")).isEqualTo(alignment);
        offsets.forEach((field, offset) -> assertThat(layout.byteOffset(PathElement.groupElement(field)))
                .as("offsetof(%s, %s)", layout.name().orElse("?"), field).isEqualTo(offset));
        assertThat(layout.memberLayouts().stream().map(MemoryLayout::name).flatMap(java.util.Optional::stream))
                .as("named fields of %s", layout.name().orElse("?"))
                .containsExactlyElementsOf(offsets.keySet());
    }
}
