package io.mig4j.cli;

import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlLoader;
import io.mig4j.testkit.nvml.FakeNvml;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where a command finds its GPUs: the NVIDIA driver through NVML ({@code --nvml}, the default) or a
 * {@code FakeNvml} node ({@code --fake <product>[x<count>]}) that behaves like real GPUs without hardware.
 */
final class NodeOptions {
    private static final Pattern FAKE = Pattern.compile("(?<product>.+?)(?:x(?<count>[0-9]+))?");

    @Option(names = "--nvml", description = "Use the GPUs of this machine through NVML (the default).")
    boolean nvml;

    @Option(names = "--fake", paramLabel = "<product>[x<count>]",
            description = "Use a fake node of <count> (default 1) GPUs of a catalog product, e.g. H100-80GBx8 or \"NVIDIA A100-SXM4-80GB\"x2.")
    String fake;

    @Option(names = "--nvml-library", paramLabel = "<path>",
            description = "Path of libnvidia-ml.so.1 (default: $MIG4J_NVML_LIBRARY, then the driver's usual places).")
    String library;

    @Option(names = "--backend", paramLabel = "ffm|jna|auto",
            description = "NVML binding (default: -Dmig4j.nvml.backend, else auto: ffm on JDK 22+, jna before).")
    String backend;

    boolean isFake() {
        return fake != null;
    }

    /** Loads and initializes NVML (or builds the fake). The caller shuts it down. */
    Nvml open() {
        if (fake != null && (nvml || library != null || backend != null)) {
            throw new BadInputException("--fake cannot be combined with --nvml, --nvml-library or --backend");
        }
        Nvml n = fake != null ? fake() : real();
        n.init();
        return n;
    }

    private Nvml fake() {
        String spec = fake.strip();
        if (spec.length() >= 2 && spec.startsWith("\"") && spec.lastIndexOf('"') > 0) {
            int close = spec.lastIndexOf('"');
            spec = spec.substring(1, close) + spec.substring(close + 1);
        }
        Matcher m = FAKE.matcher(spec);
        if (!m.matches()) {
            throw new BadInputException("--fake: expected <product>[x<count>], got '" + fake + "'");
        }
        int count = m.group("count") == null ? 1 : parseCount(m.group("count"));
        // nvidia-smi resets an idle GPU itself when MIG mode changes on bare metal; the fake node does the same
        return FakeNvml.builder().gpus(ProductOption.resolve(m.group("product").strip()), count)
                .resetOnMigModeChange(true).build();
    }

    private int parseCount(String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new BadInputException("--fake: the GPU count must be 1 to 64, got '" + digits + "'");
    }

    private Nvml real() {
        NvmlLoader.Options options = NvmlLoader.Options.defaults().withLibrary(library);
        if (backend != null) {
            try {
                options = options.withBackend(NvmlLoader.Backend.valueOf(backend.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--backend must be ffm, jna or auto, got '" + backend + "'");
            }
        }
        return NvmlLoader.load(options);
    }
}
