package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.LayoutViolation;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a layout against NVML's rules and place the instances that have no @start.",
                "Exit code 0 when valid, 1 when invalid, 2 when the input cannot be parsed."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--product", "--gpu"}, required = true, paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Parameters(index = "0", paramLabel = "<layout>",
            description = "Comma-separated profile names or profile IDs, each optionally @start, e.g. 3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb")
    String layout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GpuProduct product = ProductOption.resolve(gpu);
        List<RequestedInstance> requests = RequestedInstance.parseList(product, layout);
        PlacementResult result = LayoutSolver.solve(product, requests);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("product", product.alias());
            doc.put("valid", result.isPlaced());
            doc.put("layout", result.layout().map(Json::layout).orElse(List.of()));
            doc.put("violations", Json.violations(result.violations()));
            Json.print(out, doc);
        } else if (result.isPlaced()) {
            MigLayout placed = result.layout().orElseThrow();
            out.println("valid on " + product.alias() + ": " + placed);
            List<PlacedGpuInstance> gis = placed.gpuInstances();
            for (int i = 0; i < gis.size(); i++) {
                PlacedGpuInstance g = gis.get(i);
                out.printf("  #%d %-12s ID %-3d memory slices %s%n", i + 1, g.profile().name(), g.profile().id(),
                        g.placement());
            }
            out.println("  slices: " + placed.sliceMap());
        } else {
            out.println("invalid on " + product.alias() + ":");
            for (LayoutViolation v : result.violations()) {
                out.println("  " + v.rule() + ": " + v.message());
            }
        }
        return result.isPlaced() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
