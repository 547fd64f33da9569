package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.InventoryJson;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.dra.Manifests;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.PcieRoots;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "slices", mixinStandardHelpOptions = true,
        description = {"The ResourceSlices NVIDIA's DRA driver (gpu.nvidia.com) publishes for a node.",
                "The GPUs come from this machine (--nvml), a fake node (--fake, optionally partitioned with --layout)",
                "or an inventory file (--inventory, the JSON of 'mig4j inventory --json'). Static MIG by default;",
                "--dynamic for the driver's DynamicMIG mode, laid out for the Kubernetes version of --k8s."})
final class DraSlicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "<name>", description = "The node name (and pool name).")
    String nodeName;

    @Mixin
    NodeOptions node;

    @Option(names = "--inventory", paramLabel = "<file.json>", description = "Read the GPUs from an inventory file.")
    String inventoryFile;

    @Option(names = "--layout", paramLabel = "<layout>",
            description = "With --fake: partition every fake GPU, e.g. 3g.40gb@4,2g.20gb@0,1g.10gb (as in 'mig4j validate').")
    String layout;

    @Option(names = "--dynamic", description = "The driver's DynamicMIG mode: every profile × placement as a device"
            + " consuming counters of its GPU.")
    boolean dynamic;

    @Option(names = "--k8s", paramLabel = "1.34|1.35|1.36|1.37", description = DraCommand.K8S_DESCRIPTION)
    String k8s;

    @Option(names = "--json", description = "Print one JSON document (a v1 List) instead of YAML.")
    boolean json;

    @Override
    public Integer call() {
        SliceOptions options = SliceOptions.forNode(nodeName).withKubernetes(DraCommand.k8s(k8s))
                .withMode(dynamic ? SliceOptions.Mode.DYNAMIC_MIG : SliceOptions.Mode.STATIC);
        if (!nodeName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new BadInputException("--node: '" + nodeName + "' is not a valid node name (a DNS subdomain)");
        }
        Inventory inventory = inventory();
        if (node.nvml) {
            // the driver reads the PCIe root complex from this machine's sysfs; fakes and inventory files have none
            options = options.withPcieRoot(PcieRoots.sysfs());
        }
        var slices = NvidiaResourceSlices.generate(inventory, options);
        spec.commandLine().getOut().print(json ? Manifests.toJsonList(slices) + "\n" : Manifests.toYaml(slices));
        return ExitCodes.OK;
    }

    private Inventory inventory() {
        boolean fromFile = inventoryFile != null;
        if (fromFile && (node.isFake() || node.nvml)) {
            throw new BadInputException("--inventory cannot be combined with --fake or --nvml");
        }
        if (!fromFile && !node.isFake() && !node.nvml) {
            throw new BadInputException("one of --fake <product>[x<n>], --nvml or --inventory <file.json> is required");
        }
        if (layout != null && !node.isFake()) {
            throw new BadInputException("--layout needs --fake (it partitions the fake GPUs)");
        }
        if (fromFile) {
            return InventoryJson.read(DraCommand.readText(inventoryFile, System.in));
        }
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            if (layout == null) {
                return MigManager.builder(nvml).build().inventory();
            }
            MigManager manager = MigManager.builder(nvml).allowMutations(true).build();
            List<GpuTarget> targets = new ArrayList<>();
            for (int g = 0; g < nvml.deviceGetCount(); g++) {
                GpuProduct product = manager.product(g);
                targets.add(GpuTarget.of(g, RequestedInstance.parseList(product, layout)));
            }
            ApplyResult result = manager.apply(targets, false);
            if (!result.complete()) {
                throw new BadInputException("--layout: the fake GPUs could not be partitioned: " + result.pending());
            }
            return result.inventory();
        }
    }
}
