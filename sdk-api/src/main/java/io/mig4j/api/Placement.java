package io.mig4j.api;

/**
 * Where an instance sits: {@code start} is its first slot and {@code size} the number of slots it occupies.
 * For a GPU instance the slots are the GPU's placement units (memory slices: 8 on A100/H100/H200/B200, 4 on
 * A30, 12 on RTX PRO 6000); for a compute instance they are the compute slices of its GPU instance.
 */
public record Placement(int start, int size) implements Comparable<Placement> {

    public Placement {
        if (start < 0) {
            throw new IllegalArgumentException("placement start must not be negative, got " + start);
        }
        if (size < 1) {
            throw new IllegalArgumentException("placement size must be at least 1, got " + size);
        }
    }

    /** The first slot after this placement. */
    public int end() {
        return start + size;
    }

    /** Whether the two placements share a slot. */
    public boolean overlaps(Placement other) {
        return start < other.end() && other.start < end();
    }

    /** The slots as a bit mask (bit {@code i} set for slot {@code i}). */
    public long mask() {
        return ((1L << size) - 1) << start;
    }

    /** {@code start:size}, as {@code nvidia-smi mig -lgipp} writes one placement. */
    @Override
    public String toString() {
        return start + ":" + size;
    }

    @Override
    public int compareTo(Placement o) {
        int c = Integer.compare(start, o.start);
        return c != 0 ? c : Integer.compare(size, o.size);
    }
}
