package io.mig4j.cli;

import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlConformance;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check that NVML on this node answers consistently (read-only): versions, device lookups,",
                "MIG mode, every GPU instance profile with its placements. Exit code 1 if a check fails."})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--verbose", description = "Print passed checks too.")
    boolean verbose;

    @Option(names = "--json", description = "Print one JSON document with every check.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (NodeOptions.Node opened = node.open()) {
            Nvml nvml = opened.nvml();
            List<NvmlConformance.Check> checks = NvmlConformance.run(nvml);
            long failed = checks.stream().filter(c -> !c.passed()).count();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("backend", nvml.backend());
                doc.put("passed", checks.size() - failed);
                doc.put("failed", failed);
                doc.put("checks", checks.stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("check", c.name());
                    m.put("subject", c.subject());
                    m.put("passed", c.passed());
                    m.put("failure", c.failure());
                    return m;
                }).toList());
                Json.print(out, doc);
                return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
            checks.stream().filter(c -> verbose || !c.passed()).forEach(out::println);
            out.println(nvml.backend() + ": " + (checks.size() - failed) + " passed, " + failed + " failed");
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
