package io.mig4j.cli;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.layout.LayoutEnumerator;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.cli.render.SliceMapText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "layouts", mixinStandardHelpOptions = true,
        description = {"Enumerate every valid layout of a product (non-empty sets of GPU instances at legal,",
                "non-overlapping placements), or only the maximal ones, to which no instance can be added.",
                "One line per layout: the layout, then its memory slices, each showing the position of the",
                "instance on it (1 1 1 1 2 2 3 .), coloured by instance size on a terminal; --map draws each",
                "layout as a slice map, --svg <file> all of them as one diagram."})
final class LayoutsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"--product", "--gpu"}, required = true, paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--maximal", description = "Only layouts to which no instance of the considered profiles can be added.")
    boolean maximal;

    @Option(names = "--count", description = "Print only the number of layouts (and of distinct profile combinations).")
    boolean count;

    @Option(names = "--profiles", split = ",", paramLabel = "<profile>",
            description = "Consider only these profiles (names or IDs, comma-separated), e.g. 1g.5gb,2g.10gb,3g.20gb,4g.20gb,7g.40gb")
    List<String> profiles;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--map", description = "Draw each layout as a slice map under its line.")
    boolean map;

    @Mixin
    PictureOptions picture;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        GpuProduct product = ProductOption.resolve(gpu);
        Set<GpuInstanceProfile> considered = new LinkedHashSet<>();
        if (profiles == null) {
            considered.addAll(product.gpuInstanceProfiles());
        } else {
            for (String p : profiles) {
                considered.add(product.profile(p));
            }
            if (considered.isEmpty()) {
                throw new BadInputException("--profiles: no profile given; expected names or IDs, comma-separated,"
                        + " e.g. " + product.gpuInstanceProfiles().get(0).name() + ","
                        + product.gpuInstanceProfiles().get(1).name());
            }
        }
        LayoutEnumerator enumerator = LayoutEnumerator.of(product, considered);
        List<MigLayout> layouts = new ArrayList<>();
        Set<List<String>> combinations = new HashSet<>();
        long[] found = {0};
        enumerator.visit(maximal, l -> {
            found[0]++;
            combinations.add(l.gpuInstances().stream().map(g -> g.profile().name().toString()).sorted().toList());
            if (!count || picture.svg != null) {
                layouts.add(l);
            }
        });
        long n = found[0];
        picture.writeSvg(n + (maximal ? " maximal" : "") + " layouts on " + product.alias(),
                layouts.stream().map(l -> SliceMap.of(l).withLabel(l.toString())).toList());
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("product", product.alias());
            doc.put("maximal", maximal);
            doc.put("profiles", considered.stream().map(p -> p.name().toString()).toList());
            doc.put("count", n);
            doc.put("distinctProfileCombinations", combinations.size());
            if (!count) {
                doc.put("layouts", layouts.stream().map(Json::layout).toList());
            }
            Json.print(out, doc);
            return;
        }
        if (count) {
            out.println(n);
            return;
        }
        boolean color = picture.color();
        for (MigLayout l : layouts) {
            SliceMap sliceMap = SliceMap.of(l);
            out.printf("%-60s %s%n", l, SliceMapText.strip(sliceMap, color));
            if (map) {
                out.print(SliceMapText.render(sliceMap, color));
            }
        }
        out.println(n + (maximal ? " maximal" : "") + " layouts on " + product.alias() + " ("
                + combinations.size() + " distinct profile combinations)");
    }
}
