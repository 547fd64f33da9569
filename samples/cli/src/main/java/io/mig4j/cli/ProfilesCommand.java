package io.mig4j.cli;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Print the GPU instance profile table of a product from the catalog (every product without --gpu).")
final class ProfilesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--gpu", paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--ci", description = "Print the compute instance profiles of each GPU instance profile.")
    boolean computeInstances;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<GpuProduct> products = gpu == null ? ProductCatalog.builtIn().products()
                : List.of(ProductOption.resolve(gpu));
        if (json) {
            Object doc = gpu == null ? products.stream().collect(Collectors.toMap(GpuProduct::alias, this::rows,
                    (a, b) -> a, java.util.LinkedHashMap::new)) : rows(products.get(0));
            Json.print(out, doc);
            return;
        }
        boolean first = true;
        for (GpuProduct p : products) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(p.alias() + " — " + p.variants().get(0).name() + " (" + p.verification().label() + ", "
                    + p.placementUnits() + " memory slices, " + p.computeSlices() + " compute slices)");
            if (computeInstances) {
                printComputeTable(out, p);
            } else {
                printTable(out, p);
            }
        }
        out.println();
        out.println("* = value from documentation or inference, not read from a GPU by mig4j");
    }

    private List<Map<String, Object>> rows(GpuProduct p) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GpuInstanceProfile g : p.gpuInstanceProfiles()) {
            if (computeInstances) {
                g.computeInstanceProfiles().forEach(c -> rows.add(Json.computeProfile(p, g, c)));
            } else {
                rows.add(Json.profile(p, g));
            }
        }
        return rows;
    }

    private static void printTable(PrintWriter out, GpuProduct p) {
        Table t = new Table("PROFILE", "ID", "INDEX", "SLICES", "MEMORY_MIB", "SM", "CE", "DEC", "ENC", "JPEG", "OFA",
                "MAX", "PLACEMENTS");
        for (GpuInstanceProfile g : p.gpuInstanceProfiles()) {
            t.row(g.name() + (g.fullyConfirmed() ? "" : "*"), g.id(), "0x" + Integer.toHexString(g.index()).toUpperCase(),
                    g.slices(), mark(g, "memoryMiB", g.memoryMiB()), mark(g, "multiprocessors", g.multiprocessors()),
                    mark(g, "copyEngines", g.copyEngines()), mark(g, "decoders", g.decoders()),
                    mark(g, "encoders", g.encoders()), mark(g, "jpegEngines", g.jpegEngines()),
                    mark(g, "ofaEngines", g.ofaEngines()), g.maxInstances(),
                    mark(g, "placements", placements(g.placements())));
        }
        t.print(out);
    }

    private static void printComputeTable(PrintWriter out, GpuProduct p) {
        Table t = new Table("GPU_INSTANCE", "CI_PROFILE", "ID", "SLICES", "SM", "MAX", "PLACEMENTS", "DEFAULT");
        for (GpuInstanceProfile g : p.gpuInstanceProfiles()) {
            for (ComputeInstanceProfile c : g.computeInstanceProfiles()) {
                t.row(g.name(), c.name(), c.id(), c.slices(),
                        c.multiprocessors() == null ? "?" : c.multiprocessors()
                                + (c.unconfirmed().contains("multiprocessors") ? "*" : ""),
                        c.maxInstances(), placements(c.placements()) + (c.unconfirmed().contains("placements") ? "*" : ""),
                        c.isDefault() ? "yes" : "");
            }
        }
        t.print(out);
    }

    private static String mark(GpuInstanceProfile g, String field, Object value) {
        return value + (g.unconfirmed().contains(field) ? "*" : "");
    }

    /** {@code {0,2,4}:2}, as {@code nvidia-smi mig -lgipp} writes placements. */
    static String placements(List<Placement> placements) {
        return placements.stream().map(pl -> String.valueOf(pl.start())).collect(Collectors.joining(",", "{", "}"))
                + ":" + placements.get(0).size();
    }
}
