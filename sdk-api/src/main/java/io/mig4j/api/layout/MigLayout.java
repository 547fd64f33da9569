package io.mig4j.api.layout;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
            if (!containsProfile(product.gpuInstanceProfiles(), gi.profile())) {
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
        for (int i = 0; i < gpuInstances.size(); i++) {
            GpuInstanceProfile p = gpuInstances.get(i).profile();
            if (firstOf(p) != i) {
                continue; // each profile once
            }
            List<Integer> of = positions(p).stream().map(position::applyAsInt).toList();
            if (of.size() > p.maxInstances()) {
                violations.add(new LayoutViolation(LayoutRule.INSTANCE_LIMIT, of, of.size() + " instances of "
                        + p.name() + " but at most " + p.maxInstances() + " can exist on " + product.alias()));
            }
        }
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

    /**
     * Whether {@link #validate()} finds nothing. The same checks, stopping at the first violation and building no
     * message: cheap enough for searches and randomized tests that ask it millions of times.
     */
    public boolean isValid() {
        int n = gpuInstances.size();
        for (int i = 0; i < n; i++) {
            PlacedGpuInstance gi = gpuInstances.get(i);
            GpuInstanceProfile p = gi.profile();
            if (!containsProfile(product.gpuInstanceProfiles(), p) || !p.placements().contains(gi.placement())) {
                return false;
            }
            int same = 0;
            for (int j = 0; j < n; j++) {
                PlacedGpuInstance other = gpuInstances.get(j);
                if (j != i && other.placement().overlaps(gi.placement())) {
                    return false;
                }
                if (same(other.profile(), p)) {
                    same++;
                }
                if (j != i && p.takesAllMediaEngines() && !other.profile().hasNoMediaEngines()) {
                    return false;
                }
            }
            if (same > p.maxInstances() || !computeInstancesValid(gi)) {
                return false;
            }
        }
        return true;
    }

    private static boolean computeInstancesValid(PlacedGpuInstance gi) {
        List<PlacedComputeInstance> cis = gi.computeInstances();
        for (int k = 0; k < cis.size(); k++) {
            PlacedComputeInstance ci = cis.get(k);
            if (!containsProfile(gi.profile().computeInstanceProfiles(), ci.profile())
                    || !ci.profile().placements().contains(ci.placement())) {
                return false;
            }
            int same = 0;
            for (int m = 0; m < cis.size(); m++) {
                if (m != k && ci.placement().overlaps(cis.get(m).placement())) {
                    return false;
                }
                if (same(cis.get(m).profile(), ci.profile())) {
                    same++;
                }
            }
            if (same > ci.profile().maxInstances()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why NVML would refuse one more GPU instance of {@code profile} at {@code placement} on a GPU that holds this
     * layout, or empty when it would create it. The rules are those of {@link #validate()}, for the one new
     * instance and without building messages, so a fake GPU or a planner can ask before every creation:
     * {@link LayoutRule#UNKNOWN_PROFILE} and {@link LayoutRule#ILLEGAL_PLACEMENT} (NVML answers
     * {@code ERROR_INVALID_ARGUMENT}), {@link LayoutRule#OVERLAP}, {@link LayoutRule#INSTANCE_LIMIT} and
     * {@link LayoutRule#MEDIA_ENGINE_EXCLUSIVITY} ({@code ERROR_INSUFFICIENT_RESOURCES}), checked in that order.
     * The instances already in the layout are taken as they are, valid or not.
     */
    public Optional<LayoutRule> gpuInstanceConflict(GpuInstanceProfile profile, Placement placement) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(placement, "placement");
        if (!containsProfile(product.gpuInstanceProfiles(), profile)) {
            return Optional.of(LayoutRule.UNKNOWN_PROFILE);
        }
        if (!profile.placements().contains(placement)) {
            return Optional.of(LayoutRule.ILLEGAL_PLACEMENT);
        }
        Occupancy occupancy = new Occupancy();
        for (PlacedGpuInstance gi : gpuInstances) {
            occupancy.add(gi.profile(), gi.placement());
        }
        return Optional.ofNullable(occupancy.conflict(profile, placement));
    }

    /**
     * Why NVML would refuse one more compute instance of {@code profile} at {@code placement} inside GPU instance
     * {@code gpuInstance} (its position in {@link #gpuInstances()}), or empty when it would create it:
     * {@link LayoutRule#CI_UNKNOWN_PROFILE} and {@link LayoutRule#CI_ILLEGAL_PLACEMENT}
     * ({@code ERROR_INVALID_ARGUMENT}), {@link LayoutRule#CI_OVERLAP} and {@link LayoutRule#CI_INSTANCE_LIMIT}
     * ({@code ERROR_INSUFFICIENT_RESOURCES}), checked in that order; the rules of {@link #validate()}.
     *
     * @throws IndexOutOfBoundsException when the layout has no GPU instance at that position
     */
    public Optional<LayoutRule> computeInstanceConflict(int gpuInstance, ComputeInstanceProfile profile,
                                                        Placement placement) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(placement, "placement");
        PlacedGpuInstance gi = gpuInstances.get(gpuInstance);
        if (!containsProfile(gi.profile().computeInstanceProfiles(), profile)) {
            return Optional.of(LayoutRule.CI_UNKNOWN_PROFILE);
        }
        if (!profile.placements().contains(placement)) {
            return Optional.of(LayoutRule.CI_ILLEGAL_PLACEMENT);
        }
        int same = 0;
        for (PlacedComputeInstance ci : gi.computeInstances()) {
            if (ci.placement().overlaps(placement)) {
                return Optional.of(LayoutRule.CI_OVERLAP);
            }
            if (same(ci.profile(), profile)) {
                same++;
            }
        }
        return same >= profile.maxInstances() ? Optional.of(LayoutRule.CI_INSTANCE_LIMIT) : Optional.empty();
    }

    /** {@code list.contains(item)}, trying identity first: catalog profiles are shared instances. */
    private static <T> boolean containsProfile(List<T> list, T item) {
        for (T t : list) {
            if (t == item) {
                return true;
            }
        }
        return list.contains(item);
    }

    private void validateComputeInstances(int i, IntUnaryOperator position, List<LayoutViolation> violations) {
        List<Integer> self = List.of(position.applyAsInt(i));
        String where = describe(i, position);
        PlacedGpuInstance gi = gpuInstances.get(i);
        List<PlacedComputeInstance> cis = gi.computeInstances();
        for (int k = 0; k < cis.size(); k++) {
            PlacedComputeInstance ci = cis.get(k);
            if (!containsProfile(gi.profile().computeInstanceProfiles(), ci.profile())) {
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
        for (int k = 0; k < cis.size(); k++) {
            ComputeInstanceProfile p = cis.get(k).profile();
            int n = 0;
            boolean first = true;
            for (int m = 0; m < cis.size(); m++) {
                if (same(cis.get(m).profile(), p)) {
                    first &= m >= k;
                    n++;
                }
            }
            if (first && n > p.maxInstances()) {
                violations.add(new LayoutViolation(LayoutRule.CI_INSTANCE_LIMIT, self, where + ": " + n
                        + " compute instances of " + p.name() + " but at most " + p.maxInstances() + " fit"));
            }
        }
    }

    static LayoutViolation illegalPlacement(int position, GpuInstanceProfile profile, Placement placement) {
        return new LayoutViolation(LayoutRule.ILLEGAL_PLACEMENT, List.of(position), "#" + (position + 1) + " "
                + profile.name() + " cannot start at memory slice " + placement.start() + " (legal starts: "
                + starts(profile.placements()) + ", each " + profile.placements().get(0).size() + " slices)");
    }

    private static String starts(List<Placement> placements) {
        return placements.stream().map(p -> String.valueOf(p.start())).collect(Collectors.joining(",", "{", "}"));
    }

    /** The shared slices as {@code start:size}, the one way mig4j writes slices (as nvidia-smi writes placements). */
    private static String shared(Placement a, Placement b) {
        int from = Math.max(a.start(), b.start());
        return new Placement(from, Math.min(a.end(), b.end()) - from).toString();
    }

    private List<Integer> positions(GpuInstanceProfile p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < gpuInstances.size(); i++) {
            if (same(gpuInstances.get(i).profile(), p)) {
                out.add(i);
            }
        }
        return out;
    }

    private int firstOf(GpuInstanceProfile p) {
        for (int i = 0; i < gpuInstances.size(); i++) {
            if (same(gpuInstances.get(i).profile(), p)) {
                return i;
            }
        }
        return -1;
    }

    /** Equal profiles, trying identity first: catalog profiles are shared instances and deep equality is slow. */
    private static boolean same(Object a, Object b) {
        return a == b || a.equals(b);
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
