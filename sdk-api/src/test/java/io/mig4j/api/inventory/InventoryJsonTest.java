package io.mig4j.api.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryJsonTest {

    private static Inventory sample() {
        GpuInstanceInfo threeG = new GpuInstanceInfo(1, 9, "3g.40gb", new Placement(4, 4), List.of(
                new ComputeInstanceInfo(0, 0, "1c.3g.40gb", new Placement(0, 1), "MIG-11111111-2222-3333-4444-555555555555"),
                new ComputeInstanceInfo(1, 1, "2c.3g.40gb", new Placement(1, 2), "MIG-66666666-7777-8888-9999-000000000000")));
        GpuInventory migGpu = GpuInventory.builder().index(0).minor(0).uuid("GPU-c2392704-1d08-ac0e-5d69-aff45f4d128f")
                .name("NVIDIA H100 80GB HBM3").brand("Nvidia").architecture("Hopper").cudaComputeCapability("9.0")
                .pciBusId("00000000:00:06.0").pciDeviceId(0x2330).numaNode(1).product("H100-80GB").memoryMiB(81559)
                .migMode(MigMode.ENABLED).gpuInstance(threeG).build();
        GpuInventory pending = migGpu.toBuilder().index(1).minor(3).uuid("GPU-a75633aa-0823-ce5d-9edc-336cbb26034d")
                .name("NVIDIA H200").pciBusId("00000000:00:07.0").pciDeviceId(0x2335).numaNode(null)
                .addressingMode("ATS").product("H200-141GB").memoryMiB(143771)
                .migMode(new MigMode(MigModeState.DISABLED, MigModeState.ENABLED)).gpuInstances(List.of())
                .healthEvent(GpuHealthEvent.xid(79)).healthEvent(GpuHealthEvent.unmonitored()).build();
        GpuInventory unknown = GpuInventory.builder().index(2).minor(2).uuid("GPU-00000000-0000-0000-0000-000000000001")
                .name("NVIDIA L4").brand("Nvidia").architecture("Ada Lovelace").cudaComputeCapability("8.9")
                .pciBusId("00000000:00:08.0").pciDeviceId(0x27B8).memoryMiB(23034).migMode(MigMode.NOT_SUPPORTED)
                .healthEvent(GpuHealthEvent.gpuLost()).build();
        return new Inventory("580.159.04", "13.580.159.04", "13.0", List.of(migGpu, pending, unknown));
    }

    @Test
    void roundTripsThroughJsonUnchanged() {
        Inventory inventory = sample();
        String json = InventoryJson.write(inventory);
        assertThat(InventoryJson.read(json)).isEqualTo(inventory);
        assertThat(json).contains("\"migDeviceUuid\" : \"MIG-11111111-2222-3333-4444-555555555555\"")
                .contains("\"current\" : \"DISABLED\"").contains("\"pending\" : \"ENABLED\"")
                .doesNotContain("changePending").doesNotContain("migDeviceUuids").doesNotContain("healthy");
    }

    @Test
    void writesTheFieldsNvidiasDraDriverPublishes() {
        String json = InventoryJson.write(sample());
        assertThat(json).contains("\"cudaDriverVersion\" : \"13.0\"", "\"minor\" : 3", "\"brand\" : \"Nvidia\"",
                "\"architecture\" : \"Hopper\"", "\"cudaComputeCapability\" : \"9.0\"", "\"numaNode\" : 1",
                "\"numaNode\" : null", "\"addressingMode\" : \"ATS\"", "\"addressingMode\" : null",
                "\"kind\" : \"XID\"", "\"xid\" : 79", "\"kind\" : \"GPU_LOST\"", "\"kind\" : \"UNMONITORED\"");
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
    void aGpuWithoutHealthEventsIsHealthy() {
        assertThat(sample().gpus().get(0).healthy()).isTrue();
        assertThat(sample().gpus().get(1).healthy()).isFalse();
        assertThat(sample().gpus().get(1).healthEvents()).containsExactly(GpuHealthEvent.xid(79),
                new GpuHealthEvent(GpuHealthEvent.Kind.UNMONITORED, null));
    }

    @Test
    void rejectsDocumentsThatAreNotInventories() {
        assertThatThrownBy(() -> InventoryJson.read("{\"driverVersion\": \"1\", \"gpus\": 3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
        assertThatThrownBy(() -> InventoryJson.read("{\"driverVersion\":\"1\",\"nvmlVersion\":\"2\",\"gpus\":[{\"index\":0}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
        assertThatThrownBy(() -> InventoryJson.read("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
    }

    @Test
    void refusesInconsistentMigMode() {
        assertThatThrownBy(() -> new MigMode(MigModeState.ENABLED, MigModeState.NOT_SUPPORTED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsNvmlsCudaDriverVersionAsNvidiasDraDriverDoes() {
        assertThat(Inventory.cudaDriverVersion(13000)).isEqualTo("13.0");
        assertThat(Inventory.cudaDriverVersion(12080)).isEqualTo("12.8");
        assertThat(Inventory.cudaDriverVersion(12020)).isEqualTo("12.2");
        assertThat(Inventory.cudaDriverVersion(11040)).isEqualTo("11.4");
        assertThatThrownBy(() -> Inventory.cudaDriverVersion(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void anXidEventNeedsItsNumberAndNoOtherEventHasOne() {
        assertThatThrownBy(() -> new GpuHealthEvent(GpuHealthEvent.Kind.XID, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("xid: required for kind XID");
        assertThatThrownBy(() -> new GpuHealthEvent(GpuHealthEvent.Kind.GPU_LOST, 79))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("xid: must be null for kind GPU_LOST, got 79");
        assertThatThrownBy(() -> new GpuHealthEvent(GpuHealthEvent.Kind.UNMONITORED, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be null for kind UNMONITORED");
        assertThatThrownBy(() -> GpuHealthEvent.xid(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xid: must not be negative, got -3");
        assertThatThrownBy(() -> new GpuHealthEvent(null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
        assertThatThrownBy(() -> InventoryJson.read(InventoryJson.write(sample()).replace("\"xid\" : 79", "\"xid\" : null")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mig4j inventory document");
    }

    @Test
    void builderNamesTheMissingRequiredField() {
        assertThatThrownBy(() -> GpuInventory.builder().uuid("GPU-1").name("n").brand("Nvidia")
                .cudaComputeCapability("9.0").pciBusId("00000000:00:06.0").migMode(MigMode.DISABLED).build())
                .isInstanceOf(NullPointerException.class).hasMessage("architecture");
        GpuInventory gpu = sample().gpus().get(0);
        assertThat(gpu.toBuilder().build()).isEqualTo(gpu);
        assertThat(gpu.toBuilder().minor(7).build().minor()).isEqualTo(7);
    }
}
