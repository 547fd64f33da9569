package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * GPU instances of one product with their placements and, optionally, their compute instances: what a
 * MIG-enabled GPU holds, or should hold. A layout can be invalid; {@link #validate()} says why.
 */
public record MigLayout(GpuProduct product, List<PlacedGpuInstance> gpuInstances) {

    public MigLayout {
        Objects.requireNonNull(product, "product");
        gpuInstances = List.copyOf(gpuInstances);
    }

    /** The same instances sorted by placement start, as {@code nvidia-smi mig -lgi} lists them. */
    public MigLayout sorted() {
        List<PlacedGpuInstance> s = new ArrayList<>(gpuInstances);
        s.sort(Comparator.comparing(PlacedGpuInstance::placement));
        return new MigLayout(product, s);
    }

    /**
     * Checks the layout against NVML's creation rules: each placement legal for its profile, no shared
     * memory slice, at most {@code instanceCount} instances of a profile, the {@code +me.all} / {@code -me}
     * exclusivity, and the same rules for compute instances inside each GPU instance.
     *
     * @return every violation, each naming the instances involved; empty when the layout is valid
     */
    public List<LayoutViolation> validate() {
        return validate(i -> i);
    }

    /** Validates, reporting instance {@code i} as position {@code position.applyAsInt(i)} of a larger request. */
    List<LayoutViolation> validate(IntUnaryOperator position) {
        List<LayoutViolation> violations = new ArrayList<>();
        for (int i = 0; i < gpuInstances.size(); i++) {
            PlacedGpuInstance gi = gpuInstances.get(i);
            if (!product.gpuInstanceProfiles().contains(gi.profile())) {
                violations.add(new LayoutViolation(LayoutRule.UNKNOWN_PROFILE, List.of(position.applyAsInt(i)),
                        describe(i, position) + ": profile " + gi.profile().name() + " (ID " + gi.profile().id()
                                + ") is not a profile of " + product.alias()));
            } else if (!gi.profile().placements().contains(gi.placement())) {
                violations.add(illegalPlacement(position.applyAsInt(i), gi.profile(), gi.placement()));
            }
        }
        for (int i = 0; i < gpuInstances.size(); i++) {
            for (int j = i + 1; j < gpuInstances.size(); j++) {
                PlacedGpuInstance a = gpuInstances.get(i);
                PlacedGpuInstance b = gpuInstances.get(j);
                if (a.placement().overlaps(b.placement())) {
                    violations.add(new LayoutViolation(LayoutRule.OVERLAP,
                            List.of(position.applyAsInt(i), position.applyAsInt(j)), describe(i, position) + " and "
                            + describe(j, position) + " share memory slices " + shared(a.placement(), b.placement())));
                }
            }
        }
        gpuInstances.stream().map(PlacedGpuInstance::profile).distinct().forEach(p -> {
            List<Integer> of = positions(p).stream().map(position::applyAsInt).toList();
            if (of.size() > p.maxInstances()) {
                violations.add(new LayoutViolation(LayoutRule.INSTANCE_LIMIT, of, of.size() + " instances of "
                        + p.name() + " but at most " + p.maxInstances() + " can exist on " + product.alias()));
            }
        });
        for (int i = 0; i < gpuInstances.size(); i++) {
            if (!gpuInstances.get(i).profile().takesAllMediaEngines()) {
                continue;
            }
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < gpuInstances.size(); j++) {
                if (j != i && !gpuInstances.get(j).profile().hasNoMediaEngines()) {
                    others.add(j);
                }
            }
            if (!others.isEmpty()) {
                List<Integer> involved = new ArrayList<>(List.of(position.applyAsInt(i)));
                others.forEach(j -> involved.add(position.applyAsInt(j)));
                violations.add(new LayoutViolation(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY, involved,
                        describe(i, position) + " takes all media engines, so only -me profiles may exist beside it,"
                        + " but the layout also has "
                        + others.stream().map(j -> describe(j, position)).collect(Collectors.joining(", "))));
            }
        }
        for (int i = 0; i < gpuInstances.size(); i++) {
            validateComputeInstances(i, position, violations);
        }
        return violations;
    }

    /** Whether {@link #validate()} finds nothing. */
    public boolean isValid() {
        return validate().isEmpty();
    }

    private void validateComputeInstances(int i, IntUnaryOperator position, List<LayoutViolation> violations) {
        List<Integer> self = List.of(position.applyAsInt(i));
        String where = describe(i, position);
        PlacedGpuInstance gi = gpuInstances.get(i);
        List<PlacedComputeInstance> cis = gi.computeInstances();
        for (int k = 0; k < cis.size(); k++) {
            PlacedComputeInstance ci = cis.get(k);
            if (!gi.profile().computeInstanceProfiles().contains(ci.profile())) {
                violations.add(new LayoutViolation(LayoutRule.CI_UNKNOWN_PROFILE, self, where
                        + ": compute instance profile " + ci.profile().name() + " is not offered by "
                        + gi.profile().name()));
            } else if (!ci.profile().placements().contains(ci.placement())) {
                violations.add(new LayoutViolation(LayoutRule.CI_ILLEGAL_PLACEMENT, self, where
                        + ": compute instance " + ci.profile().name() + " cannot start at compute slice "
                        + ci.placement().start() + " (legal: " + starts(ci.profile().placements()) + ")"));
            }
            for (int m = k + 1; m < cis.size(); m++) {
                if (ci.placement().overlaps(cis.get(m).placement())) {
                    violations.add(new LayoutViolation(LayoutRule.CI_OVERLAP, self, where
                            + ": compute instances " + ci + " and " + cis.get(m) + " share compute slices "
                            + shared(ci.placement(), cis.get(m).placement())));
                }
            }
        }
        cis.stream().map(PlacedComputeInstance::profile).distinct().forEach(p -> {
            long n = cis.stream().filter(c -> c.profile().equals(p)).count();
            if (n > p.maxInstances()) {
                violations.add(new LayoutViolation(LayoutRule.CI_INSTANCE_LIMIT, self, where + ": " + n
                        + " compute instances of " + p.name() + " but at most " + p.maxInstances() + " fit"));
            }
        });
    }

    static LayoutViolation illegalPlacement(int position, GpuInstanceProfile profile, Placement placement) {
        return new LayoutViolation(LayoutRule.ILLEGAL_PLACEMENT, List.of(position), "#" + (position + 1) + " "
                + profile.name() + " cannot start at memory slice " + placement.start() + " (legal starts: "
                + starts(profile.placements()) + ", each " + profile.placements().get(0).size() + " slices)");
    }

    private static String starts(List<Placement> placements) {
        return placements.stream().map(p -> String.valueOf(p.start())).collect(Collectors.joining(",", "{", "}"));
    }

    private static String shared(Placement a, Placement b) {
        int from = Math.max(a.start(), b.start());
        int to = Math.min(a.end(), b.end()) - 1;
        return from == to ? String.valueOf(from) : from + "-" + to;
    }

    private List<Integer> positions(GpuInstanceProfile p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < gpuInstances.size(); i++) {
            if (gpuInstances.get(i).profile().equals(p)) {
                out.add(i);
            }
        }
        return out;
    }

    private String describe(int i, IntUnaryOperator position) {
        return "#" + (position.applyAsInt(i) + 1) + " " + gpuInstances.get(i);
    }

    /**
     * The memory slices as a picture, one cell per placement unit: {@code [3g.40gb    |2g.20gb|1g|1g|  ]}
     * is hard to read, so each unit shows the instance's position: {@code 1 1 1 1 2 2 3 .}.
     */
    public String sliceMap() {
        char[] cells = new char[product.placementUnits()];
        java.util.Arrays.fill(cells, '.');
        for (int i = 0; i < gpuInstances.size(); i++) {
            Placement p = gpuInstances.get(i).placement();
            for (int u = p.start(); u < Math.min(p.end(), cells.length); u++) {
                cells[u] = i < 9 ? (char) ('1' + i) : (char) ('a' + i - 9);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (char c : cells) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(c);
        }
        return sb.toString();
    }

    /** {@code 3g.40gb@0,2g.20gb@4,1g.10gb@6}: the form {@code mig4j validate} reads. */
    @Override
    public String toString() {
        return gpuInstances.stream().map(Object::toString).collect(Collectors.joining(","));
    }
}
