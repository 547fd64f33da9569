package io.mig4j.api.layout;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.Placement;
import java.util.Objects;

/** A compute instance of a layout: its profile and its placement among the GPU instance's compute slices. */
public record PlacedComputeInstance(ComputeInstanceProfile profile, Placement placement) {
    public PlacedComputeInstance {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(placement, "placement");
    }

    @Override
    public String toString() {
        return profile.name() + "@" + placement.start();
    }
}
