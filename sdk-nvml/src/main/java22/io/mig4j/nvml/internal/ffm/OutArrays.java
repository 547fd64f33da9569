package io.mig4j.nvml.internal.ffm;

import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PLACEMENT_START;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PLACEMENT_START;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.mig4j.api.Placement;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@link FfmNvml}'s calls whose out-parameter is an array with a count ({@code f(owner, profileId, T *array,
 * unsigned int *count)}): placements and instance handles, read from the thread's {@link Scratch} in one call, with
 * a larger buffer only where NVML answers {@code INSUFFICIENT_SIZE}.
 */
final class OutArrays {
    private static final int SUCCESS = 0;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.value();
    /** Growth limit for count-then-fill arrays: far above any GPU's instance or placement count. */
    private static final int MAX_ARRAY_ENTRIES = 1 << 16;
    /** How often an array call retries with a larger buffer after {@code INSUFFICIENT_SIZE} before giving up. */
    private static final int MAX_GROWTHS = 4;
    /** Placements that fit in the scratch next to the count: the buffer of every placement query. */
    private static final int SCRATCH_PLACEMENTS = (int) (Scratch.DATA_SIZE / NvmlLayouts.GPU_INSTANCE_PLACEMENT.byteSize());
    /** Handles that fit in the scratch next to the count. */
    private static final int SCRATCH_HANDLES = Scratch.DATA_SIZE / 8;

    private OutArrays() {
    }

    /**
     * {@code f(owner, profileId, placement *placements, unsigned int *count)} in one call, with a buffer of
     * {@value #SCRATCH_PLACEMENTS} entries in the scratch: far more than any profile has (a placement is a distinct
     * start among the GPU's placement units, at most 12 on any MIG GPU), so the usual query is one NVML call instead
     * of count-then-fill's two (each a driver round trip of about 0.18 ms on an H200, docs/BENCHMARKS.md and
     * docs/nvml-probe-h200-580.159.04.txt). A real driver writes every placement whatever {@code *count} says
     * (measured on that H200), which is why the buffer must be that large rather than grown on demand; a library
     * that does answer {@code INSUFFICIENT_SIZE} still gets a larger buffer. Both placement structs are
     * {@code {uint start; uint size;}}.
     */
    static List<Placement> possiblePlacements(FfmNvml nvml, String cName, MemorySegment fn, MemorySegment owner, int profileId,
                                               boolean gpuInstance) {
        MemorySegment s = Scratch.get();
        MemorySegment count = s.asSlice(Scratch.COUNT_OFFSET, 4);
        long elementSize = NvmlLayouts.GPU_INSTANCE_PLACEMENT.byteSize();
        int capacity = SCRATCH_PLACEMENTS;
        for (int attempt = 0; ; attempt++) {
            checkCapacity(cName, capacity);
            long bytes = capacity * elementSize;
            try (Arena arena = bytes <= Scratch.DATA_SIZE ? null : Arena.ofConfined()) {
                MemorySegment buffer = arena == null ? s.asSlice(0, bytes) : arena.allocate(bytes, 8);
                count.set(JAVA_INT, 0, capacity);
                int rc = Downcalls.pipp(fn, owner, profileId, buffer, count);
                if (rc == SUCCESS) {
                    int n = filled(count, capacity);
                    Placement[] result = new Placement[n];
                    for (int i = 0; i < n; i++) {
                        long base = i * elementSize;
                        result[i] = gpuInstance
                                ? new Placement((int) GPU_INSTANCE_PLACEMENT_START.get(buffer, base),
                                        (int) GPU_INSTANCE_PLACEMENT_SIZE.get(buffer, base))
                                : new Placement((int) COMPUTE_INSTANCE_PLACEMENT_START.get(buffer, base),
                                        (int) COMPUTE_INSTANCE_PLACEMENT_SIZE.get(buffer, base));
                    }
                    return List.of(result);
                }
                if (rc != INSUFFICIENT_SIZE || attempt == MAX_GROWTHS) {
                    throw nvml.failure(cName, rc);
                }
                capacity = grow(capacity, count.get(JAVA_INT, 0));
            }
        }
    }

    /**
     * {@code f(owner, profileId, handle *instances, unsigned int *count)}: NVML wants a buffer as large as the
     * profile's instance count and writes the number found to {@code *count}. The first try uses the scratch, room
     * for {@value #SCRATCH_HANDLES} handles where no GPU has more than 7 instances of a profile; {@code *count} is
     * also set to the capacity on the way in, and {@code INSUFFICIENT_SIZE} grows the buffer.
     */
    static <H> List<H> instances(FfmNvml nvml, String cName, MemorySegment fn, MemorySegment owner, int profileId,
                                  LongFunction<H> handle) {
        MemorySegment s = Scratch.get();
        MemorySegment count = s.asSlice(Scratch.COUNT_OFFSET, 4);
        int capacity = SCRATCH_HANDLES;
        for (int attempt = 0; ; attempt++) {
            checkCapacity(cName, capacity);
            long bytes = capacity * ADDRESS.byteSize();
            try (Arena arena = bytes <= Scratch.DATA_SIZE ? null : Arena.ofConfined()) {
                MemorySegment buffer = arena == null ? s.asSlice(0, bytes) : arena.allocate(ADDRESS, capacity);
                count.set(JAVA_INT, 0, capacity);
                int rc = Downcalls.pipp(fn, owner, profileId, buffer, count);
                if (rc == SUCCESS) {
                    int n = filled(count, capacity);
                    List<H> result = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        result.add(handle.apply(address(buffer, i * ADDRESS.byteSize())));
                    }
                    return Collections.unmodifiableList(result);
                }
                if (rc != INSUFFICIENT_SIZE || attempt == MAX_GROWTHS) {
                    throw nvml.failure(cName, rc);
                }
                capacity = grow(capacity, count.get(JAVA_INT, 0));
            }
        }
    }

    /** The entries NVML reports filled, never more than the buffer holds. */
    private static int filled(MemorySegment count, int capacity) {
        int reported = count.get(JAVA_INT, 0);
        return reported < 0 ? capacity : Math.min(reported, capacity);
    }

    /** The next capacity: what NVML asked for when that is more, else double. */
    private static int grow(int capacity, int reported) {
        return reported > capacity ? reported : capacity * 2;
    }

    private static void checkCapacity(String cName, int capacity) {
        if (capacity < 0 || capacity > MAX_ARRAY_ENTRIES) {
            throw new NvmlException(cName, INSUFFICIENT_SIZE,
                    "NVML asked for a buffer of " + Integer.toUnsignedString(capacity) + " entries");
        }
    }

    private static long address(MemorySegment segment, long offset) {
        return segment.get(ADDRESS, offset).address();
    }
}
