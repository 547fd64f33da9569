package io.mig4j.api.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link MigLayout#gpuInstanceConflict} and {@link MigLayout#computeInstanceConflict} answer exactly what
 * {@link MigLayout#validate()} says about the layout with the one instance added: empty when that layout is valid,
 * else one of its violated rules. Checked on layouts grown at random (fixed seed) on every catalog product, for
 * every profile at every legal placement and at a start one past each. {@link MigLayout#isValid()}, which makes the
 * same checks without messages, agrees with {@code validate()} on every layout seen.
 */
class LayoutConflictTest {

    private static final int WALKS_PER_PRODUCT = 6;

    @Test
    void gpuInstanceConflictAgreesWithValidate() {
        SplittableRandom random = new SplittableRandom(0x4C61796F7574L);
        int checked = 0;
        for (GpuProduct product : ProductCatalog.builtIn().products()) {
            for (int walk = 0; walk < WALKS_PER_PRODUCT; walk++) {
                MigLayout layout = new MigLayout(product, List.of());
                for (int step = 0; step < 10; step++) {
                    List<PlacedGpuInstance> addable = new ArrayList<>();
                    for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                        for (Placement pl : candidates(p.placements())) {
                            MigLayout with = withGi(layout, p, pl);
                            Optional<LayoutRule> conflict = layout.gpuInstanceConflict(p, pl);
                            assertAgrees(conflict, with, p + "@" + pl + " on " + product.alias() + " [" + layout + "]");
                            checked++;
                            if (conflict.isEmpty()) {
                                addable.add(new PlacedGpuInstance(p, pl));
                            }
                        }
                    }
                    if (addable.isEmpty()) {
                        break;
                    }
                    PlacedGpuInstance next = addable.get(random.nextInt(addable.size()));
                    layout = withGi(layout, next.profile(), next.placement());
                }
            }
        }
        assertThat(checked).isGreaterThan(2_000);
    }

    @Test
    void computeInstanceConflictAgreesWithValidate() {
        SplittableRandom random = new SplittableRandom(0x43494C61796FL);
        int checked = 0;
        for (GpuProduct product : ProductCatalog.builtIn().products()) {
            for (GpuInstanceProfile gp : product.gpuInstanceProfiles()) {
                for (int walk = 0; walk < 2; walk++) {
                    MigLayout layout = new MigLayout(product, List.of(new PlacedGpuInstance(gp, gp.placements().get(0))));
                    for (int step = 0; step < 8; step++) {
                        List<PlacedComputeInstance> addable = new ArrayList<>();
                        for (ComputeInstanceProfile c : gp.computeInstanceProfiles()) {
                            for (Placement pl : candidates(c.placements())) {
                                MigLayout with = withCi(layout, c, pl);
                                Optional<LayoutRule> conflict = layout.computeInstanceConflict(0, c, pl);
                                assertAgrees(conflict, with, c + "@" + pl + " in " + layout);
                                checked++;
                                if (conflict.isEmpty()) {
                                    addable.add(new PlacedComputeInstance(c, pl));
                                }
                            }
                        }
                        if (addable.isEmpty()) {
                            break;
                        }
                        PlacedComputeInstance next = addable.get(random.nextInt(addable.size()));
                        layout = withCi(layout, next.profile(), next.placement());
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void aProfileOfAnotherProductOrGpuInstanceIsUnknown() {
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        GpuProduct a30 = ProductCatalog.builtIn().require("A30-24GB");
        MigLayout empty = new MigLayout(h100, List.of());
        GpuInstanceProfile a30One = a30.profile("1g.6gb");
        assertThat(empty.gpuInstanceConflict(a30One, a30One.placements().get(0))).contains(LayoutRule.UNKNOWN_PROFILE);
        GpuInstanceProfile three = h100.profile("3g.40gb");
        GpuInstanceProfile seven = h100.profile("7g.80gb");
        MigLayout one = new MigLayout(h100, List.of(new PlacedGpuInstance(three, new Placement(4, 4))));
        ComputeInstanceProfile sevenC = seven.computeInstanceProfiles().stream().filter(c -> c.slices() == 7)
                .findFirst().orElseThrow();
        assertThat(one.computeInstanceConflict(0, sevenC, new Placement(0, 7))).contains(LayoutRule.CI_UNKNOWN_PROFILE);
    }

    private static List<Placement> candidates(List<Placement> legal) {
        List<Placement> out = new ArrayList<>(legal);
        for (Placement pl : legal) {
            out.add(new Placement(pl.start() + 1, pl.size()));
        }
        return out;
    }

    private static void assertAgrees(Optional<LayoutRule> conflict, MigLayout with, String what) {
        List<LayoutViolation> violations = with.validate();
        assertThat(with.isValid()).as("isValid() of " + what).isEqualTo(violations.isEmpty());
        if (violations.isEmpty()) {
            assertThat(conflict).as(what).isEmpty();
        } else {
            assertThat(conflict).as(what + ": " + violations).isPresent();
            assertThat(violations.stream().map(LayoutViolation::rule).collect(Collectors.toSet())).as(what)
                    .contains(conflict.get());
        }
    }

    private static MigLayout withGi(MigLayout layout, GpuInstanceProfile p, Placement pl) {
        List<PlacedGpuInstance> gis = new ArrayList<>(layout.gpuInstances());
        gis.add(new PlacedGpuInstance(p, pl));
        return new MigLayout(layout.product(), gis);
    }

    private static MigLayout withCi(MigLayout layout, ComputeInstanceProfile c, Placement pl) {
        PlacedGpuInstance gi = layout.gpuInstances().get(0);
        List<PlacedComputeInstance> cis = new ArrayList<>(gi.computeInstances());
        cis.add(new PlacedComputeInstance(c, pl));
        return new MigLayout(layout.product(), List.of(new PlacedGpuInstance(gi.profile(), gi.placement(), cis)));
    }
}
