package io.mig4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryJsonTest {

    private static Inventory sample() {
        GpuInstanceInfo threeG = new GpuInstanceInfo(1, 9, "3g.40gb", new Placement(4, 4), List.of(
                new ComputeInstanceInfo(0, 0, "1c.3g.40gb", new Placement(0, 1), "MIG-11111111-2222-3333-4444-555555555555"),
                new ComputeInstanceInfo(1, 1, "2c.3g.40gb", new Placement(1, 2), "MIG-66666666-7777-8888-9999-000000000000")));
        GpuInventory migGpu = new GpuInventory(0, "GPU-c2392704-1d08-ac0e-5d69-aff45f4d128f", "NVIDIA H100 80GB HBM3",
                "00000000:00:06.0", 0x2330, "H100-80GB", 81559, MigMode.ENABLED, List.of(threeG));
        GpuInventory pending = new GpuInventory(1, "GPU-a75633aa-0823-ce5d-9edc-336cbb26034d", "NVIDIA H200",
                "00000000:00:07.0", 0x2335, "H200-141GB", 143771,
                new MigMode(MigModeState.DISABLED, MigModeState.ENABLED), List.of());
        GpuInventory unknown = new GpuInventory(2, "GPU-00000000-0000-0000-0000-000000000001", "NVIDIA L4",
                "00000000:00:08.0", 0x27B8, null, 23034, MigMode.NOT_SUPPORTED, List.of());
        return new Inventory("580.159.04", "13.580.159.04", List.of(migGpu, pending, unknown));
    }

    @Test
    void roundTripsThroughJsonUnchanged() {
        Inventory inventory = sample();
        String json = inventory.toJson();
        assertThat(Inventory.fromJson(json)).isEqualTo(inventory);
        assertThat(json).contains("\"migDeviceUuid\" : \"MIG-11111111-2222-3333-4444-555555555555\"")
                .contains("\"current\" : \"DISABLED\"").contains("\"pending\" : \"ENABLED\"")
                .doesNotContain("changePending").doesNotContain("migDeviceUuids");
    }

    @Test
    void pendingModeChangeIsVisible() {
        assertThat(sample().gpus().get(1).migMode().changePending()).isTrue();
        assertThat(sample().gpus().get(0).migMode().changePending()).isFalse();
    }

    @Test
    void listsMigDeviceUuidsInOrder() {
        assertThat(sample().gpus().get(0).migDeviceUuids()).containsExactly(
                "MIG-11111111-2222-3333-4444-555555555555", "MIG-66666666-7777-8888-9999-000000000000");
    }

    @Test
    void rejectsDocumentsThatAreNotInventories() {
        assertThatThrownBy(() -> Inventory.fromJson("{\"driverVersion\": \"1\", \"gpus\": 3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
        assertThatThrownBy(() -> Inventory.fromJson("{\"driverVersion\":\"1\",\"nvmlVersion\":\"2\",\"gpus\":[{\"index\":0}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
    }

    @Test
    void refusesInconsistentMigMode() {
        assertThatThrownBy(() -> new MigMode(MigModeState.ENABLED, MigModeState.NOT_SUPPORTED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
