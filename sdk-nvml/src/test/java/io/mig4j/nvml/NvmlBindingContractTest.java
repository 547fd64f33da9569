package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every real binding of {@link Nvml} must do, proven against the C test double of libnvidia-ml
 * ({@code src/test/c/nvml_double.c}, built by gcc before the tests): every method of {@link Nvml}, every
 * struct field in both directions, buffer size negotiation, error codes and function names, reference-counted
 * init, an older driver that lacks functions, and a library that is not there.
 *
 * <p>Binding-agnostic: a subclass supplies {@link #create(String)} (the JNA binding, the FFM binding). The
 * double's test controls ({@code nvmlDouble_*}: reset, failure injection, call counts, struct versions) are
 * reached through JNA, whatever the binding under test.
 *
 * <p>The double simulates: GPU 0 an H100 80GB HBM3 with MIG enabled and one 3g.40gb GPU instance (id 1,
 * placement 4:4) holding its default compute instance (id 0, 0:3); GPU 1 an A100-SXM4-40GB with MIG disabled.
 */
public abstract class NvmlBindingContractTest {

    /** System property with the path of the double (set by the sdk-nvml build). */
    public static final String DOUBLE_PROPERTY = "mig4j.test.nvmlDouble";
    /** System property with the path of the old-driver variant of the double. */
    public static final String OLD_DOUBLE_PROPERTY = "mig4j.test.nvmlDoubleOld";
    public static final String GCC_MISSING = "gcc not found: the C test double of libnvidia-ml was not built";

    static final String H100_NAME = "NVIDIA H100 80GB HBM3";
    static final String A100_NAME = "NVIDIA A100-SXM4-40GB";
    static final String H100_UUID = "GPU-5e2b7f3a-9c41-4d0e-8a6b-1f0c2d3e4a50";
    static final String A100_UUID = "GPU-a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a51";
    static final int GI_V2 = 0x02000098;
    static final int GI_V3 = 0x03000098;
    static final int CI_V2 = 0x02000088;
    static final int ID_1G = 19;
    static final int ID_1G_ME = 20;
    static final int ID_1G_REV2 = 15;
    static final int ID_2G = 14;
    static final int ID_3G = 9;
    static final int ID_4G = 5;
    static final int ID_7G = 0;

    /** The test controls the double exports besides NVML's functions. */
    public interface DoubleControl extends Library {
        void nvmlDouble_reset();

        int nvmlDouble_failNext(String function, int code);

        int nvmlDouble_failCalls(String function, int code, int times);

        long nvmlDouble_callCount(String function);

        int nvmlDouble_lastStructVersion(String function);

        void nvmlDouble_setActivationStatus(int code);

        void nvmlDouble_setProcessCount(int perMigDevice);

        void nvmlDouble_setPatternMode(int on);

        int nvmlDouble_initCount();

        String nvmlDouble_variant();
    }

    /** The binding under test, opened on {@code library}; not initialized. */
    protected abstract Nvml create(String library);

    protected Nvml nvml;
    protected DoubleControl control;
    protected DeviceHandle gpu0;
    protected DeviceHandle gpu1;

    /** The double's path; skips the test (with {@link #GCC_MISSING}) when gcc did not build it. */
    protected static String doublePath() {
        return built(DOUBLE_PROPERTY);
    }

    /** The old-driver variant's path; built by the same gcc step. */
    protected static String oldDoublePath() {
        return built(OLD_DOUBLE_PROPERTY);
    }

    private static String built(String property) {
        String path = System.getProperty(property);
        Assumptions.assumeTrue(path != null && Files.isRegularFile(Path.of(path)), GCC_MISSING);
        return path;
    }

    protected static DoubleControl control(String library) {
        return Native.load(library, DoubleControl.class);
    }

    @BeforeEach
    void openDouble() {
        String path = doublePath();
        control = control(path);
        control.nvmlDouble_reset();
        nvml = create(path);
        nvml.init();
        gpu0 = nvml.deviceGetHandleByIndex(0);
        gpu1 = nvml.deviceGetHandleByIndex(1);
    }

    @AfterEach
    void resetDouble() {
        if (control != null) {
            control.nvmlDouble_reset();
        }
    }

    protected static void assertNvmlError(ThrowingCallable call, NvmlReturn code, String function) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NvmlException.class, e -> {
            assertThat(e).isNotInstanceOf(NvmlNotFoundException.class);
            assertThat(e.result()).as("result of %s", function).isEqualTo(code);
            assertThat(e.code()).isEqualTo(code.value());
            assertThat(e.function()).isEqualTo(function);
            assertThat(e.getMessage()).startsWith(function + " failed: " + code.nvmlName());
        });
    }

    // ------------------------------------------------------------------------------------------------
    // init, shutdown, errors

    @Test
    void everyCallBeforeInitIsUninitialized() {
        control.nvmlDouble_reset();
        Nvml fresh = create(doublePath());
        assertNvmlError(fresh::deviceGetCount, NvmlReturn.ERROR_UNINITIALIZED, "nvmlDeviceGetCount_v2");
        assertNvmlError(fresh::systemGetDriverVersion, NvmlReturn.ERROR_UNINITIALIZED, "nvmlSystemGetDriverVersion");
        assertNvmlError(() -> fresh.deviceGetHandleByIndex(0), NvmlReturn.ERROR_UNINITIALIZED,
                "nvmlDeviceGetHandleByIndex_v2");
        assertNvmlError(() -> fresh.deviceGetName(gpu0), NvmlReturn.ERROR_UNINITIALIZED, "nvmlDeviceGetName");
        assertNvmlError(fresh::shutdown, NvmlReturn.ERROR_UNINITIALIZED, "nvmlShutdown");
        assertThat(fresh.errorString(NvmlReturn.ERROR_UNINITIALIZED.value())).isEqualTo("Uninitialized");
    }

    @Test
    void initIsReferenceCounted() {
        assertThat(control.nvmlDouble_initCount()).isEqualTo(1);
        nvml.init();
        assertThat(control.nvmlDouble_initCount()).isEqualTo(2);
        nvml.shutdown();
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
        nvml.close();
        assertThat(control.nvmlDouble_initCount()).isZero();
        assertNvmlError(nvml::deviceGetCount, NvmlReturn.ERROR_UNINITIALIZED, "nvmlDeviceGetCount_v2");
        assertNvmlError(nvml::shutdown, NvmlReturn.ERROR_UNINITIALIZED, "nvmlShutdown");
        nvml.init();
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
        assertThat(control.nvmlDouble_callCount("nvmlInit_v2")).isEqualTo(3);
        assertThat(control.nvmlDouble_callCount("nvmlShutdown")).isEqualTo(3);
    }

    @Test
    void initFailureIsReported() {
        control.nvmlDouble_reset();
        control.nvmlDouble_failNext("nvmlInit_v2", NvmlReturn.ERROR_DRIVER_NOT_LOADED.value());
        Nvml fresh = create(doublePath());
        assertNvmlError(fresh::init, NvmlReturn.ERROR_DRIVER_NOT_LOADED, "nvmlInit_v2");
        fresh.init();
        assertThat(fresh.deviceGetCount()).isEqualTo(2);
    }

    @Test
    void backendAndErrorStrings() {
        assertThat(nvml.backend()).isNotBlank().isNotEqualTo("fake");
        assertThat(nvml.errorString(0)).isEqualTo("Success");
        assertThat(nvml.errorString(19)).isEqualTo("In use by another client");
        assertThat(nvml.errorString(23)).isEqualTo("Insufficient Resources");
        assertThat(nvml.errorString(4242)).isEqualTo("Unknown Error");
    }

    @Test
    void errorsCarryCodeFunctionAndNvmlText() {
        control.nvmlDouble_failNext("nvmlDeviceGetCount_v2", NvmlReturn.ERROR_GPU_IS_LOST.value());
        NvmlException lost = catchThrowableOfType(NvmlException.class, nvml::deviceGetCount);
        assertThat(lost.result()).isEqualTo(NvmlReturn.ERROR_GPU_IS_LOST);
        assertThat(lost.function()).isEqualTo("nvmlDeviceGetCount_v2");
        assertThat(lost.getMessage()).isEqualTo(
                "nvmlDeviceGetCount_v2 failed: NVML_ERROR_GPU_IS_LOST (15): GPU is lost");
        assertThat(nvml.deviceGetCount()).as("only the next call fails").isEqualTo(2);

        control.nvmlDouble_failNext("nvmlDeviceGetName", 4242);
        NvmlException unknown = catchThrowableOfType(NvmlException.class, () -> nvml.deviceGetName(gpu0));
        assertThat(unknown.result()).isEqualTo(NvmlReturn.UNRECOGNIZED);
        assertThat(unknown.code()).isEqualTo(4242);
        assertThat(unknown.getMessage()).contains("Unknown Error");

        control.nvmlDouble_failCalls("nvmlDeviceGetUUID", NvmlReturn.ERROR_NO_PERMISSION.value(), 2);
        assertNvmlError(() -> nvml.deviceGetUuid(gpu0), NvmlReturn.ERROR_NO_PERMISSION, "nvmlDeviceGetUUID");
        assertNvmlError(() -> nvml.deviceGetUuid(gpu0), NvmlReturn.ERROR_NO_PERMISSION, "nvmlDeviceGetUUID");
        assertThat(nvml.deviceGetUuid(gpu0)).isEqualTo(H100_UUID);
    }

    @Test
    void injectedFailuresReachEveryMethodWithItsFunctionName() {
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu0, 0);
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        ComputeInstanceHandle ci = nvml.gpuInstanceGetComputeInstanceById(gi, 0);
        Placement p = new Placement(0, 1);
        List<Object[]> calls = List.of(
                call("nvmlShutdown", nvml::shutdown),
                call("nvmlSystemGetDriverVersion", nvml::systemGetDriverVersion),
                call("nvmlSystemGetNVMLVersion", nvml::systemGetNvmlVersion),
                call("nvmlSystemGetCudaDriverVersion_v2", nvml::systemGetCudaDriverVersion),
                call("nvmlDeviceGetCount_v2", nvml::deviceGetCount),
                call("nvmlDeviceGetHandleByIndex_v2", () -> nvml.deviceGetHandleByIndex(0)),
                call("nvmlDeviceGetHandleByUUID", () -> nvml.deviceGetHandleByUuid(H100_UUID)),
                call("nvmlDeviceGetHandleByPciBusId_v2", () -> nvml.deviceGetHandleByPciBusId("00000000:00:06.0")),
                call("nvmlDeviceGetName", () -> nvml.deviceGetName(gpu0)),
                call("nvmlDeviceGetUUID", () -> nvml.deviceGetUuid(gpu0)),
                call("nvmlDeviceGetPciInfo_v3", () -> nvml.deviceGetPciInfo(gpu0)),
                call("nvmlDeviceGetMemoryInfo", () -> nvml.deviceGetMemoryInfo(gpu0)),
                call("nvmlDeviceGetMinorNumber", () -> nvml.deviceGetMinorNumber(gpu0)),
                call("nvmlDeviceGetArchitecture", () -> nvml.deviceGetArchitecture(gpu0)),
                call("nvmlDeviceGetBrand", () -> nvml.deviceGetBrand(gpu0)),
                call("nvmlDeviceGetNumaNodeId", () -> nvml.deviceGetNumaNodeId(gpu0)),
                call("nvmlDeviceGetCudaComputeCapability", () -> nvml.deviceGetCudaComputeCapability(gpu0)),
                call("nvmlDeviceGetMigMode", () -> nvml.deviceGetMigMode(gpu0)),
                call("nvmlDeviceSetMigMode", () -> nvml.deviceSetMigMode(gpu1, 1)),
                call("nvmlDeviceGetMaxMigDeviceCount", () -> nvml.deviceGetMaxMigDeviceCount(gpu0)),
                call("nvmlDeviceGetGpuInstanceProfileInfoV", () -> nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 0)),
                call("nvmlDeviceGetGpuInstanceProfileInfoV", () -> nvml.deviceGetGpuInstanceProfileInfoV3(gpu0, 0)),
                call("nvmlDeviceGetGpuInstancePossiblePlacements_v2",
                        () -> nvml.deviceGetGpuInstancePossiblePlacements(gpu0, ID_1G)),
                call("nvmlDeviceGetGpuInstanceRemainingCapacity",
                        () -> nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_1G)),
                call("nvmlDeviceCreateGpuInstance", () -> nvml.deviceCreateGpuInstance(gpu0, ID_1G)),
                call("nvmlDeviceCreateGpuInstanceWithPlacement",
                        () -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G, p)),
                call("nvmlDeviceGetGpuInstances", () -> nvml.deviceGetGpuInstances(gpu0, ID_3G)),
                call("nvmlDeviceGetGpuInstanceById", () -> nvml.deviceGetGpuInstanceById(gpu0, 1)),
                call("nvmlGpuInstanceGetInfo", () -> nvml.gpuInstanceGetInfo(gi)),
                call("nvmlGpuInstanceDestroy", () -> nvml.gpuInstanceDestroy(gi)),
                call("nvmlGpuInstanceGetComputeInstanceProfileInfoV",
                        () -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 0, 0)),
                call("nvmlGpuInstanceGetComputeInstancePossiblePlacements",
                        () -> nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 0)),
                call("nvmlGpuInstanceGetComputeInstanceRemainingCapacity",
                        () -> nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)),
                call("nvmlGpuInstanceCreateComputeInstance", () -> nvml.gpuInstanceCreateComputeInstance(gi, 0)),
                call("nvmlGpuInstanceCreateComputeInstanceWithPlacement",
                        () -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, p)),
                call("nvmlGpuInstanceGetComputeInstances", () -> nvml.gpuInstanceGetComputeInstances(gi, 2)),
                call("nvmlGpuInstanceGetComputeInstanceById", () -> nvml.gpuInstanceGetComputeInstanceById(gi, 0)),
                call("nvmlComputeInstanceGetInfo_v2", () -> nvml.computeInstanceGetInfo(ci)),
                call("nvmlComputeInstanceDestroy", () -> nvml.computeInstanceDestroy(ci)),
                call("nvmlDeviceGetMigDeviceHandleByIndex", () -> nvml.deviceGetMigDeviceHandleByIndex(gpu0, 0)),
                call("nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
                        () -> nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)),
                call("nvmlDeviceIsMigDeviceHandle", () -> nvml.deviceIsMigDeviceHandle(mig)),
                call("nvmlDeviceGetGpuInstanceId", () -> nvml.deviceGetGpuInstanceId(mig)),
                call("nvmlDeviceGetComputeInstanceId", () -> nvml.deviceGetComputeInstanceId(mig)),
                call("nvmlInit_v2", nvml::init));
        Set<String> covered = new HashSet<>();
        for (Object[] c : calls) {
            String function = (String) c[0];
            assertThat(control.nvmlDouble_failNext(function, NvmlReturn.ERROR_GPU_IS_LOST.value())).isZero();
            long before = control.nvmlDouble_callCount(function);
            assertNvmlError((ThrowingCallable) c[1], NvmlReturn.ERROR_GPU_IS_LOST, function);
            assertThat(control.nvmlDouble_callCount(function)).as(function).isEqualTo(before + 1);
            covered.add(function);
        }
        assertThat(covered).hasSize(44); // every NVML function the interface binds, but nvmlErrorString
        // nothing above changed the double: the failures came before any work
        assertThat(nvml.gpuInstanceGetInfo(gi).id()).isEqualTo(1);
        assertThat(nvml.computeInstanceGetInfo(ci).id()).isZero();
        assertThat(control.nvmlDouble_initCount()).isEqualTo(1);
    }

    private static Object[] call(String function, ThrowingCallable callable) {
        return new Object[] {function, callable};
    }

    // ------------------------------------------------------------------------------------------------
    // system and devices

    @Test
    void systemQueries() {
        assertThat(nvml.systemGetDriverVersion()).isEqualTo("580.95.05");
        assertThat(nvml.systemGetNvmlVersion()).isEqualTo("13.580.95.05");
        assertThat(nvml.systemGetCudaDriverVersion()).isEqualTo(13000);
        assertThat(nvml.deviceGetCount()).isEqualTo(2);
    }

    @Test
    void devicesByIndexUuidAndPciBusId() {
        assertThat(gpu0).isNotEqualTo(gpu1);
        assertThat(gpu0.value()).isNotZero();
        assertThat(nvml.deviceGetHandleByIndex(0)).isEqualTo(gpu0);
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(2), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetHandleByIndex_v2");
        assertNvmlError(() -> nvml.deviceGetHandleByIndex(-1), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetHandleByIndex_v2");

        assertThat(nvml.deviceGetName(gpu0)).isEqualTo(H100_NAME);
        assertThat(nvml.deviceGetName(gpu1)).isEqualTo(A100_NAME);
        assertThat(nvml.deviceGetUuid(gpu0)).isEqualTo(H100_UUID);
        assertThat(nvml.deviceGetUuid(gpu1)).isEqualTo(A100_UUID);
        assertThat(nvml.deviceGetHandleByUuid(A100_UUID)).isEqualTo(gpu1);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid("GPU-00000000-0000-0000-0000-000000000000"),
                NvmlReturn.ERROR_NOT_FOUND, "nvmlDeviceGetHandleByUUID");

        assertThat(nvml.deviceGetHandleByPciBusId("00000000:00:06.0")).isEqualTo(gpu0);
        assertThat(nvml.deviceGetHandleByPciBusId("0000:00:07.0")).isEqualTo(gpu1);
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId("00000000:00:09.0"), NvmlReturn.ERROR_NOT_FOUND,
                "nvmlDeviceGetHandleByPciBusId_v2");
        assertNvmlError(() -> nvml.deviceGetHandleByPciBusId("not a bus id"), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetHandleByPciBusId_v2");
    }

    @Test
    void deviceProperties() {
        assertThat(nvml.deviceGetPciInfo(gpu0))
                .isEqualTo(new PciInfo("00000000:00:06.0", 0, 0, 6, 0x233010DE, 0x16C110DE));
        assertThat(nvml.deviceGetPciInfo(gpu0).deviceId()).isEqualTo(0x2330);
        assertThat(nvml.deviceGetPciInfo(gpu1))
                .isEqualTo(new PciInfo("00000000:00:07.0", 0, 0, 7, 0x20B010DE, 0x134F10DE));
        assertThat(nvml.deviceGetMemoryInfo(gpu0))
                .isEqualTo(new MemoryInfo(85_520_809_984L, 85_520_809_984L - 590L * 1048576, 590L * 1048576));
        assertThat(nvml.deviceGetMemoryInfo(gpu1).total()).isEqualTo(40960L * 1048576);
        assertThat(nvml.deviceGetMinorNumber(gpu0)).isZero();
        assertThat(nvml.deviceGetMinorNumber(gpu1)).isEqualTo(1);
        assertThat(nvml.deviceGetArchitecture(gpu0)).isEqualTo(9);
        assertThat(nvml.deviceGetArchitecture(gpu1)).isEqualTo(7);
        assertThat(nvml.deviceGetCudaComputeCapability(gpu0)).isEqualTo(new ComputeCapability(9, 0));
        assertThat(nvml.deviceGetCudaComputeCapability(gpu1)).isEqualTo(new ComputeCapability(8, 0));
        assertThat(nvml.deviceGetBrand(gpu0)).as("NVML_BRAND_NVIDIA").isEqualTo(14);
        assertThat(nvml.deviceGetBrand(gpu1)).isEqualTo(14);
        assertThat(nvml.deviceGetNumaNodeId(gpu0)).isEqualTo(1);
        assertNvmlError(() -> nvml.deviceGetNumaNodeId(gpu1), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetNumaNodeId");
    }

    @Test
    void badHandlesAreInvalidArguments() {
        DeviceHandle bogus = new DeviceHandle(0x1234);
        GpuInstanceHandle bogusGi = new GpuInstanceHandle(0x1234);
        ComputeInstanceHandle bogusCi = new ComputeInstanceHandle(0x1234);
        assertNvmlError(() -> nvml.deviceGetName(bogus), NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceGetName");
        assertNvmlError(() -> nvml.deviceGetPciInfo(new DeviceHandle(0)), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetPciInfo_v3");
        assertNvmlError(() -> nvml.deviceGetMigMode(bogus), NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceGetMigMode");
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(bogusGi), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlGpuInstanceGetInfo");
        assertNvmlError(() -> nvml.computeInstanceGetInfo(bogusCi), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlComputeInstanceGetInfo_v2");
        // a GPU instance handle is not a device handle
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertNvmlError(() -> nvml.deviceGetName(new DeviceHandle(gi.value())), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetName");
    }

    /** Pattern mode: every numeric field holds its own byte offset, so each offset the binding uses is proven. */
    @Test
    void structOffsetsMatchTheHeaderLayout() {
        control.nvmlDouble_setPatternMode(1);
        assertThat(nvml.deviceGetPciInfo(gpu0))
                .isEqualTo(new PciInfo("pattern:busId@36", 0xB010, 0xB014, 0xB018, 0xB01C, 0xB020));
        assertThat(nvml.deviceGetMemoryInfo(gpu0))
                .isEqualTo(new MemoryInfo(0x1000_0000_0000L, 0x1000_0000_0008L, 0x1000_0000_0010L));
        // v2: 4 bytes of padding before memorySizeMB (48), name at 56
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 0)).isEqualTo(new GpuInstanceProfileInfo(2, 0xA004,
                0xA008, 0xA00C, 0xA010, 0xA014, 0xA018, 0xA01C, 0xA020, 0xA024, 0xA028, 0x1_0000_A030L,
                "pattern:name@56", 0));
        // v3: no isP2pSupported, memorySizeMB at 40, name at 48, capabilities at 144
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV3(gpu0, 0)).isEqualTo(new GpuInstanceProfileInfo(3, 0xA004,
                0, 0xA008, 0xA00C, 0xA010, 0xA014, 0xA018, 0xA01C, 0xA020, 0xA024, 0x1_0000_A028L,
                "pattern:name@48", 0xA090));
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 0, 0)).isEqualTo(new ComputeInstanceProfileInfo(
                2, 0xC004, 0xC008, 0xC00C, 0xC010, 0xC014, 0xC018, 0xC01C, 0xC020, 0xC024, "pattern:name@40"));
    }

    // ------------------------------------------------------------------------------------------------
    // MIG mode

    @Test
    void migMode() {
        assertThat(nvml.deviceGetMigMode(gpu0)).isEqualTo(new MigModeInfo(MigModeInfo.ENABLE, MigModeInfo.ENABLE));
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(MigModeInfo.DISABLE, MigModeInfo.DISABLE));
        assertThat(nvml.deviceGetMaxMigDeviceCount(gpu0)).isEqualTo(7);
        assertThat(nvml.deviceGetMaxMigDeviceCount(gpu1)).isZero();
    }

    @Test
    void setMigModeActivatesOrStaysPending() {
        SetMigModeResult now = nvml.deviceSetMigMode(gpu1, MigModeInfo.ENABLE);
        assertThat(now.activated()).isTrue();
        assertThat(now.activationStatus()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(1, 1));
        assertThat(nvml.deviceGetMaxMigDeviceCount(gpu1)).isEqualTo(7);

        control.nvmlDouble_setActivationStatus(NvmlReturn.ERROR_IN_USE.value());
        SetMigModeResult pending = nvml.deviceSetMigMode(gpu1, MigModeInfo.DISABLE);
        assertThat(pending.activated()).isFalse();
        assertThat(pending.activationStatus()).isEqualTo(NvmlReturn.ERROR_IN_USE);
        assertThat(nvml.deviceGetMigMode(gpu1)).isEqualTo(new MigModeInfo(1, 0));

        control.nvmlDouble_setActivationStatus(NvmlReturn.ERROR_RESET_REQUIRED.value());
        assertThat(nvml.deviceSetMigMode(gpu1, MigModeInfo.DISABLE).activationStatus())
                .isEqualTo(NvmlReturn.ERROR_RESET_REQUIRED);

        assertNvmlError(() -> nvml.deviceSetMigMode(gpu1, 2), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceSetMigMode");
        control.nvmlDouble_setActivationStatus(0);
        assertNvmlError(() -> nvml.deviceSetMigMode(gpu0, MigModeInfo.DISABLE), NvmlReturn.ERROR_IN_USE,
                "nvmlDeviceSetMigMode");
    }

    // ------------------------------------------------------------------------------------------------
    // GPU instance profiles

    /** One row of the catalog's profile tables (H100-80GB and A100-40GB). */
    record Row(int index, int id, String name, int slices, int instances, int sms, int ce, int dec, int enc,
               int jpeg, int ofa, long memoryMiB, List<Placement> placements) {
    }

    static List<Placement> at(int size, int... starts) {
        return IntStream.of(starts).mapToObj(s -> new Placement(s, size)).toList();
    }

    static final List<Row> H100 = List.of(
            new Row(0, 19, "MIG 1g.10gb", 1, 7, 16, 1, 1, 0, 1, 0, 9984, at(1, 0, 1, 2, 3, 4, 5, 6)),
            new Row(1, 14, "MIG 2g.20gb", 2, 3, 32, 2, 2, 0, 2, 0, 20096, at(2, 0, 2, 4)),
            new Row(2, 9, "MIG 3g.40gb", 3, 2, 60, 3, 3, 0, 3, 0, 40448, at(4, 0, 4)),
            new Row(3, 5, "MIG 4g.40gb", 4, 1, 64, 4, 4, 0, 4, 0, 40448, at(4, 0)),
            new Row(4, 0, "MIG 7g.80gb", 7, 1, 132, 8, 7, 0, 7, 1, 81152, at(8, 0)),
            new Row(7, 20, "MIG 1g.10gb+me", 1, 1, 16, 1, 1, 0, 1, 1, 9984, at(1, 0, 1, 2, 3, 4, 5, 6)),
            new Row(9, 15, "MIG 1g.20gb", 1, 4, 26, 1, 1, 0, 1, 0, 20096, at(2, 0, 2, 4, 6)));

    static final List<Row> A100 = List.of(
            new Row(0, 19, "MIG 1g.5gb", 1, 7, 14, 1, 0, 0, 0, 0, 4864, at(1, 0, 1, 2, 3, 4, 5, 6)),
            new Row(1, 14, "MIG 2g.10gb", 2, 3, 28, 2, 1, 0, 0, 0, 9856, at(2, 0, 2, 4)),
            new Row(2, 9, "MIG 3g.20gb", 3, 2, 42, 3, 2, 0, 0, 0, 19968, at(4, 0, 4)),
            new Row(3, 5, "MIG 4g.20gb", 4, 1, 56, 4, 2, 0, 0, 0, 19968, at(4, 0)),
            new Row(4, 0, "MIG 7g.40gb", 7, 1, 98, 7, 5, 0, 1, 1, 40192, at(8, 0)),
            new Row(7, 20, "MIG 1g.5gb+me", 1, 1, 14, 1, 1, 0, 1, 1, 4864, at(1, 0, 1, 2, 3, 4, 5, 6)),
            new Row(9, 15, "MIG 1g.10gb", 1, 4, 14, 1, 1, 0, 0, 0, 9856, at(2, 0, 2, 4, 6)));

    @Test
    void gpuInstanceProfilesV2AndV3() {
        for (Row r : H100) {
            GpuInstanceProfileInfo v2 = nvml.deviceGetGpuInstanceProfileInfoV(gpu0, r.index());
            assertThat(v2).isEqualTo(new GpuInstanceProfileInfo(2, r.id(), 0, r.slices(), r.instances(), r.sms(),
                    r.ce(), r.dec(), r.enc(), r.jpeg(), r.ofa(), r.memoryMiB(), r.name(), 0));
            assertThat(control.nvmlDouble_lastStructVersion("nvmlDeviceGetGpuInstanceProfileInfoV")).isEqualTo(GI_V2);
            GpuInstanceProfileInfo v3 = nvml.deviceGetGpuInstanceProfileInfoV3(gpu0, r.index());
            assertThat(v3).isEqualTo(new GpuInstanceProfileInfo(3, r.id(), 0, r.slices(), r.instances(), r.sms(),
                    r.ce(), r.dec(), r.enc(), r.jpeg(), r.ofa(), r.memoryMiB(), r.name(), 0));
            assertThat(control.nvmlDouble_lastStructVersion("nvmlDeviceGetGpuInstanceProfileInfoV")).isEqualTo(GI_V3);
        }
        // the A100 answers with MIG disabled, as real GPUs do
        for (Row r : A100) {
            GpuInstanceProfileInfo info = nvml.deviceGetGpuInstanceProfileInfoV(gpu1, r.index());
            assertThat(info).extracting(GpuInstanceProfileInfo::id, GpuInstanceProfileInfo::name,
                    GpuInstanceProfileInfo::memorySizeMB, GpuInstanceProfileInfo::multiprocessorCount,
                    GpuInstanceProfileInfo::decoderCount, GpuInstanceProfileInfo::jpegCount)
                    .containsExactly(r.id(), r.name(), r.memoryMiB(), r.sms(), r.dec(), r.jpeg());
        }
    }

    @Test
    void profileEnumerationEndsWithInvalidArgument() {
        List<Integer> supported = new ArrayList<>();
        List<Integer> notSupported = new ArrayList<>();
        for (int index = 0; ; index++) {
            try {
                nvml.deviceGetGpuInstanceProfileInfoV(gpu0, index);
                supported.add(index);
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT) {
                    assertThat(index).isEqualTo(0x12);
                    break;
                }
                assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_SUPPORTED);
                assertThat(e.function()).isEqualTo("nvmlDeviceGetGpuInstanceProfileInfoV");
                notSupported.add(index);
            }
        }
        assertThat(supported).containsExactly(0, 1, 2, 3, 4, 7, 9);
        assertThat(notSupported).containsExactly(5, 6, 8, 10, 11, 12, 13, 14, 15, 16, 17);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV3(gpu0, 5), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetGpuInstanceProfileInfoV");
        assertNvmlError(() -> nvml.deviceGetGpuInstanceProfileInfoV(new DeviceHandle(0x1234), 0),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceGetGpuInstanceProfileInfoV");
    }

    /** The double's tables are the catalog's: the binding test would otherwise prove the wrong numbers. */
    @Test
    void doubleAgreesWithTheCatalog() {
        ProductCatalog catalog = ProductCatalog.builtIn();
        for (DeviceHandle gpu : List.of(gpu0, gpu1)) {
            GpuProduct product = catalog.findByPciDeviceId(nvml.deviceGetPciInfo(gpu).deviceId()).orElseThrow();
            assertThat(nvml.deviceGetMemoryInfo(gpu).total()).isEqualTo(product.memoryMiB() * 1048576);
            for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
                GpuInstanceProfileInfo info = nvml.deviceGetGpuInstanceProfileInfoV(gpu, p.index());
                assertThat(info.name()).isEqualTo("MIG " + p.name());
                assertThat(List.of(info.id(), info.sliceCount(), info.instanceCount(), info.multiprocessorCount(),
                        info.copyEngineCount(), info.decoderCount(), info.encoderCount(), info.jpegCount(),
                        info.ofaCount())).as("%s %s", product.alias(), p.name())
                        .containsExactly(p.id(), p.slices(), p.maxInstances(), p.multiprocessors(), p.copyEngines(),
                                p.decoders(), p.encoders(), p.jpegEngines(), p.ofaEngines());
                assertThat(info.memorySizeMB()).isEqualTo(p.memoryMiB());
                assertThat(nvml.deviceGetGpuInstancePossiblePlacements(gpu, p.id())).isEqualTo(p.placements());
            }
        }
    }

    @Test
    void gpuInstancePlacements() {
        for (Row r : H100) {
            assertThat(nvml.deviceGetGpuInstancePossiblePlacements(gpu0, r.id())).as(r.name())
                    .isEqualTo(r.placements());
        }
        // placements do not depend on MIG mode
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(gpu1, ID_3G)).containsExactly(new Placement(0, 4),
                new Placement(4, 4));
        assertNvmlError(() -> nvml.deviceGetGpuInstancePossiblePlacements(gpu0, 99), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetGpuInstancePossiblePlacements_v2");
    }

    @Test
    void placementBufferGrowsOnInsufficientSize() {
        control.nvmlDouble_failNext("nvmlDeviceGetGpuInstancePossiblePlacements_v2",
                NvmlReturn.ERROR_INSUFFICIENT_SIZE.value());
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(gpu0, ID_1G)).isEqualTo(at(1, 0, 1, 2, 3, 4, 5, 6));
        assertThat(control.nvmlDouble_callCount("nvmlDeviceGetGpuInstancePossiblePlacements_v2"))
                .isGreaterThanOrEqualTo(2);

        control.nvmlDouble_failCalls("nvmlDeviceGetGpuInstancePossiblePlacements_v2",
                NvmlReturn.ERROR_INSUFFICIENT_SIZE.value(), -1);
        assertNvmlError(() -> nvml.deviceGetGpuInstancePossiblePlacements(gpu0, ID_1G),
                NvmlReturn.ERROR_INSUFFICIENT_SIZE, "nvmlDeviceGetGpuInstancePossiblePlacements_v2");
    }

    @Test
    void remainingCapacity() {
        // 3g.40gb occupies 4..7
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_1G)).isEqualTo(4);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_1G_REV2)).isEqualTo(2);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_2G)).isEqualTo(2);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_3G)).isEqualTo(1);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_4G)).isEqualTo(1);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_7G)).isZero();
        // MIG disabled: no instances, so the full capacity (as a real H100 answers)
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu1, ID_1G)).isEqualTo(7);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu1, ID_7G)).isEqualTo(1);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, 99), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetGpuInstanceRemainingCapacity");
    }

    // ------------------------------------------------------------------------------------------------
    // GPU instances

    @Test
    void existingGpuInstance() {
        List<GpuInstanceHandle> gis = nvml.deviceGetGpuInstances(gpu0, ID_3G);
        assertThat(gis).hasSize(1);
        GpuInstanceHandle gi = gis.get(0);
        assertThat(nvml.gpuInstanceGetInfo(gi)).isEqualTo(new NvmlGpuInstanceInfo(gpu0, 1, ID_3G, new Placement(4, 4)));
        assertThat(nvml.deviceGetGpuInstanceById(gpu0, 1)).isEqualTo(gi);
        assertNvmlError(() -> nvml.deviceGetGpuInstanceById(gpu0, 2), NvmlReturn.ERROR_NOT_FOUND,
                "nvmlDeviceGetGpuInstanceById");
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).isEmpty();
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_7G)).isEmpty();
        assertNvmlError(() -> nvml.deviceGetGpuInstances(gpu0, 99), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetGpuInstances");
    }

    @Test
    void migDisabledGpuRefusesInstances() {
        assertNvmlError(() -> nvml.deviceGetGpuInstances(gpu1, ID_1G), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetGpuInstances");
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu1, ID_1G), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceCreateGpuInstance");
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu1, ID_1G, new Placement(0, 1)),
                NvmlReturn.ERROR_NOT_SUPPORTED, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertNvmlError(() -> nvml.deviceGetGpuInstanceById(gpu1, 1), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetGpuInstanceById");
        // enabling MIG makes it work
        nvml.deviceSetMigMode(gpu1, MigModeInfo.ENABLE);
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu1, ID_7G, new Placement(0, 8));
        assertThat(nvml.gpuInstanceGetInfo(gi)).isEqualTo(new NvmlGpuInstanceInfo(gpu1, 1, ID_7G, new Placement(0, 8)));
    }

    @Test
    void createWithPlacementPassesStartAndSize() {
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G, new Placement(2, 1));
        assertThat(nvml.gpuInstanceGetInfo(gi)).isEqualTo(new NvmlGpuInstanceInfo(gpu0, 2, ID_1G, new Placement(2, 1)));
        GpuInstanceHandle rev2 = nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G_REV2, new Placement(0, 2));
        assertThat(nvml.gpuInstanceGetInfo(rev2))
                .isEqualTo(new NvmlGpuInstanceInfo(gpu0, 3, ID_1G_REV2, new Placement(0, 2)));
        // not a legal placement of the profile: wrong start, wrong size
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_2G, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G, new Placement(3, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceCreateGpuInstanceWithPlacement");
        // overlaps the 3g.40gb at 4..7 / the 1g at 2
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G, new Placement(5, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_2G, new Placement(2, 2)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, 99, new Placement(0, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).containsExactly(gi);
    }

    @Test
    void instanceCountIsEnforced() {
        nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G_ME, new Placement(0, 1));
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_1G_ME)).isZero();
        assertNvmlError(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G_ME, new Placement(1, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES, "nvmlDeviceCreateGpuInstanceWithPlacement");
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu0, ID_3G), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES,
                "nvmlDeviceCreateGpuInstance");
    }

    @Test
    void createWithoutPlacementFillsFromTheRight() {
        GpuInstanceHandle first = nvml.deviceCreateGpuInstance(gpu0, ID_1G);
        GpuInstanceHandle second = nvml.deviceCreateGpuInstance(gpu0, ID_1G);
        assertThat(nvml.gpuInstanceGetInfo(first)).isEqualTo(new NvmlGpuInstanceInfo(gpu0, 2, ID_1G, new Placement(3, 1)));
        assertThat(nvml.gpuInstanceGetInfo(second)).isEqualTo(new NvmlGpuInstanceInfo(gpu0, 3, ID_1G, new Placement(2, 1)));
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).containsExactly(first, second);
    }

    /** Seven GIs, ids 1..7 at placements 6..0: list sizes beyond one, and the buffer negotiation. */
    @Test
    void manyGpuInstancesAndSizeNegotiation() {
        GpuInstanceHandle start = nvml.deviceGetGpuInstanceById(gpu0, 1);
        nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(start, 0));
        nvml.gpuInstanceDestroy(start);
        List<GpuInstanceHandle> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(nvml.deviceCreateGpuInstance(gpu0, ID_1G));
        }
        for (int i = 0; i < 7; i++) {
            assertThat(nvml.gpuInstanceGetInfo(created.get(i)))
                    .isEqualTo(new NvmlGpuInstanceInfo(gpu0, i + 1, ID_1G, new Placement(6 - i, 1)));
        }
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).containsExactlyElementsOf(created);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_1G)).isZero();
        assertNvmlError(() -> nvml.deviceCreateGpuInstance(gpu0, ID_1G), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES,
                "nvmlDeviceCreateGpuInstance");

        control.nvmlDouble_failNext("nvmlDeviceGetGpuInstances", NvmlReturn.ERROR_INSUFFICIENT_SIZE.value());
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).containsExactlyElementsOf(created);
        control.nvmlDouble_failCalls("nvmlDeviceGetGpuInstances", NvmlReturn.ERROR_INSUFFICIENT_SIZE.value(), -1);
        assertNvmlError(() -> nvml.deviceGetGpuInstances(gpu0, ID_1G), NvmlReturn.ERROR_INSUFFICIENT_SIZE,
                "nvmlDeviceGetGpuInstances");
        control.nvmlDouble_failCalls("nvmlDeviceGetGpuInstances", 0, 0);

        // GI ids are reused lowest first
        nvml.gpuInstanceDestroy(created.get(2));
        GpuInstanceHandle again = nvml.deviceCreateGpuInstance(gpu0, ID_1G);
        assertThat(nvml.gpuInstanceGetInfo(again)).isEqualTo(new NvmlGpuInstanceInfo(gpu0, 3, ID_1G, new Placement(4, 1)));
    }

    @Test
    void destroyingAGpuInstanceWithComputeInstancesIsInUse() {
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_IN_USE, "nvmlGpuInstanceDestroy");
        ComputeInstanceHandle ci = nvml.gpuInstanceGetComputeInstanceById(gi, 0);
        nvml.computeInstanceDestroy(ci);
        control.nvmlDouble_failNext("nvmlGpuInstanceDestroy", NvmlReturn.ERROR_IN_USE.value());
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_IN_USE, "nvmlGpuInstanceDestroy");
        nvml.gpuInstanceDestroy(gi);
        assertNvmlError(() -> nvml.gpuInstanceGetInfo(gi), NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceGetInfo");
        assertNvmlError(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceDestroy");
        assertThat(nvml.deviceGetGpuInstances(gpu0, ID_3G)).isEmpty();
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(gpu0, ID_7G)).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------
    // compute instances

    @Test
    void computeInstanceProfiles() {
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 0, 0)).isEqualTo(
                new ComputeInstanceProfileInfo(2, 0, 1, 3, 20, 3, 3, 0, 3, 0, "MIG 1c.3g.40gb"));
        assertThat(control.nvmlDouble_lastStructVersion("nvmlGpuInstanceGetComputeInstanceProfileInfoV"))
                .isEqualTo(CI_V2);
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 1, 0)).isEqualTo(
                new ComputeInstanceProfileInfo(2, 1, 2, 1, 40, 3, 3, 0, 3, 0, "MIG 2c.3g.40gb"));
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 2, 0)).isEqualTo(
                new ComputeInstanceProfileInfo(2, 2, 3, 1, 60, 3, 3, 0, 3, 0, "MIG 3g.40gb"));
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 3, 0), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlGpuInstanceGetComputeInstanceProfileInfoV");
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 9, 0),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceGetComputeInstanceProfileInfoV");
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, 0, 1),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceGetComputeInstanceProfileInfoV");

        // a Hopper 1g.20gb (REV2) GI offers only CI profile 0x7 (1_SLICE_REV1)
        GpuInstanceHandle rev2 = nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_1G_REV2, new Placement(0, 2));
        assertThat(nvml.gpuInstanceGetComputeInstanceProfileInfoV(rev2, 7, 0)).isEqualTo(
                new ComputeInstanceProfileInfo(2, 7, 1, 1, 26, 1, 1, 0, 1, 0, "MIG 1g.20gb"));
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(rev2, 0, 0),
                NvmlReturn.ERROR_NOT_SUPPORTED, "nvmlGpuInstanceGetComputeInstanceProfileInfoV");

        // a 7g GI offers 1c, 2c, 3c, 4c and 7c
        nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(gi, 0));
        nvml.gpuInstanceDestroy(gi);
        nvml.gpuInstanceDestroy(rev2);
        GpuInstanceHandle full = nvml.deviceCreateGpuInstance(gpu0, ID_7G);
        List<String> names = new ArrayList<>();
        for (int index = 0; index < 9; index++) {
            try {
                names.add(nvml.gpuInstanceGetComputeInstanceProfileInfoV(full, index, 0).name());
            } catch (NvmlException e) {
                assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_SUPPORTED);
            }
        }
        assertThat(names).containsExactly("MIG 1c.7g.80gb", "MIG 2c.7g.80gb", "MIG 3c.7g.80gb", "MIG 4c.7g.80gb",
                "MIG 7g.80gb");
    }

    @Test
    void computeInstancePlacementsAndCapacity() {
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 0)).isEqualTo(at(1, 0, 1, 2));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 1)).isEqualTo(at(2, 0));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 2)).isEqualTo(at(3, 0));
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 4),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceGetComputeInstancePossiblePlacements");
        control.nvmlDouble_failNext("nvmlGpuInstanceGetComputeInstancePossiblePlacements",
                NvmlReturn.ERROR_INSUFFICIENT_SIZE.value());
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 0)).isEqualTo(at(1, 0, 1, 2));

        // the default 3g CI takes every compute slice
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)).isZero();
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 2)).isZero();
        nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(gi, 0));
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)).isEqualTo(3);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 1)).isEqualTo(1);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 2)).isEqualTo(1);
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 4),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceGetComputeInstanceRemainingCapacity");

        GpuInstanceHandle full = nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_4G, new Placement(0, 4));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(full, 0)).isEqualTo(at(1, 0, 1, 2, 3));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(full, 1)).isEqualTo(at(2, 0, 2));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(full, 3)).isEqualTo(at(4, 0));
    }

    @Test
    void existingComputeInstance() {
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        List<ComputeInstanceHandle> cis = nvml.gpuInstanceGetComputeInstances(gi, 2);
        assertThat(cis).hasSize(1);
        assertThat(nvml.computeInstanceGetInfo(cis.get(0)))
                .isEqualTo(new NvmlComputeInstanceInfo(gpu0, gi, 0, 2, new Placement(0, 3)));
        assertThat(nvml.gpuInstanceGetComputeInstanceById(gi, 0)).isEqualTo(cis.get(0));
        assertThat(nvml.gpuInstanceGetComputeInstances(gi, 0)).isEmpty();
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstanceById(gi, 1), NvmlReturn.ERROR_NOT_FOUND,
                "nvmlGpuInstanceGetComputeInstanceById");
        assertNvmlError(() -> nvml.gpuInstanceGetComputeInstances(gi, 4), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlGpuInstanceGetComputeInstances");
    }

    @Test
    void createAndDestroyComputeInstances() {
        GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(gpu0, 1);
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(gi, 0), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES,
                "nvmlGpuInstanceCreateComputeInstance");
        nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(gi, 0));

        ComputeInstanceHandle a = nvml.gpuInstanceCreateComputeInstance(gi, 0);
        assertThat(nvml.computeInstanceGetInfo(a)).isEqualTo(new NvmlComputeInstanceInfo(gpu0, gi, 0, 0, new Placement(0, 1)));
        ComputeInstanceHandle c = nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(2, 1));
        assertThat(nvml.computeInstanceGetInfo(c)).isEqualTo(new NvmlComputeInstanceInfo(gpu0, gi, 1, 0, new Placement(2, 1)));
        ComputeInstanceHandle b = nvml.gpuInstanceCreateComputeInstance(gi, 0);
        assertThat(nvml.computeInstanceGetInfo(b)).isEqualTo(new NvmlComputeInstanceInfo(gpu0, gi, 2, 0, new Placement(1, 1)));
        assertThat(nvml.gpuInstanceGetComputeInstances(gi, 0)).containsExactly(a, c, b);
        assertThat(nvml.gpuInstanceGetComputeInstanceById(gi, 2)).isEqualTo(b);

        control.nvmlDouble_failNext("nvmlGpuInstanceGetComputeInstances", NvmlReturn.ERROR_INSUFFICIENT_SIZE.value());
        assertThat(nvml.gpuInstanceGetComputeInstances(gi, 0)).containsExactly(a, c, b);

        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstance(gi, 0), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES,
                "nvmlGpuInstanceCreateComputeInstance");
        nvml.computeInstanceDestroy(a);
        nvml.computeInstanceDestroy(b);
        assertNvmlError(() -> nvml.computeInstanceGetInfo(a), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlComputeInstanceGetInfo_v2");
        assertNvmlError(() -> nvml.computeInstanceDestroy(a), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlComputeInstanceDestroy");
        // 2c at 0:2 fits now; 2c at 1:2 is not a legal placement; 2c twice exceeds its instance count
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 1, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceCreateComputeInstanceWithPlacement");
        ComputeInstanceHandle two = nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 1, new Placement(0, 2));
        assertThat(nvml.computeInstanceGetInfo(two)).isEqualTo(new NvmlComputeInstanceInfo(gpu0, gi, 0, 1, new Placement(0, 2)));
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 2, new Placement(0, 3)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES, "nvmlGpuInstanceCreateComputeInstanceWithPlacement");
        assertNvmlError(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 9, new Placement(0, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT, "nvmlGpuInstanceCreateComputeInstanceWithPlacement");
    }

    // ------------------------------------------------------------------------------------------------
    // MIG devices

    @Test
    void migDeviceHandles() {
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu0, 0);
        assertThat(nvml.deviceIsMigDeviceHandle(mig)).isTrue();
        assertThat(nvml.deviceIsMigDeviceHandle(gpu0)).isFalse();
        assertThat(nvml.deviceGetGpuInstanceId(mig)).isEqualTo(1);
        assertThat(nvml.deviceGetComputeInstanceId(mig)).isZero();
        assertThat(nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)).isEqualTo(gpu0);
        assertThat(nvml.deviceGetName(mig)).isEqualTo("NVIDIA H100 80GB HBM3 MIG 3g.40gb");
        String uuid = nvml.deviceGetUuid(mig);
        assertThat(uuid).matches("MIG-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(nvml.deviceGetHandleByUuid(uuid)).isEqualTo(mig);
        assertThat(nvml.deviceGetHandleByUuid("MIG-" + H100_UUID + "/1/0")).as("legacy MIG UUID").isEqualTo(mig);
        assertThat(nvml.deviceGetMemoryInfo(mig).total()).isEqualTo(40448L * 1048576);
        assertThat(nvml.deviceGetPciInfo(mig).busId()).isEqualTo("00000000:00:06.0");
        assertThat(nvml.deviceGetArchitecture(mig)).isEqualTo(9);
        assertThat(nvml.deviceGetCudaComputeCapability(mig)).isEqualTo(new ComputeCapability(9, 0));
        assertThat(nvml.deviceGetBrand(mig)).isEqualTo(14);
        assertNvmlError(() -> nvml.deviceGetNumaNodeId(mig), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetNumaNodeId");

        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu0, 1), NvmlReturn.ERROR_NOT_FOUND,
                "nvmlDeviceGetMigDeviceHandleByIndex");
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu0, 7), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetMigDeviceHandleByIndex");
        assertNvmlError(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu1, 0), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceGetMigDeviceHandleByIndex");
        assertNvmlError(() -> nvml.deviceGetGpuInstanceId(gpu0), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetGpuInstanceId");
        assertNvmlError(() -> nvml.deviceGetComputeInstanceId(gpu0), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetComputeInstanceId");
        assertNvmlError(() -> nvml.deviceGetDeviceHandleFromMigDeviceHandle(gpu0), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetDeviceHandleFromMigDeviceHandle");
        assertNvmlError(() -> nvml.deviceIsMigDeviceHandle(new DeviceHandle(0x1234)), NvmlReturn.ERROR_INVALID_ARGUMENT,
                "nvmlDeviceIsMigDeviceHandle");
        assertNvmlError(() -> nvml.deviceGetMinorNumber(mig), NvmlReturn.ERROR_NOT_SUPPORTED,
                "nvmlDeviceGetMinorNumber");
    }

    @Test
    void migDevicesAreOrderedByGpuInstanceThenComputeInstance() {
        GpuInstanceHandle g1 = nvml.deviceGetGpuInstanceById(gpu0, 1);
        nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(g1, 0));
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(g1, 0, new Placement(2, 1)); // CI 0
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(g1, 1, new Placement(0, 2)); // CI 1
        GpuInstanceHandle g2 = nvml.deviceCreateGpuInstanceWithPlacement(gpu0, ID_2G, new Placement(0, 2));
        nvml.gpuInstanceCreateComputeInstance(g2, 1);
        Set<String> uuids = new HashSet<>();
        List<String> seen = new ArrayList<>();
        for (int index = 0; index < nvml.deviceGetMaxMigDeviceCount(gpu0); index++) {
            DeviceHandle mig;
            try {
                mig = nvml.deviceGetMigDeviceHandleByIndex(gpu0, index);
            } catch (NvmlException e) {
                assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_FOUND);
                continue;
            }
            seen.add(nvml.deviceGetGpuInstanceId(mig) + "/" + nvml.deviceGetComputeInstanceId(mig) + " "
                    + nvml.deviceGetName(mig));
            uuids.add(nvml.deviceGetUuid(mig));
        }
        assertThat(seen).containsExactly("1/0 NVIDIA H100 80GB HBM3 MIG 1c.3g.40gb",
                "1/1 NVIDIA H100 80GB HBM3 MIG 2c.3g.40gb", "2/0 NVIDIA H100 80GB HBM3 MIG 2g.20gb");
        assertThat(uuids).hasSize(3);
    }

    // ------------------------------------------------------------------------------------------------
    // libraries

    @Test
    void olderDriverLacksFunctionsButTheRestWorks() {
        String old = oldDoublePath();
        DoubleControl oldControl = control(old);
        assertThat(oldControl.nvmlDouble_variant()).isEqualTo("old");
        oldControl.nvmlDouble_reset();
        try {
            Nvml older = create(old);
            older.init();
            assertNvmlError(older::systemGetCudaDriverVersion, NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
                    "nvmlSystemGetCudaDriverVersion_v2");
            DeviceHandle gpu = older.deviceGetHandleByIndex(0);
            assertNvmlError(() -> older.deviceGetGpuInstanceProfileInfoV(gpu, 0), NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
                    "nvmlDeviceGetGpuInstanceProfileInfoV");
            assertNvmlError(() -> older.deviceGetGpuInstanceProfileInfoV3(gpu, 0), NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
                    "nvmlDeviceGetGpuInstanceProfileInfoV");
            assertNvmlError(() -> older.deviceGetNumaNodeId(gpu), NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
                    "nvmlDeviceGetNumaNodeId");
            assertThat(older.deviceGetBrand(gpu)).isEqualTo(14);
            assertThat(older.systemGetDriverVersion()).isEqualTo("580.95.05");
            assertThat(older.deviceGetCount()).isEqualTo(2);
            assertThat(older.deviceGetName(gpu)).isEqualTo(H100_NAME);
            assertThat(older.deviceGetGpuInstancePossiblePlacements(gpu, ID_3G)).isEqualTo(at(4, 0, 4));
            assertThat(older.errorString(15)).isEqualTo("GPU is lost");
            assertThat(oldControl.nvmlDouble_callCount("nvmlDeviceGetGpuInstanceProfileInfoV"))
                    .as("never reached the library").isZero();
            older.shutdown();
        } finally {
            oldControl.nvmlDouble_reset();
        }
        // the current library was untouched and still has both functions
        assertThat(nvml.systemGetCudaDriverVersion()).isEqualTo(13000);
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 2).name()).isEqualTo("MIG 3g.40gb");
    }

    /** Two libraries at once (their states are separate): each binding talks to its own. */
    @Test
    void twoLibrariesInOneJvmStayApart() {
        String old = oldDoublePath();
        DoubleControl oldControl = control(old);
        oldControl.nvmlDouble_reset();
        try {
            Nvml older = create(old);
            assertNvmlError(older::deviceGetCount, NvmlReturn.ERROR_UNINITIALIZED, "nvmlDeviceGetCount_v2");
            older.init();
            DeviceHandle oldGpu = older.deviceGetHandleByIndex(0);
            older.deviceCreateGpuInstanceWithPlacement(oldGpu, ID_1G, new Placement(0, 1));
            assertThat(older.deviceGetGpuInstances(oldGpu, ID_1G)).hasSize(1);
            assertThat(nvml.deviceGetGpuInstances(gpu0, ID_1G)).isEmpty();
            nvml.shutdown();
            assertThat(older.deviceGetCount()).isEqualTo(2);
            assertNvmlError(nvml::deviceGetCount, NvmlReturn.ERROR_UNINITIALIZED, "nvmlDeviceGetCount_v2");
            assertThat(oldControl.nvmlDouble_initCount()).isEqualTo(1);
        } finally {
            oldControl.nvmlDouble_reset();
        }
    }

    @Test
    void missingLibraryIsNvmlNotFound() {
        String path = "/nonexistent/mig4j/libnvidia-ml.so.1";
        NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class, () -> create(path));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NVML not found").contains(path);
        assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_LIBRARY_NOT_FOUND);
    }

    @Test
    void fileThatIsNotALibraryIsNvmlNotFound(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("libnvidia-ml.so.1"), "not an ELF file");
        NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class, () -> create(junk.toString()));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NVML not found");
    }

    // ------------------------------------------------------------------------------------------------
    // threads

    @Test
    void concurrentCallsFromManyThreads() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t % 2 == 0 ? 0 : 9;
                String name = index == 0 ? "MIG 1g.10gb" : "MIG 1g.20gb";
                tasks.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (nvml.deviceGetCount() == 2
                                && nvml.deviceGetGpuInstanceProfileInfoV(gpu0, index).name().equals(name)
                                && nvml.deviceGetName(gpu1).equals(A100_NAME)
                                && nvml.deviceGetGpuInstancePossiblePlacements(gpu0, ID_3G).size() == 2) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(control.nvmlDouble_callCount("nvmlDeviceGetCount_v2")).isEqualTo(threads * 5_000L);
    }

    /** The read-only contract {@code mig4j doctor} runs on real GPUs holds for the binding over the double. */
    @Test
    void meetsTheReadOnlyNvmlContract() {
        List<NvmlConformance.Check> checks = NvmlConformance.run(nvml);
        assertThat(checks).hasSizeGreaterThan(30);
        assertThat(checks).filteredOn(c -> !c.passed()).as("failed checks").isEmpty();
    }

    @Test
    void countsComputeProcessesOfMigDevicesWithAZeroSizeQuery() {
        DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu0, 0);
        assertThat(nvml.deviceGetComputeRunningProcessCount(mig)).isZero();
        control.nvmlDouble_setProcessCount(3);
        assertThat(nvml.deviceGetComputeRunningProcessCount(mig)).isEqualTo(3);
        assertThat(nvml.deviceGetComputeRunningProcessCount(gpu1)).isZero();
        control.nvmlDouble_failNext("nvmlDeviceGetComputeRunningProcesses_v3", NvmlReturn.ERROR_GPU_IS_LOST.value());
        assertNvmlError(() -> nvml.deviceGetComputeRunningProcessCount(mig), NvmlReturn.ERROR_GPU_IS_LOST,
                "nvmlDeviceGetComputeRunningProcesses_v3");
    }

    /** MigManager is written only against Nvml: the same plan/apply runs over this binding and the double. */
    @Test
    void migManagerInventoriesPlansAndAppliesThroughTheBinding() {
        MigManager manager = MigManager.builder(nvml).allowMutations(true).build();
        io.mig4j.api.inventory.Inventory before = manager.inventory();
        assertThat(before.gpus()).hasSize(2);
        assertThat(before.gpus().get(0).gpuInstances()).singleElement().satisfies(gi -> {
            assertThat(gi.profileName()).isEqualTo("3g.40gb");
            assertThat(gi.placement()).isEqualTo(new io.mig4j.api.Placement(4, 4));
            assertThat(gi.computeInstances()).singleElement()
                    .satisfies(ci -> assertThat(ci.migDeviceUuid()).startsWith("MIG-"));
        });
        io.mig4j.api.GpuProduct h100 = io.mig4j.api.ProductCatalog.builtIn().require("H100-80GB");
        List<GpuTarget> targets = List.of(GpuTarget.of(0, io.mig4j.api.layout.RequestedInstance.parseList(h100,
                "3g.40gb,2g.20gb,1g.10gb,1g.10gb")), GpuTarget.migDisabled(1));
        MigPlan plan = manager.plan(targets);
        assertThat(plan.destructiveSteps()).isEmpty(); // the existing 3g.40gb is kept
        ApplyResult result = manager.apply(plan, false);
        assertThat(result.complete()).isTrue();
        assertThat(result.inventory().gpus().get(0).gpuInstances())
                .extracting(gi -> gi.profileName() + "@" + gi.placement())
                .containsExactly("2g.20gb@0:2", "1g.10gb@2:1", "1g.10gb@3:1", "3g.40gb@4:4");
        assertThat(result.inventory().gpus().get(0).migDeviceUuids()).hasSize(4)
                .contains(before.gpus().get(0).migDeviceUuids().get(0));
        assertThat(manager.plan(targets).isEmpty()).isTrue();
    }

    /** The hot path allocates nothing: per-thread native scratch memory, no arena or buffer per call. */
    @Test
    void deviceGetCountDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) { // warm up into compiled code
            sink += nvml.deviceGetCount();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 200_000; i++) {
            sink += nvml.deviceGetCount();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(sink).isEqualTo(2L * 400_000);
        assertThat(allocated).as("bytes allocated by 200,000 calls").isLessThan(200_000);
    }
}
