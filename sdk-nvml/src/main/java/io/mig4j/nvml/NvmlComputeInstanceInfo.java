package io.mig4j.nvml;

import io.mig4j.api.Placement;

/** {@code nvmlComputeInstanceInfo_t}: parent device and GI, the CI id, its profile ID and placement. */
public record NvmlComputeInstanceInfo(DeviceHandle device, GpuInstanceHandle gpuInstance, int id, int profileId,
                                  Placement placement) {
}
