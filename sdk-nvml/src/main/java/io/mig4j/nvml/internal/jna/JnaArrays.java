package io.mig4j.nvml.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.mig4j.api.Placement;
import io.mig4j.nvml.NvmlReturn;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link JnaNvml}'s calls whose out-parameter is an array with a count (placements, instance handles: 8-byte
 * entries), read from the thread's {@link Scratch} buffer in one call where it fits.
 */
final class JnaArrays {
    /** Arrays (placements, handles: 8 bytes each) start after the count in the scratch buffer. */
    private static final int ARRAY = 8;
    private static final int SCRATCH_ENTRIES = (Scratch.STRING_IN - ARRAY) / 8;
    private static final int MAX_SIZE_ATTEMPTS = 4;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.value();

    private JnaArrays() {
    }


    @FunctionalInterface
    interface ArrayCall {
        /** Calls the C function with an array of {@code *count} 8-byte entries; returns its code. */
        int call(long array, long count);
    }

    @FunctionalInterface
    interface EntryDecoder<T> {
        /** Reads one 8-byte entry at {@code offset}. */
        T decode(ByteBuffer buffer, int offset);
    }

    /** {@code nvml*Placement_t}: {@code {unsigned int start; unsigned int size;}}. */
    static Placement placement(ByteBuffer b, int offset) {
        return new Placement(b.getInt(offset), b.getInt(offset + 4));
    }

    /**
     * Calls an array-filling function with the scratch buffer's room ({@value #SCRATCH_ENTRIES} entries), growing
     * the array (beyond the scratch buffer if need be) while the library answers
     * {@code NVML_ERROR_INSUFFICIENT_SIZE}. For placements this is one NVML call per query instead of
     * count-then-fill's two (each a driver round trip of about 0.18 ms on an H200, docs/BENCHMARKS.md); and since a
     * real driver writes every placement whatever {@code *count} says (measured on that H200,
     * docs/nvml-probe-h200-580.159.04.txt), the first buffer must hold more placements than any profile has, which
     * this one does by far (a placement is a distinct start among at most 12 placement units).
     */
    static <T> List<T> list(JnaNvml nvml, Fn f, ArrayCall call, EntryDecoder<T> decode) {
        nvml.need(f);
        Scratch s = Scratch.get();
        int capacity = SCRATCH_ENTRIES;
        Memory big = null;
        long array = s.address + ARRAY;
        for (int attempt = 1; ; attempt++) {
            s.putInt(0, capacity);
            int rc = call.call(array, s.address);
            Reference.reachabilityFence(big);
            if (rc == 0) {
                int n = Math.min(Math.max(s.getInt(0), 0), capacity);
                ByteBuffer entries = big == null ? s.buf
                        : big.getByteBuffer(0, 8L * capacity).order(ByteOrder.nativeOrder());
                int base = big == null ? ARRAY : 0;
                List<T> result = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    result.add(decode.decode(entries, base + 8 * i));
                }
                Reference.reachabilityFence(big);
                return Collections.unmodifiableList(result);
            }
            if (rc != INSUFFICIENT_SIZE || attempt >= MAX_SIZE_ATTEMPTS) {
                throw nvml.failure(f, rc);
            }
            int needed = s.getInt(0);
            capacity = needed > capacity && needed < (1 << 20) ? needed : capacity * 2;
            big = new Memory(8L * capacity);
            array = Pointer.nativeValue(big);
        }
    }
}
