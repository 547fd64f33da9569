package io.mig4j.cli;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.ProfileDiscovery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = {"Print the GPU instance profile table of a product from the catalog (every product without --product),",
                "or, with --nvml or --fake, the profiles the node's GPUs report (--compare: against the catalog,",
                "exit code 1 on any difference)."})
final class ProfilesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--compare", description = "With --nvml/--fake: compare every field with the catalog; exit 1 on a difference.")
    boolean compare;

    @Option(names = {"--product", "--gpu"}, paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--ci", description = "Print the compute instance profiles of each GPU instance profile.")
    boolean computeInstances;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean discover = node.nvml || node.isFake() || node.library != null || node.backend != null || compare;
        if (discover) {
            if (gpu != null) {
                throw new BadInputException("--product names a catalog product; it cannot be combined with --nvml, --fake or --compare");
            }
            return discovered(out);
        }
        List<GpuProduct> products = gpu == null ? ProductCatalog.builtIn().products()
                : List.of(ProductOption.resolve(gpu));
        if (json) {
            Object doc = gpu == null ? products.stream().collect(Collectors.toMap(GpuProduct::alias, this::rows,
                    (a, b) -> a, java.util.LinkedHashMap::new)) : rows(products.get(0));
            Json.print(out, doc);
            return ExitCodes.OK;
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
        return ExitCodes.OK;
    }

    private int discovered(PrintWriter out) {
        int differences = 0;
        List<Map<String, Object>> docs = new ArrayList<>();
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            MigManager manager = MigManager.builder(nvml).build();
            int count = nvml.deviceGetCount();
            for (int i = 0; i < count; i++) {
                ProfileDiscovery d = manager.discoverProfiles(i);
                List<String> diff = d.differences();
                differences += diff.size();
                if (json) {
                    docs.add(discoveryJson(d, diff));
                    continue;
                }
                out.println("GPU " + i + ": " + d.name() + " (" + String.format("0x%04X", d.pciDeviceId()) + ", "
                        + d.memoryMiB() + " MiB), catalog product " + d.catalog().map(GpuProduct::alias).orElse("none")
                        + ", via " + nvml.backend());
                Table t = new Table("PROFILE", "ID", "INDEX", "SLICES", "MEMORY_MIB", "SM", "CE", "DEC", "ENC", "JPEG",
                        "OFA", "MAX", "FREE", "PLACEMENTS");
                for (ProfileDiscovery.DiscoveredProfile p : d.profiles()) {
                    var info = p.info();
                    t.row(p.profileName(), info.id(), "0x" + Integer.toHexString(p.index()).toUpperCase(),
                            known(p, info.sliceCount()), known(p, info.memorySizeMB()),
                            known(p, info.multiprocessorCount()), known(p, info.copyEngineCount()),
                            known(p, info.decoderCount()), known(p, info.encoderCount()), known(p, info.jpegCount()),
                            known(p, info.ofaCount()), known(p, info.instanceCount()),
                            p.remainingCapacity() == null ? "?" : p.remainingCapacity(), placements(p.placements()));
                }
                t.print(out);
                if (computeInstances) {
                    printDiscoveredComputeProfiles(out, d);
                }
                if (d.profiles().isEmpty()) {
                    out.println("no GPU instance profiles: this driver does not list them (see the warning)");
                } else if (d.profiles().stream().anyMatch(p -> !p.infoFromNvml())) {
                    out.println("? = not reported by this driver (see the warning); profile IDs and names from the"
                            + " catalog, placements and FREE from NVML");
                }
                if (compare) {
                    out.println(diff.isEmpty() ? "matches the catalog" : diff.size() + " difference(s) from the catalog:");
                    diff.forEach(line -> out.println("  " + line));
                    d.notes().forEach(line -> out.println("note: " + line));
                }
            }
            Warnings.unanswered(spec.commandLine().getErr(), manager.unansweredFunctions());
        }
        if (json) {
            Json.print(out, docs);
        }
        return compare && differences > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static void printDiscoveredComputeProfiles(PrintWriter out, ProfileDiscovery d) {
        if (d.computeProfiles().isEmpty()) {
            out.println("no compute instance profiles: NVML lists them only inside an existing GPU instance");
            return;
        }
        Table t = new Table("GI_PROFILE_ID", "CI_PROFILE", "ID", "INDEX", "SLICES", "SM", "MAX", "FREE", "PLACEMENTS");
        for (ProfileDiscovery.DiscoveredComputeProfile c : d.computeProfiles()) {
            t.row(c.gpuInstanceProfileId(), c.profileName(), c.info().id(), c.index(), c.info().sliceCount(),
                    c.info().multiprocessorCount(), c.info().instanceCount(), c.remainingCapacity(),
                    placements(c.placements()));
        }
        t.print(out);
    }

    private static Map<String, Object> discoveryJson(ProfileDiscovery d, List<String> differences) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu", d.gpuIndex());
        m.put("name", d.name());
        m.put("pciDeviceId", String.format("0x%04X", d.pciDeviceId()));
        m.put("memoryMiB", d.memoryMiB());
        m.put("product", d.catalog().map(GpuProduct::alias).orElse(null));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProfileDiscovery.DiscoveredProfile p : d.profiles()) {
            var info = p.info();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", p.profileName());
            r.put("index", p.index());
            r.put("id", info.id());
            r.put("slices", nullUnlessKnown(p, info.sliceCount()));
            r.put("memoryMiB", nullUnlessKnown(p, info.memorySizeMB()));
            r.put("multiprocessors", nullUnlessKnown(p, info.multiprocessorCount()));
            r.put("copyEngines", nullUnlessKnown(p, info.copyEngineCount()));
            r.put("decoders", nullUnlessKnown(p, info.decoderCount()));
            r.put("encoders", nullUnlessKnown(p, info.encoderCount()));
            r.put("jpegEngines", nullUnlessKnown(p, info.jpegCount()));
            r.put("ofaEngines", nullUnlessKnown(p, info.ofaCount()));
            r.put("maxInstances", nullUnlessKnown(p, info.instanceCount()));
            r.put("placements", p.placements() == null ? null : Json.placements(p.placements()));
            r.put("remainingCapacity", p.remainingCapacity());
            r.put("isP2pSupported", nullUnlessKnown(p, info.isP2pSupported()));
            r.put("verified", p.infoFromNvml());
            rows.add(r);
        }
        m.put("profiles", rows);
        m.put("computeInstanceProfiles", d.computeProfiles().stream().map(c -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("gpuInstanceProfileId", c.gpuInstanceProfileId());
            r.put("name", c.profileName());
            r.put("index", c.index());
            r.put("id", c.info().id());
            r.put("slices", c.info().sliceCount());
            r.put("multiprocessors", c.info().multiprocessorCount());
            r.put("maxInstances", c.info().instanceCount());
            r.put("placements", c.placements() == null ? null : Json.placements(c.placements()));
            r.put("remainingCapacity", c.remainingCapacity());
            return r;
        }).toList());
        m.put("differences", differences);
        m.put("notes", d.notes());
        return m;
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

    /** The fields whose value depends on the driver, below a product's table. */
    private static void printDriverVariants(PrintWriter out, GpuProduct p) {
        for (io.mig4j.api.DriverVariant v : p.driverVariants()) {
            out.println("driver variant: " + v.profile() + " " + v.field() + " is " + v.values().stream()
                    .map(String::valueOf).collect(Collectors.joining(" or ")) + " depending on the driver (" + v.source() + ")");
        }
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
        printDriverVariants(out, p);
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

    /** A field of NVML's profile description, or {@code ?} where an older driver did not describe the profile. */
    static Object known(ProfileDiscovery.DiscoveredProfile p, Object value) {
        return p.infoFromNvml() ? value : "?";
    }

    private static Object nullUnlessKnown(ProfileDiscovery.DiscoveredProfile p, Object value) {
        return p.infoFromNvml() ? value : null;
    }

    /** {@code {0,2,4}:2}, as {@code nvidia-smi mig -lgipp} writes placements; {@code ?} when NVML did not say. */
    static String placements(List<Placement> placements) {
        if (placements == null) {
            return "?";
        }
        if (placements.isEmpty()) {
            return "-";
        }
        return placements.stream().map(pl -> String.valueOf(pl.start())).collect(Collectors.joining(",", "{", "}"))
                + ":" + placements.get(0).size();
    }
}
