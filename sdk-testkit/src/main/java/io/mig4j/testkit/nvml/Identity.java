package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlReturn;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;

/** The fake's made-up but stable identities (UUIDs, PCI bus numbers, subsystem ids) and NVML's error texts. */
final class Identity {
    /** What {@link #uuid} derives: a GPU's UUID or a MIG device's. */
    static final int GPU = 1;
    static final int MIG_DEVICE = 2;

    private Identity() {
    }

    /** A deterministic UUID from the seed and a few numbers; version 5 layout for MIG devices, as real ones show. */
    static String uuid(long seed, int kind, int gpu, long counter, boolean versioned) {
        long mix = seed * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + gpu * 0x94D049BB133111EBL
                + counter * 0xD6E8FEB86659FD93L;
        SplittableRandom r = new SplittableRandom(mix);
        long msb = r.nextLong();
        long lsb = r.nextLong();
        if (versioned) {
            msb = (msb & ~0xF000L) | 0x5000L;
            lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        }
        return new UUID(msb, lsb).toString();
    }

    /** Distinct PCI bus numbers, ascending, so GPU index order is PCI bus order as NVML enumerates. */
    static int[] busNumbers(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5043494275734964L);
        TreeSet<Integer> buses = new TreeSet<>();
        while (buses.size() < n) {
            buses.add(1 + r.nextInt(0xFE));
        }
        return buses.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A made-up but stable subsystem device id (the real ones depend on the board vendor). */
    static int subsystemId(int deviceId) {
        return 0x1000 | (deviceId & 0x0FFF);
    }

    /** {@code [domain, bus, device, function]} of {@code 00000000:18:00.0}, {@code 0000:18:00.0} or {@code 18:00.0}. */
    static int[] parseBusId(String text) {
        String s = text.strip();
        String[] colon = s.split(":", -1);
        if (colon.length < 2 || colon.length > 3) {
            return null;
        }
        String last = colon[colon.length - 1];
        int dot = last.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            int domain = colon.length == 3 ? Integer.parseUnsignedInt(colon[0], 16) : 0;
            int bus = Integer.parseInt(colon[colon.length - 2], 16);
            int dev = Integer.parseInt(last.substring(0, dot), 16);
            int fn = Integer.parseInt(last.substring(dot + 1), 16);
            return new int[] {domain, bus, dev, fn};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code nvmlErrorString}'s text for a code. */
    static String errorString(int code) {
        NvmlReturn r = NvmlReturn.of(code);
        return switch (r) {
            case SUCCESS -> "Success";
            case ERROR_UNINITIALIZED -> "Uninitialized";
            case ERROR_INVALID_ARGUMENT -> "Invalid Argument";
            case ERROR_NOT_SUPPORTED -> "Not Supported";
            case ERROR_NO_PERMISSION -> "Insufficient Permissions";
            case ERROR_NOT_FOUND -> "Not Found";
            case ERROR_GPU_IS_LOST -> "GPU is lost";
            case ERROR_LIB_RM_VERSION_MISMATCH -> "Driver/library version mismatch";
            case ERROR_IN_USE -> "In use by another client";
            case ERROR_INSUFFICIENT_RESOURCES -> "Insufficient Resources";
            case ERROR_UNKNOWN, UNRECOGNIZED -> "Unknown Error";
            default -> r.description();
        };
    }
}
