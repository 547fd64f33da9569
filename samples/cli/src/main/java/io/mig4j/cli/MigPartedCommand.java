package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.api.migparted.MigPartedPlacement;
import io.mig4j.api.migparted.MigPartedProblem;
import io.mig4j.api.migparted.MigPartedValidation;
import io.mig4j.api.migparted.MigPartedValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "mig-parted", mixinStandardHelpOptions = true,
        description = "Work with NVIDIA mig-parted configuration files (version: v1).",
        subcommands = MigPartedCommand.Validate.class)
final class MigPartedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (validate)");
    }

    /** Reads a mig-parted file ({@code -} for stdin), failing with one line that names the file and the problem. */
    static MigPartedConfig read(Path file) {
        return MigPartedConfig.parse(InputFile.read(file, "a mig-parted YAML file"), InputFile.displayName(file));
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check every config of a mig-parted file against the products it can apply to:",
                    "profile names, instance counts and whether the instances can be placed.",
                    "Exit code 0 when valid (warnings allowed), 1 when a config does not fit, 2 when the file cannot be",
                    "read or names a profile the product does not have."})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<file>", description = "mig-parted config file (YAML); - reads stdin")
        Path file;

        @Option(names = {"--product", "--gpu"}, paramLabel = "<product>", description = "Check only against this product. "
                + ProductOption.DESCRIPTION)
        String gpu;

        @Option(names = {"-c", "--config"}, paramLabel = "<name>", description = "Check only this config.")
        String configName;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            GpuProduct product = gpu == null ? null : ProductOption.resolve(gpu);
            MigPartedConfig config = read(file);
            if (configName != null) {
                config = config.select(configName);
            }
            MigPartedValidator validator = MigPartedValidator.builtIn();
            MigPartedValidation result = product == null ? validator.validate(config) : validator.validate(config, product);
            // one meaning per exit code: a profile the product lacks is wrong input (2), like in apply and validate;
            // a config whose profiles exist but do not fit is a valid request that cannot be met (1)
            java.util.Optional<MigPartedProblem> unknown = result.errors().stream()
                    .filter(p -> p.kind() == MigPartedProblem.Kind.UNKNOWN_PROFILE).findFirst();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", InputFile.displayName(file));
                doc.put("valid", !result.hasErrors());
                doc.put("configs", config.configNames());
                doc.put("errors", problems(result.errors()));
                doc.put("warnings", problems(result.warnings()));
                doc.put("placements", result.placements().stream().map(Validate::placement).toList());
                unknown.ifPresent(u -> {
                    doc.put("error", u.message());
                    doc.put("exitCode", ExitCodes.BAD_INPUT);
                });
                Json.print(out, doc);
            } else {
                for (String name : config.configNames()) {
                    List<MigPartedProblem> problems = result.problems(name);
                    boolean ok = problems.stream().noneMatch(MigPartedProblem::isError);
                    out.println(name + ": " + (ok ? "ok" : "invalid"));
                    for (MigPartedPlacement p : result.placements(name)) {
                        out.println("  entry " + p.entryNumber() + " on " + p.product().alias() + ": "
                                + (!p.entry().migEnabled() ? "MIG disabled"
                                : p.layout().gpuInstances().isEmpty() ? "MIG enabled, no instances"
                                : p.layout().sorted().toString()));
                    }
                    for (MigPartedProblem problem : problems) {
                        out.println("  " + problem);
                    }
                }
                out.println(config.configNames().size() + " configs, " + result.errors().size() + " errors, "
                        + result.warnings().size() + " warnings");
            }
            if (unknown.isPresent()) {
                spec.commandLine().getErr().println("mig4j: " + Main.oneLine(unknown.get().message()));
                return ExitCodes.BAD_INPUT;
            }
            return result.hasErrors() ? ExitCodes.FAILURE : ExitCodes.OK;
        }

        private static List<Map<String, Object>> problems(List<MigPartedProblem> problems) {
            return problems.stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("config", p.configName());
                m.put("entry", p.entryNumber());
                m.put("product", p.productAlias());
                m.put("profile", p.profile());
                m.put("message", p.message());
                m.put("kind", p.kind().name());
                return m;
            }).toList();
        }

        private static Map<String, Object> placement(MigPartedPlacement p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", p.configName());
            m.put("entry", p.entryNumber());
            m.put("product", p.product().alias());
            m.put("migEnabled", p.entry().migEnabled());
            m.put("layout", Json.layout(p.layout().sorted()));
            return m;
        }
    }
}
