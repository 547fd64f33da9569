package io.mig4j.nvml;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads libnvidia-ml through the best binding this JVM has: FFM on JDK 22+, JNA otherwise.
 *
 * <p>Backend: {@code mig4j.nvml.backend} system property ({@code ffm}, {@code jna}, {@code auto}; default auto).
 * Library: {@link Options#library}, else the {@code mig4j.nvml.library} system property, else the
 * {@code MIG4J_NVML_LIBRARY} environment variable, else the usual names and paths of the NVIDIA driver.
 * A machine without the driver gets {@link NvmlNotFoundException} ("NVML not found"), never an
 * {@code UnsatisfiedLinkError}.
 */
public final class NvmlLoader {
    /** System property choosing the backend: {@code ffm}, {@code jna} or {@code auto}. */
    public static final String BACKEND_PROPERTY = "mig4j.nvml.backend";
    /** System property with the path of libnvidia-ml. */
    public static final String LIBRARY_PROPERTY = "mig4j.nvml.library";
    /** Environment variable with the path of libnvidia-ml. */
    public static final String LIBRARY_ENV = "MIG4J_NVML_LIBRARY";

    /** Where the driver installs the library on common distributions and in containers. */
    static final List<String> DEFAULT_LIBRARIES = List.of("libnvidia-ml.so.1",
            "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1", "/usr/lib64/libnvidia-ml.so.1",
            "/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1", "/usr/local/nvidia/lib64/libnvidia-ml.so.1",
            "/run/nvidia/driver/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1", "/usr/lib/wsl/lib/libnvidia-ml.so.1");

    private static final String FFM_CLASS = "io.mig4j.nvml.internal.ffm.FfmNvml";
    private static final String JNA_CLASS = "io.mig4j.nvml.internal.jna.JnaNvml";

    /** Which binding to use. */
    public enum Backend {
        AUTO, FFM, JNA;

        static Backend parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(BACKEND_PROPERTY + " must be ffm, jna or auto, got '" + value + "'");
            }
        }
    }

    /**
     * Where to find the library and which backend to use; {@code null} fields fall back to the system
     * properties, the environment and the defaults.
     */
    public record Options(String library, Backend backend) {
        public static Options defaults() {
            return new Options(null, null);
        }

        public Options withLibrary(String path) {
            return new Options(path, backend);
        }

        public Options withBackend(Backend b) {
            return new Options(library, b);
        }
    }

    private NvmlLoader() {
    }

    /** Loads NVML with the defaults. The result is not initialized: call {@link Nvml#init()}. */
    public static Nvml load() {
        return load(Options.defaults());
    }

    /**
     * Loads NVML. The result is not initialized: call {@link Nvml#init()}.
     *
     * @throws NvmlNotFoundException when no candidate library can be loaded
     * @throws IllegalArgumentException for a bad backend name, or {@code ffm} on a JDK older than 22
     */
    public static Nvml load(Options options) {
        Objects.requireNonNull(options, "options");
        Backend backend = options.backend() != null ? options.backend()
                : Backend.parse(System.getProperty(BACKEND_PROPERTY, "auto"));
        String className = switch (backend) {
            case FFM -> {
                if (!ffmAvailable()) {
                    throw new IllegalArgumentException("the ffm backend needs JDK 22 or newer; this is "
                            + Runtime.version() + " (use the jna backend)");
                }
                yield FFM_CLASS;
            }
            case JNA -> JNA_CLASS;
            case AUTO -> ffmAvailable() ? FFM_CLASS : JNA_CLASS;
        };
        List<String> candidates = libraries(options);
        String firstFailure = null;
        for (String library : candidates) {
            try {
                return instantiate(className, library);
            } catch (NvmlNotFoundException e) {
                if (firstFailure == null) {
                    firstFailure = e.getMessage().replaceFirst("^NVML not found: ", "");
                }
            }
        }
        throw new NvmlNotFoundException((candidates.size() == 1 ? candidates.get(0) + " cannot be loaded ("
                + firstFailure + ")" : "the NVIDIA driver's libnvidia-ml.so.1 is in none of " + candidates.size()
                + " usual places (first: " + firstFailure + ")") + "; is the NVIDIA driver installed? Set "
                + LIBRARY_ENV + " (CLI: --nvml-library) to the library's path");
    }

    /** Whether this JVM can run the FFM binding. */
    public static boolean ffmAvailable() {
        return Runtime.version().feature() >= 22 && classPresent(FFM_CLASS);
    }

    static List<String> libraries(Options options) {
        String explicit = firstNonBlank(options.library(), System.getProperty(LIBRARY_PROPERTY),
                System.getenv(LIBRARY_ENV)).orElse(null);
        return explicit != null ? List.of(explicit) : DEFAULT_LIBRARIES;
    }

    private static Optional<String> firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, NvmlLoader.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Nvml instantiate(String className, String library) {
        try {
            return (Nvml) Class.forName(className).getConstructor(String.class).newInstance(library);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot create " + className, e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("mig4j's NVML binding " + className + " cannot be loaded ("
                    + e + ")" + (className.equals(JNA_CLASS) ? "; the jna backend needs net.java.dev.jna:jna on the"
                    + " classpath, or JDK 22+ for the ffm backend" : ""), e);
        }
    }
}
