package io.mig4j.api.migparted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.InvalidProfileNameException;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.ProfileAttribute;
import io.mig4j.api.ProfileName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading and writing mig-parted {@code version: v1} files: NVIDIA's own default config as it is published, the
 * example a user would write, and the round trip through {@link MigPartedConfig#toYaml()}.
 */
class MigPartedConfigTest {

    static final String REAL_WORLD = "/real-world/mig-parted-config-default.yaml";
    static final String SEED = "/configs/seed-example.yaml";

    static MigPartedConfig resource(String name) {
        try (InputStream in = MigPartedConfigTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return MigPartedConfig.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MigPartedProfileCount count(String text, int count) {
        return MigPartedProfileCount.of(text, count);
    }

    @Nested
    class RealWorldDefaultConfig {
        final MigPartedConfig config = resource(REAL_WORLD);

        @Test
        void hasEveryConfigInFileOrder() {
            assertThat(config.version()).isEqualTo("v1");
            assertThat(config.configNames()).hasSize(64);
            assertThat(config.configNames()).startsWith("all-disabled", "all-enabled", "all-1g.5gb", "all-1g.5gb.me")
                    .endsWith("all-7g.144gb", "all-7g.180gb", "all-7g.189gb");
            assertThat(config.configNames().indexOf("all-balanced"))
                    .isEqualTo(config.configNames().indexOf("all-7g.96gb") + 1);
        }

        @Test
        void disabledAndEnabledWithoutDevices() {
            MigPartedDeviceEntry disabled = config.entries("all-disabled").orElseThrow().get(0);
            assertThat(disabled.devices()).isEqualTo(MigPartedDevices.ALL);
            assertThat(disabled.migEnabled()).isFalse();
            assertThat(disabled.migDevices()).isEmpty();
            assertThat(disabled.hasDeviceFilter()).isFalse();

            MigPartedDeviceEntry enabled = config.entries("all-enabled").orElseThrow().get(0);
            assertThat(enabled.migEnabled()).isTrue();
            assertThat(enabled.migDevices()).isEmpty();
        }

        @Test
        void allBalancedHasTenEntriesEachWithItsFilter() {
            List<MigPartedDeviceEntry> balanced = config.entries("all-balanced").orElseThrow();
            assertThat(balanced).hasSize(10);
            assertThat(balanced).allMatch(MigPartedDeviceEntry::hasDeviceFilter)
                    .allMatch(e -> e.devices().all() && e.migEnabled());
            assertThat(balanced.get(0).deviceFilter()).containsExactly(0x2941);
            assertThat(balanced.get(0).migDeviceCounts())
                    .containsExactly(Map.entry("1g.24gb", 2), Map.entry("2g.47gb", 1), Map.entry("3g.95gb", 1));
            assertThat(balanced.get(6).deviceFilter())
                    .containsExactly(0x2330, 0x2331, 0x2322, 0x20B2, 0x20B5, 0x20F3, 0x20F5, 0x2324);
            assertThat(balanced.get(9).deviceFilter()).containsExactly(0x2342, 0x233D, 0x20B6, 0x2329);
        }

        @Test
        void singleStringDeviceFilterOfTheA30Entry() {
            MigPartedDeviceEntry a30 = config.entries("all-balanced").orElseThrow().get(8);
            assertThat(a30.deviceFilter()).containsExactly(0x20B7);
            assertThat(a30.migDevices()).containsExactly(count("1g.6gb", 2), count("2g.12gb", 1));
            assertThat(a30.appliesTo(ProductCatalog.builtIn().require("A30-24GB"))).isTrue();
            assertThat(a30.appliesTo(ProductCatalog.builtIn().require("H100-80GB"))).isFalse();
        }

        @Test
        void profileNamesWithAttributesKeepTheirText() {
            MigPartedProfileCount meAll = config.entries("all-2g.48gb.me.all").orElseThrow().get(0).migDevices().get(0);
            assertThat(meAll.text()).isEqualTo("2g.48gb+me.all");
            assertThat(meAll.name()).isEqualTo(ProfileName.ofGpuInstance(2, 48, ProfileAttribute.ME_ALL));
            MigPartedProfileCount noMe = config.entries("all-1g.24gb-me").orElseThrow().get(0).migDevices().get(0);
            assertThat(noMe.name().attributes()).containsExactly(ProfileAttribute.NO_ME);
            assertThat(noMe.count()).isEqualTo(4);
        }

        @Test
        void twoEntriesSplitByFilter() {
            List<MigPartedDeviceEntry> e = config.entries("all-1g.10gb").orElseThrow();
            assertThat(e).hasSize(2);
            assertThat(e.get(0).migDeviceCounts()).containsExactly(Map.entry("1g.10gb", 7));
            assertThat(e.get(1).deviceFilter()).containsExactly(0x20B0, 0x20B1, 0x20F1, 0x20F6);
            assertThat(e.get(1).migDeviceCounts()).containsExactly(Map.entry("1g.10gb", 4));
        }

        @Test
        void roundTripsThroughTheWriter() {
            String yaml = config.toYaml();
            MigPartedConfig again = MigPartedConfig.parse(yaml);
            assertThat(again).isEqualTo(config);
            assertThat(again.configNames()).isEqualTo(config.configNames());
            assertThat(again.toYaml()).isEqualTo(yaml);
        }
    }

    @Nested
    class SeedExample {
        final MigPartedConfig config = resource(SEED);

        @Test
        void readsTheFourConfigs() {
            assertThat(config.configNames())
                    .containsExactly("all-1g.10gb", "mixed-workload", "all-balanced", "training-optimized");
            List<MigPartedDeviceEntry> mixed = config.entries("mixed-workload").orElseThrow();
            assertThat(mixed.get(0).devices()).isEqualTo(MigPartedDevices.of(0, 1));
            assertThat(mixed.get(0).migDeviceCounts()).containsExactly(Map.entry("3g.40gb", 1),
                    Map.entry("2g.20gb", 1), Map.entry("1g.10gb", 2));
            assertThat(mixed.get(0).instanceCount()).isEqualTo(4);
            assertThat(mixed.get(1).devices().indexes()).containsExactly(2, 3);
            assertThat(mixed.get(1).devices().selects(1)).isFalse();
            assertThat(config.entries("all-balanced").orElseThrow().get(0).deviceFilter())
                    .containsExactly(0x2330, 0x20B2);
            assertThat(config.entries("all-balanced").orElseThrow().get(1).deviceFilter()).containsExactly(0x2335);
        }

        @Test
        void theSampleForCliUsersIsTheSameFile() throws IOException {
            Path sample = Path.of("..", "samples", "configs", "mig-parted-example.yaml");
            assertThat(sample).exists();
            assertThat(MigPartedConfig.read(sample)).isEqualTo(config);
        }

        @Test
        void roundTrips() {
            assertThat(MigPartedConfig.parse(config.toYaml())).isEqualTo(config);
        }
    }

    @Nested
    class Writer {
        @Test
        void writesMigPartedLayout() {
            Map<String, List<MigPartedDeviceEntry>> configs = new LinkedHashMap<>();
            configs.put("off", List.of(MigPartedDeviceEntry.disabled(MigPartedDevices.ALL)));
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("1g.10gb", 2);
            counts.put("3g.40gb", 1);
            configs.put("mixed", List.of(
                    MigPartedDeviceEntry.enabled(MigPartedDevices.of(0, 1), counts).withDeviceFilter(0x2330, 0x20B2),
                    MigPartedDeviceEntry.enabled(MigPartedDevices.ALL, Map.of())));
            String yaml = MigPartedConfig.of(configs).toYaml();
            assertThat(yaml).isEqualTo("""
                    version: v1
                    mig-configs:
                      "off":
                        - devices: all
                          mig-enabled: false

                      mixed:
                        - device-filter: ["0x233010DE", "0x20B210DE"]
                          devices: [0, 1]
                          mig-enabled: true
                          mig-devices:
                            "1g.10gb": 2
                            "3g.40gb": 1
                        - devices: all
                          mig-enabled: true
                          mig-devices: {}
                    """);
            assertThat(MigPartedConfig.parse(yaml)).isEqualTo(MigPartedConfig.of(configs));
        }

        @Test
        void quotesConfigNamesYamlWouldReadDifferently() {
            Map<String, List<MigPartedDeviceEntry>> configs = new LinkedHashMap<>();
            for (String name : List.of("true", "null", "7", "with space", "a:b", "quote\"back\\slash", "tab\there",
                    "#comment", "- dash", "ünïcode", "all-1g.10gb")) {
                configs.put(name, List.of(MigPartedDeviceEntry.disabled(MigPartedDevices.of(3))));
            }
            MigPartedConfig config = MigPartedConfig.of(configs);
            String yaml = config.toYaml();
            assertThat(yaml).contains("  \"true\":\n", "  \"7\":\n", "  \"tab\\there\":\n", "  all-1g.10gb:\n");
            MigPartedConfig again = MigPartedConfig.parse(yaml);
            assertThat(again).isEqualTo(config);
            assertThat(again.configNames()).isEqualTo(config.configNames());
        }

        @Test
        void keepsProfileTextAsWritten() {
            MigPartedConfig config = MigPartedConfig.parse("""
                    version: v1
                    mig-configs:
                      a:
                        - devices: all
                          mig-enabled: true
                          mig-devices:
                            "MIG 1g.10gb": 1
                    """);
            assertThat(config.toYaml()).contains("\"MIG 1g.10gb\": 1");
            assertThat(config.entries("a").orElseThrow().get(0).migDevices().get(0).name())
                    .isEqualTo(ProfileName.parse("1g.10gb"));
        }
    }

    @Nested
    class Sources {
        static final String SMALL = """
                version: v1
                mig-configs:
                  all-3g.40gb:
                    - devices: all
                      mig-enabled: true
                      mig-devices: {"3g.40gb": 2}
                """;

        @Test
        void readsStreamsAndFiles(@TempDir Path dir) throws IOException {
            MigPartedConfig expected = MigPartedConfig.parse(SMALL);
            assertThat(MigPartedConfig.read(new ByteArrayInputStream(SMALL.getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(expected);
            Path file = Files.writeString(dir.resolve("c.yaml"), SMALL);
            assertThat(MigPartedConfig.read(file)).isEqualTo(expected);
        }

        @Test
        void fileErrorsStartWithTheFileName(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("bad.yaml"), SMALL.replace("mig-enabled: true", "mig-enabled: 1"));
            assertThatThrownBy(() -> MigPartedConfig.read(file))
                    .isInstanceOf(MigPartedFormatException.class)
                    .hasMessage(file + ": mig-configs.\"all-3g.40gb\"[0].mig-enabled: must be true or false, got 1"
                            + " (config 'all-3g.40gb', device entry 1)");
        }

        @Test
        void readsJsonToo() {
            MigPartedConfig config = MigPartedConfig.parse("""
                    {"version": "v1", "mig-configs": {"all-3g.40gb": [
                      {"devices": "all", "mig-enabled": true, "mig-devices": {"3g.40gb": 2}}]}}
                    """);
            assertThat(config).isEqualTo(MigPartedConfig.parse(SMALL));
        }

        @Test
        void resolvesAnchorsAndAliases() {
            MigPartedConfig config = MigPartedConfig.parse("""
                    version: v1
                    mig-configs:
                      a:
                        - &entry
                          devices: all
                          mig-enabled: true
                          mig-devices: {"3g.40gb": 2}
                      b:
                        - *entry
                    """);
            assertThat(config.entries("b")).isEqualTo(config.entries("a"));
            assertThat(config.entries("b").orElseThrow().get(0).migDeviceCounts()).containsEntry("3g.40gb", 2);
        }

        @Test
        void selectsOneConfig() {
            MigPartedConfig real = resource(REAL_WORLD);
            MigPartedConfig one = real.select("all-balanced");
            assertThat(one.configNames()).containsExactly("all-balanced");
            assertThat(one.entries("all-balanced")).isEqualTo(real.entries("all-balanced"));
            assertThatThrownBy(() -> real.select("all-balance"))
                    .hasMessageStartingWith("no config named 'all-balance' (configs: all-disabled, all-enabled,");
        }
    }

    @Nested
    class Model {
        @Test
        void devicesAreAllOrDistinctIndexes() {
            assertThat(MigPartedDevices.ALL.selects(12)).isTrue();
            assertThat(MigPartedDevices.of(0, 2).toString()).isEqualTo("[0, 2]");
            assertThatThrownBy(() -> MigPartedDevices.of()).hasMessageContaining("at least one GPU index");
            assertThatThrownBy(() -> MigPartedDevices.of(1, 1)).hasMessage("GPU index 1 is listed twice");
            assertThatThrownBy(() -> MigPartedDevices.of(-1)).hasMessage("GPU index must not be negative, got -1");
            assertThatThrownBy(() -> new MigPartedDevices(true, List.of(0)))
                    .hasMessageContaining("either 'all' or a list");
        }

        @Test
        void entryRules() {
            MigPartedProfileCount one = count("1g.10gb", 1);
            assertThatThrownBy(() -> new MigPartedDeviceEntry(List.of(), MigPartedDevices.ALL, false, List.of(one)))
                    .hasMessageContaining("mig-devices must be empty when mig-enabled is false");
            assertThatThrownBy(() -> new MigPartedDeviceEntry(List.of(), MigPartedDevices.ALL, true,
                    List.of(one, count("1G.10GB", 2))))
                    .hasMessage("'1G.10GB' names the same profile as '1g.10gb'; list each profile once");
            assertThatThrownBy(() -> count("1g.10gb", -1)).hasMessage("count of 1g.10gb must not be negative, got -1");
            assertThatThrownBy(() -> new MigPartedProfileCount("1g.10gb", ProfileName.parse("1g.20gb"), 1))
                    .hasMessage("profile text '1g.10gb' does not name 1g.20gb");
            assertThatThrownBy(() -> count("1g.10gb+xx", 1)).isInstanceOf(InvalidProfileNameException.class);
            assertThatThrownBy(() -> MigPartedDeviceEntry.disabled(MigPartedDevices.ALL).withDeviceFilter(0x10000))
                    .hasMessage("PCI device id must be 16 bits, got 65536");
        }

        @Test
        void configRules() {
            assertThatThrownBy(() -> new MigPartedConfig("v2", Map.of("a",
                    List.of(MigPartedDeviceEntry.disabled(MigPartedDevices.ALL)))))
                    .hasMessage("version must be 'v1', got 'v2'");
            assertThatThrownBy(() -> MigPartedConfig.of(Map.of()))
                    .hasMessage("a mig-parted config file needs at least one config");
            assertThatThrownBy(() -> MigPartedConfig.of(Map.of("a", List.of())))
                    .hasMessage("config 'a' needs at least one device entry");
        }

        @Test
        void valuesAreImmutable() {
            MigPartedConfig config = resource(SEED);
            assertThatThrownBy(() -> config.configs().remove("all-1g.10gb"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> config.entries("mixed-workload").orElseThrow().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
