package io.mig4j.api.migparted;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which GPUs of a node a mig-parted device entry selects: {@code all}, or a list of GPU indexes as NVML numbers
 * them. mig-parted writes either a plain {@code all} or a list, so this is one of the two, never both.
 *
 * @param all     whether every GPU is selected
 * @param indexes the selected GPU indexes, in the order written; empty exactly when {@code all} is true
 */
public record MigPartedDevices(boolean all, List<Integer> indexes) {
    /** Every GPU of the node ({@code devices: all}). */
    public static final MigPartedDevices ALL = new MigPartedDevices(true, List.of());

    public MigPartedDevices {
        indexes = List.copyOf(indexes);
        if (all && !indexes.isEmpty()) {
            throw new IllegalArgumentException("devices is either 'all' or a list of GPU indexes, not both");
        }
        if (!all && indexes.isEmpty()) {
            throw new IllegalArgumentException("devices must list at least one GPU index, or be 'all'");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer i : indexes) {
            Objects.requireNonNull(i, "GPU index");
            if (i < 0) {
                throw new IllegalArgumentException("GPU index must not be negative, got " + i);
            }
            if (!seen.add(i)) {
                throw new IllegalArgumentException("GPU index " + i + " is listed twice");
            }
        }
    }

    /** These GPU indexes ({@code devices: [0, 1]}). */
    public static MigPartedDevices of(int... indexes) {
        return new MigPartedDevices(false, Arrays.stream(indexes).boxed().toList());
    }

    /** Whether the GPU with this NVML index is selected. */
    public boolean selects(int index) {
        return all || indexes.contains(index);
    }

    /** {@code all} or {@code [0, 1]}, as mig-parted writes it. */
    @Override
    public String toString() {
        return all ? "all" : indexes.toString();
    }
}
