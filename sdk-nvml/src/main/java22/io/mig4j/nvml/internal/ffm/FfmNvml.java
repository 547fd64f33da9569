package io.mig4j.nvml.internal.ffm;

import static io.mig4j.nvml.internal.ffm.NvmlLayouts.*;
import static io.mig4j.nvml.internal.ffm.FfmSymbols.*;
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
import java.util.List;
import java.util.Objects;

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

    private static final int SUCCESS = 0;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.value();

    private final String library;
    private final List<String> missingFunctions;

    // Resolved symbols; null where the library lacks the function.
    /** The library's functions, resolved once. */
    private final FfmSymbols sym;

    /**
     * Opens {@code library} with {@code dlopen}: a plain name such as {@code libnvidia-ml.so.1} goes through the
     * loader's search path, a path is used as is. The library stays loaded for the life of the JVM. Nothing is
     * called yet: {@link #init()} does {@code nvmlInit_v2}.
     *
     * @throws NvmlNotFoundException when the library cannot be loaded (with the loader's reason)
     */
    public FfmNvml(String library) {
        this.library = Objects.requireNonNull(library, "library");
        SymbolLookup lookup = FfmLibraries.open(library); // loading and its errors: FfmLibraries
        sym = new FfmSymbols(library, lookup);
        this.missingFunctions = FfmSymbols.missing(lookup);
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
        check(INIT, Downcalls.i(fn(sym.fInit, INIT)));
    }

    @Override
    public void shutdown() {
        check(SHUTDOWN, Downcalls.i(fn(sym.fShutdown, SHUTDOWN)));
    }

    @Override
    public String backend() {
        return "ffm";
    }

    @Override
    @SuppressWarnings("restricted") // reinterpret: NVML returns a static NUL-terminated string
    public String errorString(int code) {
        if (sym.fErrorString == null) {
            return NvmlReturn.of(code).description();
        }
        MemorySegment text = Downcalls.errorString(sym.fErrorString, code);
        if (text.address() == 0) {
            return NvmlReturn.of(code).description();
        }
        return Scratch.cString(text.reinterpret(1024), 0, 1024);
    }

    // ================================================================================================== system

    @Override
    public String systemGetDriverVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_DRIVER_VERSION, Downcalls.pi(fn(sym.fSystemGetDriverVersion, SYSTEM_GET_DRIVER_VERSION),
                s, Scratch.STRING_BUFFER_SIZE));
        return Scratch.cString(s, 0, Scratch.STRING_BUFFER_SIZE);
    }

    @Override
    public String systemGetNvmlVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_NVML_VERSION, Downcalls.pi(fn(sym.fSystemGetNvmlVersion, SYSTEM_GET_NVML_VERSION),
                s, Scratch.STRING_BUFFER_SIZE));
        return Scratch.cString(s, 0, Scratch.STRING_BUFFER_SIZE);
    }

    @Override
    public int systemGetCudaDriverVersion() {
        MemorySegment s = Scratch.get();
        check(SYSTEM_GET_CUDA_DRIVER_VERSION,
                Downcalls.p(fn(sym.fSystemGetCudaDriverVersion, SYSTEM_GET_CUDA_DRIVER_VERSION), s));
        return s.get(JAVA_INT, 0);
    }

    // ================================================================================================= devices

    @Override
    public int deviceGetCount() {
        MemorySegment fn = sym.fDeviceGetCount;
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
                Downcalls.ip(fn(sym.fDeviceGetHandleByIndex, DEVICE_GET_HANDLE_BY_INDEX), index, s));
        return new DeviceHandle(address(s, 0));
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        return handleByString(DEVICE_GET_HANDLE_BY_UUID, sym.fDeviceGetHandleByUuid, uuid);
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        return handleByString(DEVICE_GET_HANDLE_BY_PCI_BUS_ID, sym.fDeviceGetHandleByPciBusId, pciBusId);
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
        return deviceString(DEVICE_GET_NAME, sym.fDeviceGetName, device);
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        return deviceString(DEVICE_GET_UUID, sym.fDeviceGetUuid, device);
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
        check(DEVICE_GET_PCI_INFO, Downcalls.pp(fn(sym.fDeviceGetPciInfo, DEVICE_GET_PCI_INFO), ptr(device.value()), s));
        return FfmStructs.pciInfo(s);
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_MEMORY_INFO,
                Downcalls.pp(fn(sym.fDeviceGetMemoryInfo, DEVICE_GET_MEMORY_INFO), ptr(device.value()), s));
        return FfmStructs.memoryInfo(s);
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return deviceInt(DEVICE_GET_MINOR_NUMBER, sym.fDeviceGetMinorNumber, device);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return deviceInt(DEVICE_GET_ARCHITECTURE, sym.fDeviceGetArchitecture, device);
    }

    @Override
    public int deviceGetBrand(DeviceHandle device) {
        return deviceInt(DEVICE_GET_BRAND, sym.fDeviceGetBrand, device);
    }

    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        return deviceInt(DEVICE_GET_NUMA_NODE_ID, sym.fDeviceGetNumaNodeId, device);
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_CUDA_COMPUTE_CAPABILITY,
                Downcalls.ppp(fn(sym.fDeviceGetCudaComputeCapability, DEVICE_GET_CUDA_COMPUTE_CAPABILITY),
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
        MemorySegment fn = sym.fDeviceGetMigMode;
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
                Downcalls.pip(fn(sym.fDeviceSetMigMode, DEVICE_SET_MIG_MODE), ptr(device.value()), mode, s));
        return new SetMigModeResult(NvmlReturn.of(s.get(JAVA_INT, 0)));
    }

    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        MemorySegment fn = fn(sym.fDeviceGetComputeRunningProcesses, DEVICE_GET_COMPUTE_RUNNING_PROCESSES);
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
        return deviceInt(DEVICE_GET_MAX_MIG_DEVICE_COUNT, sym.fDeviceGetMaxMigDeviceCount, device);
    }

    // =========================================================================================== GPU instances

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        MemorySegment fn = sym.fDeviceGetGpuInstanceProfileInfoV;
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
        return FfmStructs.gpuInstanceProfileInfoV2(s);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        MemorySegment fn = fn(sym.fDeviceGetGpuInstanceProfileInfoV, DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        MemorySegment s = Scratch.get();
        s.asSlice(0, GPU_INSTANCE_PROFILE_INFO_V3.byteSize()).fill((byte) 0);
        GIP3_VERSION.set(s, 0L, GPU_INSTANCE_PROFILE_INFO_V3_VERSION);
        int rc = Downcalls.pip(fn, ptr(device.value()), profileIndex, s);
        if (rc != SUCCESS) {
            throw failure(DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V, rc);
        }
        return FfmStructs.gpuInstanceProfileInfoV3(s);
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        return OutArrays.possiblePlacements(this, DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS,
                fn(sym.fDeviceGetGpuInstancePossiblePlacements, DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS),
                ptr(device.value()), profileId, true);
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        return ownerIntInt(DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY, sym.fDeviceGetGpuInstanceRemainingCapacity,
                device.value(), profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        return new GpuInstanceHandle(ownerIntPtr(DEVICE_CREATE_GPU_INSTANCE, sym.fDeviceCreateGpuInstance,
                device.value(), profileId));
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        Objects.requireNonNull(placement, "placement");
        MemorySegment fn = fn(sym.fDeviceCreateGpuInstanceWithPlacement, DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT);
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
        return OutArrays.instances(this, DEVICE_GET_GPU_INSTANCES, fn(sym.fDeviceGetGpuInstances, DEVICE_GET_GPU_INSTANCES),
                ptr(device.value()), profileId, GpuInstanceHandle::new);
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        return new GpuInstanceHandle(ownerIntPtr(DEVICE_GET_GPU_INSTANCE_BY_ID, sym.fDeviceGetGpuInstanceById,
                device.value(), id));
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        MemorySegment s = Scratch.get();
        check(GPU_INSTANCE_GET_INFO,
                Downcalls.pp(fn(sym.fGpuInstanceGetInfo, GPU_INSTANCE_GET_INFO), ptr(gpuInstance.value()), s));
        return FfmStructs.gpuInstanceInfo(s);
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        check(GPU_INSTANCE_DESTROY,
                Downcalls.p(fn(sym.fGpuInstanceDestroy, GPU_INSTANCE_DESTROY), ptr(gpuInstance.value())));
    }

    // ======================================================================================= compute instances

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                               int profileIndex, int engineProfile) {
        MemorySegment fn = fn(sym.fGpuInstanceGetComputeInstanceProfileInfoV,
                GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V);
        MemorySegment s = Scratch.get();
        s.asSlice(0, COMPUTE_INSTANCE_PROFILE_INFO_V2.byteSize()).fill((byte) 0);
        CIP2_VERSION.set(s, 0L, COMPUTE_INSTANCE_PROFILE_INFO_V2_VERSION);
        int rc = Downcalls.piip(fn, ptr(gpuInstance.value()), profileIndex, engineProfile, s);
        if (rc != SUCCESS) {
            throw failure(GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V, rc);
        }
        return FfmStructs.computeInstanceProfileInfoV2(s);
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance,
                                                                           int profileId) {
        return OutArrays.possiblePlacements(this, GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS,
                fn(sym.fGpuInstanceGetComputeInstancePossiblePlacements,
                        GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS),
                ptr(gpuInstance.value()), profileId, false);
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        return ownerIntInt(GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY,
                sym.fGpuInstanceGetComputeInstanceRemainingCapacity, gpuInstance.value(), profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        return new ComputeInstanceHandle(ownerIntPtr(GPU_INSTANCE_CREATE_COMPUTE_INSTANCE,
                sym.fGpuInstanceCreateComputeInstance, gpuInstance.value(), profileId));
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        MemorySegment fn = fn(sym.fGpuInstanceCreateComputeInstanceWithPlacement,
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
        return OutArrays.instances(this, GPU_INSTANCE_GET_COMPUTE_INSTANCES,
                fn(sym.fGpuInstanceGetComputeInstances, GPU_INSTANCE_GET_COMPUTE_INSTANCES),
                ptr(gpuInstance.value()), profileId, ComputeInstanceHandle::new);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        return new ComputeInstanceHandle(ownerIntPtr(GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID,
                sym.fGpuInstanceGetComputeInstanceById, gpuInstance.value(), id));
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        MemorySegment s = Scratch.get();
        check(COMPUTE_INSTANCE_GET_INFO, Downcalls.pp(fn(sym.fComputeInstanceGetInfo, COMPUTE_INSTANCE_GET_INFO),
                ptr(computeInstance.value()), s));
        return FfmStructs.computeInstanceInfo(s);
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        check(COMPUTE_INSTANCE_DESTROY,
                Downcalls.p(fn(sym.fComputeInstanceDestroy, COMPUTE_INSTANCE_DESTROY), ptr(computeInstance.value())));
    }

    // ============================================================================================ MIG devices

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        return new DeviceHandle(ownerIntPtr(DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX, sym.fDeviceGetMigDeviceHandleByIndex,
                device.value(), index));
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        MemorySegment s = Scratch.get();
        check(DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE,
                Downcalls.pp(fn(sym.fDeviceGetDeviceHandleFromMigDeviceHandle,
                        DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE), ptr(migDevice.value()), s));
        return new DeviceHandle(address(s, 0));
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        return deviceInt(DEVICE_IS_MIG_DEVICE_HANDLE, sym.fDeviceIsMigDeviceHandle, device) != 0;
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return deviceInt(DEVICE_GET_GPU_INSTANCE_ID, sym.fDeviceGetGpuInstanceId, migDevice);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return deviceInt(DEVICE_GET_COMPUTE_INSTANCE_ID, sym.fDeviceGetComputeInstanceId, migDevice);
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
    NvmlException failure(String cName, int rc) {
        String text;
        try {
            text = errorString(rc);
        } catch (RuntimeException | LinkageError e) {
            text = null;
        }
        return new NvmlException(cName, rc, text);
    }
}
