package io.mig4j.nvml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The NVML C functions behind the methods of {@link Nvml}, one constant per C function, with whether the function
 * changes a GPU. This is the one list of mutating functions: {@link MutationGuard} refuses exactly those marked
 * {@link #mutating()}, and sdk-testkit's {@code FakeNvml} records these constants in its journal and attaches its
 * faults to them. Both {@code deviceGetGpuInstanceProfileInfoV} and {@code ...V3} are the one C function
 * {@code nvmlDeviceGetGpuInstanceProfileInfoV} (they differ in the struct version they pass).
 */
public enum NvmlFunction {
    INIT("nvmlInit_v2", false, false, "init"),
    SHUTDOWN("nvmlShutdown", false, false, "shutdown"),
    ERROR_STRING("nvmlErrorString", false, false, "errorString"),
    SYSTEM_GET_DRIVER_VERSION("nvmlSystemGetDriverVersion", false, false, "systemGetDriverVersion"),
    SYSTEM_GET_NVML_VERSION("nvmlSystemGetNVMLVersion", false, false, "systemGetNvmlVersion"),
    SYSTEM_GET_CUDA_DRIVER_VERSION("nvmlSystemGetCudaDriverVersion_v2", false, false, "systemGetCudaDriverVersion"),
    DEVICE_GET_COUNT("nvmlDeviceGetCount_v2", false, false, "deviceGetCount"),
    DEVICE_GET_HANDLE_BY_INDEX("nvmlDeviceGetHandleByIndex_v2", true, false, "deviceGetHandleByIndex"),
    DEVICE_GET_HANDLE_BY_UUID("nvmlDeviceGetHandleByUUID", true, false, "deviceGetHandleByUuid"),
    DEVICE_GET_HANDLE_BY_PCI_BUS_ID("nvmlDeviceGetHandleByPciBusId_v2", true, false, "deviceGetHandleByPciBusId"),
    DEVICE_GET_NAME("nvmlDeviceGetName", true, false, "deviceGetName"),
    DEVICE_GET_UUID("nvmlDeviceGetUUID", true, false, "deviceGetUuid"),
    DEVICE_GET_PCI_INFO("nvmlDeviceGetPciInfo_v3", true, false, "deviceGetPciInfo"),
    DEVICE_GET_MEMORY_INFO("nvmlDeviceGetMemoryInfo", true, false, "deviceGetMemoryInfo"),
    DEVICE_GET_MINOR_NUMBER("nvmlDeviceGetMinorNumber", true, false, "deviceGetMinorNumber"),
    DEVICE_GET_ARCHITECTURE("nvmlDeviceGetArchitecture", true, false, "deviceGetArchitecture"),
    DEVICE_GET_BRAND("nvmlDeviceGetBrand", true, false, "deviceGetBrand"),
    DEVICE_GET_NUMA_NODE_ID("nvmlDeviceGetNumaNodeId", true, false, "deviceGetNumaNodeId"),
    DEVICE_GET_CUDA_COMPUTE_CAPABILITY("nvmlDeviceGetCudaComputeCapability", true, false,
            "deviceGetCudaComputeCapability"),
    DEVICE_GET_MIG_MODE("nvmlDeviceGetMigMode", true, false, "deviceGetMigMode"),
    DEVICE_SET_MIG_MODE("nvmlDeviceSetMigMode", true, true, "deviceSetMigMode"),
    DEVICE_GET_MAX_MIG_DEVICE_COUNT("nvmlDeviceGetMaxMigDeviceCount", true, false, "deviceGetMaxMigDeviceCount"),
    DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V("nvmlDeviceGetGpuInstanceProfileInfoV", true, false,
            "deviceGetGpuInstanceProfileInfoV", "deviceGetGpuInstanceProfileInfoV3"),
    DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS("nvmlDeviceGetGpuInstancePossiblePlacements_v2", true, false,
            "deviceGetGpuInstancePossiblePlacements"),
    DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY("nvmlDeviceGetGpuInstanceRemainingCapacity", true, false,
            "deviceGetGpuInstanceRemainingCapacity"),
    DEVICE_CREATE_GPU_INSTANCE("nvmlDeviceCreateGpuInstance", true, true, "deviceCreateGpuInstance"),
    DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT("nvmlDeviceCreateGpuInstanceWithPlacement", true, true,
            "deviceCreateGpuInstanceWithPlacement"),
    DEVICE_GET_GPU_INSTANCES("nvmlDeviceGetGpuInstances", true, false, "deviceGetGpuInstances"),
    DEVICE_GET_GPU_INSTANCE_BY_ID("nvmlDeviceGetGpuInstanceById", true, false, "deviceGetGpuInstanceById"),
    GPU_INSTANCE_GET_INFO("nvmlGpuInstanceGetInfo", true, false, "gpuInstanceGetInfo"),
    GPU_INSTANCE_DESTROY("nvmlGpuInstanceDestroy", true, true, "gpuInstanceDestroy"),
    GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V("nvmlGpuInstanceGetComputeInstanceProfileInfoV", true, false,
            "gpuInstanceGetComputeInstanceProfileInfoV"),
    GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS("nvmlGpuInstanceGetComputeInstancePossiblePlacements",
            true, false, "gpuInstanceGetComputeInstancePossiblePlacements"),
    GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY("nvmlGpuInstanceGetComputeInstanceRemainingCapacity",
            true, false, "gpuInstanceGetComputeInstanceRemainingCapacity"),
    GPU_INSTANCE_CREATE_COMPUTE_INSTANCE("nvmlGpuInstanceCreateComputeInstance", true, true,
            "gpuInstanceCreateComputeInstance"),
    GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT("nvmlGpuInstanceCreateComputeInstanceWithPlacement", true,
            true, "gpuInstanceCreateComputeInstanceWithPlacement"),
    GPU_INSTANCE_GET_COMPUTE_INSTANCES("nvmlGpuInstanceGetComputeInstances", true, false,
            "gpuInstanceGetComputeInstances"),
    GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID("nvmlGpuInstanceGetComputeInstanceById", true, false,
            "gpuInstanceGetComputeInstanceById"),
    COMPUTE_INSTANCE_GET_INFO("nvmlComputeInstanceGetInfo_v2", true, false, "computeInstanceGetInfo"),
    COMPUTE_INSTANCE_DESTROY("nvmlComputeInstanceDestroy", true, true, "computeInstanceDestroy"),
    DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX("nvmlDeviceGetMigDeviceHandleByIndex", true, false,
            "deviceGetMigDeviceHandleByIndex"),
    DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE("nvmlDeviceGetDeviceHandleFromMigDeviceHandle", true, false,
            "deviceGetDeviceHandleFromMigDeviceHandle"),
    DEVICE_IS_MIG_DEVICE_HANDLE("nvmlDeviceIsMigDeviceHandle", true, false, "deviceIsMigDeviceHandle"),
    DEVICE_GET_GPU_INSTANCE_ID("nvmlDeviceGetGpuInstanceId", true, false, "deviceGetGpuInstanceId"),
    DEVICE_GET_COMPUTE_INSTANCE_ID("nvmlDeviceGetComputeInstanceId", true, false, "deviceGetComputeInstanceId"),
    DEVICE_GET_COMPUTE_RUNNING_PROCESSES("nvmlDeviceGetComputeRunningProcesses_v3", true, false,
            "deviceGetComputeRunningProcessCount");

    private final String cName;
    private final boolean targetsGpu;
    private final boolean mutating;
    private final List<String> javaMethods;

    NvmlFunction(String cName, boolean targetsGpu, boolean mutating, String... javaMethods) {
        this.cName = cName;
        this.targetsGpu = targetsGpu;
        this.mutating = mutating;
        this.javaMethods = List.of(javaMethods);
    }

    /** The C function, e.g. {@code nvmlDeviceCreateGpuInstanceWithPlacement}. */
    public String cName() {
        return cName;
    }

    /**
     * Whether the call is about one GPU (a GPU or MIG handle, a GPU or compute instance of it, or its index,
     * UUID or PCI bus id), so that a fault can be attached to that GPU and a lost GPU makes sense for it.
     */
    public boolean targetsGpu() {
        return targetsGpu;
    }

    /** Whether the function changes a GPU (MIG mode, creating or destroying instances). */
    public boolean mutating() {
        return mutating;
    }

    /** The {@link io.mig4j.nvml.Nvml} methods that call this function. */
    public List<String> javaMethods() {
        return javaMethods;
    }

    /** The constant with this C name ({@code nvmlDeviceSetMigMode}) or {@code Nvml} method name ({@code deviceSetMigMode}). */
    public static Optional<NvmlFunction> find(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip();
        return Arrays.stream(values()).filter(f -> f.cName.equals(n) || f.javaMethods.contains(n)).findFirst()
                .or(() -> Arrays.stream(values()).filter(f -> f.cName.equalsIgnoreCase(n)
                        || f.name().equals(n.toUpperCase(Locale.ROOT))).findFirst());
    }

    /**
     * Like {@link #find(String)}, failing for an unknown name.
     *
     * @throws IllegalArgumentException naming the known C functions
     */
    public static NvmlFunction of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown NVML function '" + name
                + "'; known: " + Arrays.stream(values()).map(NvmlFunction::cName).collect(Collectors.joining(", "))));
    }
}
