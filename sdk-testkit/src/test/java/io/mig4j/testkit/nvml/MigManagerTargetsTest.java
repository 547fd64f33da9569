package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.layout.LayoutDoesNotFitException;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link MigManager#targets} and {@link MigManager#unmatchedEntries}: what a mig-parted config asks of a node. */
class MigManagerTargetsTest {
    private static final String CONFIG = """
            version: v1
            mig-configs:
              huge:
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": 2147483647
              unknown:
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.11gb": 1
              far-devices:
                - devices: [0]
                  mig-enabled: true
                  mig-devices:
                    "7g.80gb": 1
                - devices: [2, 3]
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": 1
              other-gpus:
                - device-filter: ["0x20B210DE"]
                  devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": 7
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "3g.40gb": 2
              shadowed:
                - devices: all
                  mig-enabled: false
                - devices: [0]
                  mig-enabled: true
                  mig-devices:
                    "7g.80gb": 1
            """;

    private static FakeNvml h100() {
        FakeNvml fake = FakeNvml.builder().gpus("H100-80GB", 1).build();
        fake.init();
        return fake;
    }

    @Test
    void aCountBeyondTheInstanceLimitIsRejectedBeforeAnythingIsBuilt() {
        try (FakeNvml fake = h100()) {
            MigManager manager = MigManager.builder(fake).build();
            long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThatThrownBy(() -> manager.targets(MigPartedConfig.parse(CONFIG), "huge", Set.of()))
                    .isInstanceOf(LayoutDoesNotFitException.class)
                    .hasMessage("config 'huge', device entry 1: GPU 0 (H100-80GB): 2147483647 instances of 1g.10gb"
                            + " requested but at most 7 can exist");
            // nothing proportional to the count was allocated (2^31 requests would need gigabytes)
            long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThat(after - before).isLessThan(256L * 1024 * 1024);
            fake.assertNoMutatingCalls();
        }
    }

    @Test
    void anUnknownProfileListsTheProfilesOfTheGpusProduct() {
        try (FakeNvml fake = h100()) {
            MigManager manager = MigManager.builder(fake).build();
            assertThatThrownBy(() -> manager.targets(MigPartedConfig.parse(CONFIG), "unknown", Set.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(LayoutDoesNotFitException.class)
                    .hasMessage("config 'unknown', device entry 1: GPU 0 (H100-80GB) has no profile 1g.11gb (its"
                            + " profiles: 1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb, 1g.10gb+me, 1g.20gb)");
        }
    }

    @Test
    void entriesThatNoGpuTakesAreNamedWithTheReason() {
        try (FakeNvml fake = h100()) {
            MigManager manager = MigManager.builder(fake).build();
            MigPartedConfig config = MigPartedConfig.parse(CONFIG);
            assertThat(manager.unmatchedEntries(config, "far-devices")).containsExactly("config 'far-devices', device"
                    + " entry 2 (devices: [2, 3]) matches no GPU of this node: it has 1 GPU(s), indexes 0 to 0");
            assertThat(manager.unmatchedEntries(config, "other-gpus")).containsExactly("config 'other-gpus', device"
                    + " entry 1 (devices: all, device-filter: 0x20B210DE) matches no GPU of this node: its GPUs are"
                    + " 0x233010DE");
            assertThat(manager.unmatchedEntries(config, "shadowed")).singleElement().asString()
                    .endsWith("every GPU it selects takes an earlier entry");
            assertThat(manager.unmatchedEntries(config, "unknown")).isEmpty();
            assertThatThrownBy(() -> manager.unmatchedEntries(config, "nosuch"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no config named 'nosuch'");
        }
    }
}
