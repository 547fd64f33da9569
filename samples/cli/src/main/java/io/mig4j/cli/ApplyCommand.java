package io.mig4j.cli;

import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.cli.render.SliceMapText;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.MigStep;
import io.mig4j.nvml.Nvml;
import java.io.PrintWriter;
import java.nio.file.Path;
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
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Bring the node to one config of a mig-parted file: prints the plan (what is destroyed, what is",
                "created, where), then, with --apply, executes it. Idempotent: a second run changes nothing.",
                "Instances that already fit the config are kept. A device entry that matches no GPU of the node",
                "is a warning (an error with --strict). A dry run draws each GPU the plan changes as it will be (a",
                "slice map: memory slices as columns, each instance over its slices); --apply draws the node after.",
                "Exit code 0 done (or planned), 1 the config does not fit or a step failed, 2 bad input."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "<mig-parted.yaml>",
            description = "mig-parted config file; - reads stdin")
    Path file;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "<name>", description = "the config to apply")
    String configName;

    @Option(names = {"--gpu", "-i"}, split = ",", paramLabel = "<index|uuid>",
            description = "Only these GPUs: NVML indexes or GPU UUIDs, comma-separated (default: all).")
    List<String> gpus;

    @Option(names = "--apply", description = "Execute the plan (default: dry run).")
    boolean apply;

    @Option(names = "--force", description = "Also destroy MIG devices that run processes.")
    boolean force;

    @Option(names = "--strict", description = "Fail (exit code 1) when a device entry of the config matches no GPU.")
    boolean strict;

    @Option(names = "--json", description = "Print one JSON document: warnings, plan, and what was executed.")
    boolean json;

    @Mixin
    PictureOptions.Colors colors;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigPartedConfig config = MigPartedCommand.read(file);
        config.select(configName);
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            Set<Integer> selected = GpuSelector.resolve(nvml, gpus);
            MigManager reader = MigManager.builder(nvml).build();
            List<String> unmatched = reader.unmatchedEntries(config, configName);
            unmatched.forEach(w -> err.println("mig4j: warning: " + Main.oneLine(w)));
            if (strict && !unmatched.isEmpty()) {
                throw new UnmetRequestException(unmatched.size() + " device entr" + (unmatched.size() == 1 ? "y" : "ies")
                        + " of config '" + configName + "' match" + (unmatched.size() == 1 ? "es" : "") + " no GPU of this node (--strict); first: "
                        + unmatched.get(0));
            }
            MigPlan plan = reader.plan(reader.targets(config, configName, selected));
            return execute(out, err, opened, plan, apply, force, json, unmatched, !json && colors.enabled());
        }
    }

    /** {@link #execute(PrintWriter, PrintWriter, NodeOptions.Node, MigPlan, boolean, boolean, boolean, List, boolean)} without colours. */
    static int execute(PrintWriter out, PrintWriter err, NodeOptions.Node node, MigPlan plan, boolean apply,
                       boolean force, boolean json, List<String> warnings) {
        return execute(out, err, node, plan, apply, force, json, warnings, false);
    }

    /**
     * Prints the plan and, when asked to, runs it and prints the node afterwards, with slice maps (coloured when
     * {@code color}); in a terminal, each step's progress goes to {@code err} as it starts ({@link Progress}).
     */
    static int execute(PrintWriter out, PrintWriter err, NodeOptions.Node node, MigPlan plan, boolean apply,
                       boolean force, boolean json, List<String> warnings, boolean color) {
        Nvml nvml = node.nvml();
        ApplyResult result = null;
        if (apply && !plan.isEmpty()) {
            result = MigManager.builder(Progress.track(nvml, plan, err, Progress.enabled())).allowMutations(true).build()
                    .apply(plan, force);
            node.changed();
        }
        int code = result == null || result.complete() ? ExitCodes.OK : ExitCodes.FAILURE;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("warnings", warnings);
            doc.put("plan", plan.steps().stream().map(Json::step).toList());
            doc.put("dryRun", !apply);
            doc.put("executed", result == null ? List.of() : result.executed().stream().map(Json::step).toList());
            doc.put("pending", result == null ? List.of() : result.pending());
            doc.put("complete", result == null ? plan.isEmpty() : result.complete());
            doc.put("inventory", Json.tree(result == null ? MigManager.builder(nvml).build().inventory()
                    : result.inventory()));
            Json.print(out, doc);
            return code;
        }
        out.println("plan:");
        out.println(plan.isEmpty() ? "  nothing to change" : plan.toString().indent(2).stripTrailing());
        if (plan.isEmpty()) {
            return ExitCodes.OK;
        }
        if (!apply) {
            out.println("dry run: nothing was changed; re-run with --apply to execute the plan");
            out.println("after --apply:");
            for (SliceMap map : planned(MigManager.builder(nvml).build().inventory(), plan)) {
                out.println("  " + map.label());
                out.print(SliceMapText.render(map, color).indent(2));
            }
            return ExitCodes.OK;
        }
        out.println("executed " + result.executed().size() + " of " + plan.steps().size() + " steps");
        result.pending().forEach(p -> out.println("pending: " + p));
        out.println("node now:");
        java.io.StringWriter text = new java.io.StringWriter();
        InventoryCommand.print(new PrintWriter(text), result.inventory(), nvml.backend(), color);
        out.print(text.toString().indent(2));
        return code;
    }

    /**
     * What the GPUs the plan changes will hold once it has run, as slice maps: the inventory's instances less those
     * the plan destroys, plus those it creates (without GI ids: the driver assigns them on creation).
     */
    static List<SliceMap> planned(Inventory before, MigPlan plan) {
        ProductCatalog catalog = ProductCatalog.builtIn();
        List<SliceMap> maps = new ArrayList<>();
        for (GpuInventory gpu : before.gpus()) {
            List<MigStep> steps = plan.steps().stream().filter(s -> s.gpu() == gpu.index()).toList();
            if (steps.isEmpty()) {
                continue;
            }
            SliceMap now = SliceMap.of(gpu, catalog);
            List<SliceMap.Block> blocks = new ArrayList<>(now.blocks());
            String note = now.note();
            for (MigStep step : steps) {
                if (step instanceof MigStep.SetMigMode mode) {
                    note = !mode.enable() ? "MIG disabled" : note.startsWith("MIG disabled") ? "" : note;
                } else if (step instanceof MigStep.DestroyGpuInstance destroy) {
                    blocks.removeIf(b -> b.start() == destroy.placement().start()
                            && b.size() == destroy.placement().size());
                } else if (step instanceof MigStep.CreateGpuInstance create) {
                    blocks.add(new SliceMap.Block(create.placement().start(), create.placement().size(),
                            create.profileName(), create.profileId(), null, List.of(), null));
                }
            }
            int slices = Math.max(now.slices(), blocks.stream().mapToInt(SliceMap.Block::end).max().orElse(0));
            maps.add(new SliceMap(now.label(), now.gpuIndex(), now.gpuMinor(), slices, blocks, note));
        }
        return maps;
    }
}
