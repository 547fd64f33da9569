package io.mig4j.nvml;

import io.mig4j.api.Placement;
import java.util.List;

/**
 * The NVML functions mig4j needs, one method per C function, with Java types. Implementations: the FFM
 * binding (JDK 22+), the JNA binding (JDK 17+), both loaded with {@link NvmlLoader}, and {@code FakeNvml}
 * in sdk-testkit. Everything above ({@code MigManager}) is written against this interface only.
 *
 * <p>Every method throws {@link NvmlException} for a non-success return; a function missing from an older
 * driver throws it with {@link NvmlReturn#ERROR_FUNCTION_NOT_FOUND} while the rest keeps working. Buffer
 * sizing ({@code NVML_ERROR_INSUFFICIENT_SIZE} and count-then-fill) is handled inside.
 *
 * <p>Methods marked <em>mutating</em> change a GPU. Real-GPU code reaches them only through
 * {@link MutationGuard}, which {@code MigManager} applies unless the caller opted in.
 *
 * <p>Interface is deliberately open (not sealed) so that users and tests can implement or wrap it.
 */
public interface Nvml extends AutoCloseable {

    /** {@code nvmlInit_v2}. Reference-counted by NVML: each init needs a {@link #shutdown()}. */
    void init();

    /** {@code nvmlShutdown}. */
    void shutdown();

    /** Shuts NVML down; lets an {@code Nvml} live in try-with-resources after {@link #init()}. */
    @Override
    default void close() {
        shutdown();
    }

    /** A short name of the implementation: {@code ffm}, {@code jna}, {@code fake}. */
    String backend();

    /** {@code nvmlErrorString}: NVML's own text for a return code. */
    String errorString(int code);

    // --- system

    /** {@code nvmlSystemGetDriverVersion}. */
    String systemGetDriverVersion();

    /** {@code nvmlSystemGetNVMLVersion}. */
    String systemGetNvmlVersion();

    /** {@code nvmlSystemGetCudaDriverVersion_v2}, e.g. 13000 for CUDA 13.0. */
    int systemGetCudaDriverVersion();

    // --- devices

    /** {@code nvmlDeviceGetCount_v2}. */
    int deviceGetCount();

    /** {@code nvmlDeviceGetHandleByIndex_v2}. */
    DeviceHandle deviceGetHandleByIndex(int index);

    /** {@code nvmlDeviceGetHandleByUUID}; accepts GPU and MIG UUIDs. */
    DeviceHandle deviceGetHandleByUuid(String uuid);

    /** {@code nvmlDeviceGetHandleByPciBusId_v2}. */
    DeviceHandle deviceGetHandleByPciBusId(String pciBusId);

    /** {@code nvmlDeviceGetName}. */
    String deviceGetName(DeviceHandle device);

    /** {@code nvmlDeviceGetUUID}. */
    String deviceGetUuid(DeviceHandle device);

    /** {@code nvmlDeviceGetPciInfo_v3}. */
    PciInfo deviceGetPciInfo(DeviceHandle device);

    /** {@code nvmlDeviceGetMemoryInfo}. */
    MemoryInfo deviceGetMemoryInfo(DeviceHandle device);

    /** {@code nvmlDeviceGetMinorNumber}. */
    int deviceGetMinorNumber(DeviceHandle device);

    /** {@code nvmlDeviceGetArchitecture}: {@code NVML_DEVICE_ARCH_*} (7 Ampere, 9 Hopper, 10 Blackwell). */
    int deviceGetArchitecture(DeviceHandle device);

    /** {@code nvmlDeviceGetBrand}: {@code NVML_BRAND_*} (14, {@code NVML_BRAND_NVIDIA}, on data-center GPUs). */
    int deviceGetBrand(DeviceHandle device);

    /**
     * {@code nvmlDeviceGetNumaNodeId}: the NUMA node of the GPU, which NVIDIA documents only for platforms where
     * the GPU is a NUMA node; {@link NvmlReturn#ERROR_NOT_SUPPORTED} elsewhere and
     * {@link NvmlReturn#ERROR_FUNCTION_NOT_FOUND} on drivers without the function.
     */
    int deviceGetNumaNodeId(DeviceHandle device);

    /** {@code nvmlDeviceGetCudaComputeCapability}. */
    ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device);

    // --- MIG mode

    /** {@code nvmlDeviceGetMigMode}. */
    MigModeInfo deviceGetMigMode(DeviceHandle device);

    /** {@code nvmlDeviceSetMigMode}; <em>mutating</em>. The result says whether the change is only pending. */
    SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode);

    /** {@code nvmlDeviceGetMaxMigDeviceCount}. */
    int deviceGetMaxMigDeviceCount(DeviceHandle device);

    // --- GPU instances

    /** {@code nvmlDeviceGetGpuInstanceProfileInfoV} with a {@code _v2} struct (with {@code isP2pSupported}). */
    GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex);

    /**
     * {@code nvmlDeviceGetGpuInstanceProfileInfoV} with a {@code _v3} struct (with {@code capabilities}).
     * Take names from the {@code _v2} call: driver 580.159.04 leaves the {@code _v3} name empty.
     */
    GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex);

    /** {@code nvmlDeviceGetGpuInstancePossiblePlacements_v2}. */
    List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId);

    /** {@code nvmlDeviceGetGpuInstanceRemainingCapacity}. */
    int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId);

    /** {@code nvmlDeviceCreateGpuInstance}; <em>mutating</em>. NVML chooses the placement. */
    GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId);

    /** {@code nvmlDeviceCreateGpuInstanceWithPlacement}; <em>mutating</em>. */
    GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId, Placement placement);

    /** {@code nvmlDeviceGetGpuInstances}: the GIs of one profile. */
    List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId);

    /** {@code nvmlDeviceGetGpuInstanceById}. */
    GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id);

    /** {@code nvmlGpuInstanceGetInfo}. */
    NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance);

    /** {@code nvmlGpuInstanceDestroy}; <em>mutating</em>. {@code IN_USE} while compute instances exist. */
    void gpuInstanceDestroy(GpuInstanceHandle gpuInstance);

    // --- compute instances

    /** {@code nvmlGpuInstanceGetComputeInstanceProfileInfoV} with a {@code _v2} struct. */
    ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                        int profileIndex, int engineProfile);

    /** {@code nvmlGpuInstanceGetComputeInstancePossiblePlacements}. */
    List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance, int profileId);

    /** {@code nvmlGpuInstanceGetComputeInstanceRemainingCapacity}. */
    int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId);

    /** {@code nvmlGpuInstanceCreateComputeInstance}; <em>mutating</em>. */
    ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId);

    /** {@code nvmlGpuInstanceCreateComputeInstanceWithPlacement}; <em>mutating</em>. */
    ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance, int profileId,
                                                                        Placement placement);

    /** {@code nvmlGpuInstanceGetComputeInstances}: the CIs of one profile. */
    List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId);

    /** {@code nvmlGpuInstanceGetComputeInstanceById}. */
    ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id);

    /** {@code nvmlComputeInstanceGetInfo_v2}. */
    NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance);

    /** {@code nvmlComputeInstanceDestroy}; <em>mutating</em>. */
    void computeInstanceDestroy(ComputeInstanceHandle computeInstance);

    // --- MIG devices

    /** {@code nvmlDeviceGetMigDeviceHandleByIndex}; {@code NOT_FOUND} where no MIG device sits at the index. */
    DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index);

    /** {@code nvmlDeviceGetDeviceHandleFromMigDeviceHandle}. */
    DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice);

    /** {@code nvmlDeviceIsMigDeviceHandle}. */
    boolean deviceIsMigDeviceHandle(DeviceHandle device);

    /** {@code nvmlDeviceGetGpuInstanceId} of a MIG device. */
    int deviceGetGpuInstanceId(DeviceHandle migDevice);

    /** {@code nvmlDeviceGetComputeInstanceId} of a MIG device. */
    int deviceGetComputeInstanceId(DeviceHandle migDevice);

    /**
     * {@code nvmlDeviceGetComputeRunningProcesses_v3} asked with a zero-size array, as NVML documents for
     * counting: the number of compute processes on a GPU or MIG device. (The process struct changed size between
     * driver headers, so the count is the part every driver answers the same way.)
     */
    int deviceGetComputeRunningProcessCount(DeviceHandle device);
}
