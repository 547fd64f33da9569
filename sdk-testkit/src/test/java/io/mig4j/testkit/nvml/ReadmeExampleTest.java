package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's "Use as a dependency" test, compiled and run here; the second test keeps the README in sync. */
class ReadmeExampleTest {
    // README-BEGIN
    @Test
    void allBalancedGivesEveryGpuTwoHalves() {
        MigPartedConfig config = MigPartedConfig.parse("""
                version: v1
                mig-configs:
                  all-balanced:
                    - devices: all
                      mig-enabled: true
                      mig-devices:
                        "3g.40gb": 2
                """);
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 2).resetOnMigModeChange(true).build()) {
            nvml.init();
            MigManager manager = MigManager.builder(nvml).allowMutations(true).build();
            Inventory node = manager.apply(manager.targets(config, "all-balanced", Set.of()), false).inventory();
            assertThat(node.gpus()).allSatisfy(gpu -> assertThat(gpu.gpuInstances()).hasSize(2));
            assertThat(manager.plan(manager.targets(config, "all-balanced", Set.of())).isEmpty()).isTrue();
        }
    }
    // README-END

    @Test
    void theReadmeShowsThisTest() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/mig4j/testkit/nvml/ReadmeExampleTest.java"));
        String snippet = source.substring(source.indexOf("// README-BEGIN") + 15, source.indexOf("// README-END"));
        // compared with indentation and line breaks normalized: the README's copy is dedented
        assertThat(Files.readString(Path.of("../README.md")).replaceAll("\\s+", " "))
                .contains(snippet.replaceAll("\\s+", " ").strip());
    }
}
