package io.mig4j.nvml.internal.ffm;

import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_DEVICE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_GPU_INSTANCE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_PLACEMENT_START;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CII_PROFILE_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_INSTANCE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_MULTIPROCESSOR_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_NAME_OFFSET;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SHARED_COPY_ENGINE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SHARED_DECODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SHARED_ENCODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SHARED_JPEG_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SHARED_OFA_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_SLICE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.CIP2_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PLACEMENT_START;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PROFILE_INFO_V2;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.COMPUTE_INSTANCE_PROFILE_INFO_V2_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_COPY_ENGINE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_DECODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_ENCODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_INSTANCE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_IS_P2P_SUPPORTED;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_JPEG_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_MEMORY_SIZE_MB;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_MULTIPROCESSOR_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_NAME_OFFSET;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_OFA_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_SLICE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP2_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_CAPABILITIES;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_COPY_ENGINE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_DECODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_ENCODER_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_INSTANCE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_JPEG_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_MEMORY_SIZE_MB;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_MULTIPROCESSOR_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_NAME_OFFSET;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_OFA_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_SLICE_COUNT;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GIP3_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GII_DEVICE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GII_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GII_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GII_PLACEMENT_START;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GII_PROFILE_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PLACEMENT_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PLACEMENT_START;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V2;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V2_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V3;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.GPU_INSTANCE_PROFILE_INFO_V3_VERSION;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.MEMORY_FREE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.MEMORY_TOTAL;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.MEMORY_USED;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.NAME_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_BUS;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_BUS_ID_OFFSET;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_BUS_ID_SIZE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_DEVICE;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_DEVICE_ID;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_DOMAIN;
import static io.mig4j.nvml.internal.ffm.NvmlLayouts.PCI_SUBSYSTEM_ID;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeCapability;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.GpuInstanceProfileInfo;
import io.mig4j.nvml.MemoryInfo;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlNotFoundException;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import io.mig4j.nvml.SetMigModeResult;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The NVML binding for JDK 22+, on the Foreign Function &amp; Memory API (final since JDK 22). Loaded by
 * {@link io.mig4j.nvml.NvmlLoader} through its public {@code (String library)} constructor; lives in
 * {@code META-INF/versions/22} of the multi-release jar, so JDK 17-21 never see it.
 *
 * <p><b>Downcalls.</b> NVML's MIG functions have only a handful of C shapes ({@code int f(ptr)},
 * {@code int f(ptr, uint, ptr)}, ...). There is one downcall {@link MethodHandle} per shape, created once per JVM
 * without a bound address ({@link Linker#downcallHandle(FunctionDescriptor, Linker.Option...)}) and kept in a
 * {@code static final} field of {@link Downcalls}, so the JIT sees a constant and inlines the call. Each instance
 * resolves its library's symbols once, at construction, into {@code final} {@link MemorySegment} fields and passes
 * the address as the first argument of {@code invokeExact}. A symbol the library lacks leaves its field
 * {@code null}: only that method throws {@link NvmlException} with {@link NvmlReturn#ERROR_FUNCTION_NOT_FOUND}.
 * Versioned symbols are bound by their real names ({@code nvmlInit_v2}, {@code nvmlDeviceGetCount_v2}, ...): the
 * unversioned names are header macros.
 *
 * <p><b>Memory.</b> Fixed-size out-parameters and structs use {@link Scratch}, one native segment per thread, so
 * the cheap calls allocate nothing native; only calls whose buffer outgrows it (long strings, more than 63 entries)
 * open a confined arena. Nothing is marked {@link Linker.Option#critical critical} but {@code nvmlErrorString}:
 * the other calls do driver ioctls that can take seconds.
 *
 * <p>Thread-safe (NVML itself is thread-safe); the instance holds no mutable state.
 */
public final class FfmNvml implements Nvml {

    // C names, for symbol lookup and error messages
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

    private static final int SUCCESS = 0;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.value();
    /** Growth limit for count-then-fill arrays: far above any GPU's instance or placement count. */
    private static final int MAX_ARRAY_ENTRIES = 1 << 16;
    /** How often an array call retries with a larger buffer after {@code INSUFFICIENT_SIZE} before giving up. */
    private static final int MAX_GROWTHS = 4;
    /** First capacity when NVML answers the count query with {@code INSUFFICIENT_SIZE} but no count. */
    private static final int INITIAL_ARRAY_ENTRIES = 16;
    /** Handles that fit in the scratch next to the count. */
    private static final int SCRATCH_HANDLES = Scratch.DATA_SIZE / 8;

    private final String library;
    private final List<String> missingFunctions;

    // Resolved symbols; null where the library lacks the function.
    private final MemorySegment fInit;
    private final MemorySegment fShutdown;
    private final MemorySegment fErrorString;
    private final MemorySegment fSystemGetDriverVersion;
    private final MemorySegment fSystemGetNvmlVersion;
    private final MemorySegment fSystemGetCudaDriverVersion;
    private final MemorySegment fDeviceGetCount;
    private final MemorySegment fDeviceGetHandleByIndex;
    private final MemorySegment fDeviceGetHandleByUuid;
    private final MemorySegment fDeviceGetHandleByPciBusId;
    private final MemorySegment fDeviceGetName;
    private final MemorySegment fDeviceGetUuid;
    private final MemorySegment fDeviceGetPciInfo;
    private final MemorySegment fDeviceGetMemoryInfo;
    private final MemorySegment fDeviceGetMinorNumber;
    private final MemorySegment fDeviceGetArchitecture;
    private final MemorySegment fDeviceGetBrand;
    private final MemorySegment fDeviceGetNumaNodeId;
    private final MemorySegment fDeviceGetCudaComputeCapability;
    private final MemorySegment fDeviceGetMigMode;
    private final MemorySegment fDeviceSetMigMode;
    private final MemorySegment fDeviceGetMaxMigDeviceCount;
    private final MemorySegment fDeviceGetComputeRunningProcesses;
    private final MemorySegment fDeviceGetGpuInstanceProfileInfoV;
    private final MemorySegment fDeviceGetGpuInstancePossiblePlacements;
    private final MemorySegment fDeviceGetGpuInstanceRemainingCapacity;
    private final MemorySegment fDeviceCreateGpuInstance;
    private final MemorySegment fDeviceCreateGpuInstanceWithPlacement;
    private final MemorySegment fDeviceGetGpuInstances;
    private final MemorySegment fDeviceGetGpuInstanceById;
    private final MemorySegment fGpuInstanceGetInfo;
    private final MemorySegment fGpuInstanceDestroy;
    private final MemorySegment fGpuInstanceGetComputeInstanceProfileInfoV;
    private final MemorySegment fGpuInstanceGetComputeInstancePossiblePlacements;
    private final MemorySegment fGpuInstanceGetComputeInstanceRemainingCapacity;
    private final MemorySegment fGpuInstanceCreateComputeInstance;
    private final MemorySegment fGpuInstanceCreateComputeInstanceWithPlacement;
    private final MemorySegment fGpuInstanceGetComputeInstances;
    private final MemorySegment fGpuInstanceGetComputeInstanceById;
    private final MemorySegment fComputeInstanceGetInfo;
    private final MemorySegment fComputeInstanceDestroy;
    private final MemorySegment fDeviceGetMigDeviceHandleByIndex;
    private final MemorySegment fDeviceGetDeviceHandleFromMigDeviceHandle;
    private final MemorySegment fDeviceIsMigDeviceHandle;
    private final MemorySegment fDeviceGetGpuInstanceId;
    private final MemorySegment fDeviceGetComputeInstanceId;

    /**
     * Opens {@code library} with {@code dlopen}: a plain name such as {@code libnvidia-ml.so.1} goes through the
     * loader's search path, a path is used as is. The library stays loaded for the life of the JVM. Nothing is
     * called yet: {@link #init()} does {@code nvmlInit_v2}.
     *
     * @throws NvmlNotFoundException when the library cannot be loaded (with the loader's reason)
     */
    @SuppressWarnings("restricted") // libraryLookup: the point of this class
    public FfmNvml(String library) {
        this.library = Objects.requireNonNull(library, "library");
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
            Downcalls.init();
        } catch (IllegalArgumentException e) {
            throw new NvmlNotFoundException(library + ": " + e.getMessage());
        } catch (IllegalCallerException e) {
            throw new NvmlNotFoundException(library + ": native access is not enabled for mig4j ("
                    + e.getMessage() + "); run java with --enable-native-access=ALL-UNNAMED (or the module name)");
        } catch (UnsupportedOperationException | LinkageError e) {
            throw new NvmlNotFoundException(library + ": the FFM linker is not available on this platform: " + e);
        }
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
        List<String> missing = new ArrayList<>();
        for (String name : SYMBOLS) {
            if (lookup.find(name).isEmpty()) {
                missing.add(name);
            }
        }
        missing.sort(null);
        this.missingFunctions = List.copyOf(missing);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElse(null);
    }

    /** The functions this binding uses that the library lacks (sorted): their methods throw {@code FUNCTION_NOT_FOUND}. */
    public List<String> missingFunctions() {
        return missingFunctions;
    }

    /** The library name or path this instance opened. */
    public String library() {
        return library;
    }

    @Override
    public String toString() {
        return "FfmNvml[" + library + "]";
    }

    // =============================================================================================== lifecycle

    @Override
    public void init() {
        check(INIT, Downcalls.i(fn(fInit, INIT)));
    }

    @Override
    public void shutdown() {
        check(SHUTDOWN, Downcalls.i(fn(fShutdown, SHUTDOWN)));
    }

    @Override
    public String backend() {
        return "ffm";
    }

    @Override
    @SuppressWarnings("restricted") // reinterpret: NVML returns a static NUL-terminated string
    public String errorString(int code) {
        if (fErrorString == null) {
            return NvmlReturn.of(code).description();
        }
        MemorySegment text = Downcalls.errorString(fErrorString, code);
        if (text.address() == 0) {
            return NvmlReturn.of(code).description();
        }
        return Scratch.cString(text.reinterpret(1024), 0, 1024);
    }

    // ================================================================================================== system

    @Override
    public String systemGetDriverVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_DRIVER_VERSION, Downcalls.pi(fn(fSystemGetDriverVersion, SYSTEM_GET_DRIVER_VERSION),
                s, Scratch.STRING_BUFFER_SIZE));
        return Scratch.cString(s, 0, Scratch.STRING_BUFFER_SIZE);
    }

    @Override
    public String systemGetNvmlVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_NVML_VERSION, Downcalls.pi(fn(fSystemGetNvmlVersion, SYSTEM_GET_NVML_VERSION),
                s, Scratch.STRING_BUFFER_SIZE));
        return Scratch.cString(s, 0, Scratch.STRING_BUFFER_SIZE);
    }

    @Override
    public int systemGetCudaDriverVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_CUDA_DRIVER_VERSION,
                Downcalls.p(fn(fSystemGetCudaDriverVersion, SYSTEM_GET_CUDA_DRIVER_VERSION), s));
        return s.get(JAVA_INT, 0);
    }

    // ================================================================================================= devices

    @Override
    public int deviceGetCount() {
        MemorySegment fn = fDeviceGetCount;
        if (fn == null) {
            throw missing(DEVICE_GET_COUNT);
        }
        MemorySegment s = Scratch.get();
        int rc = Downcalls.p(fn, s);
        if (rc != SUCCESS) {
            throw failure(DEVICE_GET_COUNT, rc);
        }
        return s.get(JAVA_INT, 0);
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_HANDLE_BY_INDEX,
                Downcalls.ip(fn(fDeviceGetHandleByIndex, DEVICE_GET_HANDLE_BY_INDEX), index, s));
        return new DeviceHandle(address(s, 0));
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        return handleByString(DEVICE_GET_HANDLE_BY_UUID, fDeviceGetHandleByUuid, uuid);
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        return handleByString(DEVICE_GET_HANDLE_BY_PCI_BUS_ID, fDeviceGetHandleByPciBusId, pciBusId);
    }

    /** {@code nvmlReturn_t f(const char *key, nvmlDevice_t *device)}: key in scratch after the handle slot. */
    private DeviceHandle handleByString(String cName, MemorySegment symbol, String key) {
        Objects.requireNonNull(key, "key");
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(cName + ": the key contains a NUL character");
        }
        MemorySegment fn = fn(symbol, cName);
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        MemorySegment s = Scratch.get();
        MemorySegment cKey = Scratch.putCString(s, 8, utf8, Scratch.DATA_SIZE - 8);
        if (cKey != null) {
            check(cName, Downcalls.pp(fn, cKey, s));
            return new DeviceHandle(address(s, 0));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment big = arena.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, big, JAVA_BYTE, 0, utf8.length);
            check(cName, Downcalls.pp(fn, big, s));
            return new DeviceHandle(address(s, 0));
        }
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        return deviceString(DEVICE_GET_NAME, fDeviceGetName, device);
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        return deviceString(DEVICE_GET_UUID, fDeviceGetUuid, device);
    }

    /** {@code nvmlReturn_t f(nvmlDevice_t device, char *buffer, unsigned int length)}. */
    private String deviceString(String cName, MemorySegment symbol, DeviceHandle device) {
        MemorySegment fn = fn(symbol, cName);
        MemorySegment s = Scratch.get();
        s.set(JAVA_BYTE, 0, (byte) 0);
        check(cName, Downcalls.ppi(fn, ptr(device.value()), s, Scratch.STRING_BUFFER_SIZE));
        return Scratch.cString(s, 0, Scratch.STRING_BUFFER_SIZE);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_PCI_INFO, Downcalls.pp(fn(fDeviceGetPciInfo, DEVICE_GET_PCI_INFO), ptr(device.value()), s));
        return new PciInfo(Scratch.cString(s, PCI_BUS_ID_OFFSET, PCI_BUS_ID_SIZE),
                (int) PCI_DOMAIN.get(s, 0L), (int) PCI_BUS.get(s, 0L), (int) PCI_DEVICE.get(s, 0L),
                (int) PCI_DEVICE_ID.get(s, 0L), (int) PCI_SUBSYSTEM_ID.get(s, 0L));
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_MEMORY_INFO,
                Downcalls.pp(fn(fDeviceGetMemoryInfo, DEVICE_GET_MEMORY_INFO), ptr(device.value()), s));
        return new MemoryInfo((long) MEMORY_TOTAL.get(s, 0L), (long) MEMORY_FREE.get(s, 0L),
                (long) MEMORY_USED.get(s, 0L));
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return deviceInt(DEVICE_GET_MINOR_NUMBER, fDeviceGetMinorNumber, device);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return deviceInt(DEVICE_GET_ARCHITECTURE, fDeviceGetArchitecture, device);
    }

    @Override
    public int deviceGetBrand(DeviceHandle device) {
        return deviceInt(DEVICE_GET_BRAND, fDeviceGetBrand, device);
    }

    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        return deviceInt(DEVICE_GET_NUMA_NODE_ID, fDeviceGetNumaNodeId, device);
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_CUDA_COMPUTE_CAPABILITY,
                Downcalls.ppp(fn(fDeviceGetCudaComputeCapability, DEVICE_GET_CUDA_COMPUTE_CAPABILITY),
                        ptr(device.value()), s, s.asSlice(4, 4)));
        return new ComputeCapability(s.get(JAVA_INT, 0), s.get(JAVA_INT, 4));
    }

    /** {@code nvmlReturn_t f(nvmlDevice_t device, unsigned int *out)}. */
    private int deviceInt(String cName, MemorySegment symbol, DeviceHandle device) {
        MemorySegment fn = fn(symbol, cName);
        MemorySegment s = Scratch.get();
        int rc = Downcalls.pp(fn, ptr(device.value()), s);
        if (rc != SUCCESS) {
            throw failure(cName, rc);
        }
        return s.get(JAVA_INT, 0);
    }

    // ================================================================================================ MIG mode

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        MemorySegment fn = fDeviceGetMigMode;
        if (fn == null) {
            throw missing(DEVICE_GET_MIG_MODE);
        }
        MemorySegment s = Scratch.get();
        int rc = Downcalls.ppp(fn, ptr(device.value()), s, s.asSlice(4, 4));
        if (rc != SUCCESS) {
            throw failure(DEVICE_GET_MIG_MODE, rc);
        }
        return new MigModeInfo(s.get(JAVA_INT, 0), s.get(JAVA_INT, 4));
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        MemorySegment s = Scratch.get();
        s.set(JAVA_INT, 0, SUCCESS);
        check(DEVICE_SET_MIG_MODE,
                Downcalls.pip(fn(fDeviceSetMigMode, DEVICE_SET_MIG_MODE), ptr(device.value()), mode, s));
        return new SetMigModeResult(NvmlReturn.of(s.get(JAVA_INT, 0)));
    }

    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        MemorySegment fn = fn(fDeviceGetComputeRunningProcesses, DEVICE_GET_COMPUTE_RUNNING_PROCESSES);
        MemorySegment s = Scratch.get();
        s.set(JAVA_INT, 0, 0);
        int rc = Downcalls.ppp(fn, ptr(device.value()), s, MemorySegment.NULL);
        if (rc != SUCCESS && rc != INSUFFICIENT_SIZE) {
            throw failure(DEVICE_GET_COMPUTE_RUNNING_PROCESSES, rc);
        }
        return s.get(JAVA_INT, 0);
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        return deviceInt(DEVICE_GET_MAX_MIG_DEVICE_COUNT, fDeviceGetMaxMigDeviceCount, device);
    }

    // =========================================================================================== GPU instances

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        MemorySegment fn = fDeviceGetGpuInstanceProfileInfoV;
        if (fn == null) {
            throw missing(DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        }
        MemorySegment s = Scratch.get();
        s.asSlice(0, GPU_INSTANCE_PROFILE_INFO_V2.byteSize()).fill((byte) 0);
        GIP2_VERSION.set(s, 0L, GPU_INSTANCE_PROFILE_INFO_V2_VERSION);
        int rc = Downcalls.pip(fn, ptr(device.value()), profileIndex, s);
        if (rc != SUCCESS) {
            throw failure(DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V, rc);
        }
        // The version reported is the one asked for: the real driver (580.159.04 on an H100) clears the whole
        // struct, .version included, before filling it, so the word cannot be read back.
        return new GpuInstanceProfileInfo(2, (int) GIP2_ID.get(s, 0L),
                (int) GIP2_IS_P2P_SUPPORTED.get(s, 0L), (int) GIP2_SLICE_COUNT.get(s, 0L),
                (int) GIP2_INSTANCE_COUNT.get(s, 0L), (int) GIP2_MULTIPROCESSOR_COUNT.get(s, 0L),
                (int) GIP2_COPY_ENGINE_COUNT.get(s, 0L), (int) GIP2_DECODER_COUNT.get(s, 0L),
                (int) GIP2_ENCODER_COUNT.get(s, 0L), (int) GIP2_JPEG_COUNT.get(s, 0L),
                (int) GIP2_OFA_COUNT.get(s, 0L), (long) GIP2_MEMORY_SIZE_MB.get(s, 0L),
                NameCache.get(s, GIP2_NAME_OFFSET, NAME_SIZE), 0);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        MemorySegment fn = fn(fDeviceGetGpuInstanceProfileInfoV, DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        MemorySegment s = Scratch.get();
        s.asSlice(0, GPU_INSTANCE_PROFILE_INFO_V3.byteSize()).fill((byte) 0);
        GIP3_VERSION.set(s, 0L, GPU_INSTANCE_PROFILE_INFO_V3_VERSION);
        int rc = Downcalls.pip(fn, ptr(device.value()), profileIndex, s);
        if (rc != SUCCESS) {
            throw failure(DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V, rc);
        }
        return new GpuInstanceProfileInfo(3, (int) GIP3_ID.get(s, 0L), 0,
                (int) GIP3_SLICE_COUNT.get(s, 0L), (int) GIP3_INSTANCE_COUNT.get(s, 0L),
                (int) GIP3_MULTIPROCESSOR_COUNT.get(s, 0L), (int) GIP3_COPY_ENGINE_COUNT.get(s, 0L),
                (int) GIP3_DECODER_COUNT.get(s, 0L), (int) GIP3_ENCODER_COUNT.get(s, 0L),
                (int) GIP3_JPEG_COUNT.get(s, 0L), (int) GIP3_OFA_COUNT.get(s, 0L),
                (long) GIP3_MEMORY_SIZE_MB.get(s, 0L), NameCache.get(s, GIP3_NAME_OFFSET, NAME_SIZE),
                (int) GIP3_CAPABILITIES.get(s, 0L));
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        return possiblePlacements(DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS,
                fn(fDeviceGetGpuInstancePossiblePlacements, DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS),
                ptr(device.value()), profileId, true);
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        return ownerIntInt(DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY, fDeviceGetGpuInstanceRemainingCapacity,
                device.value(), profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        return new GpuInstanceHandle(ownerIntPtr(DEVICE_CREATE_GPU_INSTANCE, fDeviceCreateGpuInstance,
                device.value(), profileId));
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        Objects.requireNonNull(placement, "placement");
        MemorySegment fn = fn(fDeviceCreateGpuInstanceWithPlacement, DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT);
        MemorySegment s = Scratch.get();
        GPU_INSTANCE_PLACEMENT_START.set(s, 0L, placement.start());
        GPU_INSTANCE_PLACEMENT_SIZE.set(s, 0L, placement.size());
        MemorySegment out = s.asSlice(8, 8);
        check(DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT,
                Downcalls.pipp(fn, ptr(device.value()), profileId, s.asSlice(0, 8), out));
        return new GpuInstanceHandle(address(out, 0));
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        return instances(DEVICE_GET_GPU_INSTANCES, fn(fDeviceGetGpuInstances, DEVICE_GET_GPU_INSTANCES),
                ptr(device.value()), profileId, GpuInstanceHandle::new);
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        return new GpuInstanceHandle(ownerIntPtr(DEVICE_GET_GPU_INSTANCE_BY_ID, fDeviceGetGpuInstanceById,
                device.value(), id));
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        MemorySegment s = Scratch.get();
        check(GPU_INSTANCE_GET_INFO,
                Downcalls.pp(fn(fGpuInstanceGetInfo, GPU_INSTANCE_GET_INFO), ptr(gpuInstance.value()), s));
        return new NvmlGpuInstanceInfo(new DeviceHandle(((MemorySegment) GII_DEVICE.get(s, 0L)).address()),
                (int) GII_ID.get(s, 0L), (int) GII_PROFILE_ID.get(s, 0L),
                new Placement((int) GII_PLACEMENT_START.get(s, 0L), (int) GII_PLACEMENT_SIZE.get(s, 0L)));
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        check(GPU_INSTANCE_DESTROY,
                Downcalls.p(fn(fGpuInstanceDestroy, GPU_INSTANCE_DESTROY), ptr(gpuInstance.value())));
    }

    // ======================================================================================= compute instances

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                               int profileIndex, int engineProfile) {
        MemorySegment fn = fn(fGpuInstanceGetComputeInstanceProfileInfoV,
                GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V);
        MemorySegment s = Scratch.get();
        s.asSlice(0, COMPUTE_INSTANCE_PROFILE_INFO_V2.byteSize()).fill((byte) 0);
        CIP2_VERSION.set(s, 0L, COMPUTE_INSTANCE_PROFILE_INFO_V2_VERSION);
        int rc = Downcalls.piip(fn, ptr(gpuInstance.value()), profileIndex, engineProfile, s);
        if (rc != SUCCESS) {
            throw failure(GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V, rc);
        }
        return new ComputeInstanceProfileInfo(2, (int) CIP2_ID.get(s, 0L),
                (int) CIP2_SLICE_COUNT.get(s, 0L), (int) CIP2_INSTANCE_COUNT.get(s, 0L),
                (int) CIP2_MULTIPROCESSOR_COUNT.get(s, 0L), (int) CIP2_SHARED_COPY_ENGINE_COUNT.get(s, 0L),
                (int) CIP2_SHARED_DECODER_COUNT.get(s, 0L), (int) CIP2_SHARED_ENCODER_COUNT.get(s, 0L),
                (int) CIP2_SHARED_JPEG_COUNT.get(s, 0L), (int) CIP2_SHARED_OFA_COUNT.get(s, 0L),
                NameCache.get(s, CIP2_NAME_OFFSET, NAME_SIZE));
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance,
                                                                           int profileId) {
        return possiblePlacements(GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS,
                fn(fGpuInstanceGetComputeInstancePossiblePlacements,
                        GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS),
                ptr(gpuInstance.value()), profileId, false);
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        return ownerIntInt(GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY,
                fGpuInstanceGetComputeInstanceRemainingCapacity, gpuInstance.value(), profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        return new ComputeInstanceHandle(ownerIntPtr(GPU_INSTANCE_CREATE_COMPUTE_INSTANCE,
                fGpuInstanceCreateComputeInstance, gpuInstance.value(), profileId));
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        MemorySegment fn = fn(fGpuInstanceCreateComputeInstanceWithPlacement,
                GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT);
        MemorySegment s = Scratch.get();
        COMPUTE_INSTANCE_PLACEMENT_START.set(s, 0L, placement.start());
        COMPUTE_INSTANCE_PLACEMENT_SIZE.set(s, 0L, placement.size());
        MemorySegment out = s.asSlice(8, 8);
        check(GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT,
                Downcalls.pipp(fn, ptr(gpuInstance.value()), profileId, s.asSlice(0, 8), out));
        return new ComputeInstanceHandle(address(out, 0));
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        return instances(GPU_INSTANCE_GET_COMPUTE_INSTANCES,
                fn(fGpuInstanceGetComputeInstances, GPU_INSTANCE_GET_COMPUTE_INSTANCES),
                ptr(gpuInstance.value()), profileId, ComputeInstanceHandle::new);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        return new ComputeInstanceHandle(ownerIntPtr(GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID,
                fGpuInstanceGetComputeInstanceById, gpuInstance.value(), id));
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        MemorySegment s = Scratch.get();
        check(COMPUTE_INSTANCE_GET_INFO, Downcalls.pp(fn(fComputeInstanceGetInfo, COMPUTE_INSTANCE_GET_INFO),
                ptr(computeInstance.value()), s));
        return new NvmlComputeInstanceInfo(new DeviceHandle(((MemorySegment) CII_DEVICE.get(s, 0L)).address()),
                new GpuInstanceHandle(((MemorySegment) CII_GPU_INSTANCE.get(s, 0L)).address()),
                (int) CII_ID.get(s, 0L), (int) CII_PROFILE_ID.get(s, 0L),
                new Placement((int) CII_PLACEMENT_START.get(s, 0L), (int) CII_PLACEMENT_SIZE.get(s, 0L)));
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        check(COMPUTE_INSTANCE_DESTROY,
                Downcalls.p(fn(fComputeInstanceDestroy, COMPUTE_INSTANCE_DESTROY), ptr(computeInstance.value())));
    }

    // ============================================================================================ MIG devices

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        return new DeviceHandle(ownerIntPtr(DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX, fDeviceGetMigDeviceHandleByIndex,
                device.value(), index));
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE,
                Downcalls.pp(fn(fDeviceGetDeviceHandleFromMigDeviceHandle,
                        DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE), ptr(migDevice.value()), s));
        return new DeviceHandle(address(s, 0));
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        return deviceInt(DEVICE_IS_MIG_DEVICE_HANDLE, fDeviceIsMigDeviceHandle, device) != 0;
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return deviceInt(DEVICE_GET_GPU_INSTANCE_ID, fDeviceGetGpuInstanceId, migDevice);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return deviceInt(DEVICE_GET_COMPUTE_INSTANCE_ID, fDeviceGetComputeInstanceId, migDevice);
    }

    // ================================================================================================ helpers

    /** {@code nvmlReturn_t f(owner, unsigned int arg, unsigned int *out)}. */
    private int ownerIntInt(String cName, MemorySegment symbol, long owner, int arg) {
        MemorySegment fn = fn(symbol, cName);
        MemorySegment s = Scratch.get();
        int rc = Downcalls.pip(fn, ptr(owner), arg, s);
        if (rc != SUCCESS) {
            throw failure(cName, rc);
        }
        return s.get(JAVA_INT, 0);
    }

    /** {@code nvmlReturn_t f(owner, unsigned int arg, handle *out)}: returns the handle's address. */
    private long ownerIntPtr(String cName, MemorySegment symbol, long owner, int arg) {
        MemorySegment fn = fn(symbol, cName);
        MemorySegment s = Scratch.get();
        int rc = Downcalls.pip(fn, ptr(owner), arg, s);
        if (rc != SUCCESS) {
            throw failure(cName, rc);
        }
        return address(s, 0);
    }

    /**
     * {@code f(owner, profileId, placement *placements, unsigned int *count)}: first with {@code NULL} to learn the
     * count (the header's documented way: NVML writes as many entries as the profile has, whatever the buffer), then
     * with a buffer of exactly that many entries (in the scratch while it fits), growing it if NVML still answers
     * {@code INSUFFICIENT_SIZE}. Both placement structs are {@code {uint start; uint size;}}.
     */
    private List<Placement> possiblePlacements(String cName, MemorySegment fn, MemorySegment owner, int profileId,
                                               boolean gpuInstance) {
        MemorySegment s = Scratch.get();
        MemorySegment count = s.asSlice(Scratch.COUNT_OFFSET, 4);
        count.set(JAVA_INT, 0, 0);
        int rc = Downcalls.pipp(fn, owner, profileId, MemorySegment.NULL, count);
        int capacity;
        if (rc == SUCCESS) {
            capacity = count.get(JAVA_INT, 0);
            if (capacity == 0) {
                return List.of();
            }
        } else if (rc == INSUFFICIENT_SIZE) {
            capacity = Math.max(count.get(JAVA_INT, 0), INITIAL_ARRAY_ENTRIES);
        } else {
            throw failure(cName, rc);
        }
        long elementSize = NvmlLayouts.GPU_INSTANCE_PLACEMENT.byteSize();
        for (int attempt = 0; ; attempt++) {
            checkCapacity(cName, capacity);
            long bytes = capacity * elementSize;
            try (Arena arena = bytes <= Scratch.DATA_SIZE ? null : Arena.ofConfined()) {
                MemorySegment buffer = arena == null ? s.asSlice(0, bytes) : arena.allocate(bytes, 8);
                count.set(JAVA_INT, 0, capacity);
                rc = Downcalls.pipp(fn, owner, profileId, buffer, count);
                if (rc == SUCCESS) {
                    int n = filled(count, capacity);
                    Placement[] result = new Placement[n];
                    for (int i = 0; i < n; i++) {
                        long base = i * elementSize;
                        result[i] = gpuInstance
                                ? new Placement((int) GPU_INSTANCE_PLACEMENT_START.get(buffer, base),
                                        (int) GPU_INSTANCE_PLACEMENT_SIZE.get(buffer, base))
                                : new Placement((int) COMPUTE_INSTANCE_PLACEMENT_START.get(buffer, base),
                                        (int) COMPUTE_INSTANCE_PLACEMENT_SIZE.get(buffer, base));
                    }
                    return List.of(result);
                }
                if (rc != INSUFFICIENT_SIZE || attempt == MAX_GROWTHS) {
                    throw failure(cName, rc);
                }
                capacity = grow(capacity, count.get(JAVA_INT, 0));
            }
        }
    }

    /**
     * {@code f(owner, profileId, handle *instances, unsigned int *count)}: NVML wants a buffer as large as the
     * profile's instance count and writes the number found to {@code *count}. The first try uses the scratch, room
     * for {@value #SCRATCH_HANDLES} handles where no GPU has more than 7 instances of a profile; {@code *count} is
     * also set to the capacity on the way in, and {@code INSUFFICIENT_SIZE} grows the buffer.
     */
    private <H> List<H> instances(String cName, MemorySegment fn, MemorySegment owner, int profileId,
                                  LongFunction<H> handle) {
        MemorySegment s = Scratch.get();
        MemorySegment count = s.asSlice(Scratch.COUNT_OFFSET, 4);
        int capacity = SCRATCH_HANDLES;
        for (int attempt = 0; ; attempt++) {
            checkCapacity(cName, capacity);
            long bytes = capacity * ADDRESS.byteSize();
            try (Arena arena = bytes <= Scratch.DATA_SIZE ? null : Arena.ofConfined()) {
                MemorySegment buffer = arena == null ? s.asSlice(0, bytes) : arena.allocate(ADDRESS, capacity);
                count.set(JAVA_INT, 0, capacity);
                int rc = Downcalls.pipp(fn, owner, profileId, buffer, count);
                if (rc == SUCCESS) {
                    int n = filled(count, capacity);
                    List<H> result = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        result.add(handle.apply(address(buffer, i * ADDRESS.byteSize())));
                    }
                    return Collections.unmodifiableList(result);
                }
                if (rc != INSUFFICIENT_SIZE || attempt == MAX_GROWTHS) {
                    throw failure(cName, rc);
                }
                capacity = grow(capacity, count.get(JAVA_INT, 0));
            }
        }
    }

    /** The entries NVML reports filled, never more than the buffer holds. */
    private static int filled(MemorySegment count, int capacity) {
        int reported = count.get(JAVA_INT, 0);
        return reported < 0 ? capacity : Math.min(reported, capacity);
    }

    /** The next capacity: what NVML asked for when that is more, else double. */
    private static int grow(int capacity, int reported) {
        return reported > capacity ? reported : capacity * 2;
    }

    private static void checkCapacity(String cName, int capacity) {
        if (capacity < 0 || capacity > MAX_ARRAY_ENTRIES) {
            throw new NvmlException(cName, INSUFFICIENT_SIZE,
                    "NVML asked for a buffer of " + Integer.toUnsignedString(capacity) + " entries");
        }
    }

    private static MemorySegment ptr(long address) {
        return MemorySegment.ofAddress(address);
    }

    private static long address(MemorySegment segment, long offset) {
        return segment.get(ADDRESS, offset).address();
    }

    private static MemorySegment fn(MemorySegment symbol, String cName) {
        if (symbol == null) {
            throw missing(cName);
        }
        return symbol;
    }

    private static NvmlException missing(String cName) {
        return new NvmlException(cName, NvmlReturn.ERROR_FUNCTION_NOT_FOUND);
    }

    private void check(String cName, int rc) {
        if (rc != SUCCESS) {
            throw failure(cName, rc);
        }
    }

    /** The exception for a non-success return, with NVML's own text when {@code nvmlErrorString} gives one. */
    private NvmlException failure(String cName, int rc) {
        String text;
        try {
            text = errorString(rc);
        } catch (RuntimeException | LinkageError e) {
            text = null;
        }
        return new NvmlException(cName, rc, text);
    }

    /**
     * One downcall handle per C shape, without a bound address: {@code (MemorySegment function, args...)}. The
     * names spell the parameters: {@code p} pointer or handle, {@code i} {@code unsigned int}; all return
     * {@code nvmlReturn_t} ({@code int}) except {@code nvmlErrorString}. {@code static final}, so constant for the
     * JIT; the wrappers are tiny and inline.
     */
    static final class Downcalls {
        private static final Linker LINKER = Linker.nativeLinker();

        private static final MethodHandle I = handle(FunctionDescriptor.of(JAVA_INT));
        private static final MethodHandle P = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS));
        private static final MethodHandle PI = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle IP = handle(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        private static final MethodHandle PP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        private static final MethodHandle PPI = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        private static final MethodHandle PPP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        private static final MethodHandle PIP = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        private static final MethodHandle PIPP =
                handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        private static final MethodHandle PIIP =
                handle(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        /** {@code const char *nvmlErrorString(nvmlReturn_t)}: a table lookup, so critical (no safepoint poll). */
        private static final MethodHandle ERROR_STRING = handle(FunctionDescriptor.of(ADDRESS, JAVA_INT),
                Linker.Option.critical(false));

        private Downcalls() {
        }

        /** Forces class initialization (creating the handles) at a point where failures can be reported. */
        static void init() {
            // the static initializer has run by the time this returns
        }

        @SuppressWarnings("restricted")
        private static MethodHandle handle(FunctionDescriptor descriptor, Linker.Option... options) {
            return LINKER.downcallHandle(descriptor, options);
        }

        static int i(MemorySegment fn) {
            try {
                return (int) I.invokeExact(fn);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int p(MemorySegment fn, MemorySegment a) {
            try {
                return (int) P.invokeExact(fn, a);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int pi(MemorySegment fn, MemorySegment a, int b) {
            try {
                return (int) PI.invokeExact(fn, a, b);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int ip(MemorySegment fn, int a, MemorySegment b) {
            try {
                return (int) IP.invokeExact(fn, a, b);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int pp(MemorySegment fn, MemorySegment a, MemorySegment b) {
            try {
                return (int) PP.invokeExact(fn, a, b);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int ppi(MemorySegment fn, MemorySegment a, MemorySegment b, int c) {
            try {
                return (int) PPI.invokeExact(fn, a, b, c);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int ppp(MemorySegment fn, MemorySegment a, MemorySegment b, MemorySegment c) {
            try {
                return (int) PPP.invokeExact(fn, a, b, c);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int pip(MemorySegment fn, MemorySegment a, int b, MemorySegment c) {
            try {
                return (int) PIP.invokeExact(fn, a, b, c);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int pipp(MemorySegment fn, MemorySegment a, int b, MemorySegment c, MemorySegment d) {
            try {
                return (int) PIPP.invokeExact(fn, a, b, c, d);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static int piip(MemorySegment fn, MemorySegment a, int b, int c, MemorySegment d) {
            try {
                return (int) PIIP.invokeExact(fn, a, b, c, d);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        static MemorySegment errorString(MemorySegment fn, int code) {
            try {
                return (MemorySegment) ERROR_STRING.invokeExact(fn, code);
            } catch (Throwable t) {
                throw propagate(t);
            }
        }

        private static RuntimeException propagate(Throwable t) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("unexpected checked exception from a downcall", t);
        }
    }
}
