package io.mig4j.nvml.internal.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * One downcall handle per C shape, without a bound address: {@code (MemorySegment function, args...)}. The
 * names spell the parameters: {@code p} pointer or handle, {@code i} {@code unsigned int}; all return
 * {@code nvmlReturn_t} ({@code int}) except {@code nvmlErrorString}. {@code static final}, so constant for the
 * JIT; the wrappers are tiny and inline.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();

    private static final MethodHandle I = handle(FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle P = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PI = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IP = handle(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle PP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle PPI = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PPP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PIP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle PIPP =
            handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle PIIP =
            handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    /** {@code const char *nvmlErrorString(nvmlReturn_t)}: a table lookup, so critical (no safepoint poll). */
    private static final MethodHandle ERROR_STRING = handle(FunctionDescriptor.of(ADDRESS, JAVA_INT),
            Linker.Option.critical(false));

    private Downcalls() {
    }

    /** Forces class initialization (creating the handles) at a point where failures can be reported. */
    static void init() {
        // the static initializer has run by the time this returns
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(descriptor, options);
    }

    static int i(MemorySegment fn) {
        try {
            return (int) I.invokeExact(fn);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int p(MemorySegment fn, MemorySegment a) {
        try {
            return (int) P.invokeExact(fn, a);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int pi(MemorySegment fn, MemorySegment a, int b) {
        try {
            return (int) PI.invokeExact(fn, a, b);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int ip(MemorySegment fn, int a, MemorySegment b) {
        try {
            return (int) IP.invokeExact(fn, a, b);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int pp(MemorySegment fn, MemorySegment a, MemorySegment b) {
        try {
            return (int) PP.invokeExact(fn, a, b);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int ppi(MemorySegment fn, MemorySegment a, MemorySegment b, int c) {
        try {
            return (int) PPI.invokeExact(fn, a, b, c);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int ppp(MemorySegment fn, MemorySegment a, MemorySegment b, MemorySegment c) {
        try {
            return (int) PPP.invokeExact(fn, a, b, c);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int pip(MemorySegment fn, MemorySegment a, int b, MemorySegment c) {
        try {
            return (int) PIP.invokeExact(fn, a, b, c);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int pipp(MemorySegment fn, MemorySegment a, int b, MemorySegment c, MemorySegment d) {
        try {
            return (int) PIPP.invokeExact(fn, a, b, c, d);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static int piip(MemorySegment fn, MemorySegment a, int b, int c, MemorySegment d) {
        try {
            return (int) PIIP.invokeExact(fn, a, b, c, d);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    static MemorySegment errorString(MemorySegment fn, int code) {
        try {
            return (MemorySegment) ERROR_STRING.invokeExact(fn, code);
        } catch (Throwable t) {
            throw propagate(t);
        }
    }

    private static RuntimeException propagate(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a downcall", t);
    }
}
