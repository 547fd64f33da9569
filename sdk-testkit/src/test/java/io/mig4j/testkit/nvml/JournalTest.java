package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.MutationGuard;
import io.mig4j.nvml.MutationNotAllowedException;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The call journal: what was called, with what, and what NVML answered. */
class JournalTest {

    @Test
    void everyCallIsRecordedInOrderWithItsArgumentsAndResult() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build()) {
            nvml.init();
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            nvml.deviceCreateGpuInstanceWithPlacement(gpu, 9, new Placement(4, 4));
            try {
                nvml.deviceCreateGpuInstanceWithPlacement(gpu, 9, new Placement(4, 4));
            } catch (NvmlException expected) {
                // recorded below
            }

            assertThat(nvml.takeCall()).isEqualTo(new RecordedCall("nvmlInit_v2", List.of(), NvmlReturn.SUCCESS));
            assertThat(nvml.takeCall()).isEqualTo(new RecordedCall("nvmlDeviceGetHandleByIndex_v2", List.of(0),
                    NvmlReturn.SUCCESS));
            RecordedCall created = nvml.takeCall();
            assertThat(created.function()).isEqualTo("nvmlDeviceCreateGpuInstanceWithPlacement");
            assertThat(created.arguments()).containsExactly(gpu, 9, new Placement(4, 4));
            assertThat(created.succeeded()).isTrue();
            assertThat(created.mutating()).isTrue();
            RecordedCall refused = nvml.takeCall();
            assertThat(refused.result()).isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
            assertThat(refused.toString()).isEqualTo("nvmlDeviceCreateGpuInstanceWithPlacement(" + gpu
                    + ", 9, 4:4) -> NVML_ERROR_INSUFFICIENT_RESOURCES");
            assertThatThrownBy(nvml::takeCall).isInstanceOf(NoSuchElementException.class);

            assertThat(nvml.calls()).hasSize(4);
            assertThat(nvml.calls(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT)).hasSize(2);
        }
    }

    @Test
    void callsBeforeInitAreRecordedAsUninitialized() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build()) {
            assertThatThrownBy(nvml::deviceGetCount).isInstanceOf(NvmlException.class);
            assertThat(nvml.takeCall().result()).isEqualTo(NvmlReturn.ERROR_UNINITIALIZED);
        }
    }

    @Test
    void versionedQueriesRecordTheStructVersion() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build()) {
            nvml.init();
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            nvml.deviceGetGpuInstanceProfileInfoV(gpu, 0);
            nvml.deviceGetGpuInstanceProfileInfoV3(gpu, 0);
            assertThat(nvml.calls(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V))
                    .extracting(RecordedCall::arguments)
                    .containsExactly(List.of(gpu, 0, "v2"), List.of(gpu, 0, "v3"));
        }
    }

    @Test
    void aReadOnlyWalkMakesNoMutatingCall() {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).build()) {
            nvml.init();
            for (int i = 0; i < nvml.deviceGetCount(); i++) {
                DeviceHandle gpu = nvml.deviceGetHandleByIndex(i);
                nvml.deviceGetMigMode(gpu);
                nvml.deviceGetGpuInstanceRemainingCapacity(gpu, 19);
            }
            nvml.assertNoMutatingCalls();
            assertThat(nvml.mutatingCalls()).isEmpty();
        }
    }

    @Test
    void assertNoMutatingCallsListsTheOffendingCallsEvenFailedOnes() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build()) {
            nvml.init();
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            assertThatThrownBy(() -> nvml.deviceCreateGpuInstance(gpu, 19)).isInstanceOf(NvmlException.class);
            nvml.deviceSetMigMode(gpu, MigModeInfo.ENABLE);

            assertThatThrownBy(nvml::assertNoMutatingCalls).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 were made")
                    .hasMessageContaining("nvmlDeviceCreateGpuInstance(" + gpu + ", 19) -> NVML_ERROR_NOT_SUPPORTED")
                    .hasMessageContaining("nvmlDeviceSetMigMode(" + gpu + ", 1) -> NVML_SUCCESS");
        }
    }

    @Test
    void mutationGuardRefusesExactlyTheFunctionsTheJournalCallsMutating() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build()) {
            nvml.init();
            Nvml guarded = MutationGuard.readOnly(nvml);
            for (NvmlFunction function : NvmlFunction.values()) {
                if (function == NvmlFunction.INIT || function == NvmlFunction.SHUTDOWN) {
                    continue;
                }
                for (String method : function.javaMethods()) {
                    boolean refused;
                    try {
                        Invocations.invoke(guarded, nvml.deviceGetHandleByIndex(0), method);
                        refused = false;
                    } catch (MutationNotAllowedException e) {
                        refused = true;
                    } catch (NvmlException | UnsupportedOperationException e) {
                        refused = false;
                    }
                    assertThat(refused).as("%s refused by MutationGuard", method).isEqualTo(function.mutating());
                }
            }
            assertThat(nvml.mutatingCalls()).isEmpty();
        }
    }

    @Test
    void takeCallWaitsForACallFromAnotherThread() throws Exception {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build()) {
            assertThat(nvml.takeCall(Duration.ofMillis(20))).isEmpty();
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                nvml.init();
            });
            Optional<RecordedCall> call = nvml.takeCall(Duration.ofSeconds(10));
            assertThat(call).map(RecordedCall::function).contains("nvmlInit_v2");
            later.join();
        }
    }

    @Test
    void clearCallsForgetsTheJournal() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build()) {
            nvml.init();
            nvml.deviceGetCount();
            nvml.clearCalls();
            assertThat(nvml.calls()).isEmpty();
            assertThatThrownBy(nvml::takeCall).isInstanceOf(NoSuchElementException.class);
            nvml.deviceGetCount();
            assertThat(nvml.takeCall().function()).isEqualTo("nvmlDeviceGetCount_v2");
        }
    }

    @Test
    void aFullJournalKeepsTheNewestCallsAndCountsTheDroppedOnes() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").journalCapacity(3).build()) {
            nvml.init();
            assertThat(nvml.takeCall().function()).isEqualTo("nvmlInit_v2");
            for (int i = 0; i < 5; i++) {
                nvml.deviceGetHandleByIndex(0);
            }
            nvml.deviceGetCount();
            assertThat(nvml.calls()).extracting(RecordedCall::function).containsExactly(
                    "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetCount_v2");
            assertThat(nvml.droppedCalls()).isEqualTo(4);
            // takeCall goes on from the oldest call still kept
            assertThat(nvml.takeCall().function()).isEqualTo("nvmlDeviceGetHandleByIndex_v2");
            assertThat(nvml.takeCall().function()).isEqualTo("nvmlDeviceGetHandleByIndex_v2");
            assertThat(nvml.takeCall().function()).isEqualTo("nvmlDeviceGetCount_v2");
            assertThatThrownBy(nvml::takeCall).hasMessage("no NVML call left to take (3 recorded, 4 older ones"
                    + " dropped)");
            nvml.clearCalls();
            assertThat(nvml.droppedCalls()).isZero();
        }
    }

    @Test
    void aLongRunStaysWithinTheCapacityAndTakeCallKeepsItsPlace() throws InterruptedException {
        try (FakeNvml nvml = FakeNvml.builder().gpu("A30-24GB").journalCapacity(1000).build()) {
            nvml.init();
            for (int i = 0; i < 50_000; i++) {
                nvml.deviceGetCount();
                if (i % 7 == 0) {
                    assertThat(nvml.takeCall().function()).isIn("nvmlInit_v2", "nvmlDeviceGetCount_v2");
                }
            }
            assertThat(nvml.calls()).hasSize(1000);
            assertThat(nvml.droppedCalls()).isEqualTo(50_001 - 1000);
            int left = 0;
            while (nvml.takeCall(Duration.ZERO).isPresent()) {
                left++;
            }
            assertThat(left).isBetween(1, 1000);
        }
        try (FakeNvml none = FakeNvml.builder().gpu("A30-24GB").journalCapacity(0).build()) {
            none.init();
            assertThat(none.calls()).isEmpty();
            assertThat(none.droppedCalls()).isEqualTo(1);
        }
        assertThatThrownBy(() -> FakeNvml.builder().journalCapacity(-1))
                .hasMessage("journalCapacity: must not be negative, got -1");
    }

    @Test
    void functionsAreFoundByCNameOrMethodName() {
        assertThat(NvmlFunction.of("nvmlDeviceSetMigMode")).isEqualTo(NvmlFunction.DEVICE_SET_MIG_MODE);
        assertThat(NvmlFunction.of("deviceGetGpuInstanceProfileInfoV3"))
                .isEqualTo(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        assertThat(NvmlFunction.of("DEVICE_GET_COUNT")).isEqualTo(NvmlFunction.DEVICE_GET_COUNT);
        assertThat(NvmlFunction.find("nvmlDeviceGetTemperature")).isEmpty();
        assertThat(new RecordedCall("nvmlDeviceGetTemperature", List.of(), NvmlReturn.SUCCESS).mutating()).isFalse();
    }
}
