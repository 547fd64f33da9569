package io.mig4j.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A GPU instance profile of one product, field for field what {@code nvmlDeviceGetGpuInstanceProfileInfoV}
 * and {@code nvmlDeviceGetGpuInstancePossiblePlacements_v2} report.
 *
 * @param name            the name NVML reports (without its {@code MIG } prefix)
 * @param aliases         other names drivers have used for this profile (e.g. {@code 1g.24gb} on early GB200 drivers)
 * @param index           the {@code NVML_GPU_INSTANCE_PROFILE_*} value
 * @param id              the GPU-specific profile ID ({@code nvidia-smi mig -lgip}'s ID column)
 * @param slices          compute slices ({@code sliceCount})
 * @param memoryMiB       {@code memorySizeMB} (MiB)
 * @param multiprocessors SMs
 * @param copyEngines     copy engines
 * @param decoders        NVDEC engines
 * @param encoders        NVENC engines
 * @param jpegEngines     NVJPG engines
 * @param ofaEngines      optical-flow accelerators
 * @param maxInstances    {@code instanceCount}: how many can exist at once
 * @param placements      every legal placement, in the product's placement units
 * @param computeInstanceProfiles the CI profiles a GI of this profile offers
 * @param unconfirmed     names of the fields above that come from documentation or inference, not hardware
 */
public record GpuInstanceProfile(ProfileName name, List<ProfileName> aliases, int index, int id, int slices,
                                 long memoryMiB, int multiprocessors, int copyEngines, int decoders, int encoders,
                                 int jpegEngines, int ofaEngines, int maxInstances, List<Placement> placements,
                                 List<ComputeInstanceProfile> computeInstanceProfiles, Set<String> unconfirmed) {

    public GpuInstanceProfile {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        placements = List.copyOf(placements);
        computeInstanceProfiles = List.copyOf(computeInstanceProfiles);
        unconfirmed = Set.copyOf(unconfirmed);
        if (placements.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " has no placements");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("profile " + name + " has maxInstances " + maxInstances);
        }
    }

    /** The NVML constant of {@link #index()}, if known to this version of mig4j. */
    public Optional<GpuInstanceProfileIndex> indexConstant() {
        return GpuInstanceProfileIndex.of(index);
    }

    /** Whether a GI of this profile takes all media engines and excludes every profile but {@code -me} ones. */
    public boolean takesAllMediaEngines() {
        return name.attributes().contains(ProfileAttribute.ME_ALL);
    }

    /** Whether a GI of this profile has no media engines ({@code -me}), the only kind allowed beside {@code +me.all}. */
    public boolean hasNoMediaEngines() {
        return name.attributes().contains(ProfileAttribute.NO_ME);
    }

    /** Whether {@code text} is this profile's name or one of its aliases. */
    public boolean isNamed(ProfileName text) {
        return name.equals(text) || aliases.contains(text);
    }

    /** Whether {@code start} is a legal first slot for this profile. */
    public Optional<Placement> placementAt(int start) {
        return placements.stream().filter(p -> p.start() == start).findFirst();
    }

    /** Whether every field was read from a real GPU. */
    public boolean fullyConfirmed() {
        return unconfirmed.isEmpty();
    }

    /** The CI profile {@code nvidia-smi mig -cgi ... -C} creates, falling back to the one taking every slice. */
    public Optional<ComputeInstanceProfile> defaultComputeInstanceProfile() {
        return computeInstanceProfiles.stream().filter(ComputeInstanceProfile::isDefault).findFirst()
                .or(() -> computeInstanceProfiles.stream().filter(c -> c.slices() == slices).findFirst());
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
