package io.mig4j.cli;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.ProfileDiscovery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mig4j mig ...}: MIG mode ({@code enable}, {@code disable}) and the instance-level commands users know from
 * {@code nvidia-smi mig}, with nvidia-smi's short names as aliases. Their output follows nvidia-smi's (GI/CI IDs,
 * profile name and ID, placement {@code start:size}); a failure names NVML's error, exits 1, and stops at the
 * first failure as nvidia-smi does, keeping what was created before it. Mutations on {@code --nvml} need
 * {@code --apply}; fake nodes change at once (with {@code --fake-state}, across runs).
 */
@Command(name = "mig", mixinStandardHelpOptions = true,
        description = {"MIG mode and GPU/compute instances, like nvidia-smi mig.",
                "Exit code 0 done, 1 NVML refused (the error is named), 2 bad input."},
        subcommands = {MigModeCommand.Enable.class, MigModeCommand.Disable.class,
                MigListCommands.ListGpuInstanceProfiles.class, MigListCommands.ListGpuInstancePlacements.class,
                MigCommand.CreateGpuInstances.class, MigCommand.CreateComputeInstances.class,
                MigListCommands.ListGpuInstances.class, MigListCommands.ListComputeInstances.class,
                MigCommand.DestroyGpuInstances.class, MigCommand.DestroyComputeInstances.class})
final class MigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (enable, disable,"
                + " lgip, lgipp, cgi, cci, lgi, lci, dgi, dci)");
    }

    /** What every instance command shares: the node, the GPUs, JSON. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions node;

        @Option(names = {"--gpu", "-i"}, split = ",", paramLabel = "<index|uuid>",
                description = "GPUs (NVML indexes or UUIDs, comma-separated; default: all).")
        List<String> gpus;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /**
         * Prints a listing as nvidia-smi's list commands do: with {@code --json} one document {@code {key: rows}},
         * else the table, or {@code none} when there are no rows and the command has a message for that.
         */
        int printListing(String key, List<Map<String, Object>> rows, Table table, String none) {
            if (json) {
                Json.print(out(), Map.of(key, rows));
            } else if (rows.isEmpty() && none != null) {
                out().println(none);
            } else {
                table.print(out());
            }
            return ExitCodes.OK;
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        List<Integer> selected(Nvml nvml) {
            Set<Integer> s = GpuSelector.resolve(nvml, gpus);
            if (s.isEmpty()) {
                for (int i = 0; i < nvml.deviceGetCount(); i++) {
                    s.add(i);
                }
            }
            return new ArrayList<>(s);
        }

        @Override
        public Integer call() {
            try (NodeOptions.Node opened = node.open()) {
                return run(opened);
            }
        }

        abstract int run(NodeOptions.Node node);
    }

    /** A changing command: dry run on real GPUs without --apply; stops at the first NVML failure. */
    abstract static class Mutation extends Base {
        @Option(names = "--apply", description = "On --nvml: make the change (default: dry run). Fake nodes change at once.")
        boolean apply;

        final List<Map<String, Object>> done = new ArrayList<>();

        boolean dryRun() {
            return !node.isFake() && !apply;
        }

        /** Runs the steps; on an NVML failure prints nvidia-smi's sentence and returns exit code 1. */
        @Override
        int run(NodeOptions.Node opened) {
            Nvml nvml = opened.nvml();
            MigManager reader = MigManager.builder(nvml).build();
            List<Integer> targets = selected(nvml);
            String failure = null;
            NvmlException cause = null;
            try {
                for (int g : targets) {
                    steps(nvml, reader, g, opened);
                }
            } catch (Failed f) {
                failure = f.getMessage();
                cause = f.cause;
            }
            boolean nothing = failure == null && done.isEmpty() && nothingFound() != null;
            if (nothing && createsSomething()) { // asked to create in GPU instances that do not exist: not met
                failure = nothingFound() + " (NOT_FOUND)";
                cause = new NvmlException("nvmlDeviceGetGpuInstances", NvmlReturn.ERROR_NOT_FOUND);
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("dryRun", dryRun());
                doc.put(resultName(), done);
                if (failure != null) {
                    doc.put("error", failure);
                    doc.put("nvmlError", errorName(cause));
                    doc.put("exitCode", ExitCodes.FAILURE);
                }
                Json.print(out(), doc);
            }
            if (failure != null) {
                err().println("mig4j: " + failure);
                return ExitCodes.FAILURE;
            }
            if (nothing && !json) {
                out().println(nothingFound());
            } else if (dryRun() && !json) {
                out().println("dry run: nothing was changed; re-run with --apply to make the change");
            }
            return ExitCodes.OK;
        }

        abstract String resultName();

        /** What nvidia-smi says when the command finds nothing to work on, or null where that cannot happen. */
        String nothingFound() {
            return null;
        }

        /** Whether finding nothing leaves the request unmet (create-ci: exit 1) rather than done (destroy: exit 0). */
        boolean createsSomething() {
            return false;
        }

        abstract void steps(Nvml nvml, MigManager reader, int gpu, NodeOptions.Node node);

        void report(String line, Map<String, Object> entry) {
            done.add(entry);
            if (!json) {
                out().println((dryRun() ? "would have " : "") + line);
            }
        }
    }

    /** An NVML failure as nvidia-smi words it, ending the command. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient NvmlException cause;

        /** nvidia-smi's sentence ends with NVML's own words for the error ({@code nvmlErrorString}); the name follows. */
        Failed(String message, NvmlException cause, Nvml nvml) {
            super(message + ": " + errorWords(nvml, cause) + " (" + errorName(cause) + ")");
            this.cause = cause;
        }
    }

    /**
     * NVML's text for an error, as nvidia-smi prints it ("Insufficient Resources", "In use by another client",
     * "Not Found"): {@code nvmlErrorString}, or mig4j's description where the library gives nothing.
     */
    static String errorWords(Nvml nvml, NvmlException e) {
        try {
            String words = nvml.errorString(e.code());
            if (words != null && !words.isBlank()) {
                return words.strip();
            }
        } catch (RuntimeException ignored) {
            // a library that cannot even name its error: fall back to mig4j's words
        }
        return e.result().description();
    }

    static String errorName(NvmlException e) {
        return e.result().name().replaceFirst("^ERROR_", "");
    }

    static Map<String, Object> placement(Placement p) {
        return Json.placement(p);
    }

    static GpuInstanceProfile giProfile(MigManager reader, int gpu, int profileId) {
        return reader.product(gpu).profileById(profileId).orElse(null);
    }

    static String giName(GpuInstanceProfile p, int id) {
        return p == null ? "profile ID " + id : p.name().toString();
    }

    // ------------------------------------------------------------------ changing

    @Command(name = "create-gi", aliases = "cgi", mixinStandardHelpOptions = true,
            description = "Create GPU instances (nvidia-smi mig -cgi): profile IDs or names, comma-separated, each"
                    + " optionally :<start> to place it; -C also creates each one's default compute instance.")
    static final class CreateGpuInstances extends Mutation {
        @Parameters(index = "0", paramLabel = "<profile[:start]>[,...]", description = "e.g. 9,19:6 or 3g.40gb,1g.10gb")
        String profiles;

        @Option(names = "-C", description = "Also create the default compute instance in each new GPU instance.")
        boolean defaultComputeInstance;

        @Override
        String resultName() {
            return "created";
        }

        @Override
        void steps(Nvml nvml, MigManager reader, int g, NodeOptions.Node opened) {
            GpuProduct product = reader.product(g);
            List<Object[]> requests = new ArrayList<>(); // profile, placement or null: all parsed before any change
            for (String item : profiles.split(",", -1)) {
                String text = item.strip();
                int colon = text.lastIndexOf(':');
                GpuInstanceProfile p = product.profile(colon < 0 ? text : text.substring(0, colon));
                Placement at = null;
                if (colon >= 0) {
                    String start = text.substring(colon + 1).strip();
                    if (!start.matches("[0-9]{1,4}")) {
                        throw new BadInputException("'" + text + "': ':" + start + "' is not a placement start;"
                                + " expected : and a memory slice number, e.g. " + p.id() + ":4");
                    }
                    at = new Placement(Integer.parseInt(start), p.placements().get(0).size());
                }
                requests.add(new Object[] {p, at});
            }
            DeviceHandle device = nvml.deviceGetHandleByIndex(g);
            for (Object[] r : requests) {
                GpuInstanceProfile p = (GpuInstanceProfile) r[0];
                Placement at = (Placement) r[1];
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("gpu", g);
                entry.put("profile", p.name().toString());
                entry.put("profileId", p.id());
                if (dryRun()) {
                    entry.put("placement", at == null ? null : placement(at));
                    report("created a GPU instance on GPU " + g + " using profile MIG " + p.name() + " (ID " + p.id()
                            + ")" + (at == null ? "" : " at " + at), entry);
                    continue;
                }
                GpuInstanceHandle gi;
                try {
                    gi = at == null ? nvml.deviceCreateGpuInstance(device, p.id())
                            : nvml.deviceCreateGpuInstanceWithPlacement(device, p.id(), at);
                } catch (NvmlException e) {
                    throw new Failed(String.format("Unable to create a GPU instance on GPU %2d using profile %d", g,
                            p.id()), e, nvml);
                }
                opened.changed();
                NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
                entry.put("gpuInstanceId", info.id());
                entry.put("placement", placement(info.placement()));
                report(String.format("Successfully created GPU instance ID %2d on GPU %2d using profile MIG %s (ID %2d)"
                        + " at %s", info.id(), g, p.name(), p.id(), info.placement()), entry);
                if (defaultComputeInstance) {
                    ComputeInstanceProfile c = p.defaultComputeInstanceProfile().orElseThrow();
                    try {
                        NvmlComputeInstanceInfo ci = nvml.computeInstanceGetInfo(
                                nvml.gpuInstanceCreateComputeInstance(gi, c.id()));
                        Map<String, Object> cm = new LinkedHashMap<>();
                        cm.put("computeInstanceId", ci.id());
                        cm.put("profile", c.name().toString());
                        cm.put("profileId", c.id());
                        cm.put("placement", placement(ci.placement()));
                        entry.put("computeInstances", List.of(cm));
                        if (!json) {
                            out().printf("Successfully created compute instance ID %2d on GPU %2d GPU instance ID %2d"
                                    + " using profile MIG %s (ID %2d)%n", ci.id(), g, info.id(), c.name(), c.id());
                        }
                    } catch (NvmlException e) {
                        throw new Failed(String.format("Unable to create a compute instance on GPU %2d GPU instance ID"
                                + " %2d using profile %d", g, info.id(), c.id()), e, nvml);
                    }
                }
            }
        }
    }

    @Command(name = "create-ci", aliases = "cci", mixinStandardHelpOptions = true,
            description = "Create compute instances in GPU instances (nvidia-smi mig -cci): CI profile IDs or names,"
                    + " comma-separated (default: each GPU instance's default profile).")
    static final class CreateComputeInstances extends Mutation {
        @Override
        String nothingFound() {
            return "No GPU instances found: Not Found";
        }

        @Override
        boolean createsSomething() {
            return true;
        }

        @Parameters(index = "0", arity = "0..1", paramLabel = "<ci-profile>[,...]", description = "e.g. 0,0 or 1c.3g.40gb")
        String profiles;

        @Option(names = "--gi", split = ",", paramLabel = "<id>", description = "GPU instances (default: all).")
        List<Integer> gis;

        @Override
        String resultName() {
            return "created";
        }

        @Override
        void steps(Nvml nvml, MigManager reader, int g, NodeOptions.Node opened) {
            DeviceHandle device = nvml.deviceGetHandleByIndex(g);
            for (int id : gis == null ? List.<Integer>of() : gis) {
                try { // a GPU instance named with --gi that does not exist is NVML's NOT_FOUND, as for dgi and dci
                    nvml.deviceGetGpuInstanceById(device, id);
                } catch (NvmlException e) {
                    throw new Failed(String.format("Unable to create a compute instance on GPU %2d GPU instance ID %2d",
                            g, id), e, nvml);
                }
            }
            for (GpuInstanceInfo gi : reader.gpu(g).gpuInstances()) {
                if (gis != null && !gis.contains(gi.id())) {
                    continue;
                }
                GpuInstanceProfile gp = giProfile(reader, g, gi.profileId());
                if (gp == null) {
                    continue;
                }
                List<ComputeInstanceProfile> wanted = new ArrayList<>();
                if (profiles == null) {
                    wanted.add(gp.defaultComputeInstanceProfile().orElseThrow());
                } else {
                    for (String item : profiles.split(",", -1)) {
                        wanted.add(ciProfile(gp, item.strip()));
                    }
                }
                for (ComputeInstanceProfile c : wanted) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("gpu", g);
                    entry.put("gpuInstanceId", gi.id());
                    entry.put("profile", c.name().toString());
                    entry.put("profileId", c.id());
                    if (dryRun()) {
                        report("created a compute instance on GPU " + g + " GPU instance ID " + gi.id()
                                + " using profile MIG " + c.name() + " (ID " + c.id() + ")", entry);
                        continue;
                    }
                    NvmlComputeInstanceInfo ci;
                    try {
                        ComputeInstanceHandle h = nvml.gpuInstanceCreateComputeInstance(
                                nvml.deviceGetGpuInstanceById(device, gi.id()), c.id());
                        ci = nvml.computeInstanceGetInfo(h);
                    } catch (NvmlException e) {
                        throw new Failed(String.format("Unable to create a compute instance on GPU %2d GPU instance ID"
                                + " %2d using profile %d", g, gi.id(), c.id()), e, nvml);
                    }
                    opened.changed();
                    entry.put("computeInstanceId", ci.id());
                    entry.put("placement", placement(ci.placement()));
                    report(String.format("Successfully created compute instance ID %2d on GPU %2d GPU instance ID %2d"
                            + " using profile MIG %s (ID %2d)", ci.id(), g, gi.id(), c.name(), c.id()), entry);
                }
            }
        }

        private static ComputeInstanceProfile ciProfile(GpuInstanceProfile gp, String text) {
            for (ComputeInstanceProfile c : gp.computeInstanceProfiles()) {
                if (text.equals(String.valueOf(c.id())) || text.equalsIgnoreCase(c.name().toString())
                        || text.equalsIgnoreCase("MIG " + c.name())) {
                    return c;
                }
            }
            throw new BadInputException("compute instance profile '" + text + "' does not exist in a " + gp.name()
                    + " GPU instance (its profiles: " + gp.computeInstanceProfiles().stream()
                    .map(c -> c.name() + "=" + c.id()).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    @Command(name = "destroy-gi", aliases = "dgi", mixinStandardHelpOptions = true,
            description = "Destroy GPU instances (nvidia-smi mig -dgi); one with compute instances is refused (IN_USE).")
    static final class DestroyGpuInstances extends Mutation {
        @Override
        String nothingFound() {
            return "No GPU instances found: Not Found";
        }

        @Option(names = "--gi", split = ",", paramLabel = "<id>", description = "GPU instances (default: all).")
        List<Integer> gis;

        @Override
        String resultName() {
            return "destroyed";
        }

        @Override
        void steps(Nvml nvml, MigManager reader, int g, NodeOptions.Node opened) {
            DeviceHandle device = nvml.deviceGetHandleByIndex(g);
            List<Integer> ids = gis != null ? gis : reader.gpu(g).gpuInstances().stream().map(GpuInstanceInfo::id).toList();
            for (int id : ids) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("gpu", g);
                entry.put("gpuInstanceId", id);
                if (!dryRun()) {
                    try {
                        nvml.gpuInstanceDestroy(nvml.deviceGetGpuInstanceById(device, id));
                    } catch (NvmlException e) {
                        throw new Failed(String.format("Unable to destroy GPU instance ID %2d from GPU %2d", id, g), e,
                                nvml);
                    }
                    opened.changed();
                }
                report(String.format("Successfully destroyed GPU instance ID %2d from GPU %2d", id, g), entry);
            }
        }
    }

    @Command(name = "destroy-ci", aliases = "dci", mixinStandardHelpOptions = true,
            description = "Destroy compute instances (nvidia-smi mig -dci).")
    static final class DestroyComputeInstances extends Mutation {
        @Override
        String nothingFound() {
            return "No compute instances found: Not Found";
        }

        @Option(names = "--gi", split = ",", paramLabel = "<id>", description = "GPU instances (default: all).")
        List<Integer> gis;

        @Option(names = "--ci", split = ",", paramLabel = "<id>", description = "Compute instances (default: all).")
        List<Integer> cis;

        @Override
        String resultName() {
            return "destroyed";
        }

        @Override
        void steps(Nvml nvml, MigManager reader, int g, NodeOptions.Node opened) {
            DeviceHandle device = nvml.deviceGetHandleByIndex(g);
            List<Integer> giIds = gis != null ? gis : reader.gpu(g).gpuInstances().stream().map(GpuInstanceInfo::id).toList();
            for (int giId : giIds) {
                List<Integer> ciIds = cis;
                if (ciIds == null) {
                    ciIds = reader.gpu(g).gpuInstances().stream().filter(x -> x.id() == giId).findFirst()
                            .map(x -> x.computeInstances().stream().map(ComputeInstanceInfo::id).toList()).orElse(List.of());
                }
                for (int ciId : ciIds) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("gpu", g);
                    entry.put("gpuInstanceId", giId);
                    entry.put("computeInstanceId", ciId);
                    if (!dryRun()) {
                        try {
                            GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(device, giId);
                            nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(gi, ciId));
                        } catch (NvmlException e) {
                            throw new Failed(String.format("Unable to destroy compute instance ID %2d from GPU %2d GPU"
                                    + " instance ID %2d", ciId, g, giId), e, nvml);
                        }
                        opened.changed();
                    }
                    report(String.format("Successfully destroyed compute instance ID %2d from GPU %2d GPU instance ID"
                            + " %2d", ciId, g, giId), entry);
                }
            }
        }
    }
}
