package io.mig4j.nvml.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One thread's native memory for NVML's out-parameters, structs, arrays and input strings: a direct
 * buffer whose address is passed to the C functions, read back with the buffer's intrinsified accessors
 * (no JNI call per field). Reused by every call on the thread, so the hot path allocates nothing but the
 * Java result.
 *
 * <p>Layout: {@code [0, STRING_IN)} outputs (scalars, structs, count + array), {@code [STRING_IN, SIZE)}
 * an input C string.
 */
final class Scratch {
    static final int SIZE = 4096;
    /** Where input strings go (UUIDs, PCI bus ids). */
    static final int STRING_IN = 3072;
    /** Largest input string, NUL included. */
    static final int STRING_IN_MAX = SIZE - STRING_IN;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);
    private static final int NAME_CACHE = 64;

    final ByteBuffer buf;
    final long address;
    private final byte[] bytes = new byte[SIZE];
    /** Decoded strings by content: profile names, UUIDs and versions repeat, so most reads reuse one. */
    private final byte[][] cacheKeys = new byte[NAME_CACHE][];
    private final String[] cacheValues = new String[NAME_CACHE];

    private Scratch() {
        buf = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        address = Pointer.nativeValue(Native.getDirectBufferPointer(buf));
    }

    static Scratch get() {
        return CURRENT.get();
    }

    int getInt(int offset) {
        return buf.getInt(offset);
    }

    long getLong(int offset) {
        return buf.getLong(offset);
    }

    void putInt(int offset, int value) {
        buf.putInt(offset, value);
    }

    /** The NUL-terminated string at {@code offset}, at most {@code max} bytes, as UTF-8. */
    String string(int offset, int max) {
        ByteBuffer b = buf;
        int n = 0;
        int h = 0;
        for (byte c; n < max && (c = b.get(offset + n)) != 0; n++) {
            h = 31 * h + c;
        }
        int slot = (h ^ (h >>> 16)) & (NAME_CACHE - 1);
        byte[] key = cacheKeys[slot];
        if (key != null && key.length == n && sameBytes(key, offset)) {
            return cacheValues[slot];
        }
        b.get(offset, bytes, 0, n);
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        cacheKeys[slot] = Arrays.copyOf(bytes, n);
        cacheValues[slot] = s;
        return s;
    }

    private boolean sameBytes(byte[] key, int offset) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buf.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code s} as a NUL-terminated UTF-8 string at {@link #STRING_IN}; returns its address.
     *
     * @throws IllegalArgumentException when it does not fit or contains NUL
     */
    long inputString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= STRING_IN_MAX) {
            throw new IllegalArgumentException("string too long for NVML (" + b.length + " bytes)");
        }
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("string contains NUL");
            }
        }
        buf.put(STRING_IN, b, 0, b.length);
        buf.put(STRING_IN + b.length, (byte) 0);
        return address + STRING_IN;
    }
}
