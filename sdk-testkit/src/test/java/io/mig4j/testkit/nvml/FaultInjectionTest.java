package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of fault, when it applies and what it leaves behind. */
class FaultInjectionTest {
    private FakeNvml nvml;
    private DeviceHandle gpu0;
    private DeviceHandle gpu1;

    @BeforeEach
    void start() {
        nvml = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).build();
        nvml.init();
        gpu0 = nvml.deviceGetHandleByIndex(0);
        gpu1 = nvml.deviceGetHandleByIndex(1);
    }

    @AfterEach
    void close() {
        nvml.close();
    }

    @Test
    void returnsFailsTheNextMatchingCallOnceAndChangesNothing() {
        nvml.enqueue(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT,
                Fault.returns(NvmlReturn.ERROR_NO_PERMISSION));

        NvmlException e = assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, 9,
                new Placement(0, 4)), NvmlReturn.ERROR_NO_PERMISSION);
        assertThat(e.function()).isEqualTo("nvmlDeviceCreateGpuInstanceWithPlacement");
        assertThat(nvml.layout(0).gpuInstances()).isEmpty();
        assertThat(nvml.pendingFaults()).isEmpty();

        nvml.deviceCreateGpuInstanceWithPlacement(gpu0, 9, new Placement(0, 4));
        assertThat(nvml.layout(0).gpuInstances()).hasSize(1);
    }

    @Test
    void aFaultForOneGpuLeavesTheOthersAlone() {
        nvml.enqueue(NvmlFunction.DEVICE_GET_MIG_MODE, 1, Fault.returns(NvmlReturn.ERROR_UNKNOWN));
        assertThat(nvml.deviceGetMigMode(gpu0)).isEqualTo(new MigModeInfo(1, 1));
        assertThat(nvml.pendingFaults()).hasSize(1);
        assertNvmlError(() -> nvml.deviceGetMigMode(gpu1), NvmlReturn.ERROR_UNKNOWN);
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(1, 1));
    }

    @Test
    void faultsOfAFunctionApplyInTheOrderTheyWereQueued() {
        nvml.enqueue("nvmlDeviceCreateGpuInstance", Fault.returns(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES))
                .enqueue("deviceCreateGpuInstance", Fault.returns(NvmlReturn.ERROR_IN_USE))
                .enqueue(NvmlFunction.DEVICE_GET_COUNT, Fault.returns(NvmlReturn.ERROR_TIMEOUT));

        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu0, 19), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu0, 19), NvmlReturn.ERROR_IN_USE);
        nvml.deviceCreateGpuInstance(gpu0, 19);
        assertNvmlError(nvml::deviceGetCount, NvmlReturn.ERROR_TIMEOUT);
    }

    @Test
    void aLostGpuFailsEveryLaterCallOnItWithGpuIsLost() {
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(gpu0, 0);
        nvml.gpuInstanceCreateComputeInstance(gi, 4);
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu0, 0);
        String uuid = nvml.deviceGetUuid(gpu0);
        nvml.enqueue(NvmlFunction.DEVICE_GET_NAME, 0, Fault.gpuLost());

        assertNvmlError(() -> nvml.deviceGetName(gpu0), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceGetName(gpu0), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceGetMigMode(gpu0), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(0), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid(uuid), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(gi), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceGetUuid(mig), NvmlReturn.ERROR_GPU_IS_LOST);
        assertNvmlError(() -> nvml.deviceSetMigMode(gpu0, 0), NvmlReturn.ERROR_GPU_IS_LOST);

        assertThat(nvml.deviceGetName(gpu1)).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
    }

    @Test
    void aGpuCanFallOffTheBusWithoutACall() {
        nvml.loseGpu(1);
        assertNvmlError(() -> nvml.deviceGetPciInfo(gpu1), NvmlReturn.ERROR_GPU_IS_LOST);
        assertThat(nvml.deviceGetPciInfo(gpu0).busId()).isEqualTo(nvml.pciBusId(0));
    }

    @Test
    void inUseByAnotherClientKeepsAMigModeChangePending() {
        nvml.deviceSetMigMode(gpu0, 0);
        nvml.enqueue(NvmlFunction.DEVICE_SET_MIG_MODE, 0, Fault.inUseByAnotherClient());

        assertThat(nvml.deviceSetMigMode(gpu0, 1).activationStatus()).isEqualTo(NvmlReturn.ERROR_IN_USE);
        assertThat(nvml.deviceGetMigMode(gpu0)).isEqualTo(new MigModeInfo(0, 1));

        assertThat(nvml.deviceSetMigMode(gpu0, 1).activated()).isTrue();
        assertThat(nvml.deviceGetMigMode(gpu0)).isEqualTo(new MigModeInfo(1, 1));
    }

    @Test
    void resetRequiredKeepsAHopperChangePendingUntilReset() {
        nvml.enqueue(NvmlFunction.DEVICE_SET_MIG_MODE, Fault.resetRequired());
        assertThat(nvml.deviceSetMigMode(gpu1, 0).activationStatus()).isEqualTo(NvmlReturn.ERROR_RESET_REQUIRED);
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(1, 0));
        nvml.resetGpu(1);
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(0, 0));
    }

    @Test
    void aDelayedCallStillSucceeds() {
        nvml.enqueue(NvmlFunction.DEVICE_GET_COUNT, Fault.delay(Duration.ofMillis(60)));
        long start = System.nanoTime();
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(nvml.calls(NvmlFunction.DEVICE_GET_COUNT)).last().matches(RecordedCall::succeeded);
    }

    @Test
    void faultsThatCannotHappenAreRejectedWhenQueued() {
        assertThatThrownBy(() -> nvml.enqueue(NvmlFunction.INIT, Fault.gpuLost()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nvml.enqueue(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE, Fault.inUseByAnotherClient()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nvmlDeviceSetMigMode");
        assertThatThrownBy(() -> nvml.enqueue(NvmlFunction.DEVICE_GET_COUNT, 0, Fault.returns(NvmlReturn.ERROR_UNKNOWN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nvml.enqueue(NvmlFunction.DEVICE_GET_NAME, 2, Fault.gpuLost()))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> nvml.enqueue("nvmlDeviceGetTemperature", Fault.gpuLost()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nvmlDeviceGetTemperature");
        assertThatThrownBy(() -> Fault.returns(NvmlReturn.SUCCESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.delay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(nvml.pendingFaults()).isEmpty();
    }

    @Test
    void queuedFaultsCanBeInspectedAndCleared() {
        nvml.enqueue(NvmlFunction.GPU_INSTANCE_DESTROY, 1, Fault.returns(NvmlReturn.ERROR_IN_USE));
        assertThat(nvml.pendingFaults()).containsExactly(new FakeNvml.QueuedFault(NvmlFunction.GPU_INSTANCE_DESTROY,
                1, Fault.returns(NvmlReturn.ERROR_IN_USE)));
        nvml.clearFaults();
        assertThat(nvml.pendingFaults()).isEmpty();
    }

    @Test
    void aDispatcherDecidesWhenNoQueuedFaultMatches() {
        AtomicInteger creates = new AtomicInteger();
        List<OptionalInt> seenGpus = new ArrayList<>();
        nvml.faultDispatcher((function, gpuIndex, arguments) -> {
            if (function == NvmlFunction.DEVICE_CREATE_GPU_INSTANCE) {
                seenGpus.add(gpuIndex);
                if (creates.incrementAndGet() % 2 == 0) {
                    return Optional.of(Fault.returns(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
                }
            }
            return Optional.empty();
        });
        nvml.enqueue(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE, Fault.returns(NvmlReturn.ERROR_NO_PERMISSION));

        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu0, 19), NvmlReturn.ERROR_NO_PERMISSION);
        nvml.deviceCreateGpuInstance(gpu0, 19);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu1, 19), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        nvml.deviceCreateGpuInstance(gpu1, 19);
        assertThat(seenGpus).containsExactly(OptionalInt.of(0), OptionalInt.of(1), OptionalInt.of(1));
        nvml.faultDispatcher(FaultDispatcher.NONE);
    }
}
