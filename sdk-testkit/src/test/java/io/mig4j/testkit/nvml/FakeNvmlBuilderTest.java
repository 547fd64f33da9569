package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.UnknownProductException;
import io.mig4j.nvml.ComputeCapability;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Building fakes from the catalog: identities, products, versions, init/shutdown. */
class FakeNvmlBuilderTest {

    @Test
    void eightH100sLookLikeADgxH100() {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 8).build()) {
            nvml.init();
            GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
            assertThat(nvml.deviceGetCount()).isEqualTo(8);
            Set<String> uuids = new HashSet<>();
            List<Integer> buses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                DeviceHandle gpu = nvml.deviceGetHandleByIndex(i);
                assertThat(nvml.deviceGetName(gpu)).isEqualTo("NVIDIA H100 80GB HBM3");
                String uuid = nvml.deviceGetUuid(gpu);
                assertThat(uuid).matches("GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                uuids.add(uuid);
                PciInfo pci = nvml.deviceGetPciInfo(gpu);
                assertThat(pci.busId()).matches("00000000:[0-9A-F]{2}:00\\.0").isEqualTo(nvml.pciBusId(i));
                assertThat(pci.pciDeviceId()).isEqualTo(0x233010DE);
                assertThat(pci.deviceId()).isEqualTo(0x2330);
                assertThat(pci.bus()).isEqualTo(Integer.parseInt(pci.busId().substring(9, 11), 16));
                buses.add(pci.bus());
                assertThat(nvml.deviceGetMinorNumber(gpu)).isEqualTo(i);
                assertThat(nvml.deviceGetMemoryInfo(gpu).total()).isEqualTo(h100.memoryMiB() * 1024 * 1024);
                assertThat(nvml.deviceGetArchitecture(gpu)).isEqualTo(9);
                assertThat(nvml.deviceGetCudaComputeCapability(gpu)).isEqualTo(new ComputeCapability(9, 0));
                assertThat(nvml.deviceGetMigMode(gpu)).isEqualTo(new MigModeInfo(0, 0));
            }
            assertThat(uuids).hasSize(8);
            assertThat(buses).isSorted().doesNotHaveDuplicates();
            assertThat(nvml.systemGetDriverVersion()).isEqualTo(FakeNvml.DEFAULT_DRIVER_VERSION);
            assertThat(nvml.systemGetNvmlVersion()).isEqualTo("13." + FakeNvml.DEFAULT_DRIVER_VERSION);
            assertThat(nvml.systemGetCudaDriverVersion()).isEqualTo(13000);
            assertThat(nvml.backend()).isEqualTo("fake");
            assertThat(nvml).hasToString("FakeNvml[8x H100-80GB]");
        }
    }

    @Test
    void theSameSeedGivesTheSameIdentitiesAndAnotherSeedOthers() {
        try (FakeNvml a = FakeNvml.builder().gpus("H200-141GB", 4).seed(7).build();
             FakeNvml b = FakeNvml.builder().gpus("H200-141GB", 4).seed(7).build();
             FakeNvml c = FakeNvml.builder().gpus("H200-141GB", 4).seed(8).build()) {
            for (int i = 0; i < 4; i++) {
                assertThat(a.gpuUuid(i)).isEqualTo(b.gpuUuid(i)).isNotEqualTo(c.gpuUuid(i));
                assertThat(a.pciBusId(i)).isEqualTo(b.pciBusId(i));
            }
        }
    }

    @Test
    void aMixedNodeKeepsTheOrderOfTheBuilder() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("A100-80GB").gpu("H200-141GB").gpu("RTX-PRO-6000").build()) {
            nvml.init();
            assertThat(nvml.deviceGetName(nvml.deviceGetHandleByIndex(0))).isEqualTo("NVIDIA A100-SXM4-80GB");
            assertThat(nvml.deviceGetName(nvml.deviceGetHandleByIndex(1))).isEqualTo("NVIDIA H200");
            assertThat(nvml.deviceGetArchitecture(nvml.deviceGetHandleByIndex(0))).isEqualTo(7);
            assertThat(nvml.deviceGetArchitecture(nvml.deviceGetHandleByIndex(2))).isEqualTo(10);
            assertThat(nvml.deviceGetCudaComputeCapability(nvml.deviceGetHandleByIndex(2)))
                    .isEqualTo(new ComputeCapability(12, 0));
            assertThat(nvml.product(1).alias()).isEqualTo("H200-141GB");
            assertThat(nvml).hasToString("FakeNvml[1x A100-80GB, 1x H200-141GB, 1x RTX-PRO-6000]");
        }
    }

    @Test
    void productsAreFoundByAliasNvmlNameOrPciIdAndTheBoardIsKept() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("NVIDIA H100 PCIe").gpu("0x2331").gpu("h100 pcie")
                .gpu("0x233010DE").gpu(ProductCatalog.builtIn().require("B200")).build()) {
            nvml.init();
            for (int i = 0; i < 3; i++) {
                DeviceHandle gpu = nvml.deviceGetHandleByIndex(i);
                assertThat(nvml.deviceGetName(gpu)).isEqualTo("NVIDIA H100 PCIe");
                assertThat(nvml.deviceGetPciInfo(gpu).pciDeviceId()).isEqualTo(0x233110DE);
                assertThat(nvml.product(i).alias()).isEqualTo("H100-80GB");
            }
            assertThat(nvml.deviceGetName(nvml.deviceGetHandleByIndex(3))).isEqualTo("NVIDIA H100 80GB HBM3");
            assertThat(nvml.deviceGetName(nvml.deviceGetHandleByIndex(4))).isEqualTo("NVIDIA B200");
        }
    }

    @Test
    void anUnknownProductFailsWhenBuilt() {
        FakeNvml.Builder builder = FakeNvml.builder().gpu("V100-32GB");
        assertThatThrownBy(builder::build).isInstanceOf(UnknownProductException.class)
                .hasMessageContaining("V100-32GB");
        assertThatThrownBy(() -> FakeNvml.builder().gpus("H100-80GB", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsAndInitialMigModeAreConfigurable() {
        try (FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).driverVersion("570.133.20")
                .cudaDriverVersion(12080).build()) {
            nvml.init();
            assertThat(nvml.systemGetDriverVersion()).isEqualTo("570.133.20");
            assertThat(nvml.systemGetNvmlVersion()).isEqualTo("13.570.133.20");
            assertThat(nvml.systemGetCudaDriverVersion()).isEqualTo(12080);
            assertThat(nvml.deviceGetMigMode(nvml.deviceGetHandleByIndex(0))).isEqualTo(new MigModeInfo(1, 1));
        }
        try (FakeNvml nvml = FakeNvml.builder().nvmlVersion("12.535.104.05").build()) {
            nvml.init();
            assertThat(nvml.systemGetNvmlVersion()).isEqualTo("12.535.104.05");
            assertThat(nvml.deviceGetCount()).isZero();
        }
    }

    @Test
    void initAndShutdownAreReferenceCounted() {
        FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").build();
        assertNvmlError(nvml::deviceGetCount, NvmlReturn.ERROR_UNINITIALIZED);
        assertNvmlError(nvml::shutdown, NvmlReturn.ERROR_UNINITIALIZED);
        assertThat(nvml.errorString(NvmlReturn.ERROR_IN_USE.value())).isEqualTo("In use by another client");

        nvml.init();
        nvml.init();
        nvml.shutdown();
        assertThat(nvml.deviceGetCount()).isEqualTo(1);
        assertThat(nvml.isInitialized()).isTrue();
        nvml.shutdown();
        assertThat(nvml.isInitialized()).isFalse();
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(0), NvmlReturn.ERROR_UNINITIALIZED);
        assertNvmlError(nvml::shutdown, NvmlReturn.ERROR_UNINITIALIZED);
        nvml.close(); // nothing to shut down: no error
    }

    @Test
    void closeShutsDownOnceLikeNvml() {
        FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").build();
        fake.init();
        fake.init();
        try (Nvml nvml = fake) {
            assertThat(nvml.deviceGetCount()).isEqualTo(1);
        }
        assertThat(fake.isInitialized()).isTrue();
        fake.close();
        assertThat(fake.isInitialized()).isFalse();
    }

    @Test
    void migStateSurvivesAnNvmlShutdown() {
        FakeNvml nvml = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build();
        nvml.init();
        nvml.deviceCreateGpuInstance(nvml.deviceGetHandleByIndex(0), 0);
        nvml.shutdown();
        nvml.init();
        assertThat(nvml.deviceGetGpuInstances(nvml.deviceGetHandleByIndex(0), 0)).hasSize(1);
        nvml.close();
    }

    @Test
    void errorStringsAreNvmlsWordsWhereKnown() {
        try (FakeNvml nvml = FakeNvml.builder().build()) {
            assertThat(nvml.errorString(23)).isEqualTo("Insufficient Resources");
            assertThat(nvml.errorString(3)).isEqualTo("Not Supported");
            assertThat(nvml.errorString(4)).isEqualTo("Insufficient Permissions");
            assertThat(nvml.errorString(12345)).isEqualTo("Unknown Error");
            assertThat(nvml.errorString(16)).isEqualTo(NvmlReturn.ERROR_RESET_REQUIRED.description());
        }
    }
}
