package io.mig4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * sdk-nvml's C doubles of libnvidia-ml, which its test phase builds with gcc. A developer build without gcc skips
 * the tests that need them; a CI build ({@code -Pci} or {@code CI=true}, which sets
 * {@code mig4j.test.requireNvmlDouble}) fails them instead, as sdk-nvml's own binding tests do (issue 6 §4).
 */
final class NvmlDoubles {
    static final Path CURRENT = Path.of("../../sdk-nvml/target/nvml-double/libnvidia-ml.so.1");
    static final Path OLD_DRIVER = Path.of("../../sdk-nvml/target/nvml-double-old/libnvidia-ml.so.1");

    private NvmlDoubles() {
    }

    /** The library, or the test skipped (developer build) or failed (CI) when the build did not make it. */
    static Path require(Path library) {
        String why = "sdk-nvml's C double " + library + " was not built (gcc missing, or sdk-nvml's tests skipped)";
        if (Boolean.getBoolean("mig4j.test.requireNvmlDouble")) {
            Assertions.assertTrue(Files.isRegularFile(library), why + "; a CI build never skips it");
        } else {
            Assumptions.assumeTrue(Files.isRegularFile(library), why);
        }
        return library;
    }
}
