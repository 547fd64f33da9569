package io.mig4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in product catalog: lookups and the invariants every entry must satisfy. Expected values come from
 * NVML dumps from real GPUs (src/test/resources/hardware), published {@code nvidia-smi mig -lgip}
 * output and the NVIDIA MIG User Guide's "Supported MIG Profiles" tables (docs.nvidia.com/datacenter/tesla/mig-user-guide).
 */
class CatalogTest {

    static final ProductCatalog CATALOG = ProductCatalog.builtIn();

    static Stream<GpuProduct> products() {
        return ProductCatalog.builtIn().products().stream();
    }

    static GpuProduct product(String alias) {
        return CATALOG.require(alias);
    }

    @Nested
    class Products {

        @Test
        void builtInCatalogLoadsOnceAndIsShared() {
            assertThat(ProductCatalog.builtIn()).isSameAs(ProductCatalog.builtIn());
        }

        @Test
        void builtInCatalogHasTheElevenProducts() {
            assertThat(CATALOG.products()).extracting(GpuProduct::alias).containsExactlyInAnyOrder(
                    "A30-24GB", "A100-40GB", "A100-80GB", "H100-80GB", "H100-NVL-94GB", "H100-96GB",
                    "GH200-144GB", "H200-141GB", "B200", "GB200", "RTX-PRO-6000");
        }

        @Test
        void onlyTheProductsMeasuredThroughNvmlAreHardwareVerified() {
            // H100 80GB HBM3 and H200 were read through NVML (src/test/resources/hardware); the rest is documented.
            assertThat(CATALOG.products()).filteredOn(GpuProduct::hardwareVerified).extracting(GpuProduct::alias)
                    .containsExactlyInAnyOrder("H100-80GB", "H200-141GB");
        }

        @Test
        void productsListIsImmutable() {
            assertThatThrownBy(() -> CATALOG.products().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @ParameterizedTest(name = "{0} finds {1}")
        @CsvSource({
                "H100-80GB, H100-80GB",
                "h100-80gb, H100-80GB",
                "  rtx-pro-6000 , RTX-PRO-6000",
                "NVIDIA H100 80GB HBM3, H100-80GB",
                "H100 80GB HBM3, H100-80GB",
                "nvidia h100 80gb hbm3, H100-80GB",
                "NVIDIA H100 PCIe, H100-80GB",
                "NVIDIA H200, H200-141GB",
                "NVIDIA H200 NVL, H200-141GB",
                "NVIDIA A30, A30-24GB",
                "A100-SXM4-40GB, A100-40GB",
                "0x2330, H100-80GB",
                "0x233010DE, H100-80GB",
                "0x233010de, H100-80GB",
                "0x2335, H200-141GB",
                "0x20B7, A30-24GB",
                "0x20b2, A100-80GB",
                "0x2BB5, RTX-PRO-6000",
                "0x2941, GB200",
                "0x2901, B200",
        })
        void findsProductByAliasNvmlNameOrPciId(String key, String alias) {
            assertThat(CATALOG.find(key)).map(GpuProduct::alias).contains(alias);
            assertThat(CATALOG.require(key).alias()).isEqualTo(alias);
        }

        @Test
        void findsProductByNumericPciDeviceId() {
            assertThat(CATALOG.findByPciDeviceId(0x2330)).map(GpuProduct::alias).contains("H100-80GB");
            assertThat(CATALOG.findByPciDeviceId(0x1234)).isEmpty();
        }

        @ParameterizedTest(name = "{0} is unknown")
        @CsvSource({"H100", "NVIDIA H100", "0x1234", "0x123410DE", "V100-32GB"})
        void unknownProductThrowsListingTheAliases(String key) {
            assertThat(CATALOG.find(key)).isEmpty();
            assertThatThrownBy(() -> CATALOG.require(key))
                    .isInstanceOf(UnknownProductException.class)
                    .hasMessageContaining("'" + key + "'")
                    .hasMessageContaining("A30-24GB")
                    .hasMessageContaining("H100-80GB")
                    .hasMessageContaining("RTX-PRO-6000");
        }

        @ParameterizedTest(name = "{0} is a malformed PCI id")
        @CsvSource({"0xZZZZ", "0x", "0x2330XXXX", "0x23301234", "0x1234567890"})
        void malformedPciIdIsRejectedByRequireAndNotFoundByFind(String key) {
            assertThat(CATALOG.find(key)).isEmpty();
            assertThatThrownBy(() -> CATALOG.require(key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid PCI device id '" + key + "'");
        }

        @Test
        void pciDeviceIdParsesAndFormatsBothForms() {
            assertThat(PciDeviceId.parse("0x2330")).isEqualTo(0x2330);
            assertThat(PciDeviceId.parse("2330")).isEqualTo(0x2330);
            assertThat(PciDeviceId.parse("0x233010DE")).isEqualTo(0x2330);
            assertThat(PciDeviceId.format(0x20b7)).isEqualTo("0x20B7");
            assertThat(PciDeviceId.formatWithVendor(0x2330)).isEqualTo("0x233010DE");
            assertThatThrownBy(() -> PciDeviceId.parse("0x23301234"))
                    .hasMessageContaining("vendor id 10DE");
        }

        @Test
        void variantsCarryPciIdAndNvmlName() {
            assertThat(product("H100-80GB").variants()).extracting(GpuVariant::pciDeviceId)
                    .containsExactlyInAnyOrder(0x2330, 0x2331, 0x2322, 0x2324);
            assertThat(product("H200-141GB").variants()).extracting(GpuVariant::pciDeviceId)
                    .containsExactlyInAnyOrder(0x2335, 0x233B);
            assertThat(product("A30-24GB").variants()).extracting(GpuVariant::toString)
                    .containsExactly("NVIDIA A30 (0x20B7)");
        }

        @ParameterizedTest(name = "{0}: {1} placement units, {2} compute slices")
        @CsvSource({
                "A30-24GB, 4, 4", "A100-40GB, 8, 7", "A100-80GB, 8, 7", "H100-80GB, 8, 7", "H100-NVL-94GB, 8, 7",
                "H100-96GB, 8, 7", "GH200-144GB, 8, 7", "H200-141GB, 8, 7", "B200, 8, 7", "GB200, 8, 7",
                "RTX-PRO-6000, 12, 4"})
        void placementUnitsAndComputeSlices(String alias, int units, int computeSlices) {
            // NVIDIA MIG User Guide, "Supported MIG Profiles": 8 memory slices on A100/H100/H200/B200, 4 on A30, 12 on RTX PRO 6000.
            assertThat(product(alias).placementUnits()).isEqualTo(units);
            assertThat(product(alias).computeSlices()).isEqualTo(computeSlices);
        }

        @Test
        void fullProfileIsTheOneWithEverySlice() {
            assertThat(product("H100-80GB").fullProfile().name()).hasToString("7g.80gb");
            assertThat(product("A30-24GB").fullProfile().name()).hasToString("4g.24gb");
            GpuInstanceProfile rtx = product("RTX-PRO-6000").fullProfile();
            assertThat(rtx.slices()).isEqualTo(4);
            assertThat(rtx.placements()).containsExactly(new Placement(0, 12));
        }
    }

    @Nested
    class Profiles {

        @ParameterizedTest(name = "{0}: ''{1}'' is {2}")
        @CsvSource({
                "H100-80GB, 1g.10gb, 1g.10gb",
                "H100-80GB, MIG 1g.10gb, 1g.10gb",
                "H100-80GB, 1G.10GB, 1g.10gb",
                "H100-80GB, 1g.10gb+me, 1g.10gb+me",
                "H100-80GB, 1g.20gb, 1g.20gb",
                "GB200, 1g.24gb, 1g.23gb",
                "GB200, 1g.24gb+me, 1g.23gb+me",
                "GB200, 1g.23gb, 1g.23gb",
                "A100-80GB, 7g.79gb, 7g.80gb",
                "RTX-PRO-6000, 1g.24gb+me.all, 1g.24gb+me.all",
                "RTX-PRO-6000, 2g.48gb-me, 2g.48gb-me",
                "RTX-PRO-6000, 4g.96gb+gfx, 4g.96gb+gfx",
        })
        void profileByNameOrAlias(String alias, String text, String expected) {
            assertThat(product(alias).profile(text).name()).hasToString(expected);
        }

        @ParameterizedTest(name = "{0}: profile ID {1} is {2}")
        @CsvSource({
                // NVIDIA MIG User Guide and nvidia-smi mig -lgip: IDs are GPU-specific. 19 = 1g on 8-slice GPUs, 14 = 1g on A30 / RTX PRO 6000.
                "H100-80GB, 19, 1g.10gb",
                "H100-80GB, 20, 1g.10gb+me",
                "H100-80GB, 15, 1g.20gb",
                "H100-80GB, 14, 2g.20gb",
                "H100-80GB, 9, 3g.40gb",
                "H100-80GB, 5, 4g.40gb",
                "H100-80GB, 0, 7g.80gb",
                "A30-24GB, 14, 1g.6gb",
                "A30-24GB, 21, 1g.6gb+me",
                "A30-24GB, 5, 2g.12gb",
                "A30-24GB, 6, 2g.12gb+me",
                "A30-24GB, 0, 4g.24gb",
                // the recipe's troubleshooting (src/test/resources of sdk-dra, real-world/recipe): the seed's "-cgi 9 creates 1g.10gb on A100 80GB" is wrong; ID 9 is 3g.40gb there.
                "A100-80GB, 9, 3g.40gb",
                "A100-80GB, 19, 1g.10gb",
                "H200-141GB, 15, 1g.35gb",
                "RTX-PRO-6000, 65, 1g.24gb+me.all",
                "RTX-PRO-6000, 67, 1g.24gb-me",
                "RTX-PRO-6000, 47, 1g.24gb+gfx",
        })
        void profileByNumericId(String alias, String id, String expected) {
            assertThat(product(alias).profile(id).name()).hasToString(expected);
            assertThat(product(alias).profileById(Integer.parseInt(id))).map(p -> p.name().toString())
                    .contains(expected);
        }

        @Test
        void sameNameIsADifferentProfileOnDifferentProducts() {
            // NVIDIA MIG User Guide, A100 tables: 1g.10gb is the 2-memory-slice REV2 profile (index 9, ID 15) on A100-40GB
            // but the plain 1-slice profile (index 0, ID 19) on A100-80GB and H100.
            GpuInstanceProfile a100x40 = product("A100-40GB").profile("1g.10gb");
            GpuInstanceProfile a100x80 = product("A100-80GB").profile("1g.10gb");
            assertThat(a100x40.index()).isEqualTo(9);
            assertThat(a100x40.id()).isEqualTo(15);
            assertThat(a100x40.maxInstances()).isEqualTo(4);
            assertThat(a100x80.index()).isEqualTo(0);
            assertThat(a100x80.id()).isEqualTo(19);
            assertThat(a100x80.maxInstances()).isEqualTo(7);
        }

        @Test
        void profileByIndexUsesTheNvmlConstant() {
            GpuInstanceProfile rev2 = product("H100-80GB").profileByIndex(9).orElseThrow();
            assertThat(rev2.name()).hasToString("1g.20gb");
            assertThat(rev2.indexConstant()).contains(GpuInstanceProfileIndex.ONE_SLICE_REV2);
            assertThat(GpuInstanceProfileIndex.ONE_SLICE_REV2.nvmlName())
                    .isEqualTo("NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV2");
            assertThat(GpuInstanceProfileIndex.TWO_SLICE_ALL_ME.nvmlName())
                    .isEqualTo("NVML_GPU_INSTANCE_PROFILE_2_SLICE_ALL_ME");
            assertThat(product("H100-80GB").profileByIndex(5)).isEmpty();
        }

        @ParameterizedTest(name = "{0}: ''{1}'' is unknown")
        @CsvSource({"H100-80GB, 5g.50gb", "H100-80GB, 99", "H100-80GB, 1g.5gb", "A30-24GB, 19",
                "H100-80GB, 99999999999999"})
        void unknownProfileMessageNamesProductAndItsProfiles(String alias, String text) {
            GpuProduct product = product(alias);
            assertThatThrownBy(() -> product.profile(text))
                    .isInstanceOf(UnknownProfileException.class)
                    .hasMessageContaining("'" + text + "'")
                    .hasMessageContaining(alias)
                    .hasMessageContaining(product.gpuInstanceProfiles().get(0).name() + "="
                            + product.gpuInstanceProfiles().get(0).id());
        }

        @Test
        void computeInstanceNameIsNotAGpuInstanceProfile() {
            assertThatThrownBy(() -> product("H100-80GB").profile("1c.3g.40gb"))
                    .isInstanceOf(UnknownProfileException.class)
                    .hasMessageContaining("compute instance profile")
                    .hasMessageContaining("3g.40gb");
        }

        @Test
        void malformedProfileTextIsAnInvalidName() {
            assertThatThrownBy(() -> product("H100-80GB").profile("abc"))
                    .isInstanceOf(InvalidProfileNameException.class);
            assertThatThrownBy(() -> product("H100-80GB").profile(""))
                    .isInstanceOf(InvalidProfileNameException.class);
        }

        @Test
        void h100TableMatchesTheMigGuide() {
            // (nvidia-smi mig -lgip/-lgipp on H100 80GB HBM3): SMs are not 16 x slices.
            GpuProduct h100 = product("H100-80GB");
            assertThat(h100.profile("3g.40gb").multiprocessors()).isEqualTo(60);
            assertThat(h100.profile("1g.20gb").multiprocessors()).isEqualTo(26);
            assertThat(h100.profile("7g.80gb").copyEngines()).isEqualTo(8);
            assertThat(h100.profile("1g.20gb").placements()).containsExactly(
                    new Placement(0, 2), new Placement(2, 2), new Placement(4, 2), new Placement(6, 2));
            assertThat(h100.profile("3g.40gb").placements()).containsExactly(new Placement(0, 4), new Placement(4, 4));
            assertThat(h100.profile("4g.40gb").placements()).containsExactly(new Placement(0, 4));
            assertThat(h100.profile("7g.80gb").placements()).containsExactly(new Placement(0, 8));
            assertThat(h100.profile("1g.10gb+me").maxInstances()).isEqualTo(1);
        }

        @Test
        void rtxPro6000HasTwelvePlacementUnits() {
            // NVIDIA MIG User Guide, RTX PRO 6000 table: all 1g variants {0,3,6,9}:3, all 2g variants {0,6}:6, 4g {0}:12.
            GpuProduct rtx = product("RTX-PRO-6000");
            for (GpuInstanceProfile p : rtx.gpuInstanceProfiles()) {
                List<Placement> expected = switch (p.slices()) {
                    case 1 -> List.of(new Placement(0, 3), new Placement(3, 3), new Placement(6, 3), new Placement(9, 3));
                    case 2 -> List.of(new Placement(0, 6), new Placement(6, 6));
                    case 4 -> List.of(new Placement(0, 12));
                    default -> throw new AssertionError("unexpected " + p);
                };
                assertThat(p.placements()).as(p.name().toString()).isEqualTo(expected);
            }
            assertThat(rtx.profile("1g.24gb+me.all").takesAllMediaEngines()).isTrue();
            assertThat(rtx.profile("1g.24gb-me").hasNoMediaEngines()).isTrue();
            assertThat(rtx.profile("1g.24gb").takesAllMediaEngines()).isFalse();
            assertThat(rtx.profile("1g.24gb").hasNoMediaEngines()).isFalse();
        }

        @Test
        void a30HasFourPlacementUnits() {
            // NVIDIA MIG User Guide, A30 table.
            GpuProduct a30 = product("A30-24GB");
            assertThat(a30.profile("1g.6gb").placements()).extracting(Placement::start).containsExactly(0, 1, 2, 3);
            assertThat(a30.profile("2g.12gb").placements()).containsExactly(new Placement(0, 2), new Placement(2, 2));
            assertThat(a30.profile("4g.24gb").placements()).containsExactly(new Placement(0, 4));
        }

        @Test
        void rev2GpuInstanceDefaultsToComputeInstanceRev1() {
            // nvidia-smi mig -lcip on H100/H200 (docs/nvml-probe-h200-580.159.04.txt): on Hopper a REV2 1g GI's default CI is CI profile 0x7 (1_SLICE_REV1, ID 7).
            ComputeInstanceProfile ci = product("H100-80GB").profile("1g.20gb").defaultComputeInstanceProfile()
                    .orElseThrow();
            assertThat(ci.index()).isEqualTo(ComputeInstanceProfileIndex.ONE_SLICE_REV1.value());
            assertThat(ci.id()).isEqualTo(7);
            assertThat(ci.slices()).isEqualTo(1);
        }

        @Test
        void a100ComputeInstanceCountsMatchLcip() {
            // (nvidia-smi mig -lcip on A100): 3g GI offers 1c x3, 2c x1, 3c x1 (default).
            GpuInstanceProfile gi = product("A100-80GB").profile("3g.40gb");
            Map<String, Integer> max = gi.computeInstanceProfiles().stream().collect(Collectors.toMap(
                    c -> c.name().toString(), ComputeInstanceProfile::maxInstances));
            assertThat(max).containsExactlyInAnyOrderEntriesOf(
                    Map.of("1c.3g.40gb", 3, "2c.3g.40gb", 1, "3g.40gb", 1));
            assertThat(gi.defaultComputeInstanceProfile()).map(c -> c.name().toString()).contains("3g.40gb");
            GpuInstanceProfile full = product("A100-80GB").profile("7g.80gb");
            assertThat(full.computeInstanceProfiles()).extracting(ComputeInstanceProfile::slices)
                    .containsExactly(1, 2, 3, 4, 7);
        }
    }

    /** Invariants every product of the built-in catalog must satisfy. */
    @Nested
    class Invariants {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void profileIdsAreUnique(GpuProduct product) {
            assertThat(product.gpuInstanceProfiles()).extracting(GpuInstanceProfile::id).doesNotHaveDuplicates();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void profileIndexesAreUniqueAndInNvmlOrder(GpuProduct product) {
            List<Integer> indexes = product.gpuInstanceProfiles().stream().map(GpuInstanceProfile::index).toList();
            assertThat(indexes).doesNotHaveDuplicates().isSorted();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void profileNamesAndAliasesAreUnique(GpuProduct product) {
            List<ProfileName> names = product.gpuInstanceProfiles().stream()
                    .flatMap(p -> Stream.concat(Stream.of(p.name()), p.aliases().stream())).toList();
            assertThat(names).doesNotHaveDuplicates();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void everyIndexIsAKnownNvmlConstantMatchingSlicesAndSuffix(GpuProduct product) {
            // github.com/NVIDIA/go-nvlib pkg/nvlib/device/mig_profile.go: the index fixes the g number and the suffix; REV2 has no suffix.
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                GpuInstanceProfileIndex index = p.indexConstant().orElseThrow(
                        () -> new AssertionError(p + " has unknown index " + p.index()));
                assertThat(p.slices()).as("%s slices", p).isEqualTo(index.slices());
                Set<ProfileAttribute> expected = index.attribute().map(Set::of).orElse(Set.of());
                assertThat(p.name().attributes()).as("%s suffix", p).isEqualTo(expected);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void nameSaysTheSliceCount(GpuProduct product) {
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                assertThat(p.name().gpuSlices()).as(p.toString()).isEqualTo(p.slices());
                assertThat(p.name().isComputeInstance()).as(p.toString()).isFalse();
                for (ProfileName alias : p.aliases()) {
                    assertThat(alias.gpuSlices()).as("%s alias %s", p, alias).isEqualTo(p.slices());
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void idsFollowTheIndexToIdMap(GpuProduct product) {
            // nvml.h's profile constants, verified on H100/H200 through NVML and on the others by nvidia-smi -lgip.
            Map<Integer, Integer> expected;
            if (product.alias().equals("A30-24GB")) {
                expected = Map.of(0, 14, 1, 5, 3, 0, 7, 21, 8, 6);
            } else if (product.alias().equals("RTX-PRO-6000")) {
                expected = Map.ofEntries(Map.entry(0, 14), Map.entry(1, 5), Map.entry(3, 0), Map.entry(7, 21),
                        Map.entry(10, 47), Map.entry(11, 35), Map.entry(12, 32), Map.entry(13, 67),
                        Map.entry(14, 66), Map.entry(15, 65), Map.entry(16, 64));
            } else {
                expected = Map.of(0, 19, 1, 14, 2, 9, 3, 5, 4, 0, 7, 20, 9, 15);
            }
            Map<Integer, Integer> actual = product.gpuInstanceProfiles().stream()
                    .collect(Collectors.toMap(GpuInstanceProfile::index, GpuInstanceProfile::id));
            assertThat(actual).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void placementsFitInThePlacementUnitsAndShareOneSize(GpuProduct product) {
            int units = product.placementUnits();
            assertThat(units).isIn(4, 8, 12);
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                assertThat(p.placements()).as(p.toString()).isNotEmpty().doesNotHaveDuplicates().isSorted();
                int size = p.placements().get(0).size();
                for (Placement pl : p.placements()) {
                    assertThat(pl.end()).as("%s at %s", p, pl).isLessThanOrEqualTo(units);
                    assertThat(pl.size()).as("%s at %s", p, pl).isEqualTo(size);
                    // Naturally aligned (NVIDIA MIG User Guide, "Placement"): every start is a multiple of the size.
                    assertThat(pl.start() % size).as("%s at %s aligned", p, pl).isZero();
                }
                assertThat(size).as("%s memory slices cover its compute slices", p).isGreaterThanOrEqualTo(p.slices());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void maxInstancesAreReachableByPlacements(GpuProduct product) {
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                assertThat(p.maxInstances()).as(p.toString()).isBetween(1, p.placements().size());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void computeInstanceProfilesFitTheirGpuInstance(GpuProduct product) {
            for (GpuInstanceProfile gi : product.gpuInstanceProfiles()) {
                assertThat(gi.computeInstanceProfiles()).as("%s CI profiles", gi).isNotEmpty();
                assertThat(gi.computeInstanceProfiles()).extracting(ComputeInstanceProfile::id)
                        .as("%s CI ids", gi).doesNotHaveDuplicates();
                for (ComputeInstanceProfile ci : gi.computeInstanceProfiles()) {
                    String what = gi + " / " + ci.name();
                    assertThat(ci.slices()).as(what).isBetween(1, gi.slices());
                    assertThat(ci.name().gpuSlices()).as(what).isEqualTo(gi.slices());
                    assertThat(ci.name().computeSlices()).as(what).isEqualTo(ci.slices());
                    assertThat(ci.name().gpuInstanceName()).as(what).isEqualTo(gi.name());
                    assertThat(ci.maxInstances()).as(what).isBetween(1, gi.slices());
                    assertThat(ci.placements()).as(what).isNotEmpty();
                    for (Placement pl : ci.placements()) {
                        assertThat(pl.size()).as(what).isEqualTo(ci.slices());
                        assertThat(pl.end()).as("%s at %s", what, pl).isLessThanOrEqualTo(gi.slices());
                    }
                    assertThat(ComputeInstanceProfileIndex.of(ci.index())).as(what).isPresent();
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void everyGpuInstanceHasOneDefaultComputeInstanceTakingEverySlice(GpuProduct product) {
            for (GpuInstanceProfile gi : product.gpuInstanceProfiles()) {
                assertThat(gi.computeInstanceProfiles()).filteredOn(ComputeInstanceProfile::isDefault)
                        .as("%s default CIs", gi).hasSize(1);
                ComputeInstanceProfile def = gi.defaultComputeInstanceProfile().orElseThrow();
                assertThat(def.slices()).as("%s default CI", gi).isEqualTo(gi.slices());
                assertThat(def.multiprocessors()).as("%s default CI SMs", gi).isEqualTo(gi.multiprocessors());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void productHasVariantsAndExactlyOneFullProfile(GpuProduct product) {
            assertThat(product.variants()).isNotEmpty();
            assertThat(product.variants()).extracting(GpuVariant::name).allMatch(n -> n.startsWith("NVIDIA "));
            long full = product.gpuInstanceProfiles().stream()
                    .filter(p -> p.placements().equals(List.of(new Placement(0, product.placementUnits())))
                            && p.name().attributes().isEmpty())
                    .count();
            assertThat(full).isEqualTo(1);
            assertThat(product.fullProfile().placements()).containsExactly(new Placement(0, product.placementUnits()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void noProfileHasMoreMemoryThanTheDevice(GpuProduct product) {
            // A GPU instance is carved out of the device's memory: NVML's memorySizeMB of every profile is below
            // the device total (H100 7g.80gb 81152 < 81559 MiB, H200 7g.141gb 143360 < 143771 MiB, from the
            // NVML dumps in src/test/resources/hardware; the NVIDIA MIG User Guide's tables for the others).
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                assertThat(p.memoryMiB()).as("%s %s memoryMiB vs device %s MiB", product, p, product.memoryMiB())
                        .isLessThanOrEqualTo(product.memoryMiB());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.mig4j.api.CatalogTest#products")
        void confirmedMemoryGivesTheNameByTheDriversRounding(GpuProduct product) {
            // github.com/NVIDIA/go-nvlib (getMigMemorySizeGB, "the calculation the driver uses"):
            // frac = ceil(mem / total * 8) / 8; GB = round_half_away(frac * ceil(total GiB)).
            if (product.unconfirmed().contains("memoryMiB")) {
                return;
            }
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                if (p.unconfirmed().contains("memoryMiB")) {
                    continue;
                }
                double total = product.memoryMiB() * 1024.0 * 1024.0;
                double frac = Math.ceil(p.memoryMiB() * 1024.0 * 1024.0 / total * 8) / 8;
                long gb = BigDecimal.valueOf(frac * Math.ceil(total / (1L << 30))).setScale(0, RoundingMode.HALF_UP)
                        .longValueExact();
                assertThat((long) p.name().memoryGb()).as("%s %s (%s MiB)", product, p, p.memoryMiB()).isEqualTo(gb);
            }
        }

        @Test
        void variantLookupsAreUnambiguousAcrossProducts() {
            Set<Integer> pci = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (GpuProduct p : CATALOG.products()) {
                for (GpuVariant v : p.variants()) {
                    assertThat(pci.add(v.pciDeviceId())).as("PCI id %s unique", v).isTrue();
                    assertThat(names.add(v.name().toLowerCase())).as("name %s unique", v).isTrue();
                }
            }
        }

        @Test
        void hardwareVerifiedProductsHaveNothingUnconfirmed() {
            for (GpuProduct p : CATALOG.products()) {
                if (!p.hardwareVerified()) {
                    continue;
                }
                assertThat(p.unconfirmed()).as(p.alias()).isEmpty();
                assertThat(p.gpuInstanceProfiles()).as(p.alias()).allMatch(GpuInstanceProfile::fullyConfirmed);
            }
        }
    }

    /** {@link ProductCatalog#read} names the field path of the first error. */
    @Nested
    class Format {

        static final String PROFILE = """
                { "name": "1g.10gb", "index": 0, "id": 19, "slices": 1, "memoryMiB": 9984, "multiprocessors": 16,
                  "copyEngines": 1, "decoders": 1, "encoders": 0, "jpegEngines": 1, "ofaEngines": 0,
                  "maxInstances": 7, "placements": { "starts": [0, 1, 2, 3, 4, 5, 6], "size": 1 } }""";

        static String productJson(String alias, String pci, String profile) {
            return """
                    { "alias": "%s", "architecture": "Hopper", "brand": "Nvidia", "computeCapability": "9.0", "memoryMiB": 81559,
                      "minDriver": "525.85.12", "verification": "documented", "source": "test",
                      "variants": [ { "pciDeviceId": "%s", "name": "NVIDIA %s", "formFactor": "SXM5" } ],
                      "computeInstanceTemplates": { "1": [ { "index": 0, "id": 0, "slices": 1, "maxInstances": 1,
                          "placements": { "starts": [0], "size": 1 }, "default": true } ] },
                      "gpuInstanceProfiles": [ %s ] }""".formatted(alias, pci, alias, profile);
        }

        static String catalog(String... products) {
            return "{ \"products\": [ " + String.join(", ", products) + " ] }";
        }

        static String valid() {
            return catalog(productJson("TEST-1", "0x2330", PROFILE));
        }

        static ProductCatalog read(String json) throws Exception {
            return ProductCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void minimalCatalogReads() throws Exception {
            ProductCatalog c = read(valid());
            GpuProduct p = c.require("TEST-1");
            assertThat(p.verification()).isEqualTo(Verification.DOCUMENTED);
            assertThat(p.profile("19").name()).hasToString("1g.10gb");
            assertThat(p.profile("1g.10gb").defaultComputeInstanceProfile()).map(ComputeInstanceProfile::slices)
                    .contains(1);
            assertThat(c.require("0x2330")).isSameAs(p);
        }

        static Stream<org.junit.jupiter.params.provider.Arguments> errors() {
            return Stream.of(
                    args("missing alias", valid().replace("\"alias\": \"TEST-1\",", ""),
                            "products[0].alias: is required"),
                    args("alias not a string", valid().replace("\"alias\": \"TEST-1\"", "\"alias\": 7"),
                            "products[0].alias: must be a string, got 7"),
                    args("missing products", "{}", "catalog: products: is required"),
                    args("products not a list", "{ \"products\": {} }", "products: must be a list, got a mapping"),
                    args("not JSON", "{ \"products\": [", "catalog: not valid JSON"),
                    args("empty starts", valid().replace("[0, 1, 2, 3, 4, 5, 6]", "[]"),
                            "products[0].gpuInstanceProfiles[0].placements: starts must not be empty"),
                    args("negative start", valid().replace("[0, 1, 2, 3, 4, 5, 6]", "[0, -1]"),
                            "products[0].gpuInstanceProfiles[0].placements.starts[1]: placement start must not be negative"),
                    args("zero size", valid().replace("\"size\": 1 } }", "\"size\": 0 } }"),
                            "products[0].gpuInstanceProfiles[0].placements.starts[0]: placement size must be at least 1"),
                    args("missing size", valid().replace("[0, 1, 2, 3, 4, 5, 6], \"size\": 1", "[0, 1]"),
                            "products[0].gpuInstanceProfiles[0].placements.size: is required"),
                    args("placements as list", valid().replace("{ \"starts\": [0, 1, 2, 3, 4, 5, 6], \"size\": 1 }",
                            "[0, 1]"), "products[0].gpuInstanceProfiles[0].placements: must be a mapping, got a list"),
                    args("start not an integer", valid().replace("[0, 1, 2, 3, 4, 5, 6]", "[0, \"one\"]"),
                            "products[0].gpuInstanceProfiles[0].placements.starts[1]: must be an integer, got 'one'"),
                    args("unknown GI field", valid().replace("\"index\": 0, \"id\": 19", "\"index\": 0, \"sms\": 16, \"id\": 19"),
                            "products[0].gpuInstanceProfiles[0]: unknown field 'sms'"),
                    args("missing GI field", valid().replace("\"ofaEngines\": 0,", ""),
                            "products[0].gpuInstanceProfiles[0].ofaEngines: is required"),
                    args("name/slices mismatch", valid().replace("\"slices\": 1, \"memoryMiB\": 9984",
                            "\"slices\": 2, \"memoryMiB\": 9984"),
                            "products[0].gpuInstanceProfiles[0].slices: is 2 but the name 1g.10gb says 1"),
                    args("bad profile name", valid().replace("\"name\": \"1g.10gb\"", "\"name\": \"1g.10gb+xx\""),
                            "products[0].gpuInstanceProfiles[0].name: invalid MIG profile name '1g.10gb+xx'"),
                    args("CI name as GI", valid().replace("\"name\": \"1g.10gb\"", "\"name\": \"1c.3g.40gb\""),
                            "products[0].gpuInstanceProfiles[0].name: must be a GPU instance profile name"),
                    args("bad memory", valid().replace("\"memoryMiB\": 81559", "\"memoryMiB\": \"lots\""),
                            "products[0].memoryMiB: must be an integer, got 'lots'"),
                    args("bad verification", valid().replace("\"documented\"", "\"maybe\""),
                            "products[0].verification: verification must be hardware-verified or documented, got 'maybe'"),
                    args("bad PCI id", valid().replace("0x2330", "0xZZ"),
                            "products[0].variants[0].pciDeviceId: invalid PCI device id '0xZZ'"),
                    args("CI wider than GI", valid().replace("\"id\": 0, \"slices\": 1", "\"id\": 0, \"slices\": 2"),
                            "products[0].computeInstanceTemplates.1[0].slices: must be 1 to 1 inside 1g.10gb, got 2"),
                    args("template key not a number", valid().replace("\"computeInstanceTemplates\": { \"1\"",
                            "\"computeInstanceTemplates\": { \"one\""),
                            "products[0].computeInstanceTemplates: keys must be GPU instance slice counts, got 'one'"),
                    args("duplicate PCI id across products",
                            catalog(productJson("TEST-1", "0x2330", PROFILE), productJson("TEST-2", "0x233010DE", PROFILE)),
                            "catalog: products: PCI device id 0x2330 belongs to both TEST-1 and TEST-2"),
                    args("duplicate alias ignoring case",
                            catalog(productJson("TEST-1", "0x2330", PROFILE), productJson("test-1", "0x2335", PROFILE)),
                            "catalog: products: alias test-1 belongs to both TEST-1 and test-1"));
        }

        static org.junit.jupiter.params.provider.Arguments args(String what, String json, String message) {
            return org.junit.jupiter.params.provider.Arguments.of(what, json, message);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("errors")
        void formatErrorNamesTheFieldPath(String what, String json, String message) {
            assertThatThrownBy(() -> read(json))
                    .isInstanceOf(CatalogFormatException.class)
                    .hasMessageStartingWith("catalog: ")
                    .hasMessageContaining(message);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "maxInstances 0 | \"maxInstances\": 7 | \"maxInstances\": 0 | products[0].gpuInstanceProfiles[0].maxInstances",
                "no variants | \"variants\": [ { \"pciDeviceId\": \"0x2330\", \"name\": \"NVIDIA TEST-1\", \"formFactor\": \"SXM5\" } ] | \"variants\": [] | products[0].variants",
        })
        void valuesRejectedByTheModelAreStillFormatErrorsWithAPath(String what, String from, String to, String path) {
            // ProductCatalog.read's contract: "@throws CatalogFormatException naming the field path of the first
            // error". A profile with instanceCount 0 or a product without boards is such an error.
            String json = valid().replace(from, to);
            assertThat(json).isNotEqualTo(valid());
            assertThatThrownBy(() -> read(json))
                    .isInstanceOf(CatalogFormatException.class)
                    .hasMessageContaining(path);
        }
    }
}
