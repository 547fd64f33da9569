package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.SetMigModeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Current and pending MIG mode, the reset behaviour of Ampere vs Hopper, clients, resets. */
class MigModeTest {
    private static final int ENABLE = MigModeInfo.ENABLE;
    private static final int DISABLE = MigModeInfo.DISABLE;

    private static FakeNvml started(FakeNvml.Builder builder) {
        FakeNvml nvml = builder.build();
        nvml.init();
        return nvml;
    }

    @ParameterizedTest
    @ValueSource(strings = {"H100-80GB", "H200-141GB", "B200", "RTX-PRO-6000"})
    void hopperAndNewerApplyAMigModeChangeAtOnceWhenIdle(String product) {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu(product))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, DISABLE));

            SetMigModeResult result = nvml.deviceSetMigMode(gpu, ENABLE);

            assertThat(result.activationStatus()).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(result.activated()).isTrue();
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, ENABLE));
            nvml.deviceCreateGpuInstance(gpu, nvml.product(0).fullProfile().id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A100-80GB", "A100-40GB", "A30-24GB"})
    void ampereKeepsTheChangePendingUntilTheGpuIsReset(String product) {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu(product))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);

            SetMigModeResult result = nvml.deviceSetMigMode(gpu, ENABLE);

            assertThat(result.activationStatus()).isEqualTo(NvmlReturn.ERROR_RESET_REQUIRED);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, ENABLE));
            int full = nvml.product(0).fullProfile().id();
            assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu, full), NvmlReturn.ERROR_NOT_SUPPORTED);
            assertThat(nvml.deviceGetMaxMigDeviceCount(gpu)).isZero();

            nvml.resetGpu(0);

            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, ENABLE));
            nvml.deviceCreateGpuInstance(gpu, full);
        }
    }

    @Test
    void ampereAppliesAtOnceWhenTheFakeResetsLikeNvidiaSmi() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("A100-80GB").resetOnMigModeChange(true))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            assertThat(nvml.deviceSetMigMode(gpu, ENABLE).activationStatus()).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, ENABLE));
        }
    }

    @Test
    void aGpuWithClientsAttachedReportsInUseAndStaysPending() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpus("H100-80GB", 2))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            nvml.attachClient(0);

            assertThat(nvml.deviceSetMigMode(gpu, ENABLE).activationStatus()).isEqualTo(NvmlReturn.ERROR_IN_USE);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, ENABLE));
            NvmlException e = assertNvmlError(() -> nvml.resetGpu(0), NvmlReturn.ERROR_IN_USE);
            assertThat(e.getMessage()).contains("gpu-reset");
            // the other GPU is idle
            DeviceHandle other = nvml.deviceGetHandleByIndex(1);
            assertThat(nvml.deviceSetMigMode(other, ENABLE).activated()).isTrue();

            nvml.detachClient(0);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, ENABLE));
            assertThat(nvml.deviceSetMigMode(gpu, ENABLE).activated()).isTrue();
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, ENABLE));
        }
    }

    @Test
    void aProcessOnAMigDeviceKeepsTheGpuBusy() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB").migEnabled(true))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(gpu, 0);
            nvml.gpuInstanceCreateComputeInstance(gi, 4);
            String uuid = nvml.migDeviceUuids(0).get(0);
            nvml.attachProcess(uuid);

            assertThat(nvml.deviceSetMigMode(gpu, DISABLE).activationStatus()).isEqualTo(NvmlReturn.ERROR_IN_USE);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, DISABLE));
            assertThat(nvml.layout(0).gpuInstances()).hasSize(1);
            assertNvmlError(() -> nvml.resetGpu(0), NvmlReturn.ERROR_IN_USE);
        }
    }

    @Test
    void anAppliedModeChangeWipesEveryInstance() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB").migEnabled(true))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(gpu, 9);
            nvml.gpuInstanceCreateComputeInstance(gi, 2);

            assertThat(nvml.deviceSetMigMode(gpu, DISABLE).activated()).isTrue();
            assertThat(nvml.deviceSetMigMode(gpu, ENABLE).activated()).isTrue();

            assertThat(nvml.layout(0).gpuInstances()).isEmpty();
            assertThat(nvml.migDeviceUuids(0)).isEmpty();
            assertNvmlError(() -> nvml.gpuInstanceGetInfo(gi), NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
    }

    @Test
    void migConfigurationNeverSurvivesAGpuReset() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("A100-40GB").migEnabled(true))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 9, new Placement(0, 4));
            nvml.gpuInstanceCreateComputeInstance(gi, 2);
            DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, 0);

            nvml.resetGpu(0);

            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(ENABLE, ENABLE));
            assertThat(nvml.deviceGetGpuInstances(gpu, 9)).isEmpty();
            assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertNvmlError(() -> nvml.deviceGetUuid(mig), NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu, 0), NvmlReturn.ERROR_NOT_FOUND);
        }
    }

    @Test
    void settingTheCurrentModeAgainCancelsAPendingChange() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("A100-80GB"))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            nvml.deviceSetMigMode(gpu, ENABLE);
            assertThat(nvml.deviceSetMigMode(gpu, DISABLE).activationStatus()).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, DISABLE));
        }
    }

    @Test
    void anUnknownModeIsInvalidArgument() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB"))) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            assertNvmlError(() -> nvml.deviceSetMigMode(gpu, 2), NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(DISABLE, DISABLE));
        }
    }

    @Test
    void maxMigDeviceCountIsTheComputeSliceCountWithMigEnabledAndZeroWithout() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB").gpu("A30-24GB").migEnabled(true)
                .gpu("H200-141GB"))) {
            assertThat(nvml.deviceGetMaxMigDeviceCount(nvml.deviceGetHandleByIndex(0))).isEqualTo(7);
            assertThat(nvml.deviceGetMaxMigDeviceCount(nvml.deviceGetHandleByIndex(1))).isEqualTo(4);
            DeviceHandle h200 = nvml.deviceGetHandleByIndex(2);
            nvml.deviceSetMigMode(h200, DISABLE);
            assertThat(nvml.deviceGetMaxMigDeviceCount(h200)).isZero();
        }
    }

    @Test
    void clientBookkeepingRejectsMisuse() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB"))) {
            assertThatThrownBy(() -> nvml.detachClient(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> nvml.attachClient(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> nvml.attachProcess("MIG-nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MIG-nope");
        }
    }

    @Test
    void aLostGpuCannotBeReset() {
        try (FakeNvml nvml = started(FakeNvml.builder().gpu("H100-80GB"))) {
            nvml.loseGpu(0);
            assertNvmlError(() -> nvml.resetGpu(0), NvmlReturn.ERROR_GPU_IS_LOST);
        }
    }
}
