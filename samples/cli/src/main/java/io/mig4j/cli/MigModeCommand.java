package io.mig4j.cli;

import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mig4j mig enable|disable}: MIG mode, planned and printed first, changed only with {@code --apply}. */
abstract class MigModeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"--gpu", "-i"}, required = true, split = ",", paramLabel = "<index|uuid>",
            description = "GPUs to change: NVML indexes or GPU UUIDs, comma-separated.")
    List<String> gpus;

    @Option(names = "--apply", description = "Make the change (default: dry run).")
    boolean apply;

    @Option(names = "--force", description = "Also destroy MIG devices that run processes (disable only).")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document: plan, and what was executed.")
    boolean json;

    @Mixin
    PictureOptions.Colors colors;

    abstract boolean enable();

    @Override
    public Integer call() {
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            Set<Integer> selected = GpuSelector.resolve(nvml, gpus);
            List<GpuTarget> targets = new ArrayList<>();
            MigManager reader = MigManager.builder(nvml).build();
            for (int g : selected) {
                targets.add(enable() ? GpuTarget.of(g, reader.currentLayout(g)) : GpuTarget.migDisabled(g));
            }
            MigPlan plan = reader.plan(targets);
            return ApplyCommand.execute(spec.commandLine().getOut(), spec.commandLine().getErr(), opened, plan, apply,
                    force, json, List.of(), !json && colors.enabled());
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable MIG mode on GPUs. Prints the plan; changes nothing without --apply.")
    static final class Enable extends MigModeCommand {
        @Override
        boolean enable() {
            return true;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Disable MIG mode on GPUs, destroying their instances first. Prints the plan; changes",
                    "nothing without --apply."})
    static final class Disable extends MigModeCommand {
        @Override
        boolean enable() {
            return false;
        }
    }
}
