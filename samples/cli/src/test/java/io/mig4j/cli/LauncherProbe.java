package io.mig4j.cli;

/** A stand-in for the CLI's jar in {@link LauncherCdsTest}: prints its arguments and the JVM's CDS/AOT flags. */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe " + String.join(" ", args));
        if (System.getenv("MIG4J_PROBE_UNSAFE") != null) {
            System.out.println("java " + Runtime.version().feature() + ", sun.misc.Unsafe memory access: "
                    + System.getProperty("sun.misc.unsafe.memory.access"));
        }
        boolean archive = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache="));
        System.err.println("archive flag: " + archive);
    }
}
