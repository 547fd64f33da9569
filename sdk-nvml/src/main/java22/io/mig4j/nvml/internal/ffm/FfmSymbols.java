package io.mig4j.nvml.internal.ffm;

import io.mig4j.nvml.NvmlNotFoundException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;

/**
 * The NVML functions {@link FfmNvml} calls: their C names (versioned symbols by their real names, the unversioned
 * ones being header macros) and their addresses in one library, resolved once. A function the library lacks (an
 * older driver) leaves its field {@code null}, so only the method that calls it fails.
 */
final class FfmSymbols {
    static final String INIT = "nvmlInit_v2";
    static final String SHUTDOWN = "nvmlShutdown";
    static final String ERROR_STRING = "nvmlErrorString";
    static final String SYSTEM_GET_DRIVER_VERSION = "nvmlSystemGetDriverVersion";
    static final String SYSTEM_GET_NVML_VERSION = "nvmlSystemGetNVMLVersion";
    static final String SYSTEM_GET_CUDA_DRIVER_VERSION = "nvmlSystemGetCudaDriverVersion_v2";
    static final String DEVICE_GET_COUNT = "nvmlDeviceGetCount_v2";
    static final String DEVICE_GET_HANDLE_BY_INDEX = "nvmlDeviceGetHandleByIndex_v2";
    static final String DEVICE_GET_HANDLE_BY_UUID = "nvmlDeviceGetHandleByUUID";
    static final String DEVICE_GET_HANDLE_BY_PCI_BUS_ID = "nvmlDeviceGetHandleByPciBusId_v2";
    static final String DEVICE_GET_NAME = "nvmlDeviceGetName";
    static final String DEVICE_GET_UUID = "nvmlDeviceGetUUID";
    static final String DEVICE_GET_PCI_INFO = "nvmlDeviceGetPciInfo_v3";
    static final String DEVICE_GET_MEMORY_INFO = "nvmlDeviceGetMemoryInfo";
    static final String DEVICE_GET_MINOR_NUMBER = "nvmlDeviceGetMinorNumber";
    static final String DEVICE_GET_ARCHITECTURE = "nvmlDeviceGetArchitecture";
    static final String DEVICE_GET_BRAND = "nvmlDeviceGetBrand";
    static final String DEVICE_GET_NUMA_NODE_ID = "nvmlDeviceGetNumaNodeId";
    static final String DEVICE_GET_CUDA_COMPUTE_CAPABILITY = "nvmlDeviceGetCudaComputeCapability";
    static final String DEVICE_GET_MIG_MODE = "nvmlDeviceGetMigMode";
    static final String DEVICE_SET_MIG_MODE = "nvmlDeviceSetMigMode";
    static final String DEVICE_GET_MAX_MIG_DEVICE_COUNT = "nvmlDeviceGetMaxMigDeviceCount";
    static final String DEVICE_GET_COMPUTE_RUNNING_PROCESSES = "nvmlDeviceGetComputeRunningProcesses_v3";
    static final String DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V = "nvmlDeviceGetGpuInstanceProfileInfoV";
    static final String DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS = "nvmlDeviceGetGpuInstancePossiblePlacements_v2";
    static final String DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY = "nvmlDeviceGetGpuInstanceRemainingCapacity";
    static final String DEVICE_CREATE_GPU_INSTANCE = "nvmlDeviceCreateGpuInstance";
    static final String DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT = "nvmlDeviceCreateGpuInstanceWithPlacement";
    static final String DEVICE_GET_GPU_INSTANCES = "nvmlDeviceGetGpuInstances";
    static final String DEVICE_GET_GPU_INSTANCE_BY_ID = "nvmlDeviceGetGpuInstanceById";
    static final String GPU_INSTANCE_GET_INFO = "nvmlGpuInstanceGetInfo";
    static final String GPU_INSTANCE_DESTROY = "nvmlGpuInstanceDestroy";
    static final String GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V = "nvmlGpuInstanceGetComputeInstanceProfileInfoV";
    static final String GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS =
            "nvmlGpuInstanceGetComputeInstancePossiblePlacements";
    static final String GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY =
            "nvmlGpuInstanceGetComputeInstanceRemainingCapacity";
    static final String GPU_INSTANCE_CREATE_COMPUTE_INSTANCE = "nvmlGpuInstanceCreateComputeInstance";
    static final String GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT =
            "nvmlGpuInstanceCreateComputeInstanceWithPlacement";
    static final String GPU_INSTANCE_GET_COMPUTE_INSTANCES = "nvmlGpuInstanceGetComputeInstances";
    static final String GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID = "nvmlGpuInstanceGetComputeInstanceById";
    static final String COMPUTE_INSTANCE_GET_INFO = "nvmlComputeInstanceGetInfo_v2";
    static final String COMPUTE_INSTANCE_DESTROY = "nvmlComputeInstanceDestroy";
    static final String DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX = "nvmlDeviceGetMigDeviceHandleByIndex";
    static final String DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE = "nvmlDeviceGetDeviceHandleFromMigDeviceHandle";
    static final String DEVICE_IS_MIG_DEVICE_HANDLE = "nvmlDeviceIsMigDeviceHandle";
    static final String DEVICE_GET_GPU_INSTANCE_ID = "nvmlDeviceGetGpuInstanceId";
    static final String DEVICE_GET_COMPUTE_INSTANCE_ID = "nvmlDeviceGetComputeInstanceId";

    /** Every symbol this binding looks up, in declaration order. */
    static final List<String> SYMBOLS = List.of(INIT, SHUTDOWN, ERROR_STRING, SYSTEM_GET_DRIVER_VERSION,
            SYSTEM_GET_NVML_VERSION, SYSTEM_GET_CUDA_DRIVER_VERSION, DEVICE_GET_COUNT, DEVICE_GET_HANDLE_BY_INDEX,
            DEVICE_GET_HANDLE_BY_UUID, DEVICE_GET_HANDLE_BY_PCI_BUS_ID, DEVICE_GET_NAME, DEVICE_GET_UUID,
            DEVICE_GET_PCI_INFO, DEVICE_GET_MEMORY_INFO, DEVICE_GET_MINOR_NUMBER, DEVICE_GET_ARCHITECTURE,
            DEVICE_GET_BRAND, DEVICE_GET_NUMA_NODE_ID, DEVICE_GET_CUDA_COMPUTE_CAPABILITY, DEVICE_GET_MIG_MODE,
            DEVICE_SET_MIG_MODE, DEVICE_GET_MAX_MIG_DEVICE_COUNT, DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V,
            DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS, DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY,
            DEVICE_CREATE_GPU_INSTANCE, DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT, DEVICE_GET_GPU_INSTANCES,
            DEVICE_GET_GPU_INSTANCE_BY_ID, GPU_INSTANCE_GET_INFO, GPU_INSTANCE_DESTROY,
            GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V, GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS,
            GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY, GPU_INSTANCE_CREATE_COMPUTE_INSTANCE,
            GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT, GPU_INSTANCE_GET_COMPUTE_INSTANCES,
            GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID, COMPUTE_INSTANCE_GET_INFO, COMPUTE_INSTANCE_DESTROY,
            DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX, DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE,
            DEVICE_IS_MIG_DEVICE_HANDLE, DEVICE_GET_GPU_INSTANCE_ID, DEVICE_GET_COMPUTE_INSTANCE_ID);

    final MemorySegment fInit;
    final MemorySegment fShutdown;
    final MemorySegment fErrorString;
    final MemorySegment fSystemGetDriverVersion;
    final MemorySegment fSystemGetNvmlVersion;
    final MemorySegment fSystemGetCudaDriverVersion;
    final MemorySegment fDeviceGetCount;
    final MemorySegment fDeviceGetHandleByIndex;
    final MemorySegment fDeviceGetHandleByUuid;
    final MemorySegment fDeviceGetHandleByPciBusId;
    final MemorySegment fDeviceGetName;
    final MemorySegment fDeviceGetUuid;
    final MemorySegment fDeviceGetPciInfo;
    final MemorySegment fDeviceGetMemoryInfo;
    final MemorySegment fDeviceGetMinorNumber;
    final MemorySegment fDeviceGetArchitecture;
    final MemorySegment fDeviceGetBrand;
    final MemorySegment fDeviceGetNumaNodeId;
    final MemorySegment fDeviceGetCudaComputeCapability;
    final MemorySegment fDeviceGetMigMode;
    final MemorySegment fDeviceSetMigMode;
    final MemorySegment fDeviceGetMaxMigDeviceCount;
    final MemorySegment fDeviceGetComputeRunningProcesses;
    final MemorySegment fDeviceGetGpuInstanceProfileInfoV;
    final MemorySegment fDeviceGetGpuInstancePossiblePlacements;
    final MemorySegment fDeviceGetGpuInstanceRemainingCapacity;
    final MemorySegment fDeviceCreateGpuInstance;
    final MemorySegment fDeviceCreateGpuInstanceWithPlacement;
    final MemorySegment fDeviceGetGpuInstances;
    final MemorySegment fDeviceGetGpuInstanceById;
    final MemorySegment fGpuInstanceGetInfo;
    final MemorySegment fGpuInstanceDestroy;
    final MemorySegment fGpuInstanceGetComputeInstanceProfileInfoV;
    final MemorySegment fGpuInstanceGetComputeInstancePossiblePlacements;
    final MemorySegment fGpuInstanceGetComputeInstanceRemainingCapacity;
    final MemorySegment fGpuInstanceCreateComputeInstance;
    final MemorySegment fGpuInstanceCreateComputeInstanceWithPlacement;
    final MemorySegment fGpuInstanceGetComputeInstances;
    final MemorySegment fGpuInstanceGetComputeInstanceById;
    final MemorySegment fComputeInstanceGetInfo;
    final MemorySegment fComputeInstanceDestroy;
    final MemorySegment fDeviceGetMigDeviceHandleByIndex;
    final MemorySegment fDeviceGetDeviceHandleFromMigDeviceHandle;
    final MemorySegment fDeviceIsMigDeviceHandle;
    final MemorySegment fDeviceGetGpuInstanceId;
    final MemorySegment fDeviceGetComputeInstanceId;

    /** Resolves every symbol of {@link #SYMBOLS} in the library (only {@code nvmlInit_v2} is required). */
    FfmSymbols(String library, SymbolLookup lookup) {
        fInit = find(lookup, INIT);
        if (fInit == null) {
            // any other function may be missing (an older driver); without this one the library is not NVML
            throw new NvmlNotFoundException(library + ": the library has no " + INIT + ", so it is not NVML");
        }
        fShutdown = find(lookup, SHUTDOWN);
        fErrorString = find(lookup, ERROR_STRING);
        fSystemGetDriverVersion = find(lookup, SYSTEM_GET_DRIVER_VERSION);
        fSystemGetNvmlVersion = find(lookup, SYSTEM_GET_NVML_VERSION);
        fSystemGetCudaDriverVersion = find(lookup, SYSTEM_GET_CUDA_DRIVER_VERSION);
        fDeviceGetCount = find(lookup, DEVICE_GET_COUNT);
        fDeviceGetHandleByIndex = find(lookup, DEVICE_GET_HANDLE_BY_INDEX);
        fDeviceGetHandleByUuid = find(lookup, DEVICE_GET_HANDLE_BY_UUID);
        fDeviceGetHandleByPciBusId = find(lookup, DEVICE_GET_HANDLE_BY_PCI_BUS_ID);
        fDeviceGetName = find(lookup, DEVICE_GET_NAME);
        fDeviceGetUuid = find(lookup, DEVICE_GET_UUID);
        fDeviceGetPciInfo = find(lookup, DEVICE_GET_PCI_INFO);
        fDeviceGetMemoryInfo = find(lookup, DEVICE_GET_MEMORY_INFO);
        fDeviceGetMinorNumber = find(lookup, DEVICE_GET_MINOR_NUMBER);
        fDeviceGetArchitecture = find(lookup, DEVICE_GET_ARCHITECTURE);
        fDeviceGetBrand = find(lookup, DEVICE_GET_BRAND);
        fDeviceGetNumaNodeId = find(lookup, DEVICE_GET_NUMA_NODE_ID);
        fDeviceGetCudaComputeCapability = find(lookup, DEVICE_GET_CUDA_COMPUTE_CAPABILITY);
        fDeviceGetMigMode = find(lookup, DEVICE_GET_MIG_MODE);
        fDeviceSetMigMode = find(lookup, DEVICE_SET_MIG_MODE);
        fDeviceGetMaxMigDeviceCount = find(lookup, DEVICE_GET_MAX_MIG_DEVICE_COUNT);
        fDeviceGetComputeRunningProcesses = find(lookup, DEVICE_GET_COMPUTE_RUNNING_PROCESSES);
        fDeviceGetGpuInstanceProfileInfoV = find(lookup, DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        fDeviceGetGpuInstancePossiblePlacements = find(lookup, DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS);
        fDeviceGetGpuInstanceRemainingCapacity = find(lookup, DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY);
        fDeviceCreateGpuInstance = find(lookup, DEVICE_CREATE_GPU_INSTANCE);
        fDeviceCreateGpuInstanceWithPlacement = find(lookup, DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT);
        fDeviceGetGpuInstances = find(lookup, DEVICE_GET_GPU_INSTANCES);
        fDeviceGetGpuInstanceById = find(lookup, DEVICE_GET_GPU_INSTANCE_BY_ID);
        fGpuInstanceGetInfo = find(lookup, GPU_INSTANCE_GET_INFO);
        fGpuInstanceDestroy = find(lookup, GPU_INSTANCE_DESTROY);
        fGpuInstanceGetComputeInstanceProfileInfoV = find(lookup, GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V);
        fGpuInstanceGetComputeInstancePossiblePlacements =
                find(lookup, GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS);
        fGpuInstanceGetComputeInstanceRemainingCapacity =
                find(lookup, GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY);
        fGpuInstanceCreateComputeInstance = find(lookup, GPU_INSTANCE_CREATE_COMPUTE_INSTANCE);
        fGpuInstanceCreateComputeInstanceWithPlacement =
                find(lookup, GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT);
        fGpuInstanceGetComputeInstances = find(lookup, GPU_INSTANCE_GET_COMPUTE_INSTANCES);
        fGpuInstanceGetComputeInstanceById = find(lookup, GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID);
        fComputeInstanceGetInfo = find(lookup, COMPUTE_INSTANCE_GET_INFO);
        fComputeInstanceDestroy = find(lookup, COMPUTE_INSTANCE_DESTROY);
        fDeviceGetMigDeviceHandleByIndex = find(lookup, DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX);
        fDeviceGetDeviceHandleFromMigDeviceHandle = find(lookup, DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE);
        fDeviceIsMigDeviceHandle = find(lookup, DEVICE_IS_MIG_DEVICE_HANDLE);
        fDeviceGetGpuInstanceId = find(lookup, DEVICE_GET_GPU_INSTANCE_ID);
        fDeviceGetComputeInstanceId = find(lookup, DEVICE_GET_COMPUTE_INSTANCE_ID);
    }

    /** The functions of {@link #SYMBOLS} the library lacks, sorted. */
    static List<String> missing(SymbolLookup lookup) {
        List<String> missing = new ArrayList<>();
        for (String name : SYMBOLS) {
            if (lookup.find(name).isEmpty()) {
                missing.add(name);
            }
        }
        missing.sort(null);
        return List.copyOf(missing);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElse(null);
    }
}
