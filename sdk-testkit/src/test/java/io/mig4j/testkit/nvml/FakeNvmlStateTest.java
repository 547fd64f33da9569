package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigModeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FakeNvmlState}: a fake node written to JSON and rebuilt, as {@code mig4j --fake-state} keeps it. */
class FakeNvmlStateTest {

    private static List<String> shape(Inventory inventory) {
        return inventory.gpus().stream().flatMap(g -> g.gpuInstances().stream().map(gi -> g.index() + ":" + g.uuid()
                + ":" + g.migMode().current() + ":GI" + gi.id() + "/" + gi.profileId() + "@" + gi.placement() + ":"
                + gi.computeInstances().stream().map(c -> "CI" + c.id() + "/" + c.profileId() + "@" + c.placement())
                .toList())).toList();
    }

    @Test
    void aNodeComesBackWithItsModesInstancesIdsAndPlacements() {
        try (FakeNvml fake = FakeNvml.builder().gpus("A100-40GB", 2).resetOnMigModeChange(true).build()) {
            fake.init();
            DeviceHandle gpu0 = fake.deviceGetHandleByIndex(0);
            fake.deviceSetMigMode(gpu0, MigModeInfo.ENABLE);
            // the MIG guide's sequence, then a destroy that leaves a gap in the IDs
            GpuInstanceHandle a = fake.deviceCreateGpuInstance(gpu0, 19);
            fake.deviceCreateGpuInstance(gpu0, 14);
            GpuInstanceHandle c = fake.deviceCreateGpuInstance(gpu0, 5);
            fake.gpuInstanceCreateComputeInstance(c, 3);
            fake.gpuInstanceCreateComputeInstanceWithPlacement(a, 0, new Placement(0, 1));
            fake.gpuInstanceDestroy(fake.deviceGetGpuInstanceById(gpu0, 5));
            Inventory before = MigManager.builder(fake).build().inventory();

            String json = FakeNvmlState.write(fake, FakeNvml.DEFAULT_SEED);
            FakeNvmlState.Restored restored = FakeNvmlState.read(json, FakeNvml.builder().resetOnMigModeChange(true));
            try (FakeNvml again = restored.nvml()) {
                Inventory after = MigManager.builder(again).build().inventory();
                assertThat(shape(after)).isEqualTo(shape(before)).isNotEmpty();
                assertThat(after.gpus().get(0).gpuInstances()).extracting(GpuInstanceInfo::id).containsExactly(1, 13);
                assertThat(after.gpus().get(1).migMode().current().name()).isEqualTo("DISABLED");
                assertThat(restored.notPreserved()).isEmpty();
                // written again, the node gives the same file, MIG device UUIDs included
                assertThat(FakeNvmlState.write(again, FakeNvml.DEFAULT_SEED)).isEqualTo(json);
            }
        }
    }

    /**
     * Compute instance IDs are numbered in creation order within a GPU instance (MIG User Guide, "Getting Started");
     * a destroy leaves a gap that the saved node keeps, so a sequence replayed over several runs gives the IDs it
     * gives in one.
     */
    @Test
    void computeInstanceIdGapsAndMigDeviceUuidsSurviveASaveAndLoad() {
        try (FakeNvml fake = FakeNvml.builder().gpu("A100-40GB").migEnabled(true).build()) {
            fake.init();
            DeviceHandle gpu = fake.deviceGetHandleByIndex(0);
            GpuInstanceHandle gi = fake.deviceCreateGpuInstance(gpu, 9);
            for (int i = 0; i < 3; i++) {
                fake.gpuInstanceCreateComputeInstance(gi, 0); // 1c.3g.20gb: CIs 0, 1, 2 at 0:1, 1:1, 2:1
            }
            fake.computeInstanceDestroy(fake.gpuInstanceGetComputeInstanceById(gi, 1));
            Inventory before = MigManager.builder(fake).build().inventory();

            FakeNvmlState.Restored restored = FakeNvmlState.read(FakeNvmlState.write(fake, 7), FakeNvml.builder());
            try (FakeNvml again = restored.nvml()) {
                Inventory after = MigManager.builder(again).build().inventory();
                assertThat(after.gpus().get(0).gpuInstances().get(0).computeInstances())
                        .extracting(c -> c.id() + "@" + c.placement() + "=" + c.migDeviceUuid())
                        .containsExactlyElementsOf(before.gpus().get(0).gpuInstances().get(0).computeInstances()
                                .stream().map(c -> c.id() + "@" + c.placement() + "=" + c.migDeviceUuid()).toList())
                        .hasSize(2).first().asString().startsWith("0@0:1");
                assertThat(after.gpus().get(0).gpuInstances().get(0).computeInstances().get(1).id()).isEqualTo(2);
                // the next create takes the lowest free ID again, as it would have without the save
                GpuInstanceHandle restoredGi = again.deviceGetGpuInstanceById(again.deviceGetHandleByIndex(0), 2);
                assertThat(again.computeInstanceGetInfo(again.gpuInstanceCreateComputeInstance(restoredGi, 0)).id())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void anEditedFileThatCannotBeRebuiltNamesTheInstance() {
        String bad = """
                {"format": 1, "seed": 1, "gpus": [{"product": "H100-80GB", "migEnabled": true, "gpuInstances": [
                  {"id": 1, "profileId": 9, "placement": {"start": 0, "size": 4}, "computeInstances": []},
                  {"id": 2, "profileId": 5, "placement": {"start": 0, "size": 4}, "computeInstances": []}]}]}
                """;
        assertThatThrownBy(() -> FakeNvmlState.read(bad, FakeNvml.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fake node state: gpus[0].gpuInstances (id 2) cannot be created again: ");
        assertThatThrownBy(() -> FakeNvmlState.read("[1]", FakeNvml.builder()))
                .hasMessageContaining("expected a JSON object with 'gpus'");
        assertThatThrownBy(() -> FakeNvmlState.read("{\"format\": 1, \"gpus\": [{\"product\": \"NOPE\"}]}",
                FakeNvml.builder())).hasMessageContaining("unknown GPU product 'NOPE'");
    }
}
