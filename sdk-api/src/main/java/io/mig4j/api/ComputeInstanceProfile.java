package io.mig4j.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A compute instance profile inside a GPU instance profile, as {@code nvmlGpuInstanceGetComputeInstanceProfileInfoV}
 * and {@code nvmlGpuInstanceGetComputeInstancePossiblePlacements} describe it.
 *
 * @param name            e.g. {@code 1c.3g.40gb}; the GI's name when the CI takes every slice
 * @param index           the {@code NVML_COMPUTE_INSTANCE_PROFILE_*} value
 * @param id              the profile ID NVML's CI calls take
 * @param slices          compute slices
 * @param maxInstances    how many fit in one GPU instance
 * @param multiprocessors SMs, or {@code null} where no public source gives the number
 * @param placements      legal placements in the GI's compute slices
 * @param isDefault       whether {@code nvidia-smi mig -cgi ... -C} creates this one
 * @param unconfirmed     names of the fields above that come from documentation or inference, not hardware
 */
public record ComputeInstanceProfile(ProfileName name, int index, int id, int slices, int maxInstances,
                                     Integer multiprocessors, List<Placement> placements, boolean isDefault,
                                     Set<String> unconfirmed) {
    public ComputeInstanceProfile {
        Objects.requireNonNull(name, "name");
        placements = List.copyOf(placements);
        unconfirmed = Set.copyOf(unconfirmed);
    }
}
