package com.example.gpufleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.InstancesInUseException;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.junit.FakeGpus;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Node-side code against fake GPUs: two A100-80GB that start in the {@code all-1g.10gb} config of the project's
 * mig-parted file (a test resource). {@code MigManager} is injected with mutations allowed; {@code FakeNvml} lets the
 * test look at the GPUs directly. Each test gets fresh GPUs.
 */
@FakeGpus(product = "A100-80GB", count = 2, migConfig = "mig-parted.yaml", config = "all-1g.10gb")
class GpuRepartitionerTest {
    MigManager mig;
    FakeNvml gpus;

    @Test
    void repartitionsEveryGpu() throws Exception {
        assertThat(gpus.migDeviceUuids(0)).hasSize(7);

        assertThat(new GpuRepartitioner(mig).repartition(config(), "all-3g.40gb")).hasSize(2)
                .allSatisfy(layout -> assertThat(layout).startsWith("3g.40gb@0").contains(",3g.40gb@4"));
        assertThat(gpus.migDeviceUuids(1)).hasSize(2);
    }

    @Test
    void aDeviceInUseStopsTheChangeAsOnARealGpu() throws Exception {
        // a CUDA process runs on one MIG device: MigManager refuses to destroy it unless forced
        String busy = gpus.migDeviceUuids(0).get(0);
        gpus.attachProcess(busy);

        assertThatThrownBy(() -> new GpuRepartitioner(mig).repartition(config(), "all-3g.40gb"))
                .isInstanceOf(InstancesInUseException.class)
                .hasMessageContaining("refusing to destroy MIG devices in use");
        assertThat(gpus.migDeviceUuids(0)).contains(busy);
    }

    private static MigPartedConfig config() throws Exception {
        try (InputStream in = GpuRepartitionerTest.class.getResourceAsStream("/mig-parted.yaml")) {
            return MigPartedConfig.read(in);
        }
    }
}
