package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.Placement;
import java.util.HashMap;
import java.util.Map;

/**
 * What the GPU instances placed so far take: memory slices, instances per profile, media engines.
 * The one place the NVML creation rules live; the validator, the solver and the enumerator all ask it.
 * Mutable and not thread-safe: each search owns its own.
 */
final class Occupancy {
    private long occupied;
    private final Map<Integer, Integer> countById = new HashMap<>();
    private int allMediaEngineInstances;
    private int instancesWithMediaEngines;

    /** Why {@code profile} cannot be added at {@code placement} now, or {@code null} when it can. */
    LayoutRule conflict(GpuInstanceProfile profile, Placement placement) {
        if ((occupied & placement.mask()) != 0) {
            return LayoutRule.OVERLAP;
        }
        if (countById.getOrDefault(profile.id(), 0) >= profile.maxInstances()) {
            return LayoutRule.INSTANCE_LIMIT;
        }
        if (profile.takesAllMediaEngines() ? instancesWithMediaEngines > 0
                : allMediaEngineInstances > 0 && !profile.hasNoMediaEngines()) {
            return LayoutRule.MEDIA_ENGINE_EXCLUSIVITY;
        }
        return null;
    }

    void add(GpuInstanceProfile profile, Placement placement) {
        occupied |= placement.mask();
        countById.merge(profile.id(), 1, Integer::sum);
        if (profile.takesAllMediaEngines()) {
            allMediaEngineInstances++;
        }
        if (!profile.hasNoMediaEngines()) {
            instancesWithMediaEngines++;
        }
    }

    void remove(GpuInstanceProfile profile, Placement placement) {
        occupied &= ~placement.mask();
        countById.merge(profile.id(), -1, Integer::sum);
        if (profile.takesAllMediaEngines()) {
            allMediaEngineInstances--;
        }
        if (!profile.hasNoMediaEngines()) {
            instancesWithMediaEngines--;
        }
    }

    long occupiedMask() {
        return occupied;
    }
}
