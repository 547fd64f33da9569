package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.GpuInstanceProfileInfo;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GPU instance creation follows NVML's rules: placements, overlap, caps, engine exclusivity, fragmentation. */
class GpuInstanceRulesTest {
    // H100 / A100 profile IDs
    static final int P_1G = 19;
    static final int P_1G_ME = 20;
    static final int P_1G_REV2 = 15;
    static final int P_2G = 14;
    static final int P_3G = 9;
    static final int P_4G = 5;
    static final int P_7G = 0;

    private FakeNvml nvml;
    private DeviceHandle gpu;

    private void start(String product) {
        nvml = FakeNvml.builder().gpu(product).migEnabled(true).build();
        nvml.init();
        gpu = nvml.deviceGetHandleByIndex(0);
    }

    @AfterEach
    void close() {
        if (nvml != null) {
            nvml.close();
        }
    }

    private Placement placementOf(GpuInstanceHandle gi) {
        return nvml.gpuInstanceGetInfo(gi).placement();
    }

    @ParameterizedTest
    @ValueSource(strings = {"H100-80GB", "A100-80GB", "A100-40GB", "H200-141GB"})
    void migGuideExample_19_19_14_9_failsAtTheThreeSliceInstanceBecauseAutoPlacementFragments(String product) {
        start(product);
        List<Placement> placed = new ArrayList<>();
        placed.add(placementOf(nvml.deviceCreateGpuInstance(gpu, P_1G)));
        placed.add(placementOf(nvml.deviceCreateGpuInstance(gpu, P_1G)));
        placed.add(placementOf(nvml.deviceCreateGpuInstance(gpu, P_2G)));

        assertThat(placed).containsExactly(new Placement(6, 1), new Placement(5, 1), new Placement(2, 2));
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, P_3G), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.layout(0).gpuInstances()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"H100-80GB", "A100-80GB", "A100-40GB", "H200-141GB"})
    void migGuideExample_9_19_14_19_succeedsWhenTheLargeInstanceComesFirst(String product) {
        start(product);
        List<Placement> placed = new ArrayList<>();
        for (int id : new int[] {P_3G, P_1G, P_2G, P_1G}) {
            placed.add(placementOf(nvml.deviceCreateGpuInstance(gpu, id)));
        }
        assertThat(placed).containsExactly(new Placement(4, 4), new Placement(3, 1), new Placement(0, 2),
                new Placement(2, 1));
        assertThat(nvml.layout(0).validate()).isEmpty();
    }

    @Test
    void firstAutoPlacedOneSliceInstanceLandsOnSliceSixAsObservedOnRealGpus() {
        start("H100-80GB");
        assertThat(placementOf(nvml.deviceCreateGpuInstance(gpu, P_1G))).isEqualTo(new Placement(6, 1));
    }

    @Test
    void placementOutsideTheProfilesListIsInvalidArgument() {
        start("H100-80GB");
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_3G, new Placement(2, 4)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_3G, new Placement(0, 3)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G, new Placement(7, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertThat(nvml.layout(0).gpuInstances()).isEmpty();
    }

    @Test
    void legalPlacementOnOccupiedSlicesIsInsufficientResources() {
        start("H100-80GB");
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G, new Placement(5, 1));
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_3G, new Placement(4, 4)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_7G, new Placement(0, 8)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_4G, new Placement(0, 4));
    }

    @Test
    void perProfileInstanceCountIsEnforced() {
        start("H100-80GB");
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G_ME, new Placement(0, 1));
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G_ME, new Placement(1, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, P_1G_ME), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_1G_ME)).isZero();
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G, new Placement(1, 1));
    }

    @Test
    void meAllInstanceExcludesEverythingButNoMeProfiles() {
        start("RTX-PRO-6000");
        GpuProduct rtx = nvml.product(0);
        int meAll = rtx.profile("1g.24gb+me.all").id();
        int plain = rtx.profile("1g.24gb").id();
        int noMe = rtx.profile("1g.24gb-me").id();
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, meAll, new Placement(0, 3));

        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, plain, new Placement(3, 3)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, plain)).isZero();
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, noMe)).isEqualTo(3);
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, noMe, new Placement(3, 3));
    }

    @Test
    void meAllInstanceCannotJoinInstancesWithMediaEngines() {
        start("RTX-PRO-6000");
        GpuProduct rtx = nvml.product(0);
        nvml.deviceCreateGpuInstanceWithPlacement(gpu, rtx.profile("1g.24gb").id(), new Placement(0, 3));
        int meAll = rtx.profile("1g.24gb+me.all").id();
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, meAll, new Placement(3, 3)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, meAll), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void sevenOneSliceInstancesGetIdsSevenToThirteenAsOnRealGpus() {
        start("H100-80GB");
        List<Integer> ids = new ArrayList<>();
        for (int start = 0; start < 7; start++) {
            ids.add(nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G,
                    new Placement(start, 1))).id());
        }
        assertThat(ids).containsExactly(7, 8, 9, 10, 11, 12, 13);
    }

    @Test
    void autoPlacedOneSliceInstancesFillFromTheRightWithIdsThirteenDown() {
        start("A100-40GB");
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstance(gpu, P_1G)).id());
        }
        assertThat(ids).containsExactly(13, 12, 11, 10, 9, 8, 7);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, P_1G), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void gpuInstanceIdsFollowTheSliceTree() {
        start("H100-80GB");
        assertThat(nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstance(gpu, P_3G)).id()).isEqualTo(2);
        assertThat(nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstance(gpu, P_3G)).id()).isEqualTo(1);
        nvml.close();

        start("H100-80GB");
        for (int i = 0; i < 3; i++) {
            GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_2G, new Placement(2 * i, 2));
            assertThat(nvml.gpuInstanceGetInfo(gi).id()).isEqualTo(3 + i);
        }
        nvml.close();

        start("H100-80GB");
        assertThat(nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstance(gpu, P_7G)).id()).isZero();
    }

    @Test
    void recreatingAnInstanceAtTheSamePlacementGivesTheSameIdButANewHandle() {
        start("H100-80GB");
        GpuInstanceHandle first = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_2G, new Placement(2, 2));
        nvml.gpuInstanceDestroy(first);
        GpuInstanceHandle second = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_2G, new Placement(2, 2));
        assertThat(nvml.gpuInstanceGetInfo(second).id()).isEqualTo(4);
        assertThat(second).isNotEqualTo(first);
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(first), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void remainingCapacityAccountsForOccupiedSlices() {
        start("H100-80GB");
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_1G)).isEqualTo(7);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_1G_REV2)).isEqualTo(4);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_2G)).isEqualTo(3);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_3G)).isEqualTo(2);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_7G)).isEqualTo(1);

        nvml.deviceCreateGpuInstance(gpu, P_1G); // lands on slice 6

        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_1G)).isEqualTo(6);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_1G_REV2)).isEqualTo(3);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_2G)).isEqualTo(3);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_3G)).isEqualTo(1);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_4G)).isEqualTo(1);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_7G)).isZero();
    }

    @Test
    void profilesPlacementsAndCapacityAnswerWithMigDisabledButInstancesDoNot() {
        nvml = FakeNvml.builder().gpu("H200-141GB").build();
        nvml.init();
        gpu = nvml.deviceGetHandleByIndex(0);

        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu, 0).id()).isEqualTo(P_1G);
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(gpu, P_3G))
                .containsExactly(new Placement(0, 4), new Placement(4, 4));
        // a real H200 with MIG disabled reported the full remaining capacity (driver 580.159.04)
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, P_3G)).isEqualTo(2);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, P_3G), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_3G, new Placement(0, 4)),
                NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetGpuInstances(gpu, P_3G), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceById(gpu, 1), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu, 0), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertThat(nvml.deviceGetMaxMigDeviceCount(gpu)).isZero();
    }

    @Test
    void profileInfoComesFromTheCatalogInBothStructVersions() {
        start("H100-80GB");
        GpuProduct h100 = nvml.product(0);
        for (GpuInstanceProfile p : h100.gpuInstanceProfiles()) {
            GpuInstanceProfileInfo v2 = nvml.deviceGetGpuInstanceProfileInfoV(gpu, p.index());
            GpuInstanceProfileInfo v3 = nvml.deviceGetGpuInstanceProfileInfoV3(gpu, p.index());
            GpuInstanceProfileInfo expected = new GpuInstanceProfileInfo(2, p.id(), 0, p.slices(), p.maxInstances(),
                    p.multiprocessors(), p.copyEngines(), p.decoders(), p.encoders(), p.jpegEngines(),
                    p.ofaEngines(), p.memoryMiB(), "MIG " + p.name(), 0);
            assertThat(v2).isEqualTo(expected);
            assertThat(v3.version()).isEqualTo(3);
            assertThat(v3.name()).isEqualTo(expected.name());
            assertThat(v3.id()).isEqualTo(p.id());
            assertThat(v3.memorySizeMB()).isEqualTo(p.memoryMiB());
            assertThat(v3.capabilities()).isZero();
        }
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu, 2).name()).isEqualTo("MIG 3g.40gb");
    }

    @Test
    void gfxProfilesReportTheGfxCapabilityInTheV3Struct() {
        start("RTX-PRO-6000");
        GpuInstanceProfile gfx = nvml.product(0).profile("1g.24gb+gfx");
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV3(gpu, gfx.index()).capabilities()).isEqualTo(0x2);
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu, gfx.index()).capabilities()).isZero();
    }

    @Test
    void enumeratingProfileIndexesEndsWithInvalidArgumentAndSkipsMissingOnesWithNotSupported() {
        start("H100-80GB");
        GpuProduct h100 = nvml.product(0);
        List<Integer> supported = new ArrayList<>();
        for (int index = 0; index < FakeNvml.GPU_INSTANCE_PROFILE_COUNT; index++) {
            if (h100.profileByIndex(index).isPresent()) {
                supported.add(nvml.deviceGetGpuInstanceProfileInfoV(gpu, index).id());
            } else {
                int i = index;
                assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV(gpu, i), NvmlReturn.ERROR_NOT_SUPPORTED);
            }
        }
        // the H200 measured through NVML: 0->19, 1->14, 2->9, 3->5, 4->0, 7->20, 9->15
        assertThat(supported).containsExactly(19, 14, 9, 5, 0, 20, 15);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV(gpu, 0x12), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV3(gpu, 0x12), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV(gpu, -1), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void profileIdsTheProductLacksAreRejected() {
        start("H100-80GB");
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, 1), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, 1, new Placement(0, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetGpuInstances(gpu, 1), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetGpuInstancePossiblePlacements(gpu, 1), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceRemainingCapacity(gpu, 1), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void a30UsesItsOwnProfileIdsAndFourPlacementUnits() {
        start("A30-24GB");
        GpuProduct a30 = ProductCatalog.builtIn().require("A30-24GB");
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu, 0).id()).isEqualTo(14);
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(gpu, a30.profile("1g.6gb").id());
        assertThat(nvml.gpuInstanceGetInfo(gi).placement()).isEqualTo(new Placement(3, 1));
        assertThat(nvml.gpuInstanceGetInfo(gi).id()).isEqualTo(6);
        assertThat(nvml.deviceGetMaxMigDeviceCount(gpu)).isEqualTo(4);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, a30.profile("4g.24gb").id()),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void gpuInstancesAreListedByProfileAndFoundById() {
        start("H100-80GB");
        GpuInstanceHandle a = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G, new Placement(0, 1));
        GpuInstanceHandle b = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_1G, new Placement(1, 1));
        GpuInstanceHandle c = nvml.deviceCreateGpuInstanceWithPlacement(gpu, P_3G, new Placement(4, 4));

        assertThat(nvml.deviceGetGpuInstances(gpu, P_1G)).containsExactly(a, b);
        assertThat(nvml.deviceGetGpuInstances(gpu, P_3G)).containsExactly(c);
        assertThat(nvml.deviceGetGpuInstances(gpu, P_2G)).isEmpty();
        assertThat(nvml.deviceGetGpuInstanceById(gpu, 2)).isEqualTo(c);
        assertThat(nvml.deviceGetGpuInstanceById(gpu, 8)).isEqualTo(b);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceById(gpu, 1), NvmlReturn.ERROR_NOT_FOUND);
        assertThat(nvml.gpuInstanceGetInfo(c).device()).isEqualTo(gpu);
        assertThat(nvml.gpuInstanceGetInfo(c).profileId()).isEqualTo(P_3G);
    }
}
