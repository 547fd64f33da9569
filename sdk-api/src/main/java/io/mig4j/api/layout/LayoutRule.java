package io.mig4j.api.layout;

/** The rules NVML enforces when instances are created, which a {@link MigLayout} is checked against. */
public enum LayoutRule {
    /** The profile does not belong to the layout's product. */
    UNKNOWN_PROFILE,
    /** The placement is not one of the profile's legal placements ({@code nvmlDeviceGetGpuInstancePossiblePlacements_v2}). */
    ILLEGAL_PLACEMENT,
    /** Two GPU instances share a memory slice. */
    OVERLAP,
    /** More instances of a profile than its {@code instanceCount}. */
    INSTANCE_LIMIT,
    /** A {@code +me.all} instance beside anything but {@code -me} instances. */
    MEDIA_ENGINE_EXCLUSIVITY,
    /** The instances need more memory slices or compute slices than the GPU has. */
    CAPACITY,
    /** Each profile fits on its own, but no combination of legal placements holds them all. */
    NO_FIT,
    /** A compute instance profile that the GPU instance's profile does not offer. */
    CI_UNKNOWN_PROFILE,
    /** A compute instance placement that its profile does not allow. */
    CI_ILLEGAL_PLACEMENT,
    /** Two compute instances of one GPU instance share a compute slice. */
    CI_OVERLAP,
    /** More compute instances of a profile in one GPU instance than its {@code instanceCount}. */
    CI_INSTANCE_LIMIT
}
