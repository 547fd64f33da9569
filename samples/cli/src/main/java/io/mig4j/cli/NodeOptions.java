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

    @Option(names = "--fake-state", paramLabel = "<file.json>",
            description = "Keep the fake node in this file across runs: loaded when it exists (else built from --fake),"
                    + " saved back by every command that changes the node.")
    java.nio.file.Path fakeState;

    @Option(names = "--mig", paramLabel = "on|off",
            description = "With --fake: start the fake GPUs with MIG mode on (default off).")
    String fakeMig;

    @Option(names = "--fake-missing", split = ",", paramLabel = "<nvml-function>",
            description = "With --fake: the fake driver lacks these NVML functions (FUNCTION_NOT_FOUND), like an older"
                    + " driver, e.g. nvmlGpuInstanceGetComputeInstancePossiblePlacements.")
    java.util.List<String> fakeMissing;

    @Option(names = "--nvml-library", paramLabel = "<path>",
            description = "Path of libnvidia-ml.so.1 (default: $MIG4J_NVML_LIBRARY, then the driver's usual places).")
    String library;

    @Option(names = "--backend", paramLabel = "ffm|jna|auto",
            description = "NVML binding (default: -Dmig4j.nvml.backend, else auto: ffm on JDK 22+, jna before).")
    String backend;

    boolean isFake() {
        return fake != null || fakeState != null;
    }

    /** An opened node: NVML (real or fake) plus what must happen when the command is done with it. */
    static class Node implements AutoCloseable {
        private final Nvml nvml;
        private final java.nio.file.Path stateFile;
        private boolean dirty;

        Node(Nvml nvml) {
            this(nvml, null, false);
        }

        Node(Nvml nvml, java.nio.file.Path stateFile, boolean dirty) {
            this.nvml = nvml;
            this.stateFile = stateFile;
            this.dirty = dirty;
        }

        Nvml nvml() {
            return nvml;
        }

        /** Says the command changed the node (a fake node with a state file saves it on close). */
        void changed() {
            dirty = true;
        }

        @Override
        public void close() {
            try {
                if (dirty && stateFile != null) {
                    save();
                }
            } finally {
                nvml.close();
            }
        }

        private void save() {
            String json = io.mig4j.testkit.nvml.FakeNvmlState.write((FakeNvml) nvml, FakeNvml.DEFAULT_SEED);
            try {
                java.nio.file.Path dir = stateFile.toAbsolutePath().getParent();
                java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, ".mig4j-state", ".tmp");
                java.nio.file.Files.writeString(tmp, json);
                java.nio.file.Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new BadInputException("--fake-state " + stateFile + ": cannot save the node: " + e.getMessage());
            }
        }
    }

    /** Loads and initializes NVML (or builds the fake). The caller closes it. */
    Node open() {
        if (fake != null && (nvml || library != null || backend != null)) {
            throw new BadInputException("--fake cannot be combined with --nvml, --nvml-library or --backend");
        }
        if (fakeMissing != null && fake == null && fakeState == null) {
            throw new BadInputException("--fake-missing makes functions of a fake node's driver missing; it needs --fake");
        }
        if (fakeMig != null && fake == null && fakeState == null) {
            throw new BadInputException("--mig " + fakeMig + " sets the MIG mode of a fake node; it needs --fake");
        }
        if (fakeState != null) {
            return stateNode();
        }
        Nvml n = fake != null ? fake() : real();
        n.init();
        return new Node(n);
    }

    /** {@code --fake-state}: the node in the file, or a new one from {@code --fake} that the file will hold. */
    private Node stateNode() {
        if (nvml || library != null || backend != null) {
            throw new BadInputException("--fake-state keeps a fake node; it cannot be combined with --nvml,"
                    + " --nvml-library or --backend");
        }
        if (!java.nio.file.Files.exists(fakeState)) {
            if (fake == null) {
                throw new BadInputException("--fake-state " + fakeState + ": no such file; to start a new fake node"
                        + " there, add --fake <product>[x<count>]");
            }
            Nvml n = fake();
            n.init();
            return new Node(n, fakeState, true);
        }
        String json = InputFile.read(fakeState, "a fake node state file (JSON)");
        FakeNvml.Builder builder = FakeNvml.builder().resetOnMigModeChange(true);
        io.mig4j.testkit.nvml.FakeNvmlState.Restored restored;
        try {
            restored = io.mig4j.testkit.nvml.FakeNvmlState.read(json, builder);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--fake-state " + fakeState + ": " + e.getMessage());
        }
        FakeNvml n = restored.nvml();
        if (fake != null) {
            FakeSpec spec = FakeSpec.parse(fake);
            boolean same = n.gpuCount() == spec.count();
            for (int i = 0; same && i < n.gpuCount(); i++) {
                same = n.product(i).alias().equals(spec.product().alias());
            }
            if (!same) {
                n.close();
                throw new BadInputException("--fake " + fake + " does not describe the node in " + fakeState + " ("
                        + n.gpuCount() + " x " + n.product(0).alias() + "); drop --fake, or use a new state file");
            }
        }
        if (fakeMig != null) { // the same flags on every run of a sequence are fine while they describe the node
            int wanted = migOn() ? io.mig4j.nvml.MigModeInfo.ENABLE : io.mig4j.nvml.MigModeInfo.DISABLE;
            for (int i = 0; i < n.gpuCount(); i++) {
                if (n.deviceGetMigMode(n.deviceGetHandleByIndex(i)).current() != wanted) {
                    n.close();
                    throw new BadInputException("--mig " + fakeMig + " sets the MIG mode a new fake node starts with,"
                            + " but GPU " + i + " in " + fakeState + " has MIG mode "
                            + (wanted == io.mig4j.nvml.MigModeInfo.ENABLE ? "off" : "on")
                            + " (use 'mig4j mig enable|disable' to change it)");
                }
            }
        }
        applyMissing(n);
        return new Node(n, fakeState, false);
    }

    private FakeNvml fake() {
        FakeSpec spec = FakeSpec.parse(fake);
        boolean migOn = migOn();
        // nvidia-smi resets an idle GPU itself when MIG mode changes on bare metal; the fake node does the same
        FakeNvml.Builder b = FakeNvml.builder().gpus(spec.product(), spec.count()).resetOnMigModeChange(true);
        if (migOn) {
            b.migEnabled(true);
        }
        FakeNvml built = b.build();
        applyMissing(built);
        return built;
    }

    private void applyMissing(FakeNvml built) {
        if (fakeMissing != null) {
            java.util.Set<io.mig4j.nvml.NvmlFunction> missing = java.util.EnumSet.noneOf(io.mig4j.nvml.NvmlFunction.class);
            for (String name : fakeMissing) {
                try {
                    missing.add(io.mig4j.nvml.NvmlFunction.of(name.strip()));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--fake-missing: " + e.getMessage());
                }
            }
            built.faultDispatcher((function, gpu, arguments) -> missing.contains(function)
                    ? java.util.Optional.of(io.mig4j.testkit.nvml.Fault.returns(io.mig4j.nvml.NvmlReturn.ERROR_FUNCTION_NOT_FOUND))
                    : java.util.Optional.empty());
        }
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
                if (!rest.startsWith("x") && !rest.startsWith("X")) {
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
            int x = Math.max(spec.lastIndexOf('x'), spec.lastIndexOf('X')); // H100-80GBx2, or X2 as people also write
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
        // a relative path is the user's, from the working directory; JNA would search its library path for it
        String path = library != null && library.contains("/")
                ? java.nio.file.Path.of(library).toAbsolutePath().normalize().toString() : library;
        NvmlLoader.Options options = NvmlLoader.Options.defaults().withLibrary(path);
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
