package io.mig4j.nvml.internal.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Per-thread native scratch memory for out-parameters and fixed-size structs, so that the cheap NVML calls
 * (counts, MIG mode, profile info, remaining capacity, ...) allocate no native memory and no arena per call.
 *
 * <p>Each thread gets one {@link #SIZE}-byte segment the first time it calls NVML, from an automatic arena: the
 * memory goes back to the allocator when the thread (platform or virtual) ends and its thread-local is collected.
 * Segments of an automatic arena cost no atomic acquire/release when passed to a downcall, unlike a shared arena.
 * A call uses the scratch only between entering and leaving the binding and NVML never calls back, so a segment
 * is never used by two calls at once.
 *
 * <p>Layout: {@code [0, DATA_SIZE)} holds the struct, string buffer or array of the current call (out-parameters
 * at 0, 4, 8, ...); {@link #COUNT_OFFSET} holds the {@code unsigned int *count} of the count-then-fill calls.
 */
final class Scratch {

    /**
     * Bytes per thread: the largest struct (152) several times over, and a 127-entry handle or placement array (NVML
     * writes every placement of a profile whatever the buffer, so the placement buffer is sized for far more
     * placements than any GPU has).
     */
    static final int SIZE = 1024;
    /** {@code unsigned int} count of an array call. */
    static final long COUNT_OFFSET = SIZE - 8;
    /** Bytes usable for the struct, string or array of a call. */
    static final int DATA_SIZE = (int) COUNT_OFFSET;
    /** Bytes offered to NVML for a returned string (names, UUIDs, versions); NVML's largest buffer constant is 96. */
    static final int STRING_BUFFER_SIZE = 256;

    private static final ThreadLocal<MemorySegment> SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SIZE, 8));

    static {
        if (NvmlLayouts.MAX_STRUCT_SIZE > DATA_SIZE) {
            throw new AssertionError("scratch smaller than the largest NVML struct");
        }
    }

    private Scratch() {
    }

    /** This thread's scratch segment. */
    static MemorySegment get() {
        return SEGMENT.get();
    }

    /**
     * The NUL-terminated string at {@code offset}, reading at most {@code max} bytes (a string that fills its
     * buffer without a terminator is cut there rather than read past the end), decoded as UTF-8.
     */
    static String cString(MemorySegment segment, long offset, int max) {
        int length = 0;
        while (length < max && segment.get(JAVA_BYTE, offset + length) != 0) {
            length++;
        }
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code value} as a NUL-terminated UTF-8 string at {@code offset} and returns the slice holding it, or
     * {@code null} when it does not fit in {@code max} bytes (the caller then uses an arena).
     */
    static MemorySegment putCString(MemorySegment segment, long offset, byte[] utf8, int max) {
        if (utf8.length + 1 > max) {
            return null;
        }
        MemorySegment.copy(utf8, 0, segment, JAVA_BYTE, offset, utf8.length);
        segment.set(JAVA_BYTE, offset + utf8.length, (byte) 0);
        return segment.asSlice(offset, utf8.length + 1L);
    }
}
