package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.ProductCatalog;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "products", mixinStandardHelpOptions = true,
        description = "List the MIG-capable products of the catalog with their PCI device ids and NVML names.")
final class ProductsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var products = ProductCatalog.builtIn().products();
        if (json) {
            Json.print(out, products.stream().map(Json::product).toList());
            return;
        }
        Table t = new Table("ALIAS", "ARCH", "CC", "MEMORY_MIB", "SLICES", "PROFILES", "STATUS", "PCI_IDS", "NVML_NAMES");
        for (GpuProduct p : products) {
            t.row(p.alias(), p.architecture(), p.computeCapability(), p.memoryMiB()
                            + (p.unconfirmed().contains("memoryMiB") ? "*" : ""), p.placementUnits(),
                    p.gpuInstanceProfiles().size(), p.verification().label(),
                    p.variants().stream().map(v -> PciDeviceId.format(v.pciDeviceId())).distinct()
                            .collect(Collectors.joining(",")),
                    p.variants().stream().map(v -> v.name()).distinct().collect(Collectors.joining("; ")));
        }
        t.print(out);
    }
}
