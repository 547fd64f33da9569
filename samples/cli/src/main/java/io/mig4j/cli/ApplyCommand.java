package io.mig4j.cli;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.Nvml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
                "Instances that already fit the config are kept."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "<mig-parted.yaml>", description = "mig-parted config file")
    Path file;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "<name>", description = "the config to apply")
    String configName;

    @Option(names = "--gpu", split = ",", paramLabel = "<index|uuid>", description = "Only these GPUs (default: all).")
    List<String> gpus;

    @Option(names = "--apply", description = "Execute the plan (default: dry run).")
    boolean apply;

    @Option(names = "--force", description = "Also destroy MIG devices that run processes.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MigPartedConfig config = MigPartedCommand.read(file);
        config.select(configName);
        try (Nvml nvml = node.open()) {
            Set<Integer> selected = GpuSelector.resolve(nvml, gpus);
            MigManager reader = MigManager.builder(nvml).build();
            MigPlan plan = reader.plan(reader.targets(config, configName, selected));
            return execute(out, nvml, plan, apply, force);
        }
    }

    /** Prints the plan and, when asked to, runs it and prints the node afterwards. */
    static int execute(PrintWriter out, Nvml nvml, MigPlan plan, boolean apply, boolean force) {
        out.println("plan:");
        out.println(plan.isEmpty() ? "  nothing to change" : plan.toString().indent(2).stripTrailing());
        if (plan.isEmpty()) {
            return ExitCodes.OK;
        }
        if (!apply) {
            out.println("dry run: nothing was changed; re-run with --apply to execute the plan");
            return ExitCodes.OK;
        }
        ApplyResult result = MigManager.builder(nvml).allowMutations(true).build().apply(plan, force);
        out.println("executed " + result.executed().size() + " of " + plan.steps().size() + " steps");
        result.pending().forEach(p -> out.println("pending: " + p));
        out.println("node now:");
        java.io.StringWriter text = new java.io.StringWriter();
        InventoryCommand.print(new PrintWriter(text), result.inventory(), nvml.backend());
        out.print(text.toString().indent(2));
        return result.complete() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
