package io.mig4j.nvml.internal.jna;

/**
 * The NVML C functions as JNA direct-mapped calls: every pointer (handles, out-parameters, buffers) is a
 * {@code long} address and every {@code unsigned int} an {@code int}, so a call passes only primitives and
 * allocates nothing. Implemented by {@link NvmlDirect}, one copy of which is bound to each loaded library.
 *
 * <p>Public only because {@link NvmlDirect} is defined by a separate class loader (one per library, see
 * {@link JnaNvml}); not an API.
 */
public interface NvmlFunctions {
    int nvmlInit_v2();

    int nvmlShutdown();

    long nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(long version, int length);

    int nvmlSystemGetNVMLVersion(long version, int length);

    int nvmlSystemGetCudaDriverVersion_v2(long cudaDriverVersion);

    int nvmlDeviceGetCount_v2(long deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, long device);

    int nvmlDeviceGetHandleByUUID(long uuid, long device);

    int nvmlDeviceGetHandleByPciBusId_v2(long pciBusId, long device);

    int nvmlDeviceGetName(long device, long name, int length);

    int nvmlDeviceGetUUID(long device, long uuid, int length);

    int nvmlDeviceGetPciInfo_v3(long device, long pci);

    int nvmlDeviceGetMemoryInfo(long device, long memory);

    int nvmlDeviceGetMinorNumber(long device, long minorNumber);

    int nvmlDeviceGetArchitecture(long device, long arch);

    int nvmlDeviceGetBrand(long device, long type);

    int nvmlDeviceGetNumaNodeId(long device, long node);

    int nvmlDeviceGetCudaComputeCapability(long device, long major, long minor);

    int nvmlDeviceGetMigMode(long device, long currentMode, long pendingMode);

    int nvmlDeviceSetMigMode(long device, int mode, long activationStatus);

    int nvmlDeviceGetMaxMigDeviceCount(long device, long count);

    int nvmlDeviceGetComputeRunningProcesses_v3(long device, long infoCount, long infos);

    int nvmlDeviceGetGpuInstanceProfileInfoV(long device, int profile, long info);

    int nvmlDeviceGetGpuInstancePossiblePlacements_v2(long device, int profileId, long placements, long count);

    int nvmlDeviceGetGpuInstanceRemainingCapacity(long device, int profileId, long count);

    int nvmlDeviceCreateGpuInstance(long device, int profileId, long gpuInstance);

    int nvmlDeviceCreateGpuInstanceWithPlacement(long device, int profileId, long placement, long gpuInstance);

    int nvmlDeviceGetGpuInstances(long device, int profileId, long gpuInstances, long count);

    int nvmlDeviceGetGpuInstanceById(long device, int id, long gpuInstance);

    int nvmlGpuInstanceGetInfo(long gpuInstance, long info);

    int nvmlGpuInstanceDestroy(long gpuInstance);

    int nvmlGpuInstanceGetComputeInstanceProfileInfoV(long gpuInstance, int profile, int engProfile, long info);

    int nvmlGpuInstanceGetComputeInstancePossiblePlacements(long gpuInstance, int profileId, long placements, long count);

    int nvmlGpuInstanceGetComputeInstanceRemainingCapacity(long gpuInstance, int profileId, long count);

    int nvmlGpuInstanceCreateComputeInstance(long gpuInstance, int profileId, long computeInstance);

    int nvmlGpuInstanceCreateComputeInstanceWithPlacement(long gpuInstance, int profileId, long placement, long computeInstance);

    int nvmlGpuInstanceGetComputeInstances(long gpuInstance, int profileId, long computeInstances, long count);

    int nvmlGpuInstanceGetComputeInstanceById(long gpuInstance, int id, long computeInstance);

    int nvmlComputeInstanceGetInfo_v2(long computeInstance, long info);

    int nvmlComputeInstanceDestroy(long computeInstance);

    int nvmlDeviceGetMigDeviceHandleByIndex(long device, int index, long migDevice);

    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(long migDevice, long device);

    int nvmlDeviceIsMigDeviceHandle(long device, long isMigDevice);

    int nvmlDeviceGetGpuInstanceId(long device, long id);

    int nvmlDeviceGetComputeInstanceId(long device, long id);
}
