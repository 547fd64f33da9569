package io.mig4j.api;

import java.util.Optional;

/** NVML's {@code NVML_COMPUTE_INSTANCE_PROFILE_*} constants; on every GPU seen, the CI profile ID equals the index. */
public enum ComputeInstanceProfileIndex {
    ONE_SLICE(0x0, 1),
    TWO_SLICE(0x1, 2),
    THREE_SLICE(0x2, 3),
    FOUR_SLICE(0x3, 4),
    SEVEN_SLICE(0x4, 7),
    EIGHT_SLICE(0x5, 8),
    SIX_SLICE(0x6, 6),
    ONE_SLICE_REV1(0x7, 1),
    SEVEN_SLICE_NVL(0x8, 7);

    private final int value;
    private final int slices;

    ComputeInstanceProfileIndex(int value, int slices) {
        this.value = value;
        this.slices = slices;
    }

    public int value() {
        return value;
    }

    public int slices() {
        return slices;
    }

    public static Optional<ComputeInstanceProfileIndex> of(int value) {
        for (ComputeInstanceProfileIndex i : values()) {
            if (i.value == value) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
