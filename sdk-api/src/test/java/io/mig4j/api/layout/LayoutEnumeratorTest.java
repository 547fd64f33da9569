package io.mig4j.api.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LayoutEnumerator} against the independent {@link BruteForceLayouts} oracle, plus the published ground
 * truth for the A100.
 */
class LayoutEnumeratorTest {

    /** The A100's original five profiles (1g.5gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb): NVML indexes 0 to 4. */
    static List<GpuInstanceProfile> classic(GpuProduct product) {
        return product.gpuInstanceProfiles().stream().filter(p -> p.index() <= 4).toList();
    }

    static List<GpuInstanceProfile> profiles(GpuProduct product, String set) {
        return set.equals("all") ? product.gpuInstanceProfiles() : classic(product);
    }

    static Stream<Arguments> productsAndProfileSets() {
        return ProductCatalog.builtIn().products().stream()
                .flatMap(p -> Stream.of(Arguments.of(p.alias(), "all"), Arguments.of(p.alias(), "classic")));
    }

    static List<List<String>> keys(List<MigLayout> layouts) {
        return layouts.stream().map(BruteForceLayouts::key).toList();
    }

    @ParameterizedTest(name = "{0} {1}: all() equals the brute force")
    @MethodSource("productsAndProfileSets")
    void allLayoutsEqualTheBruteForce(String alias, String set) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        BruteForceLayouts oracle = new BruteForceLayouts(product, profiles(product, set));
        List<List<String>> enumerated = keys(LayoutEnumerator.of(product, profiles(product, set)).all());
        assertThat(enumerated).as("no duplicates").doesNotHaveDuplicates();
        assertThat(new LinkedHashSet<>(enumerated)).isEqualTo(oracle.all);
    }

    @ParameterizedTest(name = "{0} {1}: maximal() equals the brute force")
    @MethodSource("productsAndProfileSets")
    void maximalLayoutsEqualTheBruteForce(String alias, String set) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        BruteForceLayouts oracle = new BruteForceLayouts(product, profiles(product, set));
        List<List<String>> enumerated = keys(LayoutEnumerator.of(product, profiles(product, set)).maximal());
        assertThat(enumerated).as("no duplicates").doesNotHaveDuplicates();
        assertThat(new LinkedHashSet<>(enumerated)).isEqualTo(oracle.maximal);
    }

    @ParameterizedTest(name = "{0} {1}: {2} layouts, {3} maximal")
    @CsvSource({
            "A100-40GB, all, 2318, 239",
            "A100-40GB, classic, 297, 19",
            "H100-80GB, all, 2318, 239",
            "H100-80GB, classic, 297, 19",
            "A30-24GB, all, 83, 21",
            "A30-24GB, classic, 25, 5",
            "RTX-PRO-6000, all, 716, 302",
            "RTX-PRO-6000, classic, 25, 5",
    })
    void countsArePinned(String alias, String set, int all, int maximal) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        BruteForceLayouts oracle = new BruteForceLayouts(product, profiles(product, set));
        assertThat(oracle.all).hasSize(all);
        assertThat(oracle.maximal).hasSize(maximal);
        LayoutEnumerator enumerator = LayoutEnumerator.of(product, profiles(product, set));
        assertThat(enumerator.count(false)).isEqualTo(all);
        assertThat(enumerator.count(true)).isEqualTo(maximal);
        assertThat(enumerator.all()).hasSize(all);
        assertThat(enumerator.maximal()).hasSize(maximal);
    }

    @Test
    void a100WithTheFiveClassicProfilesHasNineteenMaximalLayouts() {
        // NVIDIA's A100 MIG placement figure (MIG User Guide, "A100 supported profiles" diagram): 19 combinations
        // of 1g.5gb, 2g.10gb, 3g.20gb, 4g.20gb and 7g.40gb that fill the GPU.
        GpuProduct a100 = ProductCatalog.builtIn().require("A100-40GB");
        List<MigLayout> maximal = LayoutEnumerator.of(a100, classic(a100)).maximal();
        assertThat(maximal).hasSize(19);
        assertThat(maximal).extracting(MigLayout::toString).contains(
                "7g.40gb@0",
                "4g.20gb@0,3g.20gb@4",
                "3g.20gb@0,3g.20gb@4",
                "3g.20gb@0,2g.10gb@4,1g.5gb@6",
                "1g.5gb@0,1g.5gb@1,1g.5gb@2,1g.5gb@3,1g.5gb@4,1g.5gb@5,1g.5gb@6",
                "2g.10gb@0,2g.10gb@2,2g.10gb@4,1g.5gb@6");
    }

    @Test
    void a100WithTheClassicProfilesHasNoLayoutWithSevenSlicesAcrossFourAndThreeOtherThanFourPlusThree() {
        // NVIDIA MIG User Guide, "Placement": 4g only at 0, 3g at 0 or 4; 3g+4g is the only two-GI layout with 7 compute slices.
        GpuProduct a100 = ProductCatalog.builtIn().require("A100-40GB");
        List<MigLayout> twoGis = LayoutEnumerator.of(a100, classic(a100)).all().stream()
                .filter(l -> l.gpuInstances().size() == 2
                        && l.gpuInstances().stream().mapToInt(g -> g.profile().slices()).sum() == 7)
                .toList();
        assertThat(twoGis).extracting(MigLayout::toString).containsExactly("4g.20gb@0,3g.20gb@4");
    }

    @ParameterizedTest(name = "{0} {1}: every layout validates")
    @MethodSource("productsAndProfileSets")
    void everyEnumeratedLayoutIsValid(String alias, String set) {
        GpuProduct product = ProductCatalog.builtIn().require(alias);
        for (MigLayout layout : LayoutEnumerator.of(product, profiles(product, set)).all()) {
            assertThat(layout.validate()).as(layout.toString()).isEmpty();
            assertThat(layout.product()).isSameAs(product);
        }
    }

    @Test
    void layoutsAreSortedByPlacement() {
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        for (MigLayout layout : LayoutEnumerator.of(h100).all()) {
            assertThat(layout.gpuInstances()).extracting(PlacedGpuInstance::placement).isSorted();
        }
    }

    @Test
    void maximalLayoutsAreASubsetOfAllAndCannotGrow() {
        GpuProduct rtx = ProductCatalog.builtIn().require("RTX-PRO-6000");
        LayoutEnumerator e = LayoutEnumerator.of(rtx);
        Set<List<String>> all = new LinkedHashSet<>(keys(e.all()));
        List<MigLayout> maximal = e.maximal();
        assertThat(all).containsAll(keys(maximal));
        for (MigLayout m : maximal) {
            for (GpuInstanceProfile p : rtx.gpuInstanceProfiles()) {
                for (Placement pl : p.placements()) {
                    List<PlacedGpuInstance> bigger = new ArrayList<>(m.gpuInstances());
                    bigger.add(new PlacedGpuInstance(p, pl));
                    assertThat(new MigLayout(rtx, bigger).isValid()).as("%s + %s@%s", m, p, pl.start()).isFalse();
                }
            }
        }
    }

    @Test
    void visitIsStable() {
        GpuProduct a30 = ProductCatalog.builtIn().require("A30-24GB");
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        LayoutEnumerator.of(a30).visit(false, l -> first.add(l.toString()));
        LayoutEnumerator.of(a30).visit(false, l -> second.add(l.toString()));
        assertThat(first).isEqualTo(second).hasSize(83);
    }

    @Test
    void profilesOfAnotherProductAreRejected() {
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        GpuProduct a100 = ProductCatalog.builtIn().require("A100-80GB");
        assertThatThrownBy(() -> LayoutEnumerator.of(h100, List.of(a100.profile("3g.40gb"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3g.40gb")
                .hasMessageContaining("H100-80GB");
    }

    @Test
    void singleProfileEnumeration() {
        // Only 1g.10gb on H100: every non-empty subset of the 7 placements (2^7 - 1 = 127); one maximal (all 7).
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        LayoutEnumerator e = LayoutEnumerator.of(h100, List.of(h100.profile("1g.10gb")));
        assertThat(e.profiles()).extracting(p -> p.name().toString()).containsExactly("1g.10gb");
        assertThat(e.count(false)).isEqualTo(127);
        assertThat(e.maximal()).singleElement().hasToString(
                "1g.10gb@0,1g.10gb@1,1g.10gb@2,1g.10gb@3,1g.10gb@4,1g.10gb@5,1g.10gb@6");
    }

    @Test
    void mediaProfileCapIsAppliedInEnumeration() {
        // Only 1g.10gb+me (instanceCount 1): 7 single-instance layouts, all maximal.
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        LayoutEnumerator e = LayoutEnumerator.of(h100, List.of(h100.profile("1g.10gb+me")));
        assertThat(e.count(false)).isEqualTo(7);
        assertThat(e.count(true)).isEqualTo(7);
    }

    @Test
    void emptyProfileSetHasNoLayouts() {
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        assertThat(LayoutEnumerator.of(h100, List.of()).all()).isEmpty();
    }
}
