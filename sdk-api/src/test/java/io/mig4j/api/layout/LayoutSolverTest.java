package io.mig4j.api.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.UnknownProfileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LayoutSolver} and {@link RequestedInstance#parseList}. */
class LayoutSolverTest {

    static final GpuProduct H100 = ProductCatalog.builtIn().require("H100-80GB");
    static final GpuProduct A100_40 = ProductCatalog.builtIn().require("A100-40GB");
    static final GpuProduct RTX = ProductCatalog.builtIn().require("RTX-PRO-6000");

    static PlacementResult solve(GpuProduct product, String text) {
        return LayoutSolver.solve(product, RequestedInstance.parseList(product, text));
    }

    static MigLayout placed(GpuProduct product, String text) {
        PlacementResult r = solve(product, text);
        assertThat(r.violations()).as(text).isEmpty();
        assertThat(r.isPlaced()).isTrue();
        MigLayout layout = r.layout().orElseThrow();
        assertThat(layout.validate()).as("solver output %s", layout).isEmpty();
        return layout;
    }

    static List<LayoutViolation> impossible(GpuProduct product, String text) {
        PlacementResult r = solve(product, text);
        assertThat(r.isPlaced()).as(text).isFalse();
        assertThat(r.layout()).isEmpty();
        assertThat(r.violations()).isNotEmpty();
        return r.violations();
    }

    @Test
    void fixedInstancesStayAndTheOthersFillTheGaps() {
        MigLayout layout = placed(H100, "3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb");
        assertThat(layout).hasToString("3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3");
        assertThat(layout.sliceMap()).isEqualTo("2 2 3 4 1 1 1 1");
    }

    @Test
    void migGuideFragmentationExampleIsSolved() {
        // MIG User Guide, Example 2 ("Getting Started"): nvidia-smi mig -cgi 19,19,14,9 fails with "Insufficient
        // Resources" because NVML auto-places in request order; a layout exists (3g at 4), so the solver finds it.
        MigLayout layout = placed(H100, "1g.10gb,1g.10gb,2g.20gb,3g.40gb");
        assertThat(layout.gpuInstances()).extracting(g -> g.profile().name().toString())
                .containsExactly("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb");
        assertThat(layout.gpuInstances().get(3).placement()).isEqualTo(new Placement(4, 4));
    }

    @Test
    void migGuideExampleByProfileIdsOnA100() {
        // The guide's exact command: -cgi 19,19,14,9 on an A100-40GB (19 = 1g.5gb, 14 = 2g.10gb, 9 = 3g.20gb).
        MigLayout layout = placed(A100_40, "19,19,14,9");
        assertThat(layout.gpuInstances()).extracting(g -> g.profile().name().toString())
                .containsExactly("1g.5gb", "1g.5gb", "2g.10gb", "3g.20gb");
        assertThat(layout.gpuInstances().get(3).placement().start()).isEqualTo(4);
    }

    @Test
    void sevenOneSliceInstances() {
        MigLayout layout = placed(H100, String.join(",", Collections.nCopies(7, "1g.10gb")));
        assertThat(layout.gpuInstances()).extracting(g -> g.placement().start()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void fourRev2InstancesUseEveryMemorySlice() {
        MigLayout layout = placed(H100, "1g.20gb,1g.20gb,1g.20gb,1g.20gb");
        assertThat(layout.gpuInstances()).extracting(g -> g.placement().start()).containsExactly(0, 2, 4, 6);
        assertThat(layout.sliceMap()).doesNotContain(".");
    }

    @Test
    void eightOneSliceInstancesExceedTheInstanceLimit() {
        List<LayoutViolation> v = impossible(H100, String.join(",", Collections.nCopies(8, "1g.10gb")));
        assertThat(v).extracting(LayoutViolation::rule).contains(LayoutRule.INSTANCE_LIMIT);
        assertThat(v).filteredOn(x -> x.rule() == LayoutRule.INSTANCE_LIMIT).singleElement().satisfies(x -> {
            assertThat(x.instances()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(x.message()).isEqualTo("8 instances of 1g.10gb requested but at most 7 can exist on H100-80GB");
        });
    }

    @Test
    void twoFourSliceInstancesExceedTheLimitAndTheCapacity() {
        List<LayoutViolation> v = impossible(H100, "4g.40gb,4g.40gb");
        assertThat(v).extracting(LayoutViolation::rule).contains(LayoutRule.INSTANCE_LIMIT, LayoutRule.CAPACITY);
        assertThat(v).filteredOn(x -> x.rule() == LayoutRule.CAPACITY).extracting(LayoutViolation::message)
                .contains("the instances need 8 compute slices but H100-80GB has 7");
    }

    @Test
    void memoryCapacityIsCheckedInPlacementUnits() {
        List<LayoutViolation> v = impossible(H100, "1g.20gb,1g.20gb,1g.20gb,2g.20gb,1g.10gb");
        assertThat(v).extracting(LayoutViolation::message)
                .contains("the instances need 9 memory slices but H100-80GB has 8");
    }

    @Test
    void threeTwoSliceInstancesLeaveTheLastPairForARev2Instance() {
        MigLayout layout = placed(H100, "2g.20gb,2g.20gb,2g.20gb,1g.20gb");
        assertThat(layout).hasToString("2g.20gb@0,2g.20gb@2,2g.20gb@4,1g.20gb@6");
    }

    @Test
    void fourSliceInstanceOnlyFitsAtZero() {
        // 4g.40gb has the single placement 0:4 (H100 NVML dump); with 3g.40gb fixed at 0 nothing holds it.
        List<LayoutViolation> v = impossible(H100, "3g.40gb@0,4g.40gb");
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(LayoutRule.NO_FIT);
            assertThat(x.instances()).containsExactly(1);
            assertThat(x.message()).contains("#2 4g.40gb").contains("legal starts {0}").contains("H100-80GB");
        });
    }

    @Test
    void fourPlusThreeIsPlacedWhenTheThreeIsFree() {
        assertThat(placed(H100, "3g.40gb,4g.40gb")).hasToString("3g.40gb@4,4g.40gb@0");
    }

    @Test
    void fixedInstanceAtAnIllegalStartIsReported() {
        List<LayoutViolation> v = impossible(H100, "1g.10gb,3g.40gb@1");
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(LayoutRule.ILLEGAL_PLACEMENT);
            assertThat(x.instances()).containsExactly(1);
            assertThat(x.message()).startsWith("#2 3g.40gb cannot start at memory slice 1");
        });
    }

    @Test
    void overlappingFixedInstancesAreReportedAtTheirRequestPositions() {
        List<LayoutViolation> v = impossible(H100, "1g.10gb,2g.20gb@0,1g.20gb@0");
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(LayoutRule.OVERLAP);
            assertThat(x.instances()).containsExactly(1, 2);
            assertThat(x.message()).isEqualTo("#2 2g.20gb@0 and #3 1g.20gb@0 share memory slices 0:2");
        });
    }

    @Test
    void allMediaEnginesBesideAMediaProfileIsImpossible() {
        List<LayoutViolation> v = impossible(RTX, "1g.24gb+me.all,1g.24gb");
        assertThat(v).extracting(LayoutViolation::rule).containsExactly(LayoutRule.MEDIA_ENGINE_EXCLUSIVITY);
        assertThat(v.get(0).instances()).containsExactly(0, 1);
        assertThat(v.get(0).message()).contains("1g.24gb+me.all takes all media engines").contains("#2 1g.24gb");
    }

    @Test
    void allMediaEnginesBesideNoMediaProfilesIsPlaced() {
        MigLayout layout = placed(RTX, "1g.24gb-me,2g.48gb-me,1g.24gb+me.all");
        assertThat(layout.gpuInstances()).extracting(g -> g.profile().name().toString())
                .containsExactly("1g.24gb-me", "2g.48gb-me", "1g.24gb+me.all");
    }

    @Test
    void profileOfAnotherProductIsUnknown() {
        GpuInstanceProfile foreign = ProductCatalog.builtIn().require("A100-80GB").profile("3g.40gb");
        PlacementResult r = LayoutSolver.solve(H100, List.of(RequestedInstance.anywhere(H100.profile("1g.10gb")),
                RequestedInstance.anywhere(foreign)));
        assertThat(r.violations()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(LayoutRule.UNKNOWN_PROFILE);
            assertThat(x.instances()).containsExactly(1);
            assertThat(x.message()).isEqualTo("#2 3g.40gb is not a profile of H100-80GB");
        });
    }

    @Test
    void emptyRequestIsAnEmptyLayout() {
        PlacementResult r = LayoutSolver.solve(H100, List.of());
        assertThat(r.isPlaced()).isTrue();
        assertThat(r.layout().orElseThrow().gpuInstances()).isEmpty();
    }

    @Test
    void resultHasEitherALayoutOrViolations() {
        assertThatThrownBy(() -> new PlacementResult(java.util.Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Every multiset of profiles (up to one more than each profile's instanceCount, within the memory slices) is
     * placed exactly when the brute-force oracle knows a valid layout with those profiles, in any request order.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H100-80GB", "A100-40GB", "A30-24GB", "RTX-PRO-6000"})
    void solverPlacesExactlyTheRealizableMultisets(String alias) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        BruteForceLayouts oracle = new BruteForceLayouts(product, product.gpuInstanceProfiles());
        List<GpuInstanceProfile> profiles = product.gpuInstanceProfiles();
        List<List<GpuInstanceProfile>> multisets = new ArrayList<>();
        multisets(profiles, 0, new ArrayList<>(), 0, oracle.units, multisets);
        Random random = new Random(42);
        int placedCount = 0;
        for (List<GpuInstanceProfile> ms : multisets) {
            List<GpuInstanceProfile> order = new ArrayList<>(ms);
            Collections.shuffle(order, random);
            List<RequestedInstance> requests = order.stream().map(RequestedInstance::anywhere).toList();
            PlacementResult r = LayoutSolver.solve(product, requests);
            List<String> names = ms.stream().map(p -> p.name().toString()).sorted().toList();
            boolean realizable = oracle.realizableMultisets.contains(names);
            assertThat(r.isPlaced()).as("%s %s placed (violations %s)", alias, order, r.violations())
                    .isEqualTo(realizable);
            if (r.isPlaced()) {
                placedCount++;
                MigLayout layout = r.layout().orElseThrow();
                assertThat(layout.validate()).as(layout.toString()).isEmpty();
                assertThat(layout.gpuInstances()).extracting(PlacedGpuInstance::profile).as("request order")
                        .containsExactlyElementsOf(order);
                assertThat(oracle.all).as("oracle knows %s", layout).contains(BruteForceLayouts.key(layout));
            } else {
                assertThat(r.violations()).extracting(LayoutViolation::rule).isSubsetOf(LayoutRule.INSTANCE_LIMIT,
                        LayoutRule.CAPACITY, LayoutRule.MEDIA_ENGINE_EXCLUSIVITY, LayoutRule.NO_FIT);
            }
        }
        assertThat(placedCount).isEqualTo(oracle.realizableMultisets.size());
    }

    private static void multisets(List<GpuInstanceProfile> profiles, int k, List<GpuInstanceProfile> current,
                                  int memory, int units, List<List<GpuInstanceProfile>> out) {
        if (k == profiles.size()) {
            if (!current.isEmpty()) {
                out.add(List.copyOf(current));
            }
            return;
        }
        GpuInstanceProfile p = profiles.get(k);
        int size = p.placements().get(0).size();
        for (int n = 0; n <= p.maxInstances() + 1 && memory + n * size <= units; n++) {
            for (int i = 0; i < n; i++) {
                current.add(p);
            }
            multisets(profiles, k + 1, current, memory + n * size, units, out);
            for (int i = 0; i < n; i++) {
                current.remove(current.size() - 1);
            }
        }
    }

    // ---- RequestedInstance.parseList ----

    @Test
    void parseListReadsNamesIdsAndStarts() {
        List<RequestedInstance> r = RequestedInstance.parseList(H100, " 3g.40gb@4 , MIG 2g.20gb @ 0,1g.10gb,19");
        assertThat(r).extracting(x -> x.profile().name().toString())
                .containsExactly("3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb");
        assertThat(r).extracting(RequestedInstance::start)
                .containsExactly(OptionalInt.of(4), OptionalInt.of(0), OptionalInt.empty(), OptionalInt.empty());
        assertThat(r).extracting(RequestedInstance::toString)
                .containsExactly("3g.40gb@4", "2g.20gb@0", "1g.10gb", "1g.10gb");
    }

    @Test
    void profileIdsAreTheProductsIds() {
        // nvidia-smi mig -lgip on H100: 9 = 3g.40gb, 14 = 2g.20gb, 19 = 1g.10gb (the IDs nvidia-smi mig -cgi takes).
        List<RequestedInstance> r = RequestedInstance.parseList(H100, "9,14,19,19");
        assertThat(r).extracting(x -> x.profile().name().toString())
                .containsExactly("3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb");
        assertThat(LayoutSolver.solve(H100, r).isPlaced()).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' fails: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"            | empty layout",
            "\"   \"         | empty layout",
            "3g.40gb@x       | layout element 1 '3g.40gb@x': '@x' is not a placement start",
            "3g.40gb@        | layout element 1 '3g.40gb@': '@' is not a placement start",
            "3g.40gb@-1      | layout element 1 '3g.40gb@-1': '@-1' is not a placement start",
            "\",,\"          | layout element 1 is empty",
            "\"1g.10gb,\"    | layout element 2 is empty",
            "\"1g.10gb,,1g.10gb\" | layout element 2 is empty",
            "\"1g.10gb,5g.50gb\"  | layout element 2 '5g.50gb': profile '5g.50gb' does not exist on H100-80GB",
            "\"1g.10gb,2g.20gb,99@0\" | layout element 3 '99@0': profile '99' does not exist on H100-80GB",
            "\"1g.10gb,1g.10gb+xx\" | layout element 2 '1g.10gb+xx': invalid MIG profile name '1g.10gb+xx'",
            "@4              | layout element 1 '@4': invalid MIG profile name ''",
    })
    void parseListErrorsNameTheElement(String text, String message) {
        assertThatThrownBy(() -> RequestedInstance.parseList(H100, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseListRejectsMoreElementsThanMemorySlicesBeforeParsingThem() {
        String nine = String.join(",", Collections.nCopies(9, "1g.10gb"));
        assertThatThrownBy(() -> RequestedInstance.parseList(H100, nine))
                .isInstanceOf(LayoutDoesNotFitException.class)
                .hasMessage("9 GPU instances requested but H100-80GB has 8 memory slices and every instance takes at least one");
        // eight still reach the solver, which names the instance limit
        assertThat(solve(H100, String.join(",", Collections.nCopies(8, "1g.10gb"))).violations())
                .extracting(LayoutViolation::rule).contains(LayoutRule.INSTANCE_LIMIT);
        // a million elements fail as fast as nine: nothing is built for them
        String huge = String.join(",", Collections.nCopies(1_000_000, "x"));
        assertThatThrownBy(() -> RequestedInstance.parseList(H100, huge)).isInstanceOf(LayoutDoesNotFitException.class);
    }

    @Test
    void copiesChecksTheCountAgainstTheInstanceLimitFirst() {
        GpuInstanceProfile oneG = H100.profile("1g.10gb");
        assertThat(RequestedInstance.copies(oneG, 7)).hasSize(7).allMatch(r -> r.start().isEmpty());
        assertThat(RequestedInstance.copies(oneG, 0)).isEmpty();
        assertThatThrownBy(() -> RequestedInstance.copies(oneG, Integer.MAX_VALUE))
                .isInstanceOf(LayoutDoesNotFitException.class)
                .hasMessage("2147483647 instances of 1g.10gb requested but at most 7 can exist on one GPU");
        assertThatThrownBy(() -> RequestedInstance.copies(oneG, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void parseListKeepsTheCause() {
        assertThatThrownBy(() -> RequestedInstance.parseList(H100, "1g.10gb,5g.50gb"))
                .hasCauseInstanceOf(UnknownProfileException.class);
    }

    @Test
    void requestedStartOutsideTheGpuIsAnIllegalPlacement() {
        List<LayoutViolation> v = impossible(H100, "1g.10gb@9999");
        assertThat(v).extracting(LayoutViolation::rule).containsExactly(LayoutRule.ILLEGAL_PLACEMENT);
    }

    @Test
    void solverKeepsRequestOrderForMixedRequests() {
        MigLayout layout = placed(H100, "1g.10gb,1g.20gb,2g.20gb@2,2g.20gb");
        assertThat(layout).hasToString("1g.10gb@6,1g.20gb@4,2g.20gb@2,2g.20gb@0");
    }
}
