package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compute instances inside GPU instances: profiles, placements, caps, IDs, destroy order, stale handles. */
class ComputeInstanceRulesTest {
    static final int CI_1C = 0;
    static final int CI_2C = 1;
    static final int CI_3C = 2;
    static final int CI_REV1 = 7;

    private FakeNvml nvml;
    private DeviceHandle gpu;
    private GpuInstanceHandle threeSlice;

    @BeforeEach
    void start() {
        nvml = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build();
        nvml.init();
        gpu = nvml.deviceGetHandleByIndex(0);
        threeSlice = nvml.deviceCreateGpuInstanceWithPlacement(gpu, GpuInstanceRulesTest.P_3G, new Placement(4, 4));
    }

    @AfterEach
    void close() {
        nvml.close();
    }

    @Test
    void defaultComputeInstanceProfileTakesTheWholeGpuInstance() {
        GpuInstanceProfile g = nvml.product(0).profile("3g.40gb");
        ComputeInstanceProfile dflt = g.defaultComputeInstanceProfile().orElseThrow();
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(threeSlice, dflt.id());
        NvmlComputeInstanceInfo info = nvml.computeInstanceGetInfo(ci);

        assertThat(info).isEqualTo(new NvmlComputeInstanceInfo(gpu, threeSlice, 0, CI_3C, new Placement(0, 3)));
        assertThat(nvml.layout(0).toString()).isEqualTo("3g.40gb@4[3g.40gb@0]");
    }

    @Test
    void twoMemorySliceOneSliceInstanceOffersOnlyTheRev1ComputeProfileOnHopper() {
        GpuInstanceHandle rev2 = nvml.deviceCreateGpuInstanceWithPlacement(gpu, GpuInstanceRulesTest.P_1G_REV2,
                new Placement(0, 2));
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(rev2, CI_1C), NvmlReturn.ERROR_NOT_SUPPORTED);
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(rev2, CI_REV1);
        assertThat(nvml.computeInstanceGetInfo(ci).profileId()).isEqualTo(CI_REV1);
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(rev2, CI_REV1, 0).name()).isEqualTo("MIG 1g.20gb");
    }

    @Test
    void autoPlacedComputeInstancesTakeTheLowestFreeStartAndLowestFreeId() {
        ComputeInstanceHandle a = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C);
        ComputeInstanceHandle b = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C);
        ComputeInstanceHandle c = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C);
        assertThat(nvml.computeInstanceGetInfo(a).placement()).isEqualTo(new Placement(0, 1));
        assertThat(nvml.computeInstanceGetInfo(b).placement()).isEqualTo(new Placement(1, 1));
        assertThat(nvml.computeInstanceGetInfo(c).placement()).isEqualTo(new Placement(2, 1));
        assertThat(nvml.computeInstanceGetInfo(c).id()).isEqualTo(2);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);

        nvml.computeInstanceDestroy(b);
        ComputeInstanceHandle again = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C);
        assertThat(nvml.computeInstanceGetInfo(again).id()).isEqualTo(1);
        assertThat(nvml.computeInstanceGetInfo(again).placement()).isEqualTo(new Placement(1, 1));
    }

    @Test
    void computeInstancePlacementsAreCheckedLikeGpuInstancePlacements() {
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(threeSlice, CI_2C,
                new Placement(1, 2)), NvmlReturn.ERROR_INVALID_ARGUMENT);
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(threeSlice, CI_1C, new Placement(1, 1));
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(threeSlice, CI_2C,
                new Placement(0, 2)), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_3C),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(threeSlice, CI_1C)).isEqualTo(2);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(threeSlice, CI_2C)).isZero();
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(threeSlice, CI_1C, new Placement(2, 1));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(threeSlice, CI_1C))
                .containsExactly(new Placement(0, 1), new Placement(1, 1), new Placement(2, 1));
        assertThat(nvml.layout(0).validate()).isEmpty();
    }

    @Test
    void computeInstanceProfileInfoSharesTheGpuInstancesEngines() {
        GpuInstanceProfile g = nvml.product(0).profile("3g.40gb");
        ComputeInstanceProfileInfo info = nvml.gpuInstanceGetComputeInstanceProfileInfoV(threeSlice, 0, 0);
        assertThat(info.version()).isEqualTo(2);
        assertThat(info.id()).isZero();
        assertThat(info.sliceCount()).isEqualTo(1);
        assertThat(info.instanceCount()).isEqualTo(3);
        assertThat(info.name()).isEqualTo("MIG 1c.3g.40gb");
        assertThat(info.sharedCopyEngineCount()).isEqualTo(g.copyEngines());
        assertThat(info.sharedDecoderCount()).isEqualTo(g.decoders());
        assertThat(info.sharedJpegCount()).isEqualTo(g.jpegEngines());
        assertThat(info.multiprocessorCount()).isPositive();
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(threeSlice, 2, 0).multiprocessorCount())
                .isEqualTo(g.multiprocessors());

        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(threeSlice, 4, 0),
                NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(threeSlice, 9, 0),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(threeSlice, 0, 1),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void computeInstancesAreListedByProfileAndFoundById() {
        ComputeInstanceHandle b = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_2C);
        ComputeInstanceHandle a = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_1C);
        assertThat(nvml.computeInstanceGetInfo(a).placement()).isEqualTo(new Placement(2, 1));
        assertThat(nvml.gpuInstanceGetComputeInstances(threeSlice, CI_1C)).containsExactly(a);
        assertThat(nvml.gpuInstanceGetComputeInstances(threeSlice, CI_2C)).containsExactly(b);
        assertThat(nvml.gpuInstanceGetComputeInstanceById(threeSlice, 0)).isEqualTo(b);
        assertThat(nvml.gpuInstanceGetComputeInstanceById(threeSlice, 1)).isEqualTo(a);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceById(threeSlice, 5), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstances(threeSlice, 4), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void gpuInstanceWithComputeInstancesCannotBeDestroyed() {
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_3C);
        assertNvmlError(() -> nvml.gpuInstanceDestroy(threeSlice), NvmlReturn.ERROR_IN_USE);
        assertThat(nvml.layout(0).gpuInstances()).hasSize(1);

        nvml.computeInstanceDestroy(ci);
        nvml.gpuInstanceDestroy(threeSlice);
        assertThat(nvml.layout(0).gpuInstances()).isEmpty();
    }

    @Test
    void computeInstanceWithARunningProcessCannotBeDestroyed() {
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_3C);
        String uuid = nvml.deviceGetUuid(nvml.deviceGetMigDeviceHandleByIndex(gpu, 0));
        nvml.attachProcess(uuid);
        assertNvmlError(() -> nvml.computeInstanceDestroy(ci), NvmlReturn.ERROR_IN_USE);
        nvml.detachProcess(uuid);
        nvml.computeInstanceDestroy(ci);
    }

    @Test
    void handlesOfDestroyedInstancesAreStale() {
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_3C);
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, 0);
        nvml.computeInstanceDestroy(ci);

        assertNvmlError(() -> nvml.computeInstanceGetInfo(ci), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.computeInstanceDestroy(ci), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetUuid(mig), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceIsMigDeviceHandle(mig), NvmlReturn.ERROR_INVALID_ARGUMENT);

        nvml.gpuInstanceDestroy(threeSlice);
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(threeSlice), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.gpuInstanceDestroy(threeSlice), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(threeSlice, CI_3C),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
    }
}
