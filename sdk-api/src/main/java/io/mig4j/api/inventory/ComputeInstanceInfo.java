package io.mig4j.api.inventory;

import io.mig4j.api.Placement;
import java.util.Objects;

/**
 * A compute instance that exists on a GPU, and the MIG device it forms.
 *
 * @param id            the CI id the driver assigned, unique within its GPU instance
 * @param profileId     the CI profile ID
 * @param profileName   the profile name, e.g. {@code 1c.3g.40gb}
 * @param placement     its compute slices within the GPU instance
 * @param migDeviceUuid {@code MIG-<uuid>}, which changes whenever the device is re-created
 */
public record ComputeInstanceInfo(int id, int profileId, String profileName, Placement placement, String migDeviceUuid) {
    public ComputeInstanceInfo {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(migDeviceUuid, "migDeviceUuid");
    }
}
