package io.mig4j.api.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.api.inventory.MigModeState;
import io.mig4j.api.layout.SliceMap.Block;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SliceMap}: what pictures of layouts and inventory GPUs are drawn from. */
class SliceMapTest {
    private static final ProductCatalog CATALOG = ProductCatalog.builtIn();
    private static final GpuProduct H100 = CATALOG.require("H100-80GB");

    private static MigLayout layout(GpuProduct product, String text) {
        return LayoutSolver.solve(product, RequestedInstance.parseList(product, text)).layout().orElseThrow();
    }

    private static GpuInventory.Builder gpu(String product) {
        return GpuInventory.builder().index(3).minor(5).uuid("GPU-1").name("NVIDIA " + product).brand("Nvidia")
                .architecture("Hopper").cudaComputeCapability("9.0").pciBusId("00000000:00:06.0").product(product)
                .migMode(MigMode.ENABLED);
    }

    @Test
    void aLayoutsBlocksSitOnThePlacementsMemorySlicesOfItsProduct() {
        SliceMap map = SliceMap.of(layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2"));
        assertThat(map.label()).isEqualTo("H100-80GB");
        assertThat(map.slices()).isEqualTo(8);
        assertThat(map.gpuIndex()).isNull();
        assertThat(map.blocks()).extracting(Block::profile, Block::start, Block::size, Block::profileId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3g.40gb", 4, 4, 9),
                        org.assertj.core.groups.Tuple.tuple("2g.20gb", 0, 2, 14),
                        org.assertj.core.groups.Tuple.tuple("1g.10gb", 2, 1, 19));
        assertThat(map.blocks()).allSatisfy(b -> assertThat(b.gpuInstanceId()).isNull());
        assertThat(map.freeSlices()).isEqualTo(1);
        assertThat(map.isFree(3)).isTrue();
        assertThat(map.isFree(2)).isFalse();
        assertThat(map.lanes()).hasSize(1);
        assertThat(map.lanes().get(0)).extracting(Block::start).containsExactly(0, 2, 4);
    }

    @Test
    void theNumberOfSlicesComesFromTheProduct() {
        assertThat(SliceMap.of(layout(CATALOG.require("A30-24GB"), "1g.6gb")).slices()).isEqualTo(4);
        assertThat(SliceMap.of(layout(CATALOG.require("A100-40GB"), "1g.5gb")).slices()).isEqualTo(8);
        GpuProduct rtx = CATALOG.products().stream().filter(p -> p.placementUnits() == 12).findFirst().orElseThrow();
        assertThat(SliceMap.of(layout(rtx, rtx.fullProfile().name().toString())).slices()).isEqualTo(12);
    }

    @Test
    void anInventoryGpuHasItsGiIdsAndMigDevicesAndIsLabelledWithIndexAndProduct() {
        GpuInventory g = gpu("H100-80GB").gpuInstance(new GpuInstanceInfo(2, 9, "3g.40gb", new Placement(4, 4), List.of(
                        new ComputeInstanceInfo(0, 0, "1c.3g.40gb", new Placement(0, 1), "MIG-a"),
                        new ComputeInstanceInfo(1, 1, "2c.3g.40gb", new Placement(1, 2), "MIG-b"))))
                .gpuInstance(new GpuInstanceInfo(7, 19, "1g.10gb", new Placement(1, 1), List.of())).build();
        SliceMap map = SliceMap.of(g, CATALOG);
        assertThat(map.label()).isEqualTo("GPU 3: H100-80GB");
        assertThat(map.gpuIndex()).isEqualTo(3);
        assertThat(map.gpuMinor()).isEqualTo(5);
        assertThat(map.slices()).isEqualTo(8);
        assertThat(map.note()).isEmpty();
        assertThat(map.blocks()).extracting(Block::gpuInstanceId).containsExactly(2, 7);
        assertThat(map.blocks().get(0).migDeviceUuids()).containsExactly("MIG-a", "MIG-b");
        assertThat(map.freeSlices()).isEqualTo(3);
    }

    @Test
    void migDisabledPendingAndUnknownProductsSayWhyInTheNote() {
        assertThat(SliceMap.of(gpu("H100-80GB").migMode(MigMode.DISABLED).build(), CATALOG).note())
                .isEqualTo("MIG disabled");
        assertThat(SliceMap.of(gpu("H100-80GB").migMode(new MigMode(MigModeState.DISABLED, MigModeState.ENABLED))
                .build(), CATALOG).note()).contains("enable pending");
        assertThat(SliceMap.of(gpu("H100-80GB").migMode(MigMode.NOT_SUPPORTED).build(), CATALOG).note())
                .isEqualTo("MIG not supported");
        SliceMap unknown = SliceMap.of(gpu(null).name("NVIDIA Future GPU")
                .gpuInstance(new GpuInstanceInfo(1, 5, "2g.30gb", new Placement(2, 2), List.of())).build(), CATALOG);
        assertThat(unknown.label()).isEqualTo("GPU 3: NVIDIA Future GPU");
        assertThat(unknown.slices()).isEqualTo(4);
        assertThat(unknown.note()).contains("not in the catalog");
        assertThat(SliceMap.of(gpu(null).name("NVIDIA L4").migMode(MigMode.NOT_SUPPORTED).build(), CATALOG).slices())
                .isZero();
    }

    @Test
    void ownersAreSetByWhatTheCallerKnowsTheInstancesBy() {
        GpuInventory g = gpu("H100-80GB")
                .gpuInstance(new GpuInstanceInfo(2, 9, "3g.40gb", new Placement(4, 4), List.of(
                        new ComputeInstanceInfo(0, 2, "3g.40gb", new Placement(0, 3), "MIG-x"))))
                .gpuInstance(new GpuInstanceInfo(7, 19, "1g.10gb", new Placement(1, 1), List.of(
                        new ComputeInstanceInfo(0, 0, "1g.10gb", new Placement(0, 1), "MIG-y")))).build();
        Map<String, String> podByMigUuid = Map.of("MIG-y", "default/inference-0");
        SliceMap owned = SliceMap.of(g, CATALOG).withOwners(b -> b.migDeviceUuids().stream()
                .map(podByMigUuid::get).filter(java.util.Objects::nonNull).findFirst().orElse(null));
        assertThat(owned.blocks()).extracting(Block::owner).containsExactly(null, "default/inference-0");
        assertThat(owned.withLabel("node-a GPU 3").label()).isEqualTo("node-a GPU 3");
        assertThat(owned.withLabel("x").blocks()).isEqualTo(owned.blocks());
    }

    @Test
    void overlappingBlocksAreStackedInLanesWithoutOverlapInside() {
        List<Block> blocks = List.of(block("7g.80gb", 0, 8), block("1g.10gb", 0, 1), block("2g.20gb", 2, 2),
                block("3g.40gb", 4, 4), block("1g.10gb", 1, 1));
        SliceMap map = new SliceMap("H100-80GB", null, null, 8, blocks, "");
        List<List<Block>> lanes = map.lanes();
        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0)).extracting(Block::profile).containsExactly("7g.80gb");
        assertThat(lanes.get(1)).extracting(Block::start).containsExactly(0, 1, 2, 4);
        for (List<Block> lane : lanes) {
            for (int i = 0; i < lane.size(); i++) {
                for (int j = i + 1; j < lane.size(); j++) {
                    assertThat(lane.get(i).overlaps(lane.get(j))).isFalse();
                }
            }
        }
        assertThat(map.freeSlices()).isZero();
    }

    @Test
    void blocksMustLieInsideTheSlices() {
        assertThatThrownBy(() -> new SliceMap("A30-24GB", null, null, 4, List.of(block("2g.12gb", 3, 2)), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2g.12gb at 3:2")
                .hasMessageContaining("4 memory slices");
        assertThatThrownBy(() -> block("1g.10gb", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size >= 1");
    }

    private static Block block(String profile, int start, int size) {
        return new Block(start, size, profile, 0, null, List.of(), null);
    }
}
