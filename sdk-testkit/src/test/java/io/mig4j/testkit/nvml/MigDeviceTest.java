package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MemoryInfo;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MIG device handles: enumeration, identity, UUIDs that change on re-creation, lookups. */
class MigDeviceTest {
    private FakeNvml nvml;
    private DeviceHandle gpu;

    @BeforeEach
    void start() {
        nvml = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).seed(42).build();
        nvml.init();
        gpu = nvml.deviceGetHandleByIndex(0);
    }

    @AfterEach
    void close() {
        nvml.close();
    }

    /** GPU 0: 3g.40gb@4 (GI 2) with 1c CIs at 2 (CI 0) and 0 (CI 1); 2g.20gb@0 (GI 3) with its 2g CI (CI 0). */
    private void createLayout() {
        GpuInstanceHandle three = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 9, new Placement(4, 4)); // GI 2
        GpuInstanceHandle two = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 14, new Placement(0, 2)); // GI 3
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(three, 0, new Placement(2, 1)); // CI 0
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(three, 0, new Placement(0, 1)); // CI 1
        nvml.gpuInstanceCreateComputeInstance(two, 1); // CI 0
    }

    @Test
    void migDevicesAreIndexedByGpuInstanceIdThenComputeInstanceIdAndEndWithNotFound() {
        createLayout();
        List<int[]> ids = new ArrayList<>();
        for (int i = 0; i < nvml.deviceGetMaxMigDeviceCount(gpu); i++) {
            try {
                DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, i);
                ids.add(new int[] {nvml.deviceGetGpuInstanceId(mig), nvml.deviceGetComputeInstanceId(mig)});
            } catch (io.mig4j.nvml.NvmlException e) {
                assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_FOUND);
            }
        }
        assertThat(ids).containsExactly(new int[] {2, 0}, new int[] {2, 1}, new int[] {3, 0});
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu, 3), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu, -1), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(nvml.deviceGetHandleByIndex(1), 0),
                NvmlReturn.ERROR_NOT_FOUND);
    }

    @Test
    void aMigDeviceHandleKnowsItsParentItsInstancesAndItsMemory() {
        createLayout();
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, 2);

        assertThat(nvml.deviceIsMigDeviceHandle(mig)).isTrue();
        assertThat(nvml.deviceIsMigDeviceHandle(gpu)).isFalse();
        assertThat(nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)).isEqualTo(gpu);
        assertThat(nvml.deviceGetName(mig)).isEqualTo("NVIDIA H100 80GB HBM3 MIG 2g.20gb");
        assertThat(nvml.deviceGetName(nvml.deviceGetMigDeviceHandleByIndex(gpu, 0)))
                .isEqualTo("NVIDIA H100 80GB HBM3 MIG 1c.3g.40gb");
        long giMemory = nvml.product(0).profile("2g.20gb").memoryMiB() * 1024 * 1024;
        assertThat(nvml.deviceGetMemoryInfo(mig)).isEqualTo(new MemoryInfo(giMemory, giMemory, 0));
        assertThat(nvml.deviceGetArchitecture(mig)).isEqualTo(9);

        assertNvmlError(() -> nvml.deviceGetGpuInstanceId(gpu), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetComputeInstanceId(gpu), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetDeviceHandleFromMigDeviceHandle(gpu), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void migUuidsAreCanonicalAndChangeWhenTheSameGeometryIsRecreated() {
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 19, new Placement(0, 1));
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(gi, 0);
        String first = nvml.deviceGetUuid(nvml.deviceGetMigDeviceHandleByIndex(gpu, 0));
        assertThat(first).matches("MIG-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        nvml.computeInstanceDestroy(ci);
        nvml.gpuInstanceDestroy(gi);
        gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 19, new Placement(0, 1));
        nvml.gpuInstanceCreateComputeInstance(gi, 0);
        String second = nvml.deviceGetUuid(nvml.deviceGetMigDeviceHandleByIndex(gpu, 0));

        assertThat(second).isNotEqualTo(first).startsWith("MIG-");
        assertThat(nvml.gpuInstanceGetInfo(gi).id()).isEqualTo(7);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid(first), NvmlReturn.ERROR_NOT_FOUND);
    }

    @Test
    void migUuidsAreDeterministicForASeed() {
        List<String> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (FakeNvml other = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).seed(42).build()) {
                other.init();
                DeviceHandle g = other.deviceGetHandleByIndex(1);
                other.gpuInstanceCreateComputeInstance(other.deviceCreateGpuInstance(g, 0), 4);
                runs.add(other.migDeviceUuids(1).get(0));
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        try (FakeNvml other = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).seed(43).build()) {
            other.init();
            DeviceHandle g = other.deviceGetHandleByIndex(1);
            other.gpuInstanceCreateComputeInstance(other.deviceCreateGpuInstance(g, 0), 4);
            assertThat(other.migDeviceUuids(1).get(0)).isNotEqualTo(runs.get(0));
        }
    }

    @Test
    void handlesAreFoundByGpuUuidMigUuidLegacyMigUuidAndPciBusId() {
        createLayout();
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, 1);
        String gpuUuid = nvml.deviceGetUuid(gpu);
        String migUuid = nvml.deviceGetUuid(mig);

        assertThat(nvml.deviceGetHandleByUuid(gpuUuid)).isEqualTo(gpu);
        assertThat(nvml.deviceGetHandleByUuid(migUuid)).isEqualTo(mig);
        assertThat(nvml.deviceGetHandleByUuid("MIG-" + gpuUuid + "/2/1")).isEqualTo(mig);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid("MIG-" + gpuUuid + "/5/0"), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid("GPU-00000000-0000-0000-0000-000000000000"),
                NvmlReturn.ERROR_NOT_FOUND);

        String busId = nvml.deviceGetPciInfo(gpu).busId();
        assertThat(nvml.deviceGetHandleByPciBusId(busId)).isEqualTo(gpu);
        assertThat(nvml.deviceGetHandleByPciBusId(busId.substring(4))).isEqualTo(gpu);
        assertThat(nvml.deviceGetHandleByPciBusId(busId.substring(9).toLowerCase())).isEqualTo(gpu);
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId("00000000:00:01.0"), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId("not a bus id"), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void gpuLevelCallsWithAMigDeviceHandleAreNotSimulated() {
        createLayout();
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, 0);
        assertThatThrownBy(() -> nvml.deviceGetMigMode(mig)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("FakeNvml.deviceGetMigMode is not simulated");
        assertThatThrownBy(() -> nvml.deviceCreateGpuInstance(mig, 19))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("FakeNvml.deviceCreateGpuInstance is not simulated");
        assertThatThrownBy(() -> nvml.deviceGetPciInfo(mig)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("FakeNvml.deviceGetPciInfo is not simulated");
        assertThatThrownBy(() -> nvml.deviceGetMinorNumber(mig)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void handlesFromAnotherFakeAreInvalid() {
        try (FakeNvml other = FakeNvml.builder().gpu("H100-80GB").build()) {
            other.init();
            assertNvmlError(() -> nvml.deviceGetName(new DeviceHandle(12345)), NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertNvmlError(() -> nvml.gpuInstanceGetInfo(new GpuInstanceHandle(12345)),
                    NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertNvmlError(() -> nvml.computeInstanceGetInfo(new ComputeInstanceHandle(12345)),
                    NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
    }
}
