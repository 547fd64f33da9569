package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.UnknownProductException;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlLoader;
import io.mig4j.testkit.nvml.FakeNvml;
import picocli.CommandLine.Option;

/**
 * Where a command finds its GPUs: the NVIDIA driver through NVML ({@code --nvml}, the default) or a
 * {@code FakeNvml} node ({@code --fake <product>[x<count>]}) that behaves like real GPUs without hardware.
 */
final class NodeOptions {
    static final int MAX_FAKE_GPUS = 64;

    @Option(names = "--nvml", description = "Use the GPUs of this machine through NVML (the default).")
    boolean nvml;

    @Option(names = "--fake", paramLabel = "<product>[x<count>]",
            description = "Use a fake node of <count> (1 to 64, default 1) GPUs of a catalog product, e.g. H100-80GBx8 or \"NVIDIA A100-SXM4-80GB\"x2.")
    String fake;

    @Option(names = "--mig", paramLabel = "on|off",
            description = "With --fake: start the fake GPUs with MIG mode on (default off).")
    String fakeMig;

    @Option(names = "--nvml-library", paramLabel = "<path>",
            description = "Path of libnvidia-ml.so.1 (default: $MIG4J_NVML_LIBRARY, then the driver's usual places).")
    String library;

    @Option(names = "--backend", paramLabel = "ffm|jna|auto",
            description = "NVML binding (default: -Dmig4j.nvml.backend, else auto: ffm on JDK 22+, jna before).")
    String backend;

    boolean isFake() {
        return fake != null;
    }

    /** An opened node: NVML (real or fake) plus what must happen when the command is done with it. */
    static class Node implements AutoCloseable {
        private final Nvml nvml;

        Node(Nvml nvml) {
            this.nvml = nvml;
        }

        Nvml nvml() {
            return nvml;
        }

        /** Says the command changed the node (a fake node with a state file saves it on close). */
        void changed() {
        }

        @Override
        public void close() {
            nvml.close();
        }
    }

    /** Loads and initializes NVML (or builds the fake). The caller closes it. */
    Node open() {
        if (fake != null && (nvml || library != null || backend != null)) {
            throw new BadInputException("--fake cannot be combined with --nvml, --nvml-library or --backend");
        }
        if (fakeMig != null && fake == null) {
            throw new BadInputException("--mig " + fakeMig + " sets the MIG mode of a fake node; it needs --fake");
        }
        Nvml n = fake != null ? fake() : real();
        n.init();
        return new Node(n);
    }

    private Nvml fake() {
        FakeSpec spec = FakeSpec.parse(fake);
        boolean migOn = migOn();
        // nvidia-smi resets an idle GPU itself when MIG mode changes on bare metal; the fake node does the same
        FakeNvml.Builder b = FakeNvml.builder().gpus(spec.product(), spec.count()).resetOnMigModeChange(true);
        if (migOn) {
            b.migEnabled(true);
        }
        return b.build();
    }

    private boolean migOn() {
        if (fakeMig == null) {
            return false;
        }
        switch (fakeMig.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on": case "enabled": case "enable": case "1": return true;
            case "off": case "disabled": case "disable": case "0": return false;
            default: throw new BadInputException("--mig must be on or off, got '" + fakeMig + "'");
        }
    }

    /** {@code <product>[x<count>]}, the product optionally in double quotes. */
    record FakeSpec(GpuProduct product, int count) {
        static FakeSpec parse(String text) {
            String spec = text.strip();
            if (spec.isEmpty()) {
                throw new BadInputException("--fake: expected <product>[x<count>], e.g. H100-80GBx8, got an empty value");
            }
            if (spec.startsWith("\"")) {
                int close = spec.lastIndexOf('"');
                if (close <= 0) {
                    throw new BadInputException("--fake " + text + ": the product name's closing double quote is missing");
                }
                String product = spec.substring(1, close);
                String rest = spec.substring(close + 1).strip();
                if (rest.isEmpty()) {
                    return new FakeSpec(ProductOption.resolve(product), 1);
                }
                if (!rest.startsWith("x")) {
                    throw new BadInputException("--fake " + text + ": expected x<count> after the quoted product, got '"
                            + rest + "'");
                }
                return new FakeSpec(ProductOption.resolve(product), count(text, rest.substring(1)));
            }
            UnknownProductException unknown;
            try {
                return new FakeSpec(ProductOption.resolve(spec), 1);
            } catch (UnknownProductException e) {
                unknown = e;
            }
            int x = spec.lastIndexOf('x');
            if (x <= 0) {
                throw unknown;
            }
            GpuProduct product;
            try {
                product = ProductOption.resolve(spec.substring(0, x).strip());
            } catch (UnknownProductException e) {
                // "nosuchx8": the product part is what is unknown; "nosuch-x-y": the whole text is
                throw spec.substring(x + 1).strip().matches("[-+]?[0-9]+") ? e : unknown;
            }
            return new FakeSpec(product, count(text, spec.substring(x + 1)));
        }

        private static int count(String text, String digits) {
            String d = digits.strip();
            if (d.matches("[0-9]{1,9}")) {
                int n = Integer.parseInt(d);
                if (n >= 1 && n <= MAX_FAKE_GPUS) {
                    return n;
                }
            }
            throw new BadInputException("--fake " + text + ": the GPU count after 'x' must be a whole number from 1 to "
                    + MAX_FAKE_GPUS + ", got '" + d + "'");
        }
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
