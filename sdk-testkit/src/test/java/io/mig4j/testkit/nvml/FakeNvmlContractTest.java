package io.mig4j.testkit.nvml;

import static io.mig4j.testkit.nvml.NvmlAssertions.assertNvmlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeCapability;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MemoryInfo;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Nvml} method on the fake, one test per method (or per pair that only make sense together):
 * its answer on a known node and its main error. Node: GPU 0 an H100-80GB with MIG enabled holding
 * {@code 3g.40gb@4} (GI 2) with one {@code 1c.3g.40gb} CI at 0 (CI 0); GPU 1 an A100-40GB with MIG disabled.
 */
class FakeNvmlContractTest {
    private FakeNvml nvml;
    private DeviceHandle h100;
    private DeviceHandle a100;
    private GpuInstanceHandle gi;
    private ComputeInstanceHandle ci;
    private DeviceHandle mig;

    @BeforeEach
    void node() {
        nvml = FakeNvml.builder().gpu("H100-80GB").gpu("A100-40GB").seed(1).build();
        nvml.init();
        h100 = nvml.deviceGetHandleByIndex(0);
        a100 = nvml.deviceGetHandleByIndex(1);
        nvml.deviceSetMigMode(h100, MigModeInfo.ENABLE);
        gi = nvml.deviceCreateGpuInstanceWithPlacement(h100, 9, new Placement(4, 4));
        ci = nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(0, 1));
        mig = nvml.deviceGetMigDeviceHandleByIndex(h100, 0);
        nvml.clearCalls();
    }

    @AfterEach
    void close() {
        nvml.close();
    }

    @Test
    void everyNvmlMethodIsTheJavaFaceOfExactlyOneCFunction() {
        Set<String> methods = Invocations.nvmlMethods().stream().map(Method::getName).collect(Collectors.toSet());
        Set<String> mapped = Arrays.stream(NvmlFunction.values()).flatMap(f -> f.javaMethods().stream())
                .collect(Collectors.toSet());
        methods.remove("backend"); // not an NVML function
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(methods);
        assertThat(Arrays.stream(NvmlFunction.values()).map(NvmlFunction::cName).distinct().count())
                .isEqualTo(NvmlFunction.values().length);
    }

    @Test
    void everyCallButInitAndErrorStringFailsUninitializedBeforeInit() {
        try (FakeNvml fresh = FakeNvml.builder().gpu("H100-80GB").build()) {
            List<String> checked = new ArrayList<>();
            for (Method m : Invocations.nvmlMethods()) {
                String name = m.getName();
                if (Set.of("init", "errorString", "backend").contains(name)) {
                    continue;
                }
                assertNvmlError(() -> Invocations.invoke(fresh, new DeviceHandle(1), name),
                        NvmlReturn.ERROR_UNINITIALIZED);
                checked.add(name);
            }
            assertThat(checked).hasSizeGreaterThan(40);
            assertThat(fresh.calls()).hasSize(checked.size())
                    .allMatch(c -> c.result() == NvmlReturn.ERROR_UNINITIALIZED);
        }
    }

    @Test
    void initAndShutdown() {
        nvml.init();
        nvml.shutdown();
        assertThat(nvml.isInitialized()).isTrue();
        nvml.shutdown();
        assertNvmlError(nvml::shutdown, NvmlReturn.ERROR_UNINITIALIZED);
        nvml.init();
    }

    @Test
    void backendAndErrorString() {
        assertThat(nvml.backend()).isEqualTo("fake");
        assertThat(nvml.errorString(19)).isEqualTo("In use by another client");
        assertThat(nvml.calls()).extracting(RecordedCall::function).containsExactly("nvmlErrorString");
    }

    @Test
    void systemVersions() {
        assertThat(nvml.systemGetDriverVersion()).isEqualTo("580.159.04");
        assertThat(nvml.systemGetNvmlVersion()).isEqualTo("13.580.159.04");
        assertThat(nvml.systemGetCudaDriverVersion()).isEqualTo(13000);
    }

    @Test
    void deviceGetCountAndHandleByIndex() {
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
        assertThat(nvml.deviceGetHandleByIndex(1)).isEqualTo(a100);
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(2), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(-1), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetHandleByUuid() {
        assertThat(nvml.deviceGetHandleByUuid(nvml.gpuUuid(1))).isEqualTo(a100);
        assertThat(nvml.deviceGetHandleByUuid(nvml.migDeviceUuids(0).get(0))).isEqualTo(mig);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid("GPU-nope"), NvmlReturn.ERROR_NOT_FOUND);
    }

    @Test
    void deviceGetHandleByPciBusId() {
        assertThat(nvml.deviceGetHandleByPciBusId(nvml.pciBusId(1))).isEqualTo(a100);
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId("0000:FF:1F.7"), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId(""), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetNameAndUuid() {
        assertThat(nvml.deviceGetName(a100)).isEqualTo("NVIDIA A100-SXM4-40GB");
        assertThat(nvml.deviceGetName(mig)).isEqualTo("NVIDIA H100 80GB HBM3 MIG 1c.3g.40gb");
        assertThat(nvml.deviceGetUuid(a100)).isEqualTo(nvml.gpuUuid(1)).startsWith("GPU-");
        assertThat(nvml.deviceGetUuid(mig)).startsWith("MIG-");
        assertNvmlError(() -> nvml.deviceGetName(new DeviceHandle(3)), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetPciInfo() {
        PciInfo pci = nvml.deviceGetPciInfo(a100);
        assertThat(pci.busId()).isEqualTo(nvml.pciBusId(1));
        assertThat(pci.domain()).isZero();
        assertThat(pci.device()).isZero();
        assertThat(pci.pciDeviceId()).isEqualTo(0x20B010DE);
        assertThat(pci.pciSubSystemId() & 0xFFFF).isEqualTo(0x10DE);
    }

    @Test
    void deviceGetMemoryInfo() {
        assertThat(nvml.deviceGetMemoryInfo(a100)).isEqualTo(new MemoryInfo(40960L << 20, 40960L << 20, 0));
        long gi3g = nvml.product(0).profile("3g.40gb").memoryMiB() << 20;
        assertThat(nvml.deviceGetMemoryInfo(mig).total()).isEqualTo(gi3g);
    }

    @Test
    void deviceGetMinorNumber() {
        assertThat(nvml.deviceGetMinorNumber(h100)).isZero();
        assertThat(nvml.deviceGetMinorNumber(a100)).isEqualTo(1);
    }

    @Test
    void deviceGetArchitectureAndComputeCapability() {
        assertThat(nvml.deviceGetArchitecture(h100)).isEqualTo(9);
        assertThat(nvml.deviceGetArchitecture(a100)).isEqualTo(7);
        assertThat(nvml.deviceGetCudaComputeCapability(a100)).isEqualTo(new ComputeCapability(8, 0));
        assertThat(nvml.deviceGetCudaComputeCapability(mig)).isEqualTo(new ComputeCapability(9, 0));
    }

    @Test
    void deviceGetMigModeAndSetMigMode() {
        assertThat(nvml.deviceGetMigMode(h100)).isEqualTo(new MigModeInfo(1, 1));
        assertThat(nvml.deviceGetMigMode(a100)).isEqualTo(new MigModeInfo(0, 0));
        assertThat(nvml.deviceSetMigMode(a100, 1).activationStatus()).isEqualTo(NvmlReturn.ERROR_RESET_REQUIRED);
        assertThat(nvml.deviceGetMigMode(a100)).isEqualTo(new MigModeInfo(0, 1));
        assertNvmlError(() -> nvml.deviceSetMigMode(a100, 7), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetMaxMigDeviceCount() {
        assertThat(nvml.deviceGetMaxMigDeviceCount(h100)).isEqualTo(7);
        assertThat(nvml.deviceGetMaxMigDeviceCount(a100)).isZero();
    }

    @Test
    void deviceGetGpuInstanceProfileInfoVAndV3() {
        GpuInstanceProfile p = nvml.product(1).profile("3g.20gb");
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(a100, 2)).satisfies(info -> {
            assertThat(info.version()).isEqualTo(2);
            assertThat(info.id()).isEqualTo(9);
            assertThat(info.isP2pSupported()).isZero();
            assertThat(info.sliceCount()).isEqualTo(3);
            assertThat(info.instanceCount()).isEqualTo(2);
            assertThat(info.multiprocessorCount()).isEqualTo(p.multiprocessors());
            assertThat(info.memorySizeMB()).isEqualTo(p.memoryMiB());
            assertThat(info.name()).isEqualTo("MIG 3g.20gb");
        });
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV3(a100, 2).version()).isEqualTo(3);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV(a100, 5), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV3(a100, 0x12), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetGpuInstancePossiblePlacements() {
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(a100, 15))
                .containsExactly(new Placement(0, 2), new Placement(2, 2), new Placement(4, 2), new Placement(6, 2));
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(h100, 0)).containsExactly(new Placement(0, 8));
        assertNvmlError(() -> nvml.deviceGetGpuInstancePossiblePlacements(h100, 3), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void deviceGetGpuInstanceRemainingCapacity() {
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, 9)).isEqualTo(1);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, 19)).isEqualTo(4);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, 0)).isZero();
        // MIG disabled: the full count, as a real H100 and H200 answered with driver 580.159.04
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(a100, 9)).isEqualTo(2);
    }

    @Test
    void deviceCreateGpuInstance() {
        GpuInstanceHandle created = nvml.deviceCreateGpuInstance(h100, 14);
        assertThat(nvml.gpuInstanceGetInfo(created)).isEqualTo(new NvmlGpuInstanceInfo(h100, 4, 14,
                new Placement(2, 2)));
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(h100, 5), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(a100, 19), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void deviceCreateGpuInstanceWithPlacement() {
        GpuInstanceHandle created = nvml.deviceCreateGpuInstanceWithPlacement(h100, 19, new Placement(0, 1));
        assertThat(nvml.gpuInstanceGetInfo(created).id()).isEqualTo(7);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, 19, new Placement(0, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, 14, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetGpuInstancesAndById() {
        assertThat(nvml.deviceGetGpuInstances(h100, 9)).containsExactly(gi);
        assertThat(nvml.deviceGetGpuInstances(h100, 19)).isEmpty();
        assertThat(nvml.deviceGetGpuInstanceById(h100, 2)).isEqualTo(gi);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceById(h100, 1), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetGpuInstances(a100, 9), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void gpuInstanceGetInfo() {
        assertThat(nvml.gpuInstanceGetInfo(gi)).isEqualTo(new NvmlGpuInstanceInfo(h100, 2, 9, new Placement(4, 4)));
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(new GpuInstanceHandle(5)), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void gpuInstanceDestroy() {
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_IN_USE);
        nvml.computeInstanceDestroy(ci);
        nvml.gpuInstanceDestroy(gi);
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void gpuInstanceGetComputeInstanceProfileInfoV() {
        ComputeInstanceProfileInfo info = nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 1, 0);
        assertThat(info.id()).isEqualTo(1);
        assertThat(info.sliceCount()).isEqualTo(2);
        assertThat(info.instanceCount()).isEqualTo(1);
        assertThat(info.name()).isEqualTo("MIG 2c.3g.40gb");
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 3, 0), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void gpuInstanceGetComputeInstancePossiblePlacementsAndRemainingCapacity() {
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 2)).containsExactly(new Placement(0, 3));
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)).isEqualTo(2);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 2)).isZero();
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 4),
                NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 4),
                NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void gpuInstanceCreateComputeInstance() {
        ComputeInstanceHandle next = nvml.gpuInstanceCreateComputeInstance(gi, 0);
        assertThat(nvml.computeInstanceGetInfo(next).placement()).isEqualTo(new Placement(1, 1));
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(gi, 1), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void gpuInstanceCreateComputeInstanceWithPlacement() {
        ComputeInstanceHandle next = nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(2, 1));
        assertThat(nvml.computeInstanceGetInfo(next).id()).isEqualTo(1);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(3, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(0, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void gpuInstanceGetComputeInstancesAndById() {
        assertThat(nvml.gpuInstanceGetComputeInstances(gi, 0)).containsExactly(ci);
        assertThat(nvml.gpuInstanceGetComputeInstances(gi, 2)).isEmpty();
        assertThat(nvml.gpuInstanceGetComputeInstanceById(gi, 0)).isEqualTo(ci);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceById(gi, 1), NvmlReturn.ERROR_NOT_FOUND);
    }

    @Test
    void computeInstanceGetInfo() {
        assertThat(nvml.computeInstanceGetInfo(ci)).isEqualTo(new NvmlComputeInstanceInfo(h100, gi, 0, 0,
                new Placement(0, 1)));
        assertNvmlError(() -> nvml.computeInstanceGetInfo(new ComputeInstanceHandle(5)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void computeInstanceDestroy() {
        nvml.attachProcess(nvml.deviceGetUuid(mig));
        assertNvmlError(() -> nvml.computeInstanceDestroy(ci), NvmlReturn.ERROR_IN_USE);
        nvml.detachProcess(nvml.deviceGetUuid(mig));
        nvml.computeInstanceDestroy(ci);
        assertNvmlError(() -> nvml.computeInstanceDestroy(ci), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceGetMigDeviceHandleByIndex() {
        assertThat(nvml.deviceGetMigDeviceHandleByIndex(h100, 0)).isEqualTo(mig);
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(h100, 1), NvmlReturn.ERROR_NOT_FOUND);
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(a100, 0), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void deviceGetDeviceHandleFromMigDeviceHandle() {
        assertThat(nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)).isEqualTo(h100);
        assertNvmlError(() -> nvml.deviceGetDeviceHandleFromMigDeviceHandle(a100), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void deviceIsMigDeviceHandle() {
        assertThat(nvml.deviceIsMigDeviceHandle(mig)).isTrue();
        assertThat(nvml.deviceIsMigDeviceHandle(h100)).isFalse();
    }

    @Test
    void deviceGetGpuInstanceIdAndComputeInstanceId() {
        assertThat(nvml.deviceGetGpuInstanceId(mig)).isEqualTo(2);
        assertThat(nvml.deviceGetComputeInstanceId(mig)).isZero();
        assertNvmlError(() -> nvml.deviceGetGpuInstanceId(h100), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertNvmlError(() -> nvml.deviceGetComputeInstanceId(a100), NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    @Test
    void aWalkOverTheNodeReadsBackWhatWasCreated() {
        GpuProduct product = nvml.product(0);
        List<String> seen = new ArrayList<>();
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            for (GpuInstanceHandle g : nvml.deviceGetGpuInstances(h100, p.id())) {
                NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(g);
                for (var c : p.computeInstanceProfiles()) {
                    for (ComputeInstanceHandle h : nvml.gpuInstanceGetComputeInstances(g, c.id())) {
                        seen.add(p.name() + "@" + info.placement().start() + "/" + c.name() + "@"
                                + nvml.computeInstanceGetInfo(h).placement().start());
                    }
                }
            }
        }
        assertThat(seen).containsExactly("3g.40gb@4/1c.3g.40gb@0");
        nvml.assertNoMutatingCalls();
        assertThat(nvml.calls()).noneMatch(c -> c.result() != NvmlReturn.SUCCESS);
    }

    @Test
    void nvmlExceptionsNameTheCFunction() {
        NvmlException e = assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_IN_USE);
        assertThat(e.function()).isEqualTo("nvmlGpuInstanceDestroy");
        assertThat(e.code()).isEqualTo(19);
    }
}
