package io.mig4j.nvml;

/** {@code nvmlComputeInstanceProfileInfo_v2_t}. */
public record ComputeInstanceProfileInfo(int version, int id, int sliceCount, int instanceCount,
                                         int multiprocessorCount, int sharedCopyEngineCount,
                                         int sharedDecoderCount, int sharedEncoderCount, int sharedJpegCount,
                                         int sharedOfaCount, String name) {
}
