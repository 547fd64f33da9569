package io.mig4j.cli;

import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.Nvml;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "mig", mixinStandardHelpOptions = true,
        description = {"Enable or disable MIG mode on GPUs. Prints the plan; changes nothing without --apply.",
                "Disabling destroys the GPU's instances first."})
final class MigModeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Parameters(index = "0", paramLabel = "enable|disable", description = "enable or disable")
    String action;

    @Option(names = "--gpu", required = true, split = ",", paramLabel = "<index|uuid>",
            description = "GPUs to change: NVML indexes or GPU UUIDs, comma-separated.")
    List<String> gpus;

    @Option(names = "--apply", description = "Make the change (default: dry run).")
    boolean apply;

    @Option(names = "--force", description = "Also destroy MIG devices that run processes (disable only).")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document: plan, and what was executed.")
    boolean json;

    @Override
    public Integer call() {
        boolean enable = switch (action) {
            case "enable" -> true;
            case "disable" -> false;
            default -> throw new BadInputException("mig: expected enable or disable, got '" + action + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            Set<Integer> selected = GpuSelector.resolve(nvml, gpus);
            List<GpuTarget> targets = new ArrayList<>();
            MigManager reader = MigManager.builder(nvml).build();
            for (int g : selected) {
                targets.add(enable ? GpuTarget.of(g, reader.currentLayout(g)) : GpuTarget.migDisabled(g));
            }
            MigPlan plan = reader.plan(targets);
            return ApplyCommand.execute(out, opened, plan, apply, force, json, List.of());
        }
    }
}
