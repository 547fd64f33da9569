package io.mig4j.api.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MigLayout#validate()} against NVML's creation rules (NVIDIA MIG User Guide, "Placement"; nvml.h): legal placement from
 * {@code nvmlDeviceGetGpuInstancePossiblePlacements_v2}, no shared memory slice, at most {@code instanceCount}
 * per profile, {@code *_ALL_ME} excludes all but {@code *_NO_ME} profiles, and the same rules for compute
 * instances inside a GPU instance.
 */
class LayoutValidationTest {

    static final GpuProduct H100 = ProductCatalog.builtIn().require("H100-80GB");
    static final GpuProduct A100_80 = ProductCatalog.builtIn().require("A100-80GB");
    static final GpuProduct A30 = ProductCatalog.builtIn().require("A30-24GB");
    static final GpuProduct RTX = ProductCatalog.builtIn().require("RTX-PRO-6000");

    /** A layout written as {@code 3g.40gb@4,2g.20gb@0}; the placement size is the profile's. */
    static MigLayout layout(GpuProduct product, String text) {
        List<PlacedGpuInstance> gis = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.strip().split("@");
            gis.add(gi(product.profile(parts[0]), Integer.parseInt(parts[1])));
        }
        return new MigLayout(product, gis);
    }

    static PlacedGpuInstance gi(GpuInstanceProfile profile, int start, PlacedComputeInstance... cis) {
        return new PlacedGpuInstance(profile, new Placement(start, profile.placements().get(0).size()), List.of(cis));
    }

    static PlacedComputeInstance ci(GpuInstanceProfile gi, String name, int start) {
        ComputeInstanceProfile p = gi.computeInstanceProfiles().stream()
                .filter(c -> c.name().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(gi + " offers no CI " + name));
        return new PlacedComputeInstance(p, new Placement(start, p.slices()));
    }

    @ParameterizedTest(name = "{0}: {1} is valid")
    @CsvSource(delimiter = '|', value = {
            "H100-80GB | 7g.80gb@0",
            "H100-80GB | 1g.10gb@0,1g.10gb@1,1g.10gb@2,1g.10gb@3,1g.10gb@4,1g.10gb@5,1g.10gb@6",
            "H100-80GB | 1g.20gb@0,1g.20gb@2,1g.20gb@4,1g.20gb@6",
            // Pre-R510 drivers rejected 4g + 3g; current NVML allows it (NVIDIA MIG User Guide, "Placement").
            "H100-80GB | 4g.40gb@0,3g.40gb@4",
            "H100-80GB | 3g.40gb@0,3g.40gb@4",
            "H100-80GB | 3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3",
            "H100-80GB | 2g.20gb@0,2g.20gb@2,2g.20gb@4,1g.20gb@6",
            "H100-80GB | 1g.10gb+me@0,1g.10gb@1,1g.20gb@2,2g.20gb@4,1g.10gb@6",
            "A100-80GB | 3g.40gb@0,2g.20gb@4,1g.10gb@6",
            "A30-24GB | 2g.12gb@0,1g.6gb@2,1g.6gb+me@3",
            "A30-24GB | 4g.24gb@0",
            "RTX-PRO-6000 | 1g.24gb+me.all@0,1g.24gb-me@3,2g.48gb-me@6",
            "RTX-PRO-6000 | 1g.24gb@0,1g.24gb+gfx@3,1g.24gb+me@6,1g.24gb@9",
            "RTX-PRO-6000 | 2g.48gb+me.all@6,1g.24gb-me@0,1g.24gb-me@3",
            "RTX-PRO-6000 | 4g.96gb+gfx@0",
    })
    void validLayoutHasNoViolations(String alias, String text) {
        MigLayout layout = layout(ProductCatalog.builtIn().require(alias), text);
        assertThat(layout.validate()).isEmpty();
        assertThat(layout.isValid()).isTrue();
    }

    @Test
    void emptyLayoutIsValid() {
        assertThat(new MigLayout(H100, List.of()).validate()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1} at {2} is illegal")
    @CsvSource(delimiter = '|', value = {
            "H100-80GB | 3g.40gb | 1 | {0,4}, each 4 slices",
            "H100-80GB | 4g.40gb | 4 | {0}, each 4 slices",
            "H100-80GB | 1g.10gb | 7 | {0,1,2,3,4,5,6}, each 1 slices",
            "H100-80GB | 2g.20gb | 6 | {0,2,4}, each 2 slices",
            "H100-80GB | 1g.20gb | 1 | {0,2,4,6}, each 2 slices",
            "A30-24GB | 2g.12gb | 1 | {0,2}, each 2 slices",
            "RTX-PRO-6000 | 1g.24gb | 1 | {0,3,6,9}, each 3 slices",
    })
    void illegalPlacementNamesTheLegalStarts(String alias, String profile, int start, String legal) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        MigLayout layout = new MigLayout(product, List.of(gi(product.profile(profile), start)));
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.ILLEGAL_PLACEMENT);
            assertThat(v.instances()).containsExactly(0);
            assertThat(v.message()).isEqualTo("#1 " + profile + " cannot start at memory slice " + start
                    + " (legal starts: " + legal + ")");
        });
    }

    @Test
    void overlapNamesBothInstancesAndTheSharedSlices() {
        MigLayout layout = layout(H100, "4g.40gb@0,3g.40gb@0");
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.OVERLAP);
            assertThat(v.instances()).containsExactly(0, 1);
            assertThat(v.message()).isEqualTo("#1 4g.40gb@0 and #2 3g.40gb@0 share memory slices 0:4");
        });
    }

    @Test
    void partialOverlapNamesOnlyTheSharedSlices() {
        assertThat(layout(H100, "1g.10gb@0,3g.40gb@0,2g.20gb@4,1g.20gb@4").validate())
                .extracting(LayoutViolation::rule, LayoutViolation::instances, LayoutViolation::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(LayoutRule.OVERLAP, List.of(0, 1),
                                "#1 1g.10gb@0 and #2 3g.40gb@0 share memory slices 0:1"),
                        org.assertj.core.groups.Tuple.tuple(LayoutRule.OVERLAP, List.of(2, 3),
                                "#3 2g.20gb@4 and #4 1g.20gb@4 share memory slices 4:2"));
    }

    @Test
    void rev2ProfileOverlapsTheOneSliceProfileInItsSecondSlot() {
        // 1g.20gb (REV2) at 6 takes memory slices 6 and 7 (placement 6:2 in the H100 NVML dump).
        assertThat(layout(H100, "1g.20gb@6,1g.10gb@6").validate()).extracting(LayoutViolation::rule)
                .containsExactly(LayoutRule.OVERLAP);
        assertThat(layout(H100, "1g.20gb@4,1g.10gb@6").validate()).isEmpty();
    }

    @Test
    void fullProfileOverlapsEverything() {
        assertThat(layout(H100, "7g.80gb@0,1g.10gb@6").validate()).extracting(LayoutViolation::rule)
                .containsExactly(LayoutRule.OVERLAP);
        assertThat(layout(RTX, "4g.96gb@0,1g.24gb-me@9").validate()).extracting(LayoutViolation::rule)
                .containsExactly(LayoutRule.OVERLAP);
    }

    @Test
    void instanceLimitNamesEveryInstanceOfTheProfile() {
        // instanceCount of 1g.10gb+me is 1 (H100 NVML dump, index 7).
        MigLayout layout = layout(H100, "1g.10gb+me@0,1g.10gb@1,1g.10gb+me@2");
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.INSTANCE_LIMIT);
            assertThat(v.instances()).containsExactly(0, 2);
            assertThat(v.message()).isEqualTo("2 instances of 1g.10gb+me but at most 1 can exist on H100-80GB");
        });
    }

    @Test
    void instanceLimitOnA30MediaProfile() {
        assertThat(layout(A30, "1g.6gb+me@0,1g.6gb+me@1").validate()).extracting(LayoutViolation::rule)
                .containsExactly(LayoutRule.INSTANCE_LIMIT);
    }

    @Test
    void allMediaEnginesExcludeAProfileWithMediaEngines() {
        // nvml.h on *_ALL_ME: "Allocation of instance of this profile prevents allocation of all but _NO_ME profiles."
        MigLayout layout = layout(RTX, "1g.24gb+me.all@0,1g.24gb@3");
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY);
            assertThat(v.instances()).containsExactly(0, 1);
            assertThat(v.message()).contains("#1 1g.24gb+me.all@0 takes all media engines")
                    .contains("only -me profiles").endsWith("#2 1g.24gb@3");
        });
    }

    @Test
    void allMediaEnginesBesideNoMediaEnginesIsValid() {
        assertThat(layout(RTX, "1g.24gb+me.all@0,1g.24gb-me@3").validate()).isEmpty();
    }

    @Test
    void allMediaEnginesExclusivityDoesNotDependOnOrder() {
        MigLayout layout = layout(RTX, "1g.24gb-me@0,1g.24gb+gfx@3,1g.24gb+me.all@6");
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY);
            assertThat(v.instances()).containsExactly(2, 1);
            assertThat(v.message()).startsWith("#3 1g.24gb+me.all@6").endsWith("#2 1g.24gb+gfx@3");
        });
    }

    @ParameterizedTest(name = "+me.all beside {0} is invalid")
    @CsvSource({"1g.24gb", "1g.24gb+me", "1g.24gb+gfx", "2g.48gb", "2g.48gb+gfx"})
    void allMediaEnginesExcludeEveryProfileButNoMe(String other) {
        int start = other.startsWith("2g") ? 6 : 3;
        MigLayout layout = layout(RTX, "1g.24gb+me.all@0," + other + "@" + start);
        assertThat(layout.validate()).extracting(LayoutViolation::rule)
                .containsExactly(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY);
    }

    @Test
    void twoAllMediaEngineProfilesExcludeEachOther() {
        MigLayout layout = layout(RTX, "1g.24gb+me.all@0,2g.48gb+me.all@6");
        assertThat(layout.validate()).extracting(LayoutViolation::rule).isNotEmpty()
                .containsOnly(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY);
    }

    @Test
    void profileOfAnotherProductIsUnknown() {
        // A100-80GB's 3g.40gb has the same name and ID as H100's but 42 SMs instead of 60: a different profile.
        GpuInstanceProfile foreign = A100_80.profile("3g.40gb");
        MigLayout layout = new MigLayout(H100, List.of(gi(H100.profile("1g.10gb"), 6), gi(foreign, 0)));
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.UNKNOWN_PROFILE);
            assertThat(v.instances()).containsExactly(1);
            assertThat(v.message()).isEqualTo("#2 3g.40gb@0: profile 3g.40gb (ID 9) is not a profile of H100-80GB");
        });
    }

    @Test
    void severalBrokenRulesAreAllReported() {
        MigLayout layout = layout(H100, "3g.40gb@1,1g.10gb+me@4,1g.10gb+me@4");
        assertThat(layout.validate()).extracting(LayoutViolation::rule).containsExactlyInAnyOrder(
                LayoutRule.ILLEGAL_PLACEMENT, LayoutRule.OVERLAP, LayoutRule.OVERLAP, LayoutRule.OVERLAP,
                LayoutRule.INSTANCE_LIMIT);
    }

    @Test
    void computeInstancesThatFitAreValid() {
        // (nvidia-smi mig -lcip on A100-80GB, 3g.40gb GI): 1c x3 {0,1,2}, 2c x1 {0}, 3c x1 {0}.
        GpuInstanceProfile g3 = A100_80.profile("3g.40gb");
        assertThat(new MigLayout(A100_80, List.of(gi(g3, 0, ci(g3, "1c.3g.40gb", 0), ci(g3, "1c.3g.40gb", 1),
                ci(g3, "1c.3g.40gb", 2)))).validate()).isEmpty();
        assertThat(new MigLayout(A100_80, List.of(gi(g3, 4, ci(g3, "2c.3g.40gb", 0), ci(g3, "1c.3g.40gb", 2))))
                .validate()).isEmpty();
        assertThat(new MigLayout(A100_80, List.of(gi(g3, 0, ci(g3, "3g.40gb", 0)))).validate()).isEmpty();
    }

    @Test
    void twoTwoSliceComputeInstancesInAThreeSliceGpuInstance() {
        GpuInstanceProfile g3 = A100_80.profile("3g.40gb");
        MigLayout layout = new MigLayout(A100_80, List.of(gi(A100_80.profile("1g.10gb"), 0),
                gi(g3, 4, ci(g3, "2c.3g.40gb", 0), ci(g3, "2c.3g.40gb", 0))));
        List<LayoutViolation> violations = layout.validate();
        assertThat(violations).extracting(LayoutViolation::rule)
                .containsExactlyInAnyOrder(LayoutRule.CI_OVERLAP, LayoutRule.CI_INSTANCE_LIMIT);
        assertThat(violations).allSatisfy(v -> {
            assertThat(v.instances()).containsExactly(1);
            assertThat(v.message()).startsWith("#2 3g.40gb@4[2c.3g.40gb@0,2c.3g.40gb@0]: ");
        });
        assertThat(violations).filteredOn(v -> v.rule() == LayoutRule.CI_INSTANCE_LIMIT).singleElement()
                .extracting(LayoutViolation::message).asString()
                .endsWith("2 compute instances of 2c.3g.40gb but at most 1 fit");
        assertThat(violations).filteredOn(v -> v.rule() == LayoutRule.CI_OVERLAP).singleElement()
                .extracting(LayoutViolation::message).asString()
                .endsWith("compute instances 2c.3g.40gb@0 and 2c.3g.40gb@0 share compute slices 0:2");
    }

    @Test
    void computeInstancesSharingASliceOverlap() {
        GpuInstanceProfile g3 = A100_80.profile("3g.40gb");
        MigLayout layout = new MigLayout(A100_80, List.of(gi(g3, 0, ci(g3, "2c.3g.40gb", 0), ci(g3, "1c.3g.40gb", 1))));
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.CI_OVERLAP);
            assertThat(v.message()).endsWith("share compute slices 1:1");
        });
    }

    @Test
    void tooManyOneSliceComputeInstances() {
        GpuInstanceProfile g2 = A100_80.profile("2g.20gb");
        MigLayout layout = new MigLayout(A100_80, List.of(gi(g2, 2, ci(g2, "1c.2g.20gb", 0), ci(g2, "1c.2g.20gb", 1),
                ci(g2, "1c.2g.20gb", 1))));
        assertThat(layout.validate()).extracting(LayoutViolation::rule)
                .containsExactlyInAnyOrder(LayoutRule.CI_OVERLAP, LayoutRule.CI_INSTANCE_LIMIT);
    }

    @Test
    void computeInstanceAtAnIllegalStart() {
        GpuInstanceProfile g3 = A100_80.profile("3g.40gb");
        MigLayout layout = new MigLayout(A100_80, List.of(gi(g3, 0, ci(g3, "2c.3g.40gb", 1))));
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.CI_ILLEGAL_PLACEMENT);
            assertThat(v.instances()).containsExactly(0);
            assertThat(v.message()).isEqualTo(
                    "#1 3g.40gb@0[2c.3g.40gb@1]: compute instance 2c.3g.40gb cannot start at compute slice 1 (legal: {0})");
        });
    }

    @Test
    void computeInstanceProfileOfAnotherGpuInstanceIsUnknown() {
        GpuInstanceProfile g3 = A100_80.profile("3g.40gb");
        GpuInstanceProfile g4 = A100_80.profile("4g.40gb");
        MigLayout layout = new MigLayout(A100_80, List.of(gi(g3, 4, ci(g4, "1c.4g.40gb", 0))));
        assertThat(layout.validate()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(LayoutRule.CI_UNKNOWN_PROFILE);
            assertThat(v.message()).isEqualTo(
                    "#1 3g.40gb@4[1c.4g.40gb@0]: compute instance profile 1c.4g.40gb is not offered by 3g.40gb");
        });
    }

    @Test
    void toStringIsTheValidateSyntax() {
        MigLayout layout = layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2");
        assertThat(layout).hasToString("3g.40gb@4,2g.20gb@0,1g.10gb@2");
        assertThat(layout.sorted()).hasToString("2g.20gb@0,1g.10gb@2,3g.40gb@4");
    }

    @Test
    void sliceMapShowsEachUnitsOwner() {
        assertThat(layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2").sliceMap()).isEqualTo("2 2 3 . 1 1 1 1");
        assertThat(layout(RTX, "2g.48gb-me@6,1g.24gb@0").sliceMap()).isEqualTo("2 2 2 . . . 1 1 1 1 1 1");
    }

    @Test
    void layoutIsImmutable() {
        MigLayout layout = layout(H100, "7g.80gb@0");
        assertThatThrownBy(() -> layout.gpuInstances().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void placementOverlapAndMask() {
        assertThat(new Placement(0, 4).overlaps(new Placement(4, 4))).isFalse();
        assertThat(new Placement(0, 4).overlaps(new Placement(3, 1))).isTrue();
        assertThat(new Placement(6, 2).mask()).isEqualTo(0b1100_0000L);
        assertThat(new Placement(9, 3).end()).isEqualTo(12);
        assertThat(new Placement(4, 4)).hasToString("4:4");
        assertThatThrownBy(() -> new Placement(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Placement(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
