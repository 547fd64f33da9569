package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProfileAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An independent oracle for valid layouts, written straight from NVML's rules (NVIDIA MIG User Guide, "Placement"; nvml.h) and the catalog's
 * profile data: no {@link Occupancy}, {@link LayoutEnumerator}, {@link LayoutSolver} or {@link MigLayout#validate()}.
 *
 * <p>Step 1 lists every set of pairwise disjoint (profile, placement) candidates by walking the placement units
 * left to right: each unit is either left empty or is the start of one candidate, which then takes its units.
 * Step 2 keeps the sets that respect each profile's {@code maxInstances} and the {@code +me.all} rule
 * ("prevents allocation of all but _NO_ME profiles"). A set is maximal when no candidate can be added to it
 * under the same three checks.
 *
 * <p>Layouts are keyed as sorted {@code name@start:size} strings, so they compare as sets.
 */
final class BruteForceLayouts {

    /** One (profile, placement) choice. */
    record Candidate(GpuInstanceProfile profile, int start, int size) {
        String key() {
            return profile.name() + "@" + start + ":" + size;
        }
    }

    final List<Candidate> candidates;
    final int units;
    /** Every valid non-empty layout, each as a sorted list of candidate keys. */
    final Set<List<String>> all = new LinkedHashSet<>();
    final Set<List<String>> maximal = new LinkedHashSet<>();
    /** The multiset of profile names of each valid layout, as a sorted list (for the solver cross-check). */
    final Set<List<String>> realizableMultisets = new LinkedHashSet<>();

    BruteForceLayouts(GpuProduct product, List<GpuInstanceProfile> profiles) {
        int u = 0;
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            for (Placement pl : p.placements()) {
                u = Math.max(u, pl.start() + pl.size());
            }
        }
        this.units = u;
        List<Candidate> c = new ArrayList<>();
        for (GpuInstanceProfile p : profiles) {
            for (Placement pl : p.placements()) {
                c.add(new Candidate(p, pl.start(), pl.size()));
            }
        }
        this.candidates = List.copyOf(c);
        List<List<Candidate>> disjoint = new ArrayList<>();
        tile(0, new ArrayList<>(), disjoint);
        for (List<Candidate> set : disjoint) {
            if (set.isEmpty() || !respectsCountsAndMedia(set)) {
                continue;
            }
            List<String> key = key(set);
            all.add(key);
            if (isMaximal(set)) {
                maximal.add(key);
            }
            realizableMultisets.add(set.stream().map(x -> x.profile().name().toString()).sorted().toList());
        }
    }

    private void tile(int unit, List<Candidate> chosen, List<List<Candidate>> out) {
        if (unit >= units) {
            out.add(List.copyOf(chosen));
            return;
        }
        tile(unit + 1, chosen, out);
        for (Candidate c : candidates) {
            if (c.start() == unit && c.start() + c.size() <= units) {
                chosen.add(c);
                tile(unit + c.size(), chosen, out);
                chosen.remove(chosen.size() - 1);
            }
        }
    }

    private static boolean hasAllMediaEngines(GpuInstanceProfile p) {
        return p.name().attributes().contains(ProfileAttribute.ME_ALL);
    }

    private static boolean hasNoMediaEngines(GpuInstanceProfile p) {
        return p.name().attributes().contains(ProfileAttribute.NO_ME);
    }

    static boolean respectsCountsAndMedia(List<Candidate> set) {
        Map<Integer, Integer> count = new HashMap<>();
        for (Candidate c : set) {
            int n = count.merge(c.profile().index(), 1, Integer::sum);
            if (n > c.profile().maxInstances()) {
                return false;
            }
        }
        for (Candidate a : set) {
            if (!hasAllMediaEngines(a.profile())) {
                continue;
            }
            for (Candidate b : set) {
                if (b != a && !hasNoMediaEngines(b.profile())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean disjoint(Candidate a, Candidate b) {
        return a.start() + a.size() <= b.start() || b.start() + b.size() <= a.start();
    }

    private boolean isMaximal(List<Candidate> set) {
        for (Candidate c : candidates) {
            if (set.contains(c) || !set.stream().allMatch(s -> disjoint(s, c))) {
                continue;
            }
            List<Candidate> bigger = new ArrayList<>(set);
            bigger.add(c);
            if (respectsCountsAndMedia(bigger)) {
                return false;
            }
        }
        return true;
    }

    static List<String> key(List<Candidate> set) {
        return set.stream().sorted(Comparator.comparingInt(Candidate::start)).map(Candidate::key).toList();
    }

    /** The same key for a layout the code under test produced. */
    static List<String> key(MigLayout layout) {
        return layout.gpuInstances().stream()
                .sorted(Comparator.comparingInt(g -> g.placement().start()))
                .map(g -> g.profile().name() + "@" + g.placement().start() + ":" + g.placement().size())
                .toList();
    }

    static String describe(Set<List<String>> layouts) {
        return layouts.stream().map(l -> String.join(",", l)).collect(Collectors.joining("\n"));
    }
}
