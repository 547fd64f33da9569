package io.mig4j.api.inventory;

import io.mig4j.api.Placement;
import java.util.List;
import java.util.Objects;

/**
 * A GPU instance that exists on a GPU.
 *
 * @param id               the GI id the driver assigned (not tied to the placement)
 * @param profileId        the GPU-specific profile ID
 * @param profileName      the profile name, e.g. {@code 3g.40gb}
 * @param placement        the memory slices it occupies
 * @param computeInstances its compute instances
 */
public record GpuInstanceInfo(int id, int profileId, String profileName, Placement placement,
                              List<ComputeInstanceInfo> computeInstances) {
    public GpuInstanceInfo {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(placement, "placement");
        computeInstances = List.copyOf(computeInstances);
    }
}
