package io.mig4j.api.migparted;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.MigLayout;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Checking mig-parted configs against the product catalog: NVIDIA's default config and the seed example are
 * clean, and each way a config can fail on a node is reported with the config, device entry, product and profile.
 */
class MigPartedValidatorTest {

    static final ProductCatalog CATALOG = ProductCatalog.builtIn();
    static final MigPartedValidator VALIDATOR = MigPartedValidator.builtIn();

    /** A file with one config {@code bad} holding these device entries (YAML list items). */
    static MigPartedValidation validate(String entries) {
        return VALIDATOR.validate(config(entries));
    }

    static MigPartedConfig config(String entries) {
        return MigPartedConfig.parse("version: v1\nmig-configs:\n  bad:\n" + entries.indent(4));
    }

    static String entry(String filter, String migDevices) {
        return (filter == null ? "" : "- device-filter: " + filter + "\n  ")
                + (filter == null ? "- " : "") + "devices: all\n  mig-enabled: true\n  mig-devices: " + migDevices + "\n";
    }

    static List<String> messages(List<MigPartedProblem> problems) {
        return problems.stream().map(MigPartedProblem::message).toList();
    }

    static Map<String, Long> profileCounts(MigLayout layout) {
        return layout.gpuInstances().stream()
                .collect(Collectors.groupingBy(g -> g.profile().name().toString(), Collectors.counting()));
    }

    @Nested
    class RealWorldDefaultConfig {
        final MigPartedConfig config = MigPartedConfigTest.resource(MigPartedConfigTest.REAL_WORLD);
        final MigPartedValidation result = VALIDATOR.validate(config);

        @Test
        void hasNoErrors() {
            assertThat(result.errors()).isEmpty();
            assertThat(result.hasErrors()).isFalse();
        }

        @Test
        void warnsOnlyAboutPciIdsTheCatalogLacks() {
            assertThat(result.warnings()).extracting(MigPartedProblem::message).containsExactly(
                    "config 'all-balanced', device entry 10: device-filter 0x20B610DE is not in the catalog; not checked",
                    "config 'all-balanced', device entry 10: device-filter 0x232910DE is not in the catalog; not checked");
            assertThat(result.warnings()).allSatisfy(w -> {
                assertThat(w.severity()).isEqualTo(MigPartedProblem.Severity.WARNING);
                assertThat(w.configName()).isEqualTo("all-balanced");
                assertThat(w.entryNumber()).isEqualTo(10);
                assertThat(w.productAlias()).isNull();
                assertThat(w.profile()).isNull();
            });
        }

        @Test
        void allBalancedIsPlacedOnEveryProductItNames() {
            assertThat(result.placements("all-balanced")).extracting(p -> p.entryNumber() + " " + p.product().alias())
                    .containsExactly("1 GB200", "2 RTX-PRO-6000", "3 B200", "4 GH200-144GB", "5 H200-141GB",
                            "6 H100-NVL-94GB", "7 H100-80GB", "7 A100-80GB", "8 A100-40GB", "9 A30-24GB",
                            "10 H100-96GB");
            MigPartedPlacement h100 = result.placement("all-balanced", 7, "H100-80GB").orElseThrow();
            assertThat(h100.layout().validate()).isEmpty();
            assertThat(h100.layout().product().alias()).isEqualTo("H100-80GB");
            assertThat(profileCounts(h100.layout()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("1g.10gb", 2L, "2g.20gb", 1L, "3g.40gb", 1L));
            MigPartedPlacement gb200 = result.placement("all-balanced", 1, "GB200").orElseThrow();
            assertThat(profileCounts(gb200.layout()))
                    .as("1g.24gb is an older name of GB200's 1g.23gb")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("1g.23gb", 2L, "2g.47gb", 1L, "3g.95gb", 1L));
        }

        @Test
        void unfilteredEntriesAreCheckedOnTheProductsThatHaveTheirProfiles() {
            assertThat(result.placements("all-1g.5gb")).extracting(p -> p.product().alias())
                    .containsExactly("A100-40GB");
            assertThat(result.placements("all-3g.40gb")).extracting(p -> p.product().alias())
                    .containsExactly("A100-80GB", "H100-80GB");
            assertThat(result.placements("all-disabled")).hasSize(CATALOG.products().size())
                    .allSatisfy(p -> assertThat(p.layout().gpuInstances()).isEmpty());
            assertThat(result.placements("all-disabled").get(0).toString())
                    .isEqualTo("all-disabled #1 A30-24GB: MIG disabled");
        }

        @Test
        void everyEnabledEntryOnAKnownProductHasAValidLayout() {
            assertThat(result.placements()).allSatisfy(p -> {
                assertThat(p.layout().validate()).as(p.toString()).isEmpty();
                assertThat(p.layout().gpuInstances()).as(p.toString()).hasSize(p.entry().instanceCount());
            });
            assertThat(result.placements()).hasSize(111);
        }
    }

    @Nested
    class SeedExample {
        final MigPartedValidation result =
                VALIDATOR.validate(MigPartedConfigTest.resource(MigPartedConfigTest.SEED));

        @Test
        void validatesWithoutErrors() {
            assertThat(result.errors()).isEmpty();
        }

        @Test
        void warnsThatSevenOneSliceInstancesDoNotFitAnA100With40Gb() {
            assertThat(result.warnings()).singleElement().satisfies(w -> {
                assertThat(w.configName()).isEqualTo("all-1g.10gb");
                assertThat(w.productAlias()).isEqualTo("A100-40GB");
                assertThat(w.profile()).isEqualTo("1g.10gb");
                assertThat(w.message()).isEqualTo("config 'all-1g.10gb', device entry 1 on A100-40GB: 7 instances of"
                        + " 1g.10gb requested but at most 4 can exist on A100-40GB (a warning, not an error: the entry"
                        + " has no device-filter and fits A100-80GB, H100-80GB; mig-parted would fail on A100-40GB)");
            });
        }

        @Test
        void everyConfigIsPlaced() {
            assertThat(result.placements()).extracting(MigPartedPlacement::toString).contains(
                    "training-optimized #1 H100-80GB: 4g.40gb@0,3g.40gb@4",
                    "mixed-workload #2 H100-80GB: 3g.40gb@0,3g.40gb@4");
            assertThat(result.placement("all-balanced", 2, "H200-141GB").orElseThrow().layout().gpuInstances())
                    .hasSize(4);
            assertThat(profileCounts(result.placement("mixed-workload", 1, "A100-80GB").orElseThrow().layout()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("3g.40gb", 1L, "2g.20gb", 1L, "1g.10gb", 2L));
        }
    }

    @Nested
    class Errors {
        @Test
        void tooManyInstancesOfAProfile() {
            MigPartedValidation r = validate(entry("\"0x233010DE\"", "{\"1g.10gb\": 8}"));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo("config 'bad', device entry 1 on H100-80GB: 8 instances of 1g.10gb"
                        + " requested but at most 7 can exist on H100-80GB");
                assertThat(e.configName()).isEqualTo("bad");
                assertThat(e.entryNumber()).isEqualTo(1);
                assertThat(e.productAlias()).isEqualTo("H100-80GB");
                assertThat(e.profile()).isEqualTo("1g.10gb");
            });
            assertThat(r.placements()).isEmpty();
        }

        @Test
        void tooManyWithoutFilterIsAnErrorOnEveryProductWithTheProfile() {
            MigPartedValidation r = validate(entry(null, "{\"1g.10gb\": 8}"));
            assertThat(r.errors()).extracting(MigPartedProblem::productAlias)
                    .containsExactly("A100-40GB", "A100-80GB", "H100-80GB");
            assertThat(r.warnings()).isEmpty();
        }

        @Test
        void instancesThatExceedTheGpu() {
            MigPartedValidation r = validate(entry(null, "{\"4g.40gb\": 1, \"3g.40gb\": 1, \"1g.10gb\": 1}"));
            assertThat(messages(r.errors())).containsExactly(
                    "config 'bad', device entry 1 on A100-80GB: the instances do not fit: the instances need 9 memory"
                            + " slices but A100-80GB has 8",
                    "config 'bad', device entry 1 on A100-80GB: the instances do not fit: the instances need 8 compute"
                            + " slices but A100-80GB has 7",
                    "config 'bad', device entry 1 on H100-80GB: the instances do not fit: the instances need 9 memory"
                            + " slices but H100-80GB has 8",
                    "config 'bad', device entry 1 on H100-80GB: the instances do not fit: the instances need 8 compute"
                            + " slices but H100-80GB has 7");
            assertThat(r.errors()).allSatisfy(e -> assertThat(e.profile()).isNull());
        }

        @Test
        void profileTheFilteredProductLacks() {
            MigPartedValidation r = validate("- devices: all\n  mig-enabled: false\n"
                    + entry("[\"0x233010DE\"]", "{\"1g.5gb\": 2, \"1g.10gb\": 1}"));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo("config 'bad', device entry 2 on H100-80GB: profile 1g.5gb does not"
                        + " exist on H100-80GB (its profiles: 1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb, 1g.10gb+me,"
                        + " 1g.20gb)");
                assertThat(e.entryNumber()).isEqualTo(2);
                assertThat(e.productAlias()).isEqualTo("H100-80GB");
                assertThat(e.profile()).isEqualTo("1g.5gb");
            });
        }

        @Test
        void productListShowsOlderNames() {
            MigPartedValidation r = validate(entry("\"0x294110DE\"", "{\"1g.10gb\": 1}"));
            assertThat(r.errors()).singleElement().extracting(MigPartedProblem::message).asString()
                    .contains("its profiles: 1g.23gb (also 1g.24gb), ");
        }

        @Test
        void profileNoProductHas() {
            MigPartedValidation r = validate(entry(null, "{\"1g.99gb\": 1, \"1g.10gb\": 1}"));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.message()).startsWith("config 'bad', device entry 1: no product in the catalog has profile"
                        + " 1g.99gb (known products: A30-24GB, A100-40GB, ");
                assertThat(e.profile()).isEqualTo("1g.99gb");
                assertThat(e.productAlias()).isNull();
            });
        }

        @Test
        void profilesOfDifferentProducts() {
            MigPartedValidation r = validate(entry(null, "{\"1g.5gb\": 1, \"1g.18gb\": 1}"));
            assertThat(messages(r.errors())).containsExactly("config 'bad', device entry 1: no single product has all"
                    + " of 1g.5gb (A100-40GB), 1g.18gb (GH200-144GB, H200-141GB); give each product its own device"
                    + " entry with a device-filter");
        }

        @Test
        void mediaEngineExclusivity() {
            MigPartedValidation r = validate(entry("\"0x2BB510DE\"", "{\"1g.24gb+me.all\": 1, \"1g.24gb\": 1}"));
            assertThat(r.errors()).singleElement().extracting(MigPartedProblem::message).asString()
                    .startsWith("config 'bad', device entry 1 on RTX-PRO-6000: the instances do not fit: "
                            + "1g.24gb+me.all takes all media engines");
        }

        @Test
        void computeInstanceProfiles() {
            MigPartedValidation ok = validate(entry("\"0x233010DE\"", "{\"1c.3g.40gb\": 2}"));
            assertThat(ok.problems()).isEmpty();
            assertThat(profileCounts(ok.placements().get(0).layout())).containsExactly(Map.entry("3g.40gb", 2L));

            MigPartedValidation unknown = validate(entry("\"0x233010DE\"", "{\"5c.7g.80gb\": 1}"));
            assertThat(messages(unknown.errors())).containsExactly("config 'bad', device entry 1 on H100-80GB:"
                    + " compute instance profile 5c.7g.80gb is not offered by 7g.80gb on H100-80GB (its compute"
                    + " instance profiles: 1c.7g.80gb, 2c.7g.80gb, 3c.7g.80gb, 4c.7g.80gb, 7g.80gb)");

            MigPartedValidation tooMany = validate(entry("\"0x233010DE\"", "{\"3g.40gb\": 1, \"1c.3g.40gb\": 2}"));
            assertThat(messages(tooMany.errors())).containsExactly("config 'bad', device entry 1 on H100-80GB:"
                    + " 3 instances of 3g.40gb (written 3g.40gb, 1c.3g.40gb) requested but at most 2 can exist on"
                    + " H100-80GB");
        }
    }

    @Nested
    class Warnings {
        @Test
        void pciIdNotInTheCatalog() {
            MigPartedValidation r = validate(entry("[\"0x999910DE\", \"0x233010DE\"]", "{\"1g.10gb\": 1}"));
            assertThat(r.errors()).isEmpty();
            assertThat(messages(r.warnings())).containsExactly(
                    "config 'bad', device entry 1: device-filter 0x999910DE is not in the catalog; not checked");
            assertThat(r.placements()).extracting(p -> p.product().alias()).containsExactly("H100-80GB");
        }

        @Test
        void spellingMigPartedMayNotAccept() {
            MigPartedValidation r = validate(entry("\"0x233010DE\"", "{\"1G.10GB\": 1}"));
            assertThat(r.errors()).isEmpty();
            assertThat(messages(r.warnings())).containsExactly("config 'bad', device entry 1: profile '1G.10GB' is not"
                    + " written the way mig-parted writes it, '1g.10gb'; mig-parted may not recognize it");
        }
    }

    @Nested
    class OneProduct {
        final GpuProduct h100 = CATALOG.require("H100-80GB");
        final MigPartedConfig realWorld = MigPartedConfigTest.resource(MigPartedConfigTest.REAL_WORLD);

        @Test
        void checksOnlyEntriesForTheProduct() {
            MigPartedValidation r = VALIDATOR.validate(realWorld.select("all-balanced"), h100);
            assertThat(r.problems()).isEmpty();
            assertThat(r.placements()).singleElement().satisfies(p -> {
                assertThat(p.entryNumber()).isEqualTo(7);
                assertThat(p.product()).isEqualTo(h100);
            });
        }

        @Test
        void unfilteredEntryWithProfilesTheProductLacksIsAnError() {
            MigPartedValidation r = VALIDATOR.validate(realWorld.select("all-1g.5gb"), h100);
            assertThat(messages(r.errors())).containsExactly("config 'all-1g.5gb', device entry 1 on H100-80GB:"
                    + " profile 1g.5gb does not exist on H100-80GB (its profiles: 1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb,"
                    + " 7g.80gb, 1g.10gb+me, 1g.20gb)");
            assertThat(r.placements()).isEmpty();
        }

        @Test
        void unfilteredEntryThatDoesNotFitIsAnErrorNotAWarning() {
            MigPartedConfig seed = MigPartedConfigTest.resource(MigPartedConfigTest.SEED);
            MigPartedValidation r = VALIDATOR.validate(seed.select("all-1g.10gb"), CATALOG.require("A100-40GB"));
            assertThat(messages(r.errors())).containsExactly("config 'all-1g.10gb', device entry 1 on A100-40GB:"
                    + " 7 instances of 1g.10gb requested but at most 4 can exist on A100-40GB");
        }

        @Test
        void configWithoutAnEntryForTheProduct() {
            MigPartedValidation r = VALIDATOR.validate(realWorld.select("all-1g.24gb"), h100);
            assertThat(r.errors()).isEmpty();
            assertThat(r.warnings()).singleElement().satisfies(w -> {
                assertThat(w.message()).isEqualTo("config 'all-1g.24gb' has no device entry for H100-80GB: every"
                        + " entry's device-filter names other GPUs");
                assertThat(w.entryNumber()).isZero();
                assertThat(w.productAlias()).isEqualTo("H100-80GB");
            });
        }

        @Test
        void seedExampleOnH100() {
            MigPartedValidation r = VALIDATOR.validate(MigPartedConfigTest.resource(MigPartedConfigTest.SEED), h100);
            assertThat(r.problems()).isEmpty();
            assertThat(r.placements()).extracting(p -> p.configName() + " #" + p.entryNumber()).containsExactly(
                    "all-1g.10gb #1", "mixed-workload #1", "mixed-workload #2", "all-balanced #1",
                    "training-optimized #1");
        }
    }
}
