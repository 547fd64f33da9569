package io.mig4j.samples.quickstart;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.allocation.AllocationException;
import io.mig4j.dra.allocation.Allocator;
import io.mig4j.dra.allocation.Explainer;
import io.mig4j.dra.allocation.ResourceSnapshot;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.MigStep;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlLoader;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * mig4j end to end in one file: read a node's GPUs, plan a mig-parted config, publish the ResourceSlices NVIDIA's
 * DRA driver would publish, and allocate a ResourceClaim on them the way kube-scheduler would.
 *
 * <p>By default the node is a {@link FakeNvml} with two H100-80GB GPUs, so it runs anywhere. {@code --nvml} reads
 * this machine's GPUs through the real NVML and stays read-only (it plans, it does not apply) unless {@code --apply}
 * is given too.
 *
 * <pre>
 * usage: quickstart [--nvml [--apply]] [--file mig-parted.yaml] [--config name] [--profile 1g.10gb] [--node name]
 * </pre>
 * Exit codes as the {@code mig4j} CLI: 0 done, 1 the claim could not be allocated, 2 bad input.
 */
public final class Quickstart {
    /** The mig-parted config used without {@code --file}: one layout per product, chosen by PCI device id. */
    static final String DEFAULT_CONFIG = """
            version: v1
            mig-configs:
              quickstart:
                # H100 80GB HBM3 and A100-SXM4-80GB: two small, one medium and one large instance per GPU
                - device-filter: ["0x233010DE", "0x20B210DE"]
                  devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": 2
                    "2g.20gb": 1
                    "3g.40gb": 1
                # H200 (141 GB): the same shape, larger memory per slice
                - device-filter: ["0x233510DE"]
                  devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.18gb": 2
                    "2g.35gb": 1
                    "3g.71gb": 1
            """;

    private Quickstart() {
    }

    /** Runs the sample; exits the JVM only on failure, so that it can also run inside Maven ({@code exec:java}). */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The whole sample, with its output streams given (the test calls this); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        MigPartedConfig config;
        try {
            options = Options.parse(args);
            config = options.file == null ? MigPartedConfig.parse(DEFAULT_CONFIG) : MigPartedConfig.read(options.file);
        } catch (IllegalArgumentException | IOException e) {
            err.println("quickstart: " + e.getMessage());
            return 2;
        }
        try (Nvml nvml = openNode(options)) {
            return run(nvml, config, options, out);
        } catch (NvmlException e) {
            // e.g. NVML_ERROR_LIBRARY_NOT_FOUND on a machine without NVIDIA's driver
            err.println("quickstart: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | AllocationException e) {
            // an unknown config name, a profile the GPUs do not have, a claim Kubernetes would reject
            err.println("quickstart: " + e.getMessage());
            return 2;
        }
    }

    // snippet:open-node
    /** The real driver's NVML, or a fake node that follows the same rules (placements, MIG mode, errors). */
    static Nvml openNode(Options options) {
        if (options.realNvml) {
            return NvmlLoader.load();          // FFM on JDK 22+, JNA on 17-21; MIG4J_NVML_LIBRARY overrides the path
        }
        return FakeNvml.builder()
                .gpus("H100-80GB", 2)          // MIG disabled, as a GPU comes out of the box
                .resetOnMigModeChange(true)    // enabling MIG takes effect at once (no GPU reset to wait for)
                .build();
    }
    // end-snippet:open-node

    private static int run(Nvml nvml, MigPartedConfig config, Options options, PrintStream out)
            throws AllocationException {
        // snippet:inventory-plan-apply
        nvml.init();
        // Read-only unless mutations are allowed: on real GPUs only with --apply, so a first run changes nothing.
        boolean mayChange = !options.realNvml || options.apply;
        MigManager manager = MigManager.builder(nvml).allowMutations(mayChange).build();
        Inventory inventory = manager.inventory();
        printInventory(out, "node " + options.node + " now:", inventory);

        // A mig-parted config names a layout per device; the plan is what differs from the GPUs as they are.
        List<GpuTarget> targets = manager.targets(config, options.configName, Set.of());
        MigPlan plan = manager.plan(targets);
        out.println("plan for config '" + options.configName + "': " + plan.steps().size() + " steps");
        for (MigStep step : plan.steps()) {
            out.println("  - " + step);
        }
        if (mayChange && !plan.isEmpty()) {
            ApplyResult result = manager.apply(plan, false);   // false: refuse to destroy MIG devices in use
            inventory = result.inventory();
            printInventory(out, "applied " + result.executed().size() + " steps; node now:", inventory);
        } else if (!plan.isEmpty()) {
            out.println("read-only: plan not applied (--apply changes the GPUs)");
        }
        // end-snippet:inventory-plan-apply

        // snippet:slices-allocate
        // The ResourceSlices NVIDIA's DRA driver would publish for this inventory (one pool per node).
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(inventory, SliceOptions.forNode(options.node));
        int devices = slices.stream().mapToInt(s -> s.getSpec().getDevices().size()).sum();
        out.println("ResourceSlices: " + slices.size() + " slice(s), " + devices + " devices in pool "
                + options.node + " (generation " + slices.get(0).getSpec().getPool().getGeneration() + ")");

        // A claim for one MIG device of a profile, allocated the way kube-scheduler would allocate it.
        ResourceClaim claim = DeviceClaims.profile(options.profile).claim("default", "quickstart");
        Node node = new NodeBuilder().withNewMetadata().withName(options.node).endMetadata().build();
        Allocator allocator = Allocator.builder(ResourceSnapshot.of(slices, DeviceClasses.nvidiaDefaults())).build();
        Optional<List<AllocationResult>> results = allocator.allocate(node, List.of(claim));
        if (results.isEmpty()) {
            // Not an error of the program: the node has no free device that matches. Say why, as the scheduler would.
            out.println("claim default/quickstart (" + options.profile + ") cannot be allocated:");
            out.println(Explainer.explain(allocator, node, List.of(claim)).toText());
            return 1;
        }
        for (DeviceRequestAllocationResult r : results.get().get(0).getDevices().getResults()) {
            out.println("claim default/quickstart (" + options.profile + ") -> device " + r.getDevice() + " of pool "
                    + r.getPool() + ", " + migUuid(slices, r.getDevice()));
        }
        // end-snippet:slices-allocate
        return 0;
    }

    private static void printInventory(PrintStream out, String title, Inventory inventory) {
        out.println(title);
        for (GpuInventory gpu : inventory.gpus()) {
            out.println("  GPU " + gpu.index() + ": " + gpu.name() + " (" + gpu.product() + "), MIG "
                    + gpu.migMode().current().toString().toLowerCase(java.util.Locale.ROOT)
                    + ", " + gpu.gpuInstances().size() + " GPU instances");
            for (GpuInstanceInfo gi : gpu.gpuInstances()) {
                out.println("    " + gi.profileName() + " at memory slices " + gi.placement().start() + ":"
                        + gi.placement().size() + "  " + String.join(" ", gi.computeInstances().stream()
                        .map(ci -> ci.migDeviceUuid()).toList()));
            }
        }
    }

    /** The MIG device UUID a pod would see, from the device's {@code uuid} attribute in the slice. */
    private static String migUuid(List<ResourceSlice> slices, String deviceName) {
        for (ResourceSlice slice : slices) {
            for (Device d : slice.getSpec().getDevices()) {
                if (d.getName().equals(deviceName) && d.getAttributes().get(NvidiaDra.ATTR_UUID) != null) {
                    return d.getAttributes().get(NvidiaDra.ATTR_UUID).getString();
                }
            }
        }
        return "no uuid attribute";
    }

    /** The command line; bad input names the option and the rule. */
    static final class Options {
        boolean realNvml;
        boolean apply;
        Path file;
        String configName = "quickstart";
        String profile = "1g.10gb";
        String node = "quickstart-node";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--nvml" -> o.realNvml = true;
                    case "--apply" -> o.apply = true;
                    case "--file" -> o.file = Path.of(value(args, ++i, "--file"));
                    case "--config" -> o.configName = value(args, ++i, "--config");
                    case "--profile" -> o.profile = value(args, ++i, "--profile");
                    case "--node" -> o.node = value(args, ++i, "--node");
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (options: --nvml,"
                            + " --apply, --file <mig-parted.yaml>, --config <name>, --profile <profile>, --node <name>)");
                }
            }
            if (o.apply && !o.realNvml) {
                throw new IllegalArgumentException("--apply changes real GPUs and needs --nvml (the fake node is"
                        + " always changed)");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
