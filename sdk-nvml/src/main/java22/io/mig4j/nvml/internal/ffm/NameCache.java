package io.mig4j.nvml.internal.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes the {@code char name[96]} of NVML's profile-info structs without building a new {@link String} each time.
 *
 * <p>A GPU has a few dozen profile names ({@code MIG 1g.10gb}, {@code MIG 1c.3g.40gb}, ...), and they never change
 * while the driver is loaded, but decoding one costs about as much as the whole downcall (a byte scan, a
 * {@code byte[]}, a UTF-8 decode). This cache reads the name eight bytes at a time, finds the terminator with a
 * SWAR zero-byte test, hashes the words and returns the cached {@code String} when the slot holds exactly these
 * bytes; otherwise it decodes and replaces the slot.
 *
 * <p>The table is shared by all threads without locks: entries are immutable (final fields, so a racy read sees a
 * complete entry) and a lost update only costs a later decode. Strings that fill the buffer without a terminator,
 * and lengths that are not a multiple of eight, fall back to {@link Scratch#cString}.
 */
final class NameCache {

    private static final ValueLayout.OfLong WORD =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final int SLOTS = 128;

    private static final Entry[] TABLE = new Entry[SLOTS];

    /** One decoded name: its bytes as little-endian words (the last one masked after the terminator). */
    private record Entry(long[] words, int length, String value) {
    }

    private NameCache() {
    }

    /** The NUL-terminated string in {@code segment[offset, offset + max)}, {@code max} a multiple of 8. */
    static String get(MemorySegment segment, long offset, int max) {
        if ((max & 7) != 0) {
            return Scratch.cString(segment, offset, max);
        }
        int words = max >>> 3;
        long hash = 0;
        int length = -1;
        int used = 0;
        long last = 0;
        for (int i = 0; i < words; i++) {
            long w = segment.get(WORD, offset + ((long) i << 3));
            long zero = (w - ONES) & ~w & HIGHS;
            if (zero != 0) {
                int bytes = Long.numberOfTrailingZeros(zero) >>> 3;
                w &= bytes == 0 ? 0L : -1L >>> (64 - (bytes << 3));
                length = (i << 3) + bytes;
                hash = mix(hash, w);
                used = i + 1;
                last = w;
                break;
            }
            hash = mix(hash, w);
        }
        if (length < 0) {
            return Scratch.cString(segment, offset, max);
        }
        int slot = (int) (hash ^ (hash >>> 32)) & (SLOTS - 1);
        Entry e = TABLE[slot];
        if (e != null && e.length == length && matches(e.words, segment, offset, used, last)) {
            return e.value;
        }
        String value = Scratch.cString(segment, offset, length);
        long[] copy = new long[used];
        for (int i = 0; i < used - 1; i++) {
            copy[i] = segment.get(WORD, offset + ((long) i << 3));
        }
        copy[used - 1] = last;
        TABLE[slot] = new Entry(copy, length, value);
        return value;
    }

    private static boolean matches(long[] words, MemorySegment segment, long offset, int used, long last) {
        if (words.length != used || words[used - 1] != last) {
            return false;
        }
        for (int i = 0; i < used - 1; i++) {
            if (words[i] != segment.get(WORD, offset + ((long) i << 3))) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long hash, long word) {
        long h = (hash ^ word) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
