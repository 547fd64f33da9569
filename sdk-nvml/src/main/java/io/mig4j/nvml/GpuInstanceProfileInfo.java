package io.mig4j.nvml;

/**
 * {@code nvmlGpuInstanceProfileInfo_v2_t} / {@code _v3_t}.
 *
 * @param version             the struct version requested (2 or 3; driver 580.159.04 zeroes the word it returns)
 * @param id                  the GPU-specific profile ID
 * @param isP2pSupported      v2 only (v3 drops the field: 0)
 * @param sliceCount          compute slices
 * @param instanceCount       maximum instances
 * @param multiprocessorCount SMs
 * @param copyEngineCount     copy engines
 * @param decoderCount        NVDEC
 * @param encoderCount        NVENC
 * @param jpegCount           NVJPG
 * @param ofaCount            OFA
 * @param memorySizeMB        memory in MiB
 * @param name                e.g. {@code MIG 1g.10gb}
 * @param capabilities        v3 only ({@code NVML_GPU_INSTANCE_PROFILE_CAPS_*}; 0 for v2)
 */
public record GpuInstanceProfileInfo(int version, int id, int isP2pSupported, int sliceCount, int instanceCount,
                                     int multiprocessorCount, int copyEngineCount, int decoderCount,
                                     int encoderCount, int jpegCount, int ofaCount, long memorySizeMB, String name,
                                     int capabilities) {
}
