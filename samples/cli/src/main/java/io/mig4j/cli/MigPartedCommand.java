package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.api.migparted.MigPartedPlacement;
import io.mig4j.api.migparted.MigPartedProblem;
import io.mig4j.api.migparted.MigPartedValidation;
import io.mig4j.api.migparted.MigPartedValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** Reads a mig-parted file, failing with one line that names the file and the problem. */
    static MigPartedConfig read(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + file + ": it is a directory, not a mig-parted YAML file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read " + file + ": no such file");
        }
        try {
            return MigPartedConfig.read(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException("cannot read " + file + ": not UTF-8 text (a mig-parted YAML file was expected)");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check every config of a mig-parted file against the products it can apply to:",
                    "profile names, instance counts and whether the instances can be placed.",
                    "Exit code 0 when valid (warnings allowed), 1 on errors, 2 when the file cannot be read."})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<file>", description = "mig-parted config file (YAML)")
        Path file;

        @Option(names = "--gpu", paramLabel = "<product>", description = "Check only against this product. "
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
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", file.toString());
                doc.put("valid", !result.hasErrors());
                doc.put("configs", config.configNames());
                doc.put("errors", problems(result.errors()));
                doc.put("warnings", problems(result.warnings()));
                doc.put("placements", result.placements().stream().map(Validate::placement).toList());
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
