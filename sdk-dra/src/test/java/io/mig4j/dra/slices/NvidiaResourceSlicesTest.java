package io.mig4j.dra.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.Placement;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuHealthEvent;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishing rules of NVIDIA's driver beyond the golden files (kubernetes-sigs/dra-driver-nvidia-gpu main 95932046). */
class NvidiaResourceSlicesTest {
    private static final SliceOptions NODE = SliceOptions.forNode("node-a");
    private static final SliceOptions DYNAMIC = NODE.withMode(SliceOptions.Mode.DYNAMIC_MIG);

    @Test
    void kubernetes134GetsCountersAndDevicesInOneSlicePerGpu() {
        // driver.go:254-307 generateCombinedResourceSlices, chosen below 1.35 (driver.go:577-593)
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(TestInventories.gpus("H100-80GB", 2, false),
                DYNAMIC.withKubernetes(KubernetesVersion.V1_34));
        assertThat(slices).hasSize(2).allSatisfy(s -> {
            assertThat(s.getSpec().getSharedCounters()).hasSize(1);
            assertThat(s.getSpec().getDevices()).hasSize(26);
            assertThat(s.getSpec().getPool().getResourceSliceCount()).isEqualTo(2);
        });
        assertThat(slices.get(1).getSpec().getSharedCounters().get(0).getName()).isEqualTo("gpu-1-counter-set");
        assertThat(DraValidator.builder().version(KubernetesVersion.V1_34).build().validateAll(slices))
                .allSatisfy(r -> assertThat(r.errors()).isEmpty());
        // the same slices are rejected by 1.35's API server
        assertThat(DraValidator.builder().version(KubernetesVersion.V1_35).build().validate(slices.get(0)).errors())
                .extracting(Object::toString)
                .contains("spec: Invalid value: \"\": only one of `sharedCounters` or `devices` is allowed");
    }

    @Test
    void kubernetes135AndLaterGetOneCounterSliceThenOneDeviceSlicePerGpuInPciOrder() {
        Inventory inv = TestInventories.gpus("H200-141GB", 3, false);
        // NVML index order differs from PCI order: the driver sorts by PCI bus ID (driver.go:206)
        List<GpuInventory> shuffled = new ArrayList<>(inv.gpus());
        shuffled.set(0, inv.gpus().get(0).toBuilder().pciBusId("00000000:C7:00.0").build());
        Inventory reordered = new Inventory(inv.driverVersion(), inv.nvmlVersion(), inv.cudaDriverVersion(), shuffled);
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(reordered, DYNAMIC);
        assertThat(slices).extracting(s -> s.getMetadata().getGenerateName()).containsExactly(
                "00000-gpu.nvidia.com-node-a-", "00001-gpu.nvidia.com-node-a-", "00002-gpu.nvidia.com-node-a-",
                "00003-gpu.nvidia.com-node-a-");
        assertThat(slices.get(0).getSpec().getSharedCounters()).extracting(c -> c.getName())
                .containsExactly("gpu-1-counter-set", "gpu-2-counter-set", "gpu-0-counter-set");
        assertThat(slices.get(3).getSpec().getDevices().get(0).getName()).isEqualTo("gpu-0");
        assertThat(slices).allSatisfy(s -> {
            assertThat(s.getSpec().getNodeName()).isEqualTo("node-a");
            assertThat(s.getSpec().getPool().getName()).isEqualTo("node-a");
            assertThat(s.getSpec().getPool().getGeneration()).isEqualTo(1);
            assertThat(s.getSpec().getPool().getResourceSliceCount()).isEqualTo(4);
        });
    }

    @Test
    void anAmpereGpuWithMigOffIsNotPartitionedDynamically() {
        // nvlib.go:1541-1550: A100 with MIG disabled falls back; partitions.go:53-58 its capacity is its memory
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(TestInventories.gpus("A100-80GB", 1, false), DYNAMIC);
        assertThat(slices).hasSize(2);
        assertThat(slices.get(0).getSpec().getSharedCounters()).isEmpty();
        Device gpu = slices.get(1).getSpec().getDevices().get(0);
        assertThat(gpu.getName()).isEqualTo("gpu-0");
        assertThat(gpu.getConsumesCounters()).isEmpty();
        assertThat(gpu.getCapacity().get("memory").getValue()).hasToString("80Gi");
    }

    @Test
    void healthEventsBecomeTheDriversTaints() {
        // device_health.go:65-96 and xidsToSkip (417-438); AddOrUpdateTaint keeps one taint per key (allocatable.go:334)
        GpuInventory sick = TestInventories.gpu("H100-80GB", 0, MigMode.DISABLED, List.of()).toBuilder()
                .healthEvent(GpuHealthEvent.xid(48)).healthEvent(GpuHealthEvent.xid(13))
                .healthEvent(GpuHealthEvent.gpuLost()).healthEvent(GpuHealthEvent.unmonitored()).build();
        Inventory inv = new Inventory("580.95.05", "13.580.95.05", "13.0", List.of(sick));
        List<DeviceTaint> taints = NvidiaResourceSlices.generate(inv, NODE).get(0).getSpec().getDevices().get(0)
                .getTaints();
        assertThat(taints).extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).containsExactly(
                "gpu.nvidia.com/xid=13:None", "gpu.nvidia.com/gpu-lost=null:NoSchedule",
                "gpu.nvidia.com/unmonitored=null:None");
        Inventory fatal = new Inventory("580.95.05", "13.580.95.05", "13.0", List.of(sick.toBuilder()
                .healthEvents(List.of(GpuHealthEvent.xid(79))).build()));
        assertThat(NvidiaResourceSlices.generate(fatal, NODE).get(0).getSpec().getDevices().get(0).getTaints())
                .singleElement().satisfies(t -> {
                    assertThat(t.getValue()).isEqualTo("79");
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                    assertThat(t.getTimeAdded()).isNull();
                });
        // every MIG device of the GPU carries them
        Inventory migSick = TestInventories.layout("H100-80GB", 1, "3g.40gb@0", "3g.40gb@4");
        GpuInventory g = migSick.gpus().get(0).toBuilder().healthEvent(GpuHealthEvent.gpuLost()).build();
        List<Device> devices = NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", "13.0", List.of(g)), NODE)
                .get(0).getSpec().getDevices();
        assertThat(devices).hasSize(2).allSatisfy(d -> assertThat(d.getTaints()).hasSize(1));
    }

    @Test
    void aLostGpuTaintsEveryDeviceOfTheNode() {
        // device_health.go:228-232, 281-288: NVML's GPU_IS_LOST does not name a GPU, so every device is tainted
        Inventory inv = TestInventories.mixed("H100-80GB", "3g.40gb@0", "3g.40gb@4");
        GpuInventory lost = inv.gpus().get(1).toBuilder().healthEvent(GpuHealthEvent.gpuLost()).build();
        GpuInventory xid = inv.gpus().get(0).toBuilder().healthEvent(GpuHealthEvent.xid(79)).build();
        List<Device> devices = NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", "13.0",
                List.of(xid, lost)), NODE).get(0).getSpec().getDevices();
        assertThat(devices).hasSize(3).allSatisfy(d -> assertThat(d.getTaints())
                .extracting(DeviceTaint::getKey).contains("gpu.nvidia.com/gpu-lost"));
        // the XID stays on its own GPU's devices
        assertThat(devices).filteredOn(d -> d.getName().startsWith("gpu-0-mig")).allSatisfy(d -> assertThat(
                d.getTaints()).extracting(DeviceTaint::getKey).containsExactly("gpu.nvidia.com/xid",
                "gpu.nvidia.com/gpu-lost"));
        assertThat(devices).filteredOn(d -> d.getName().equals("gpu-1")).singleElement().satisfies(d -> assertThat(
                d.getTaints()).extracting(DeviceTaint::getKey).containsExactly("gpu.nvidia.com/gpu-lost"));
    }

    @Test
    void computeInstancesSmallerThanTheirGpuInstanceAreRefusedLikeTheDriverDoes() {
        GpuInventory g = TestInventories.layout("H100-80GB", 1, "3g.40gb@0").gpus().get(0);
        GpuInstanceInfo gi = g.gpuInstances().get(0);
        GpuInstanceInfo split = new GpuInstanceInfo(gi.id(), gi.profileId(), gi.profileName(), gi.placement(), List.of(
                new ComputeInstanceInfo(0, 0, "1c.3g.40gb", new Placement(0, 1), "MIG-a"),
                new ComputeInstanceInfo(1, 0, "1c.3g.40gb", new Placement(1, 1), "MIG-b")));
        Inventory inv = new Inventory("580.95.05", "x", "13.0", List.of(g.toBuilder().gpuInstances(List.of(split)).build()));
        assertThatThrownBy(() -> NvidiaResourceSlices.generate(inv, NODE))
                .isInstanceOf(UnsupportedInventoryException.class)
                .hasMessageContaining("1c.3g.40gb").hasMessageContaining("spans the whole GPU instance");
    }

    @Test
    void attributesFollowTheDriverReleaseAndOptions() {
        Inventory inv = TestInventories.gpus("H100-80GB", 1, false);
        Device v05 = NvidiaResourceSlices.generate(inv, NODE).get(0).getSpec().getDevices().get(0);
        assertThat(v05.getAttributes().get("resource.kubernetes.io/numaNode").getInt()).isZero();
        assertThat(v05.getAttributes().get("resource.kubernetes.io/pciBusID").getString()).isEqualTo("0000:07:00.0");
        assertThat(v05.getAttributes().get("driverVersion").getVersion()).isEqualTo("580.95.5");
        assertThat(v05.getAttributes()).doesNotContainKeys("resource.kubernetes.io/pcieRoot", "addressingMode",
                "index", "minor");
        Device v04 = NvidiaResourceSlices.generate(inv, NODE.withRelease(SliceOptions.DriverRelease.V0_4)
                .withPcieRoot(g -> "pci0000:00")).get(0).getSpec().getDevices().get(0);
        assertThat(v04.getAttributes()).doesNotContainKey("resource.kubernetes.io/numaNode");
        assertThat(v04.getAttributes().get("resource.kubernetes.io/pcieRoot").getString()).isEqualTo("pci0000:00");

        GpuInventory coherent = inv.gpus().get(0).toBuilder().addressingMode("ATS").build();
        Device ats = NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", null, List.of(coherent)), NODE)
                .get(0).getSpec().getDevices().get(0);
        assertThat(ats.getAttributes().get("addressingMode").getString()).isEqualTo("ATS");
        assertThat(ats.getAttributes()).doesNotContainKey("cudaDriverVersion");

        ResourceSlice owned = NvidiaResourceSlices.generate(inv, NODE.withNodeUid("1234").withGeneration(7)).get(0);
        assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Node");
            assertThat(o.getName()).isEqualTo("node-a");
            assertThat(o.getController()).isTrue();
        });
        assertThat(owned.getSpec().getPool().getGeneration()).isEqualTo(7);
    }

    @Test
    void badPciBusIdsAndUnknownMigProductsFailAsTheDriverWould() {
        GpuInventory g = TestInventories.gpus("H100-80GB", 1, false).gpus().get(0);
        Inventory badBus = new Inventory("580.95.05", "x", "13.0", List.of(g.toBuilder().pciBusId("07:00.0").build()));
        assertThatThrownBy(() -> NvidiaResourceSlices.generate(badBus, NODE))
                .isInstanceOf(UnsupportedInventoryException.class).hasMessageContaining("invalid PCI Bus ID format");
        GpuInventory unknown = g.toBuilder().product(null).pciDeviceId(0x1234).name("NVIDIA Mystery").migMode(
                MigMode.ENABLED).build();
        assertThatThrownBy(() -> NvidiaResourceSlices.generate(new Inventory("1.0", "x", "13.0", List.of(unknown)),
                NODE)).isInstanceOf(UnsupportedInventoryException.class).hasMessageContaining("catalog");
        // a GPU without MIG needs no profile table
        GpuInventory plain = unknown.toBuilder().migMode(MigMode.NOT_SUPPORTED).build();
        assertThat(NvidiaResourceSlices.generate(new Inventory("1.0", "x", "13.0", List.of(plain)), DYNAMIC))
                .hasSize(1);
    }

    @Test
    void aNodeWithoutMigCapableGpusKeepsTheCombinedLayoutInDynamicMode() {
        // driver.go:76-82: no MIG-capable GPU (device_state.go:1811-1818), so the driver never asks the API server's
        // version and keeps useSplitSlices=false: one slice per GPU, no counters slice, even on 1.35+
        GpuInventory plain = TestInventories.gpu("H100-80GB", 0, MigMode.DISABLED, List.of()).toBuilder()
                .product(null).name("NVIDIA L40S").architecture("Ada Lovelace").migMode(MigMode.NOT_SUPPORTED).build();
        GpuInventory plain2 = plain.toBuilder().index(1).minor(1).pciBusId("00000000:17:00.0").build();
        Inventory inv = new Inventory("580.95.05", "x", "13.0", List.of(plain, plain2));
        for (KubernetesVersion v : List.of(KubernetesVersion.V1_34, KubernetesVersion.V1_35, KubernetesVersion.V1_37)) {
            List<ResourceSlice> slices = NvidiaResourceSlices.generate(inv, DYNAMIC.withKubernetes(v));
            assertThat(slices).as("Kubernetes %s", v).hasSize(2).allSatisfy(s -> {
                assertThat(s.getSpec().getSharedCounters()).isEmpty();
                assertThat(s.getSpec().getDevices()).singleElement().satisfies(d -> {
                    assertThat(d.getConsumesCounters()).isEmpty();
                    assertThat(d.getCapacity()).containsOnlyKeys("memory");
                });
                assertThat(s.getSpec().getPool().getResourceSliceCount()).isEqualTo(2);
            });
            assertThat(slices).extracting(s -> s.getSpec().getDevices().get(0).getName())
                    .containsExactly("gpu-0", "gpu-1");
        }
        // one MIG-capable GPU on the node is enough for the split layout (an A100 with MIG off adds no counter set)
        GpuInventory a100 = TestInventories.gpu("A100-80GB", 2, MigMode.DISABLED, List.of()).toBuilder()
                .pciBusId("00000000:27:00.0").build();
        List<ResourceSlice> mixed = NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", "13.0",
                List.of(plain, a100)), DYNAMIC);
        assertThat(mixed).hasSize(3);
        assertThat(mixed.get(0).getSpec().getDevices()).isEmpty();
        assertThat(mixed.get(0).getSpec().getSharedCounters()).isEmpty();
    }

    @Test
    void moreThanEightCounterSetsAreSplitOverSeveralCounterSlices() {
        // 1.35+ allows 8 counter sets per slice; set names are unique per pool, so each device finds its set
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(TestInventories.gpus("H100-80GB", 10, false),
                DYNAMIC);
        assertThat(slices).hasSize(12);
        assertThat(slices.get(0).getSpec().getSharedCounters()).hasSize(8);
        assertThat(slices.get(1).getSpec().getSharedCounters()).extracting(c -> c.getName())
                .containsExactly("gpu-8-counter-set", "gpu-9-counter-set");
        assertThat(slices.subList(0, 2)).allSatisfy(s -> assertThat(s.getSpec().getDevices()).isEmpty());
        assertThat(slices.subList(2, 12)).allSatisfy(s -> assertThat(s.getSpec().getSharedCounters()).isEmpty());
        assertThat(slices).allSatisfy(s -> assertThat(s.getSpec().getPool().getResourceSliceCount()).isEqualTo(12));
        assertThat(DraValidator.defaults().validateAll(slices)).allSatisfy(r -> assertThat(r.clean()).isTrue());
        assertThat(DraValidator.defaults().validatePools(slices)).allSatisfy(w -> assertThat(w).isEmpty());
        // eight GPUs still fit one counters slice
        assertThat(NvidiaResourceSlices.generate(TestInventories.gpus("H100-80GB", 8, false), DYNAMIC)).hasSize(9);
    }

    @Test
    void slicesOverTheDeviceLimitAreSplitWithinThePool() {
        // 10 tainted GPUs × 7 MIG devices exceed the 64-device limit of slices with tainted devices (1.35+)
        Inventory inv = TestInventories.layout("H100-80GB", 10, "1g.10gb@0", "1g.10gb@1", "1g.10gb@2", "1g.10gb@3",
                "1g.10gb@4", "1g.10gb@5", "1g.10gb@6");
        List<GpuInventory> sick = new ArrayList<>();
        for (GpuInventory g : inv.gpus()) {
            sick.add(g.toBuilder().healthEvent(GpuHealthEvent.unmonitored()).build());
        }
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", "13.0", sick), NODE);
        assertThat(slices).hasSize(2);
        assertThat(slices.get(0).getSpec().getDevices()).hasSize(64);
        assertThat(slices.get(1).getSpec().getDevices()).hasSize(6);
        assertThat(slices).allSatisfy(s -> assertThat(s.getSpec().getPool().getResourceSliceCount()).isEqualTo(2));
        assertThat(DraValidator.defaults().validateAll(slices)).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        // 1.34 allows 128 devices per slice and only 4 taints per device
        assertThat(NvidiaResourceSlices.generate(new Inventory("580.95.05", "x", "13.0", sick),
                NODE.withKubernetes(KubernetesVersion.V1_34))).hasSize(1);
    }
}
