package io.mig4j.api;

import java.util.Optional;

/**
 * NVML's {@code NVML_GPU_INSTANCE_PROFILE_*} constants: the universal profile <em>index</em> passed to
 * {@code nvmlDeviceGetGpuInstanceProfileInfoV}. Not to be confused with the GPU-specific profile <em>ID</em>
 * that the call returns (19 for the 1-slice profile on A100/H100, 14 on A30) and that every other MIG call
 * takes.
 */
public enum GpuInstanceProfileIndex {
    ONE_SLICE(0x0, 1, null),
    TWO_SLICE(0x1, 2, null),
    THREE_SLICE(0x2, 3, null),
    FOUR_SLICE(0x3, 4, null),
    SEVEN_SLICE(0x4, 7, null),
    EIGHT_SLICE(0x5, 8, null),
    SIX_SLICE(0x6, 6, null),
    ONE_SLICE_REV1(0x7, 1, ProfileAttribute.ME),
    TWO_SLICE_REV1(0x8, 2, ProfileAttribute.ME),
    /** The 1-slice profile with two memory slices ({@code 1g.20gb} on H100); its name has no suffix. */
    ONE_SLICE_REV2(0x9, 1, null),
    ONE_SLICE_GFX(0xA, 1, ProfileAttribute.GFX),
    TWO_SLICE_GFX(0xB, 2, ProfileAttribute.GFX),
    FOUR_SLICE_GFX(0xC, 4, ProfileAttribute.GFX),
    ONE_SLICE_NO_ME(0xD, 1, ProfileAttribute.NO_ME),
    TWO_SLICE_NO_ME(0xE, 2, ProfileAttribute.NO_ME),
    ONE_SLICE_ALL_ME(0xF, 1, ProfileAttribute.ME_ALL),
    TWO_SLICE_ALL_ME(0x10, 2, ProfileAttribute.ME_ALL),
    THREE_SLICE_GFX(0x11, 3, ProfileAttribute.GFX);

    private final int value;
    private final int slices;
    private final ProfileAttribute attribute;

    GpuInstanceProfileIndex(int value, int slices, ProfileAttribute attribute) {
        this.value = value;
        this.slices = slices;
        this.attribute = attribute;
    }

    /** The numeric value of the C constant. */
    public int value() {
        return value;
    }

    /** Compute slices of profiles of this index. */
    public int slices() {
        return slices;
    }

    /** The name suffix this index implies, if any. */
    public Optional<ProfileAttribute> attribute() {
        return Optional.ofNullable(attribute);
    }

    /** The C constant's name, e.g. {@code NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV2}. */
    public String nvmlName() {
        String n = name().replace("ONE_", "1_").replace("TWO_", "2_").replace("THREE_", "3_")
                .replace("FOUR_", "4_").replace("SIX_", "6_").replace("SEVEN_", "7_").replace("EIGHT_", "8_");
        return "NVML_GPU_INSTANCE_PROFILE_" + n;
    }

    /** The constant with this numeric value, if this version of mig4j knows it. */
    public static Optional<GpuInstanceProfileIndex> of(int value) {
        for (GpuInstanceProfileIndex i : values()) {
            if (i.value == value) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
