package io.mig4j.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVIDIA's driver as a DRA publisher on its own, reaching the API server only through a kubeconfig file, as it would
 * reach a real cluster: it publishes the node's slices (generation 1), republishes with the next generation after the
 * GPUs are reconfigured, never changes the GPUs itself, and deletes its slices on close. The same scenario runs
 * against a real API server when {@code -Dmig4j.kubeconfig=<path>} is given.
 */
class StandaloneDriverTest {
    private static final String KUBECONFIG_PROPERTY = "mig4j.kubeconfig";

    @Test
    void publishesRepublishesAndDeletesItsSlicesThroughAWrittenKubeconfig(@TempDir Path dir) {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
            scenario(kubeconfig, "gpu-node-1");
        }
    }

    @Test
    void publishesToARealApiServerGivenItsKubeconfig() throws Exception {
        String kubeconfig = System.getProperty(KUBECONFIG_PROPERTY, "");
        assumeTrue(!kubeconfig.isBlank(), "no real API server: set -D" + KUBECONFIG_PROPERTY
                + "=<path> to run the standalone NVIDIA driver against one (its slices are deleted afterwards)");
        assertThat(Files.isReadable(Path.of(kubeconfig))).as(kubeconfig).isTrue();
        scenario(Path.of(kubeconfig), "mig4j-driver-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void dynamicMigPublishesEveryPlacementWithoutTouchingTheGpus(@TempDir Path dir) {
        try (MockKubeApiServer server = MockKubeApiServer.start();
             FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).build()) {
            nvml.init();
            Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
            try (FakeNvidiaDriver driver = FakeNvidiaDriver.builder("h100-node").nvml(nvml).dynamicMig(true)
                    .kubeconfig(kubeconfig).start()) {
                List<String> devices = devices(server.client(), "h100-node");
                assertThat(devices).contains("gpu-0-mig-1g10gb-19-0", "gpu-0-mig-1g10gb-19-6",
                        "gpu-1-mig-7g80gb-0-0", "gpu-1-mig-3g40gb-9-4");
                assertThat(nvml.migDeviceUuids(0)).isEmpty();
                assertThat(nvml.mutatingCalls()).isEmpty();
                assertThat(driver.publish()).isFalse();
            }
            assertThat(devices(server.client(), "h100-node")).isEmpty();
        }
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertThatThrownBy(() -> FakeNvidiaDriver.builder("n").kubeconfig(Path.of("x")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("give exactly one of nvml(...) and migManager(...)");
        try (FakeNvml nvml = FakeNvml.builder().gpu("A100-80GB").build()) {
            nvml.init();
            assertThatThrownBy(() -> FakeNvidiaDriver.builder("n").nvml(nvml).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("give exactly one of client(...) and kubeconfig(...)");
            assertThatThrownBy(() -> FakeNvidiaDriver.builder("n").nvml(nvml).kubeconfig(Path.of("/nonexistent/kc"))
                    .start()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot read kubeconfig /nonexistent/kc");
        }
    }

    /** The publishing story on one A100 (static MIG) against whatever server the kubeconfig names. */
    private static void scenario(Path kubeconfig, String node) {
        try (FakeNvml nvml = FakeNvml.builder().gpu("A100-80GB").migEnabled(true).build();
             KubernetesClient observer = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(read(kubeconfig))).build()) {
            nvml.init();
            MigManager admin = MigManager.builder(nvml).allowMutations(true).build();
            apply(admin, "1g.10gb", 7);
            nvml.clearCalls();

            List<String> firstNames;
            try (FakeNvidiaDriver driver = FakeNvidiaDriver.builder(node).nvml(nvml).kubeconfig(kubeconfig).start()) {
                assertThat(driver.mutationsAllowed()).isFalse();
                assertThat(driver.poolGeneration()).isEqualTo(1);
                firstNames = driver.publishedSliceNames();
                assertThat(slices(observer, node)).extracting(s -> s.getMetadata().getName())
                        .containsExactlyInAnyOrderElementsOf(firstNames);
                assertThat(slices(observer, node)).allSatisfy(s -> {
                    assertThat(s.getSpec().getDriver()).isEqualTo("gpu.nvidia.com");
                    assertThat(s.getSpec().getPool().getName()).isEqualTo(node);
                    assertThat(s.getSpec().getPool().getGeneration()).isEqualTo(1L);
                });
                assertThat(devices(observer, node)).filteredOn(d -> d.startsWith("gpu-0-mig-1g10gb-19-")).hasSize(7);
                assertThat(driver.publish()).as("nothing changed").isFalse();
                assertThat(nvml.mutatingCalls()).as("the driver only reads the GPUs").isEmpty();

                // mig-manager (not the driver) reconfigures the GPU: the driver republishes with the next generation
                apply(admin, "3g.40gb", 2);
                nvml.clearCalls();
                assertThat(driver.publish()).isTrue();
                assertThat(driver.poolGeneration()).isEqualTo(2);
                assertThat(slices(observer, node)).allSatisfy(s ->
                        assertThat(s.getSpec().getPool().getGeneration()).isEqualTo(2L));
                assertThat(slices(observer, node)).extracting(s -> s.getMetadata().getName())
                        .doesNotContainAnyElementsOf(firstNames)
                        .containsExactlyInAnyOrderElementsOf(driver.publishedSliceNames());
                assertThat(devices(observer, node)).filteredOn(d -> d.contains("-mig-"))
                        .allMatch(d -> d.startsWith("gpu-0-mig-3g40gb-9-")).hasSize(2);
                assertThat(nvml.mutatingCalls()).isEmpty();
            }
            assertThat(slices(observer, node)).as("close deletes the node's slices").isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void apply(MigManager mig, String profile, int count) {
        MigPartedConfig config = MigPartedConfig.parse("version: v1\nmig-configs:\n  c:\n    - devices: all\n"
                + "      mig-enabled: true\n      mig-devices:\n        \"" + profile + "\": " + count + "\n");
        mig.apply(mig.targets(config, "c", Set.of()), false);
    }

    private static List<ResourceSlice> slices(KubernetesClient client, String node) {
        return client.dynamicResourceAllocation().v1().resourcesSlices().withField("spec.nodeName", node).list()
                .getItems();
    }

    private static List<String> devices(KubernetesClient client, String node) {
        return slices(client, node).stream().filter(s -> s.getSpec().getDevices() != null)
                .flatMap(s -> s.getSpec().getDevices().stream()).map(Device::getName).toList();
    }
}
