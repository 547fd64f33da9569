package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.Placement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A GPU instance of a layout: its profile, its placement and, optionally, its compute instances.
 * An empty compute instance list means "not specified" (the default CI is created when the layout is applied).
 */
public record PlacedGpuInstance(GpuInstanceProfile profile, Placement placement,
                                List<PlacedComputeInstance> computeInstances) {
    public PlacedGpuInstance {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(placement, "placement");
        computeInstances = List.copyOf(computeInstances);
    }

    /** A GPU instance without compute instances specified. */
    public PlacedGpuInstance(GpuInstanceProfile profile, Placement placement) {
        this(profile, placement, List.of());
    }

    /** {@code 3g.40gb@4}, followed by its compute instances in brackets when there are any. */
    @Override
    public String toString() {
        String gi = profile.name() + "@" + placement.start();
        return computeInstances.isEmpty() ? gi
                : gi + computeInstances.stream().map(Object::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
