package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.LayoutViolation;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.cli.render.SliceMapText;
import java.util.ArrayList;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a layout against NVML's rules and place the instances that have no @start; draws the",
                "placed layout as a slice map (memory slices as columns, each instance over its slices), and,",
                "for an invalid layout, the instances that have an @start, overlaps stacked.",
                "Exit code 0 when valid, 1 when invalid, 2 when the input cannot be parsed."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--product", "--gpu"}, required = true, paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Mixin
    PictureOptions picture;

    @Parameters(index = "0", paramLabel = "<layout>",
            description = "Comma-separated profile names or profile IDs, each optionally @start, e.g. 3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb")
    String layout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GpuProduct product = ProductOption.resolve(gpu);
        List<RequestedInstance> requests = RequestedInstance.parseList(product, layout);
        PlacementResult result = LayoutSolver.solve(product, requests);
        SliceMap map = result.layout().map(SliceMap::of).orElseGet(() -> requested(product, requests));
        picture.writeSvg((result.isPlaced() ? "valid" : "invalid") + " on " + product.alias() + ": " + layout,
                List.of(map));
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
            out.print(SliceMapText.render(map, picture.color()));
        } else {
            out.println("invalid on " + product.alias() + ":");
            for (LayoutViolation v : result.violations()) {
                out.println("  " + v.rule() + ": " + v.message());
            }
            if (!map.blocks().isEmpty()) {
                out.println("the instances with an @start, as requested:");
                out.print(SliceMapText.render(map, picture.color()));
            }
        }
        return result.isPlaced() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * The picture of an invalid request: the instances with an {@code @start} where they asked to be (overlaps
     * stacked by the renderers), without those that have no start or reach past the last memory slice.
     */
    static SliceMap requested(GpuProduct product, List<RequestedInstance> requests) {
        List<SliceMap.Block> blocks = new ArrayList<>();
        int units = product.placementUnits();
        for (RequestedInstance r : requests) {
            if (r.start().isEmpty() || r.profile().placements().isEmpty()) {
                continue;
            }
            int size = r.profile().placements().get(0).size();
            int start = r.start().getAsInt();
            if (start + size <= units) {
                blocks.add(new SliceMap.Block(start, size, r.profile().name().toString(), r.profile().id(), null,
                        List.of(), null));
            }
        }
        return new SliceMap(product.alias(), null, null, units, blocks, "");
    }
}
