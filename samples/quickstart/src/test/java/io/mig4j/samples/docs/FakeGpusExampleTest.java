package io.mig4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.nvml.InstancesInUseException;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.junit.FakeGpus;
import io.mig4j.testkit.nvml.FakeNvml;
import org.junit.jupiter.api.Test;

// snippet:fake-gpus
/** Two fake A100-80GB with seven 1g.10gb instances each, fresh for every test; no GPU needed. */
@FakeGpus(product = "A100-80GB", count = 2, migLayout = "1g.10gb=7")
class FakeGpusExampleTest {
    MigManager mig;        // injected: NVML initialized, mutations allowed
    FakeNvml nvml;         // the same fake node, for faults, processes and the call journal

    @Test
    void everyGpuHasSevenMigDevices() {
        for (GpuInventory gpu : mig.inventory().gpus()) {
            assertThat(gpu.migDeviceUuids()).hasSize(7);
        }
    }

    @Test
    void aBusyMigDeviceCannotBeDestroyed() {
        GpuInstanceInfo gi = mig.inventory().gpus().get(0).gpuInstances().get(0);
        nvml.attachProcess(gi.computeInstances().get(0).migDeviceUuid());   // as if a CUDA process ran on it
        assertThatThrownBy(() -> mig.destroyGpuInstance(0, gi.id(), false))
                .isInstanceOf(InstancesInUseException.class);
        assertThat(mig.inventory().gpus().get(0).gpuInstances()).hasSize(7);
    }
}
// end-snippet:fake-gpus
