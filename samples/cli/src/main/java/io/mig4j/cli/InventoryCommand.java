package io.mig4j.cli;

import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.InventoryJson;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show the node's GPUs, their MIG mode, GPU and compute instances and MIG device UUIDs. Read-only.")
final class InventoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (Nvml nvml = node.open()) {
            Inventory inventory = MigManager.builder(nvml).build().inventory();
            if (json) {
                out.println(InventoryJson.write(inventory));
                return;
            }
            print(out, inventory, nvml.backend());
        }
    }

    static void print(PrintWriter out, Inventory inventory, String backend) {
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
