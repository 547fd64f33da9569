package io.mig4j.cli;

import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.InventoryJson;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.cli.render.SliceMapText;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"Show the node's GPUs, their MIG mode, GPU and compute instances and MIG device UUIDs, each",
                "MIG-enabled GPU with a slice map (memory slices as columns, each GPU instance over its slices,",
                "labelled with profile and GI id); --svg <file> draws the node as a diagram. Read-only."})
final class InventoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Mixin
    PictureOptions picture;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            MigManager manager = MigManager.builder(nvml).build();
            Inventory inventory = manager.inventory();
            Warnings.unanswered(spec.commandLine().getErr(), manager.unansweredFunctions());
            picture.writeSvg(inventory.gpus().size() + " GPU(s), driver " + inventory.driverVersion(), maps(inventory));
            if (json) {
                out.println(InventoryJson.write(inventory));
                return;
            }
            print(out, inventory, nvml.backend(), picture.color());
        }
    }

    /** One slice map per GPU, labelled {@code GPU <index>: <product>}. */
    static java.util.List<SliceMap> maps(Inventory inventory) {
        ProductCatalog catalog = ProductCatalog.builtIn();
        return inventory.gpus().stream().map(g -> SliceMap.of(g, catalog)).toList();
    }

    /** {@link #print(PrintWriter, Inventory, String, boolean)} without colours. */
    static void print(PrintWriter out, Inventory inventory, String backend) {
        print(out, inventory, backend, false);
    }

    /** The inventory as text: a line per GPU, its slice map when MIG is enabled, then its instances. */
    static void print(PrintWriter out, Inventory inventory, String backend, boolean color) {
        ProductCatalog catalog = ProductCatalog.builtIn();
        out.println("driver " + inventory.driverVersion() + ", NVML " + inventory.nvmlVersion() + ", CUDA "
                + (inventory.cudaDriverVersion() == null ? "unknown" : inventory.cudaDriverVersion()) + ", "
                + inventory.gpus().size() + " GPU(s), via " + backend);
        for (GpuInventory g : inventory.gpus()) {
            out.printf("GPU %d: %s (%s) %s, %s, compute capability %s, minor %d, %d MiB, bus %s, NUMA node %s,"
                            + " product %s, MIG %s%s%s%n", g.index(), g.name(), String.format("0x%04X", g.pciDeviceId()),
                    g.uuid(), g.architecture(), g.cudaComputeCapability(), g.minor(), g.memoryMiB(), g.pciBusId(),
                    g.numaNode() == null ? "unknown" : g.numaNode(), g.product() == null ? "not in catalog" : g.product(),
                    g.migMode().current().name().toLowerCase(),
                    g.migMode().changePending() ? " (pending " + g.migMode().pending().name().toLowerCase() + ")" : "",
                    g.healthy() ? "" : ", unhealthy: " + g.healthEvents().stream()
                            .map(e -> e.xid() == null ? e.kind().name() : "XID " + e.xid()).toList());
            SliceMap map = SliceMap.of(g, catalog);
            if (SliceMapText.hasPicture(map)) {
                out.print(SliceMapText.render(map, color));
            }
            for (GpuInstanceInfo gi : g.gpuInstances()) {
                out.printf("  GI %d: %s (profile ID %d) at memory slices %s%n", gi.id(), gi.profileName(),
                        gi.profileId(), gi.placement());
                for (ComputeInstanceInfo ci : gi.computeInstances()) {
                    out.printf("    CI %d: %s (profile ID %d) at compute slices %s  %s%n", ci.id(), ci.profileName(),
                            ci.profileId(), ci.placement(), ci.migDeviceUuid());
                }
            }
        }
    }
}
