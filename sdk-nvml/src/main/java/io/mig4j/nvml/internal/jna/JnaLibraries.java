package io.mig4j.nvml.internal.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.mig4j.nvml.NvmlNotFoundException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens libnvidia-ml through JNA and binds {@link JnaNvml}'s direct-mapped functions to it, once per opened
 * library. Loading and binding live apart from {@link JnaNvml} so that class holds only the NVML calls
 * (it had grown past the team's ~600-line limit for {@code src/main}).
 */
final class JnaLibraries {

    /**
     * One bound copy of {@link NvmlDirect} per opened library: JNA direct mapping binds native methods to a
     * class, so a second {@link JnaNvml} of the same library reuses the first one's classes.
     */
    private static final Map<NativeLibrary, Binding> BINDINGS = new ConcurrentHashMap<>();

    private JnaLibraries() {
    }

    /**
     * The functions bound to one library.
     *
     * @param fns the direct-mapped calls
     * @param present by {@link Fn#ordinal()}: whether the library exports that function (an older driver may not)
     */
    record Binding(NvmlFunctions fns, boolean[] present) {

        /** The C functions this library lacks (an older driver), by name, sorted. */
        Set<String> missingFunctions() {
            Set<String> missing = new TreeSet<>();
            for (Fn f : Fn.values()) {
                if (!present[f.ordinal()]) {
                    missing.add(f.name());
                }
            }
            return Collections.unmodifiableSet(missing);
        }
    }

    /**
     * Opens libnvidia-ml and resolves its functions (bound once per library); does not call {@code nvmlInit_v2}.
     *
     * @param library a library name ({@code libnvidia-ml.so.1}) or a path
     * @throws NvmlNotFoundException when the library cannot be loaded or is not NVML
     */
    static Binding open(String library) {
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(library,
                    Map.of(Library.OPTION_CLASSLOADER, JnaNvml.class.getClassLoader()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new NvmlNotFoundException(loadError(library, e));
        }
        Binding binding = BINDINGS.computeIfAbsent(lib, JnaLibraries::bind);
        if (!binding.present()[Fn.nvmlInit_v2.ordinal()]) {
            throw new NvmlNotFoundException(library + " does not export nvmlInit_v2: it is not libnvidia-ml");
        }
        return binding;
    }

    private static String loadError(String library, Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // JNA lists every attempt on its own line (the same dlopen error more than once) and its classpath
        // search ("Native library (...) not found in resource path (...)"): keep each distinct dlopen error
        Set<String> lines = new LinkedHashSet<>();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("Native library (")) {
                lines.add(line.strip());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (sb.length() > 0) {
                sb.append(sb.charAt(sb.length() - 1) == ':' ? " " : "; ");
            }
            sb.append(line);
        }
        return sb.length() == 0 ? "cannot load " + library : sb.toString();
    }

    private static Binding bind(NativeLibrary lib) {
        BindingLoader loader = new BindingLoader(JnaNvml.class.getClassLoader());
        boolean[] present = new boolean[Fn.values().length];
        try {
            for (Fn f : Fn.values()) {
                try {
                    lib.getFunction(f.name());
                } catch (UnsatisfiedLinkError missing) {
                    continue;
                }
                Class<?> holder = Class.forName(BindingLoader.DIRECT + "$N_" + f.name(), true, loader);
                Native.register(holder, lib);
                present[f.ordinal()] = true;
            }
            Class<?> direct = Class.forName(BindingLoader.DIRECT, true, loader);
            return new Binding((NvmlFunctions) direct.getConstructor().newInstance(), present);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind mig4j's JNA NVML functions", e);
        }
    }
}
