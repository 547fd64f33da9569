package io.mig4j.nvml;

import io.mig4j.api.Placement;

/** {@code nvmlGpuInstanceInfo_t}: the parent device, the GI id, its profile ID and placement. */
public record NvmlGpuInstanceInfo(DeviceHandle device, int id, int profileId, Placement placement) {
}
