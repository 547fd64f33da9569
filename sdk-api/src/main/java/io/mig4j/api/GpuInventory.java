package io.mig4j.api;

import java.util.List;
import java.util.Objects;

/**
 * One GPU of a node and its MIG state.
 *
 * @param index        NVML device index
 * @param uuid         {@code GPU-<uuid>}
 * @param name         NVML product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param pciBusId     e.g. {@code 00000000:00:06.0}
 * @param pciDeviceId  16-bit PCI device id, e.g. 0x2330
 * @param product      the catalog alias of the product, or {@code null} when the catalog does not know the GPU
 * @param memoryMiB    total memory
 * @param migMode      MIG mode, current and pending
 * @param gpuInstances the GPU instances (empty when MIG is disabled)
 */
public record GpuInventory(int index, String uuid, String name, String pciBusId, int pciDeviceId, String product,
                           long memoryMiB, MigMode migMode, List<GpuInstanceInfo> gpuInstances) {
    public GpuInventory {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pciBusId, "pciBusId");
        Objects.requireNonNull(migMode, "migMode");
        gpuInstances = List.copyOf(gpuInstances);
    }

    /** Every MIG device UUID of this GPU, in GI then CI order. */
    public List<String> migDeviceUuids() {
        return gpuInstances.stream().flatMap(g -> g.computeInstances().stream())
                .map(ComputeInstanceInfo::migDeviceUuid).toList();
    }
}
