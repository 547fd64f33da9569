package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.InventoryJson;
import io.mig4j.api.inventory.MigModeState;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.InstancesInUseException;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.MigStep;
import io.mig4j.nvml.MutationNotAllowedException;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.ProfileDiscovery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MigManager, written only against Nvml, driven through FakeNvml exactly as it drives a real GPU. */
class MigManagerTest {
    private static final String CONFIG = """
            version: v1
            mig-configs:
              mixed-workload:
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "3g.40gb": 1
                    "2g.20gb": 1
                    "1g.10gb": 2
              two-halves:
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "3g.40gb": 2
              only-gpu-1:
                - devices: [1]
                  mig-enabled: true
                  mig-devices:
                    "7g.80gb": 1
              off:
                - devices: all
                  mig-enabled: false
            """;

    private static FakeNvml a100s(boolean resetOnModeChange) {
        FakeNvml fake = FakeNvml.builder().gpus("A100-80GB", 2).resetOnMigModeChange(resetOnModeChange).build();
        fake.init();
        return fake;
    }

    private static MigManager writer(FakeNvml fake) {
        return MigManager.builder(fake).allowMutations(true).build();
    }

    @Test
    void readOnlyManagerPlansButNeverReachesTheDriverWithAMutation() {
        try (FakeNvml fake = a100s(true)) {
            MigManager reader = MigManager.builder(fake).build();
            MigPlan plan = reader.plan(reader.targets(MigPartedConfig.parse(CONFIG), "mixed-workload", Set.of()));
            assertThat(plan.steps()).hasSize(18);
            assertThatThrownBy(() -> reader.apply(plan, false)).isInstanceOf(MutationNotAllowedException.class)
                    .hasMessageContaining("allowMutations(true)");
            fake.assertNoMutatingCalls();
        }
    }

    @Test
    void appliesAMigPartedConfigAndASecondRunChangesNothing() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            MigPartedConfig config = MigPartedConfig.parse(CONFIG);
            ApplyResult first = manager.apply(manager.targets(config, "mixed-workload", Set.of()), false);
            assertThat(first.complete()).isTrue();
            for (GpuInventory gpu : first.inventory().gpus()) {
                assertThat(gpu.migMode().current()).isEqualTo(MigModeState.ENABLED);
                assertThat(gpu.gpuInstances()).extracting(g -> g.profileName() + "@" + g.placement())
                        .containsExactly("2g.20gb@0:2", "1g.10gb@2:1", "1g.10gb@3:1", "3g.40gb@4:4");
                assertThat(gpu.migDeviceUuids()).hasSize(4).allMatch(u -> u.startsWith("MIG-"));
            }
            fake.clearCalls();
            MigPlan again = manager.plan(manager.targets(config, "mixed-workload", Set.of()));
            assertThat(again.isEmpty()).isTrue();
            assertThat(manager.apply(again, false).executed()).isEmpty();
            fake.assertNoMutatingCalls();
        }
    }

    @Test
    void changingConfigKeepsWhatFitsAndDestroysComputeInstancesBeforeTheirGpuInstance() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            MigPartedConfig config = MigPartedConfig.parse(CONFIG);
            manager.apply(manager.targets(config, "mixed-workload", Set.of(0)), false);
            MigPlan plan = manager.plan(manager.targets(config, "two-halves", Set.of(0)));
            // the 3g.40gb at slices 4-7 stays; 2g + two 1g go, each CI before its GI; one 3g is created at 0
            assertThat(plan.steps()).filteredOn(s -> s instanceof MigStep.CreateGpuInstance).singleElement()
                    .satisfies(s -> assertThat(((MigStep.CreateGpuInstance) s).placement()).isEqualTo(new Placement(0, 4)));
            List<MigStep> destroys = plan.destructiveSteps();
            assertThat(destroys).hasSize(6);
            for (int i = 0; i < destroys.size(); i += 2) {
                MigStep.DestroyComputeInstance ci = (MigStep.DestroyComputeInstance) destroys.get(i);
                MigStep.DestroyGpuInstance gi = (MigStep.DestroyGpuInstance) destroys.get(i + 1);
                assertThat(ci.gpuInstanceId()).isEqualTo(gi.gpuInstanceId());
            }
            String kept = fake.migDeviceUuids(0).stream().filter(u -> manager.inventory().gpus().get(0).gpuInstances()
                    .stream().filter(g -> g.placement().start() == 4)
                    .anyMatch(g -> g.computeInstances().get(0).migDeviceUuid().equals(u))).findFirst().orElseThrow();
            ApplyResult result = manager.apply(plan, false);
            assertThat(result.complete()).isTrue();
            assertThat(result.inventory().gpus().get(0).gpuInstances()).extracting(g -> g.profileName() + "@" + g.placement())
                    .containsExactly("3g.40gb@0:4", "3g.40gb@4:4");
            assertThat(result.inventory().gpus().get(0).migDeviceUuids()).contains(kept);
        }
    }

    @Test
    void onlySelectedDevicesOfAnEntryAreChanged() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            ApplyResult result = manager.apply(manager.targets(MigPartedConfig.parse(CONFIG), "only-gpu-1", Set.of()), false);
            assertThat(result.inventory().gpus().get(0).migMode().current()).isEqualTo(MigModeState.DISABLED);
            assertThat(result.inventory().gpus().get(1).gpuInstances()).singleElement()
                    .satisfies(g -> assertThat(g.profileName()).isEqualTo("7g.80gb"));
        }
    }

    @Test
    void amperePendingResetStopsThatGpuAndSaysSo() {
        try (FakeNvml fake = a100s(false)) {
            MigManager manager = writer(fake);
            ApplyResult result = manager.apply(manager.targets(MigPartedConfig.parse(CONFIG), "two-halves", Set.of(0)), false);
            assertThat(result.complete()).isFalse();
            assertThat(result.executed()).singleElement().isInstanceOf(MigStep.SetMigMode.class);
            assertThat(result.pending()).singleElement().asString().contains("GPU 0").contains("RESET_REQUIRED");
            assertThat(result.inventory().gpus().get(0).migMode().changePending()).isTrue();
            assertThat(fake.calls(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT)).isEmpty();
        }
    }

    @Test
    void aGpuInUseByAnotherClientStaysPending() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").build()) {
            fake.init();
            fake.attachClient(0);
            MigManager manager = writer(fake);
            ApplyResult result = manager.apply(List.of(GpuTarget.of(0, List.of())), false);
            assertThat(result.pending()).singleElement().asString().contains("ERROR_IN_USE").contains("another client");
        }
    }

    @Test
    void refusesToDestroyMigDevicesThatRunProcessesUnlessForced() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            MigPartedConfig config = MigPartedConfig.parse(CONFIG);
            manager.apply(manager.targets(config, "mixed-workload", Set.of(0)), false);
            String busy = fake.migDeviceUuids(0).get(0);
            fake.attachProcess(busy);
            MigPlan plan = manager.plan(manager.targets(config, "off", Set.of(0)));
            assertThatThrownBy(() -> manager.apply(plan, false)).isInstanceOf(InstancesInUseException.class)
                    .hasMessageContaining(busy).hasMessageContaining("--force");
            assertThat(fake.migDeviceUuids(0)).hasSize(4);
            // forced: the driver itself still refuses while the process runs
            assertThatThrownBy(() -> manager.apply(plan, true)).isInstanceOf(NvmlException.class)
                    .satisfies(e -> assertThat(((NvmlException) e).result()).isEqualTo(NvmlReturn.ERROR_IN_USE));
            fake.detachProcess(busy);
            assertThat(manager.apply(manager.plan(manager.targets(config, "off", Set.of(0))), false).inventory()
                    .gpus().get(0).migMode().current()).isEqualTo(MigModeState.DISABLED);
        }
    }

    @Test
    void appliesAPlacedLayoutWithNamedComputeInstances() {
        try (FakeNvml fake = a100s(true)) {
            GpuProduct a100 = ProductCatalog.builtIn().require("A100-80GB");
            var threeG = a100.profile("3g.40gb");
            var oneC = threeG.computeInstanceProfiles().stream().filter(c -> c.slices() == 1).findFirst().orElseThrow();
            var twoC = threeG.computeInstanceProfiles().stream().filter(c -> c.slices() == 2).findFirst().orElseThrow();
            MigLayout layout = new MigLayout(a100, List.of(new PlacedGpuInstance(threeG, new Placement(4, 4), List.of(
                    new PlacedComputeInstance(twoC, new Placement(0, 2)), new PlacedComputeInstance(oneC, new Placement(2, 1))))));
            assertThat(layout.validate()).isEmpty();
            MigManager manager = writer(fake);
            Inventory after = manager.apply(List.of(GpuTarget.of(0, layout)), false).inventory();
            assertThat(after.gpus().get(0).gpuInstances()).singleElement().satisfies(g -> assertThat(g.computeInstances())
                    .extracting(c -> c.profileName() + "@" + c.placement()).containsExactlyInAnyOrder("2c.3g.40gb@0:2", "1c.3g.40gb@2:1"));
            assertThat(manager.currentLayout(0).validate()).isEmpty();
            assertThat(manager.plan(List.of(GpuTarget.of(0, layout))).isEmpty()).isTrue();
        }
    }

    @Test
    void aLayoutThatCannotBePlacedIsRejectedBeforeAnythingChanges() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            GpuProduct a100 = ProductCatalog.builtIn().require("A100-80GB");
            assertThatThrownBy(() -> manager.plan(List.of(GpuTarget.of(0, RequestedInstance.parseList(a100,
                    "4g.40gb,4g.40gb"))))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GPU 0").hasMessageContaining("at most 1");
            fake.assertNoMutatingCalls();
        }
    }

    @Test
    void discoveredProfilesMatchTheCatalogAndDifferencesAreNamed() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H200-141GB").build()) {
            fake.init();
            ProfileDiscovery discovery = MigManager.builder(fake).build().discoverProfiles(0);
            assertThat(discovery.profiles()).hasSize(7);
            assertThat(discovery.differences()).isEmpty();
            assertThat(discovery.toProduct().gpuInstanceProfiles()).extracting(p -> p.name().toString())
                    .containsExactly("1g.18gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb", "1g.18gb+me", "1g.35gb");
            // the same GPU judged against a catalog whose H200 entry is an H100's table
            ProductCatalog wrong = ProductCatalog.of(ProductCatalog.builtIn().products().stream()
                    .map(p -> p.alias().equals("H200-141GB") ? relabel(ProductCatalog.builtIn().require("H100-80GB"), p)
                            : p).filter(p -> !p.alias().equals("H100-80GB")).toList());
            List<String> differences = MigManager.builder(fake).catalog(wrong).build().discoverProfiles(0).differences();
            assertThat(differences).contains("memoryMiB: catalog 81559, NVML 143771")
                    .contains("1g.18gb (index 0) memoryMiB: catalog 9984, NVML 16384");
        }
    }

    private static GpuProduct relabel(GpuProduct table, GpuProduct boards) {
        return new GpuProduct(boards.alias(), table.architecture(), table.brand(), table.computeCapability(),
                table.memoryMiB(), table.minDriver(), table.verification(), table.source(), boards.variants(),
                table.gpuInstanceProfiles(), table.unconfirmed());
    }

    @Test
    void inventoryReportsMigDeviceUuidsPerComputeInstance() {
        try (FakeNvml fake = a100s(true)) {
            MigManager manager = writer(fake);
            manager.apply(manager.targets(MigPartedConfig.parse(CONFIG), "mixed-workload", Set.of(1)), false);
            Inventory inventory = manager.inventory();
            assertThat(inventory.gpus()).hasSize(2);
            assertThat(inventory.gpus().get(1).migDeviceUuids()).containsExactlyInAnyOrderElementsOf(fake.migDeviceUuids(1));
            assertThat(inventory.gpus().get(0).gpuInstances()).isEmpty();
            assertThat(InventoryJson.read(InventoryJson.write(inventory))).isEqualTo(inventory);
        }
    }

    @Test
    void inventoryCarriesWhatNvidiasDraDriverPublishes() {
        try (FakeNvml fake = FakeNvml.builder().gpu("A100-40GB").gpu("H100-80GB").numaNode(1, 3)
                .cudaDriverVersion(12080).build()) {
            fake.init();
            Inventory inventory = MigManager.builder(fake).build().inventory();
            assertThat(inventory.cudaDriverVersion()).isEqualTo("12.8");
            GpuInventory a100 = inventory.gpus().get(0);
            GpuInventory h100 = inventory.gpus().get(1);
            assertThat(List.of(a100.minor(), a100.brand(), a100.architecture(), a100.cudaComputeCapability()))
                    .containsExactly(0, "Nvidia", "Ampere", "8.0");
            assertThat(List.of(h100.minor(), h100.brand(), h100.architecture(), h100.cudaComputeCapability()))
                    .containsExactly(1, "Nvidia", "Hopper", "9.0");
            assertThat(a100.numaNode()).as("NOT_SUPPORTED by default").isNull();
            assertThat(h100.numaNode()).isEqualTo(3);
            assertThat(a100.addressingMode()).isNull();
            assertThat(a100.healthEvents()).isEmpty();
        }
    }

    @Test
    void aMissingCudaDriverVersionFunctionLeavesTheFieldUnknown() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").build()) {
            fake.init();
            fake.enqueue(NvmlFunction.SYSTEM_GET_CUDA_DRIVER_VERSION, Fault.returns(NvmlReturn.ERROR_FUNCTION_NOT_FOUND));
            Inventory inventory = MigManager.builder(fake).build().inventory();
            assertThat(inventory.cudaDriverVersion()).isNull();
            assertThat(inventory.gpus()).hasSize(1);
            fake.enqueue(NvmlFunction.SYSTEM_GET_CUDA_DRIVER_VERSION, Fault.returns(NvmlReturn.ERROR_GPU_IS_LOST));
            assertThatThrownBy(() -> MigManager.builder(fake).build().inventory())
                    .isInstanceOf(NvmlException.class).hasMessageContaining("GPU_IS_LOST");
        }
    }

    @Test
    void singleOperationsCreateAndDestroyInTheRightOrder() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build()) {
            fake.init();
            MigManager manager = writer(fake);
            GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
            var threeG = h100.profile("3g.40gb");
            io.mig4j.api.inventory.GpuInstanceInfo gi = manager.createGpuInstance(0, threeG, new Placement(4, 4));
            assertThat(gi.profileName()).isEqualTo("3g.40gb");
            assertThat(gi.computeInstances()).isEmpty();
            var oneC = threeG.computeInstanceProfiles().stream().filter(c -> c.slices() == 1).findFirst().orElseThrow();
            io.mig4j.api.inventory.ComputeInstanceInfo a = manager.createComputeInstance(0, gi.id(), oneC, new Placement(0, 1));
            io.mig4j.api.inventory.ComputeInstanceInfo b = manager.createComputeInstance(0, gi.id(), oneC, null);
            assertThat(a.profileName()).isEqualTo("1c.3g.40gb");
            assertThat(b.placement()).isEqualTo(new Placement(1, 1));
            assertThat(manager.migDevices(0)).extracting(io.mig4j.nvml.MigDevice::uuid)
                    .containsExactly(a.migDeviceUuid(), b.migDeviceUuid());

            fake.attachProcess(a.migDeviceUuid());
            assertThatThrownBy(() -> manager.destroyComputeInstance(0, gi.id(), a.id(), false))
                    .isInstanceOf(InstancesInUseException.class).hasMessageContaining("1 process");
            assertThatThrownBy(() -> manager.destroyGpuInstance(0, gi.id(), false))
                    .isInstanceOf(InstancesInUseException.class);
            fake.detachProcess(a.migDeviceUuid());
            fake.clearCalls();
            manager.destroyGpuInstance(0, gi.id(), false);
            assertThat(fake.mutatingCalls()).extracting(RecordedCall::function).containsExactly(
                    "nvmlComputeInstanceDestroy", "nvmlComputeInstanceDestroy", "nvmlGpuInstanceDestroy");
            assertThat(manager.migDevices(0)).isEmpty();
        }
    }

    @Test
    void singleOperationsNeedTheOptIn() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build()) {
            fake.init();
            MigManager reader = MigManager.builder(fake).build();
            assertThatThrownBy(() -> reader.createGpuInstance(0, ProductCatalog.builtIn().require("H100-80GB")
                    .profile("7g.80gb"), new Placement(0, 8))).isInstanceOf(MutationNotAllowedException.class);
            fake.assertNoMutatingCalls();
        }
    }

    @Test
    void computeInstanceProfilesAreDiscoveredInsideExistingGpuInstances() {
        try (FakeNvml fake = FakeNvml.builder().gpu("A100-80GB").migEnabled(true).build()) {
            fake.init();
            MigManager manager = writer(fake);
            manager.createGpuInstance(0, ProductCatalog.builtIn().require("A100-80GB").profile("3g.40gb"),
                    new Placement(0, 4));
            ProfileDiscovery d = manager.discoverProfiles(0);
            assertThat(d.computeProfiles()).extracting(ProfileDiscovery.DiscoveredComputeProfile::profileName)
                    .containsExactly("1c.3g.40gb", "2c.3g.40gb", "3g.40gb");
            assertThat(d.computeProfiles()).allSatisfy(c -> assertThat(c.gpuInstanceProfileId()).isEqualTo(9));
            assertThat(d.differences()).isEmpty();
        }
    }
}
