package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds placements for a set of requested GPU instances, or says why none exist.
 *
 * <p>Instances with a requested start are checked as given. The others are placed largest first, as NVIDIA
 * advises, by an exhaustive search over legal placements, so the solver finds a layout whenever one exists
 * (NVML's own auto-placement does not: {@code nvidia-smi mig -cgi 19,19,14,9} fails on an A100 where
 * {@code -cgi 9,19,14,19} succeeds).
 */
public final class LayoutSolver {
    private LayoutSolver() {
    }

    /** Places the requested instances on the product. The layout keeps the request order. */
    public static PlacementResult solve(GpuProduct product, List<RequestedInstance> requests) {
        List<LayoutViolation> violations = new ArrayList<>();
        PlacedGpuInstance[] placed = new PlacedGpuInstance[requests.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            RequestedInstance r = requests.get(i);
            if (!product.gpuInstanceProfiles().contains(r.profile())) {
                violations.add(new LayoutViolation(LayoutRule.UNKNOWN_PROFILE, List.of(i), "#" + (i + 1) + " "
                        + r.profile().name() + " is not a profile of " + product.alias()));
            } else if (r.start().isPresent()) {
                var at = r.profile().placementAt(r.start().getAsInt());
                if (at.isEmpty()) {
                    violations.add(MigLayout.illegalPlacement(i, r.profile(),
                            new Placement(r.start().getAsInt(), r.profile().placements().get(0).size())));
                } else {
                    placed[i] = new PlacedGpuInstance(r.profile(), at.get());
                }
            } else {
                open.add(i);
            }
        }
        List<PlacedGpuInstance> fixed = new ArrayList<>();
        List<Integer> fixedPositions = new ArrayList<>();
        for (int i = 0; i < placed.length; i++) {
            if (placed[i] != null) {
                fixed.add(placed[i]);
                fixedPositions.add(i);
            }
        }
        violations.addAll(new MigLayout(product, fixed).validate(fixedPositions::get));
        List<LayoutViolation> fromFixed = List.copyOf(violations);
        for (LayoutViolation v : capacity(product, requests)) {
            // the fixed instances alone may already break the same rule; report it once
            if (fromFixed.stream().noneMatch(f -> f.rule() == v.rule() && f.instances().equals(v.instances()))) {
                violations.add(v);
            }
        }
        if (!violations.isEmpty()) {
            return PlacementResult.impossible(violations);
        }
        Occupancy occupancy = new Occupancy();
        fixed.forEach(g -> occupancy.add(g.profile(), g.placement()));
        open.sort(Comparator.<Integer>comparingInt(i -> -requests.get(i).profile().slices())
                .thenComparingInt(i -> -requests.get(i).profile().placements().get(0).size())
                .thenComparingInt(i -> requests.get(i).profile().index()));
        Search search = new Search(requests, placed, open, occupancy);
        if (search.place(0, -1)) {
            return PlacementResult.placed(new MigLayout(product, List.of(placed)));
        }
        return PlacementResult.impossible(List.of(noFit(product, requests, open, search)));
    }

    /** Rules a request breaks however it is placed: counts, slices, media engines. */
    private static List<LayoutViolation> capacity(GpuProduct product, List<RequestedInstance> requests) {
        List<LayoutViolation> out = new ArrayList<>();
        Map<GpuInstanceProfile, List<Integer>> byProfile = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byProfile.computeIfAbsent(requests.get(i).profile(), p -> new ArrayList<>()).add(i);
        }
        byProfile.forEach((p, positions) -> {
            if (positions.size() > p.maxInstances()) {
                out.add(new LayoutViolation(LayoutRule.INSTANCE_LIMIT, positions, positions.size() + " instances of "
                        + p.name() + " requested but at most " + p.maxInstances() + " can exist on " + product.alias()));
            }
        });
        List<Integer> all = java.util.stream.IntStream.range(0, requests.size()).boxed().toList();
        int memory = requests.stream().mapToInt(r -> r.profile().placements().get(0).size()).sum();
        if (memory > product.placementUnits()) {
            out.add(new LayoutViolation(LayoutRule.CAPACITY, all, "the instances need " + memory
                    + " memory slices but " + product.alias() + " has " + product.placementUnits()));
        }
        int compute = requests.stream().mapToInt(r -> r.profile().slices()).sum();
        if (compute > product.computeSlices()) {
            out.add(new LayoutViolation(LayoutRule.CAPACITY, all, "the instances need " + compute
                    + " compute slices but " + product.alias() + " has " + product.computeSlices()));
        }
        List<Integer> allMedia = new ArrayList<>();
        List<Integer> withMedia = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            GpuInstanceProfile p = requests.get(i).profile();
            if (p.takesAllMediaEngines()) allMedia.add(i);
            if (!p.hasNoMediaEngines()) withMedia.add(i);
        }
        if (!allMedia.isEmpty() && withMedia.size() > 1) {
            out.add(new LayoutViolation(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY, withMedia, requests.get(allMedia.get(0))
                    .profile().name() + " takes all media engines, so only -me profiles may exist beside it, but "
                    + withMedia.stream().filter(i -> !i.equals(allMedia.get(0)))
                            .map(i -> "#" + (i + 1) + " " + requests.get(i).profile().name())
                            .collect(Collectors.joining(", ")) + " also needs media engines"));
        }
        return out;
    }

    private static LayoutViolation noFit(GpuProduct product, List<RequestedInstance> requests, List<Integer> open,
                                         Search search) {
        StringBuilder sb = new StringBuilder("no combination of legal placements holds every instance on ")
                .append(product.alias()).append(": the most that fit together leave ");
        List<Integer> left = new ArrayList<>(open);
        left.removeAll(search.bestPlaced);
        sb.append(left.stream().map(i -> "#" + (i + 1) + " " + requests.get(i).profile().name() + " (legal starts "
                + requests.get(i).profile().placements().stream().map(p -> String.valueOf(p.start()))
                        .collect(Collectors.joining(",", "{", "}")) + ")").collect(Collectors.joining(", ")));
        sb.append(" without a free block");
        return new LayoutViolation(LayoutRule.NO_FIT, open, sb.toString());
    }

    private static final class Search {
        final List<RequestedInstance> requests;
        final PlacedGpuInstance[] placed;
        final List<Integer> open;
        final Occupancy occupancy;
        List<Integer> bestPlaced = List.of();
        final List<Integer> current = new ArrayList<>();

        Search(List<RequestedInstance> requests, PlacedGpuInstance[] placed, List<Integer> open, Occupancy occupancy) {
            this.requests = requests;
            this.placed = placed;
            this.open = open;
            this.occupancy = occupancy;
        }

        /** Places open[k..]; identical profiles in a row take increasing starts so no layout is tried twice. */
        boolean place(int k, int previousStart) {
            if (current.size() > bestPlaced.size()) {
                bestPlaced = List.copyOf(current);
            }
            if (k == open.size()) {
                return true;
            }
            int i = open.get(k);
            GpuInstanceProfile profile = requests.get(i).profile();
            boolean sameAsPrevious = k > 0 && requests.get(open.get(k - 1)).profile().equals(profile);
            for (Placement p : profile.placements()) {
                if (sameAsPrevious && p.start() <= previousStart) {
                    continue;
                }
                if (occupancy.conflict(profile, p) != null) {
                    continue;
                }
                occupancy.add(profile, p);
                placed[i] = new PlacedGpuInstance(profile, p);
                current.add(i);
                if (place(k + 1, p.start())) {
                    return true;
                }
                current.remove(current.size() - 1);
                placed[i] = null;
                occupancy.remove(profile, p);
            }
            return false;
        }
    }
}
