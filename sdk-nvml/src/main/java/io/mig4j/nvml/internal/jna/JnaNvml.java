package io.mig4j.nvml.internal.jna;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
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
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The JNA binding of {@link Nvml} (JDK 17+), with JNA direct mapping: every C function is resolved once, at
 * construction, and called with primitive arguments only; out-parameters and structs go through a per-thread
 * native buffer read back without JNI, so a call such as {@code nvmlDeviceGetCount_v2} allocates nothing.
 * Thread-safe.
 *
 * <p>A function the library lacks (an older driver) is remembered: only its method throws
 * {@link NvmlException} with {@link NvmlReturn#ERROR_FUNCTION_NOT_FOUND}; the rest works.
 *
 * <p>Struct layouts are those of NVIDIA's header on LP64 (x86-64, aarch64), by explicit offsets; see
 * the NVML header nvml.h (github.com/NVIDIA/go-nvml gen/nvml/nvml.h).
 */
public final class JnaNvml implements Nvml {

    /** The C functions, named as exported. */
    enum Fn {
        nvmlInit_v2,
        nvmlShutdown,
        nvmlErrorString,
        nvmlSystemGetDriverVersion,
        nvmlSystemGetNVMLVersion,
        nvmlSystemGetCudaDriverVersion_v2,
        nvmlDeviceGetCount_v2,
        nvmlDeviceGetHandleByIndex_v2,
        nvmlDeviceGetHandleByUUID,
        nvmlDeviceGetHandleByPciBusId_v2,
        nvmlDeviceGetName,
        nvmlDeviceGetUUID,
        nvmlDeviceGetPciInfo_v3,
        nvmlDeviceGetMemoryInfo,
        nvmlDeviceGetMinorNumber,
        nvmlDeviceGetArchitecture,
        nvmlDeviceGetBrand,
        nvmlDeviceGetNumaNodeId,
        nvmlDeviceGetCudaComputeCapability,
        nvmlDeviceGetMigMode,
        nvmlDeviceSetMigMode,
        nvmlDeviceGetMaxMigDeviceCount,
        nvmlDeviceGetComputeRunningProcesses_v3,
        nvmlDeviceGetGpuInstanceProfileInfoV,
        nvmlDeviceGetGpuInstancePossiblePlacements_v2,
        nvmlDeviceGetGpuInstanceRemainingCapacity,
        nvmlDeviceCreateGpuInstance,
        nvmlDeviceCreateGpuInstanceWithPlacement,
        nvmlDeviceGetGpuInstances,
        nvmlDeviceGetGpuInstanceById,
        nvmlGpuInstanceGetInfo,
        nvmlGpuInstanceDestroy,
        nvmlGpuInstanceGetComputeInstanceProfileInfoV,
        nvmlGpuInstanceGetComputeInstancePossiblePlacements,
        nvmlGpuInstanceGetComputeInstanceRemainingCapacity,
        nvmlGpuInstanceCreateComputeInstance,
        nvmlGpuInstanceCreateComputeInstanceWithPlacement,
        nvmlGpuInstanceGetComputeInstances,
        nvmlGpuInstanceGetComputeInstanceById,
        nvmlComputeInstanceGetInfo_v2,
        nvmlComputeInstanceDestroy,
        nvmlDeviceGetMigDeviceHandleByIndex,
        nvmlDeviceGetDeviceHandleFromMigDeviceHandle,
        nvmlDeviceIsMigDeviceHandle,
        nvmlDeviceGetGpuInstanceId,
        nvmlDeviceGetComputeInstanceId
    }

    // --- struct versions: sizeof | version << 24
    static final int GI_PROFILE_INFO_V2 = 0x02000098;
    static final int GI_PROFILE_INFO_V3 = 0x03000098;
    static final int CI_PROFILE_INFO_V2 = 0x02000088;

    // --- nvmlGpuInstanceProfileInfo_v2_t (152 bytes; 4 bytes of padding before memorySizeMB)
    static final int GIP2_ID = 4, GIP2_P2P = 8, GIP2_SLICES = 12, GIP2_INSTANCES = 16, GIP2_SMS = 20, GIP2_CE = 24,
            GIP2_DEC = 28, GIP2_ENC = 32, GIP2_JPEG = 36, GIP2_OFA = 40, GIP2_MEMORY = 48, GIP2_NAME = 56;
    // --- nvmlGpuInstanceProfileInfo_v3_t (152 bytes; no isP2pSupported, no padding, capabilities at the end)
    static final int GIP3_ID = 4, GIP3_SLICES = 8, GIP3_INSTANCES = 12, GIP3_SMS = 16, GIP3_CE = 20, GIP3_DEC = 24,
            GIP3_ENC = 28, GIP3_JPEG = 32, GIP3_OFA = 36, GIP3_MEMORY = 40, GIP3_NAME = 48, GIP3_CAPABILITIES = 144;
    // --- nvmlComputeInstanceProfileInfo_v2_t (136 bytes)
    static final int CIP_ID = 4, CIP_SLICES = 8, CIP_INSTANCES = 12, CIP_SMS = 16, CIP_CE = 20, CIP_DEC = 24,
            CIP_ENC = 28, CIP_JPEG = 32, CIP_OFA = 36, CIP_NAME = 40;
    static final int NAME_SIZE = 96;
    // --- nvmlGpuInstanceInfo_t (24 bytes)
    static final int GII_DEVICE = 0, GII_ID = 8, GII_PROFILE_ID = 12, GII_START = 16, GII_SIZE = 20;
    // --- nvmlComputeInstanceInfo_t (32 bytes)
    static final int CII_DEVICE = 0, CII_GPU_INSTANCE = 8, CII_ID = 16, CII_PROFILE_ID = 20, CII_START = 24,
            CII_SIZE = 28;
    // --- nvmlPciInfo_t (read with _v3; 68 bytes)
    static final int PCI_DOMAIN = 16, PCI_BUS = 20, PCI_DEVICE = 24, PCI_DEVICE_ID = 28, PCI_SUBSYSTEM_ID = 32,
            PCI_BUS_ID = 36, PCI_BUS_ID_SIZE = 32;
    // --- nvmlMemory_t (24 bytes)
    static final int MEM_TOTAL = 0, MEM_FREE = 8, MEM_USED = 16;

    /** Arrays (placements, handles: 8 bytes each) start after the count in the scratch buffer. */
    private static final int ARRAY = 8;
    private static final int SCRATCH_ENTRIES = (Scratch.STRING_IN - ARRAY) / 8;
    private static final int MAX_SIZE_ATTEMPTS = 4;
    private static final int INSUFFICIENT_SIZE = NvmlReturn.ERROR_INSUFFICIENT_SIZE.value();

    /** One bound copy of {@link NvmlDirect} per opened library. */
    private static final Map<NativeLibrary, Binding> BINDINGS = new ConcurrentHashMap<>();

    private record Binding(NvmlFunctions fns, boolean[] present) {
    }

    private final String library;
    private final NvmlFunctions fns;
    private final boolean[] present;
    /** {@code nvmlErrorString}, for exception messages: called only when a message is read. */
    private final IntFunction<String> messages = this::nvmlMessage;

    /**
     * Opens libnvidia-ml and resolves its functions; does not call {@code nvmlInit_v2}.
     *
     * @param library a library name ({@code libnvidia-ml.so.1}) or a path
     * @throws NvmlNotFoundException when the library cannot be loaded or is not NVML
     */
    public JnaNvml(String library) {
        this.library = Objects.requireNonNull(library, "library");
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(library,
                    Map.of(Library.OPTION_CLASSLOADER, JnaNvml.class.getClassLoader()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new NvmlNotFoundException(loadError(library, e));
        }
        Binding binding = BINDINGS.computeIfAbsent(lib, JnaNvml::bind);
        if (!binding.present()[Fn.nvmlInit_v2.ordinal()]) {
            throw new NvmlNotFoundException(library + " does not export nvmlInit_v2: it is not libnvidia-ml");
        }
        this.fns = binding.fns();
        this.present = binding.present();
    }

    private static String loadError(String library, Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // JNA lists every attempt on its own line (the same dlopen error more than once) and its classpath
        // search ("Native library (...) not found in resource path (...)"): keep each distinct dlopen error
        Set<String> lines = new java.util.LinkedHashSet<>();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("Native library (")) {
                lines.add(line.strip());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (sb.length() > 0) {
                sb.append(sb.charAt(sb.length() - 1) == ':' ? " " : "; ");
            }
            sb.append(line);
        }
        return sb.length() == 0 ? "cannot load " + library : sb.toString();
    }

    private static Binding bind(NativeLibrary lib) {
        BindingLoader loader = new BindingLoader(JnaNvml.class.getClassLoader());
        boolean[] present = new boolean[Fn.values().length];
        try {
            for (Fn f : Fn.values()) {
                try {
                    lib.getFunction(f.name());
                } catch (UnsatisfiedLinkError missing) {
                    continue;
                }
                Class<?> holder = Class.forName(BindingLoader.DIRECT + "$N_" + f.name(), true, loader);
                Native.register(holder, lib);
                present[f.ordinal()] = true;
            }
            Class<?> direct = Class.forName(BindingLoader.DIRECT, true, loader);
            return new Binding((NvmlFunctions) direct.getConstructor().newInstance(), present);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind mig4j's JNA NVML functions", e);
        }
    }

    /** The C functions this library lacks (an older driver), by name. */
    public Set<String> missingFunctions() {
        Set<String> missing = new TreeSet<>();
        for (Fn f : Fn.values()) {
            if (!present[f.ordinal()]) {
                missing.add(f.name());
            }
        }
        return Collections.unmodifiableSet(missing);
    }

    /** The library name or path this binding was opened with. */
    public String library() {
        return library;
    }

    @Override
    public String toString() {
        return "JnaNvml[" + library + "]";
    }

    // --- errors

    /** An NVML getter of one 4-byte value behind a handle: {@code nvmlReturn_t fn(handle, unsigned int *value)}. */
    @FunctionalInterface
    private interface HandleIntGetter {
        int call(long handle, long value);
    }

    /** Calls a {@link HandleIntGetter} with the thread's scratch memory as the out-parameter. */
    private int getInt(Fn f, long handle, HandleIntGetter getter) {
        need(f);
        Scratch s = Scratch.get();
        check(f, getter.call(handle, s.address));
        return s.getInt(0);
    }

    private void need(Fn f) {
        if (!present[f.ordinal()]) {
            throw new NvmlException(f.name(), NvmlReturn.ERROR_FUNCTION_NOT_FOUND);
        }
    }

    private void check(Fn f, int rc) {
        if (rc != 0) {
            throw failure(f, rc);
        }
    }

    private NvmlException failure(Fn f, int rc) {
        return new NvmlException(f.name(), rc, messages);
    }

    /** NVML's own text for a code, or null when the library cannot say. */
    private String nvmlMessage(int code) {
        if (!present[Fn.nvmlErrorString.ordinal()]) {
            return null;
        }
        try {
            long p = fns.nvmlErrorString(code);
            return p == 0 ? null : new Pointer(p).getString(0, "UTF-8");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long h(DeviceHandle device) {
        return Objects.requireNonNull(device, "device").value();
    }

    private static long h(GpuInstanceHandle gpuInstance) {
        return Objects.requireNonNull(gpuInstance, "gpuInstance").value();
    }

    private static long h(ComputeInstanceHandle computeInstance) {
        return Objects.requireNonNull(computeInstance, "computeInstance").value();
    }

    // --- init

    @Override
    public void init() {
        need(Fn.nvmlInit_v2);
        check(Fn.nvmlInit_v2, fns.nvmlInit_v2());
    }

    @Override
    public void shutdown() {
        need(Fn.nvmlShutdown);
        check(Fn.nvmlShutdown, fns.nvmlShutdown());
    }

    @Override
    public String backend() {
        return "jna";
    }

    @Override
    public String errorString(int code) {
        need(Fn.nvmlErrorString);
        long p = fns.nvmlErrorString(code);
        return p == 0 ? null : new Pointer(p).getString(0, "UTF-8");
    }

    // --- system

    @Override
    public String systemGetDriverVersion() {
        need(Fn.nvmlSystemGetDriverVersion);
        Scratch s = Scratch.get();
        check(Fn.nvmlSystemGetDriverVersion, fns.nvmlSystemGetDriverVersion(s.address, Scratch.STRING_IN));
        return s.string(0, Scratch.STRING_IN);
    }

    @Override
    public String systemGetNvmlVersion() {
        need(Fn.nvmlSystemGetNVMLVersion);
        Scratch s = Scratch.get();
        check(Fn.nvmlSystemGetNVMLVersion, fns.nvmlSystemGetNVMLVersion(s.address, Scratch.STRING_IN));
        return s.string(0, Scratch.STRING_IN);
    }

    @Override
    public int systemGetCudaDriverVersion() {
        need(Fn.nvmlSystemGetCudaDriverVersion_v2);
        Scratch s = Scratch.get();
        check(Fn.nvmlSystemGetCudaDriverVersion_v2, fns.nvmlSystemGetCudaDriverVersion_v2(s.address));
        return s.getInt(0);
    }

    // --- devices

    @Override
    public int deviceGetCount() {
        need(Fn.nvmlDeviceGetCount_v2);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetCount_v2, fns.nvmlDeviceGetCount_v2(s.address));
        return s.getInt(0);
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        need(Fn.nvmlDeviceGetHandleByIndex_v2);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetHandleByIndex_v2, fns.nvmlDeviceGetHandleByIndex_v2(index, s.address));
        return new DeviceHandle(s.getLong(0));
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        Objects.requireNonNull(uuid, "uuid");
        need(Fn.nvmlDeviceGetHandleByUUID);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetHandleByUUID, fns.nvmlDeviceGetHandleByUUID(s.inputString(uuid), s.address));
        return new DeviceHandle(s.getLong(0));
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        Objects.requireNonNull(pciBusId, "pciBusId");
        need(Fn.nvmlDeviceGetHandleByPciBusId_v2);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetHandleByPciBusId_v2,
                fns.nvmlDeviceGetHandleByPciBusId_v2(s.inputString(pciBusId), s.address));
        return new DeviceHandle(s.getLong(0));
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetName);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetName, fns.nvmlDeviceGetName(d, s.address, Scratch.STRING_IN));
        return s.string(0, Scratch.STRING_IN);
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetUUID);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetUUID, fns.nvmlDeviceGetUUID(d, s.address, Scratch.STRING_IN));
        return s.string(0, Scratch.STRING_IN);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetPciInfo_v3);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetPciInfo_v3, fns.nvmlDeviceGetPciInfo_v3(d, s.address));
        return new PciInfo(s.string(PCI_BUS_ID, PCI_BUS_ID_SIZE), s.getInt(PCI_DOMAIN), s.getInt(PCI_BUS),
                s.getInt(PCI_DEVICE), s.getInt(PCI_DEVICE_ID), s.getInt(PCI_SUBSYSTEM_ID));
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetMemoryInfo);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetMemoryInfo, fns.nvmlDeviceGetMemoryInfo(d, s.address));
        return new MemoryInfo(s.getLong(MEM_TOTAL), s.getLong(MEM_FREE), s.getLong(MEM_USED));
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return getInt(Fn.nvmlDeviceGetMinorNumber, h(device), fns::nvmlDeviceGetMinorNumber);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return getInt(Fn.nvmlDeviceGetArchitecture, h(device), fns::nvmlDeviceGetArchitecture);
    }

    @Override
    public int deviceGetBrand(DeviceHandle device) {
        return getInt(Fn.nvmlDeviceGetBrand, h(device), fns::nvmlDeviceGetBrand);
    }

    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        return getInt(Fn.nvmlDeviceGetNumaNodeId, h(device), fns::nvmlDeviceGetNumaNodeId);
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetCudaComputeCapability);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetCudaComputeCapability,
                fns.nvmlDeviceGetCudaComputeCapability(d, s.address, s.address + 8));
        return new ComputeCapability(s.getInt(0), s.getInt(8));
    }

    // --- MIG mode

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetMigMode);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetMigMode, fns.nvmlDeviceGetMigMode(d, s.address, s.address + 8));
        return new MigModeInfo(s.getInt(0), s.getInt(8));
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        long d = h(device);
        need(Fn.nvmlDeviceSetMigMode);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceSetMigMode, fns.nvmlDeviceSetMigMode(d, mode, s.address));
        return new SetMigModeResult(NvmlReturn.of(s.getInt(0)));
    }

    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceGetComputeRunningProcesses_v3);
        Scratch s = Scratch.get();
        s.putInt(0, 0);
        int rc = fns.nvmlDeviceGetComputeRunningProcesses_v3(d, s.address, 0L);
        if (rc != 0 && rc != INSUFFICIENT_SIZE) {
            throw failure(Fn.nvmlDeviceGetComputeRunningProcesses_v3, rc);
        }
        return s.getInt(0);
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        return getInt(Fn.nvmlDeviceGetMaxMigDeviceCount, h(device), fns::nvmlDeviceGetMaxMigDeviceCount);
    }

    // --- GPU instances

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        return gpuInstanceProfileInfo(h(device), profileIndex, GI_PROFILE_INFO_V2);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        return gpuInstanceProfileInfo(h(device), profileIndex, GI_PROFILE_INFO_V3);
    }

    private GpuInstanceProfileInfo gpuInstanceProfileInfo(long device, int profileIndex, int version) {
        need(Fn.nvmlDeviceGetGpuInstanceProfileInfoV);
        Scratch s = Scratch.get();
        s.putInt(0, version);
        check(Fn.nvmlDeviceGetGpuInstanceProfileInfoV,
                fns.nvmlDeviceGetGpuInstanceProfileInfoV(device, profileIndex, s.address));
        if (version == GI_PROFILE_INFO_V2) {
            return new GpuInstanceProfileInfo(2, s.getInt(GIP2_ID), s.getInt(GIP2_P2P), s.getInt(GIP2_SLICES),
                    s.getInt(GIP2_INSTANCES), s.getInt(GIP2_SMS), s.getInt(GIP2_CE), s.getInt(GIP2_DEC),
                    s.getInt(GIP2_ENC), s.getInt(GIP2_JPEG), s.getInt(GIP2_OFA), s.getLong(GIP2_MEMORY),
                    s.string(GIP2_NAME, NAME_SIZE), 0);
        }
        return new GpuInstanceProfileInfo(3, s.getInt(GIP3_ID), 0, s.getInt(GIP3_SLICES), s.getInt(GIP3_INSTANCES),
                s.getInt(GIP3_SMS), s.getInt(GIP3_CE), s.getInt(GIP3_DEC), s.getInt(GIP3_ENC), s.getInt(GIP3_JPEG),
                s.getInt(GIP3_OFA), s.getLong(GIP3_MEMORY), s.string(GIP3_NAME, NAME_SIZE),
                s.getInt(GIP3_CAPABILITIES));
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        long d = h(device);
        return list(Fn.nvmlDeviceGetGpuInstancePossiblePlacements_v2,
                (array, count) -> fns.nvmlDeviceGetGpuInstancePossiblePlacements_v2(d, profileId, array, count),
                JnaNvml::placement);
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        long d = h(device);
        need(Fn.nvmlDeviceGetGpuInstanceRemainingCapacity);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetGpuInstanceRemainingCapacity,
                fns.nvmlDeviceGetGpuInstanceRemainingCapacity(d, profileId, s.address));
        return s.getInt(0);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        long d = h(device);
        need(Fn.nvmlDeviceCreateGpuInstance);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceCreateGpuInstance, fns.nvmlDeviceCreateGpuInstance(d, profileId, s.address));
        return new GpuInstanceHandle(s.getLong(0));
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        long d = h(device);
        Objects.requireNonNull(placement, "placement");
        need(Fn.nvmlDeviceCreateGpuInstanceWithPlacement);
        Scratch s = Scratch.get();
        s.putInt(16, placement.start());
        s.putInt(20, placement.size());
        check(Fn.nvmlDeviceCreateGpuInstanceWithPlacement,
                fns.nvmlDeviceCreateGpuInstanceWithPlacement(d, profileId, s.address + 16, s.address));
        return new GpuInstanceHandle(s.getLong(0));
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        long d = h(device);
        return list(Fn.nvmlDeviceGetGpuInstances,
                (array, count) -> fns.nvmlDeviceGetGpuInstances(d, profileId, array, count),
                (b, o) -> new GpuInstanceHandle(b.getLong(o)));
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        long d = h(device);
        need(Fn.nvmlDeviceGetGpuInstanceById);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetGpuInstanceById, fns.nvmlDeviceGetGpuInstanceById(d, id, s.address));
        return new GpuInstanceHandle(s.getLong(0));
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceGetInfo);
        Scratch s = Scratch.get();
        check(Fn.nvmlGpuInstanceGetInfo, fns.nvmlGpuInstanceGetInfo(g, s.address));
        return new NvmlGpuInstanceInfo(new DeviceHandle(s.getLong(GII_DEVICE)), s.getInt(GII_ID),
                s.getInt(GII_PROFILE_ID), new Placement(s.getInt(GII_START), s.getInt(GII_SIZE)));
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceDestroy);
        check(Fn.nvmlGpuInstanceDestroy, fns.nvmlGpuInstanceDestroy(g));
    }

    // --- compute instances

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                                int profileIndex, int engineProfile) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceGetComputeInstanceProfileInfoV);
        Scratch s = Scratch.get();
        s.putInt(0, CI_PROFILE_INFO_V2);
        check(Fn.nvmlGpuInstanceGetComputeInstanceProfileInfoV,
                fns.nvmlGpuInstanceGetComputeInstanceProfileInfoV(g, profileIndex, engineProfile, s.address));
        return new ComputeInstanceProfileInfo(2, s.getInt(CIP_ID), s.getInt(CIP_SLICES), s.getInt(CIP_INSTANCES),
                s.getInt(CIP_SMS), s.getInt(CIP_CE), s.getInt(CIP_DEC), s.getInt(CIP_ENC), s.getInt(CIP_JPEG),
                s.getInt(CIP_OFA), s.string(CIP_NAME, NAME_SIZE));
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance,
                                                                          int profileId) {
        long g = h(gpuInstance);
        return list(Fn.nvmlGpuInstanceGetComputeInstancePossiblePlacements,
                (array, count) -> fns.nvmlGpuInstanceGetComputeInstancePossiblePlacements(g, profileId, array, count),
                JnaNvml::placement);
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceGetComputeInstanceRemainingCapacity);
        Scratch s = Scratch.get();
        check(Fn.nvmlGpuInstanceGetComputeInstanceRemainingCapacity,
                fns.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(g, profileId, s.address));
        return s.getInt(0);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceCreateComputeInstance);
        Scratch s = Scratch.get();
        check(Fn.nvmlGpuInstanceCreateComputeInstance,
                fns.nvmlGpuInstanceCreateComputeInstance(g, profileId, s.address));
        return new ComputeInstanceHandle(s.getLong(0));
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        long g = h(gpuInstance);
        Objects.requireNonNull(placement, "placement");
        need(Fn.nvmlGpuInstanceCreateComputeInstanceWithPlacement);
        Scratch s = Scratch.get();
        s.putInt(16, placement.start());
        s.putInt(20, placement.size());
        check(Fn.nvmlGpuInstanceCreateComputeInstanceWithPlacement,
                fns.nvmlGpuInstanceCreateComputeInstanceWithPlacement(g, profileId, s.address + 16, s.address));
        return new ComputeInstanceHandle(s.getLong(0));
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        long g = h(gpuInstance);
        return list(Fn.nvmlGpuInstanceGetComputeInstances,
                (array, count) -> fns.nvmlGpuInstanceGetComputeInstances(g, profileId, array, count),
                (b, o) -> new ComputeInstanceHandle(b.getLong(o)));
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        long g = h(gpuInstance);
        need(Fn.nvmlGpuInstanceGetComputeInstanceById);
        Scratch s = Scratch.get();
        check(Fn.nvmlGpuInstanceGetComputeInstanceById, fns.nvmlGpuInstanceGetComputeInstanceById(g, id, s.address));
        return new ComputeInstanceHandle(s.getLong(0));
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        long c = h(computeInstance);
        need(Fn.nvmlComputeInstanceGetInfo_v2);
        Scratch s = Scratch.get();
        check(Fn.nvmlComputeInstanceGetInfo_v2, fns.nvmlComputeInstanceGetInfo_v2(c, s.address));
        return new NvmlComputeInstanceInfo(new DeviceHandle(s.getLong(CII_DEVICE)),
                new GpuInstanceHandle(s.getLong(CII_GPU_INSTANCE)), s.getInt(CII_ID), s.getInt(CII_PROFILE_ID),
                new Placement(s.getInt(CII_START), s.getInt(CII_SIZE)));
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        long c = h(computeInstance);
        need(Fn.nvmlComputeInstanceDestroy);
        check(Fn.nvmlComputeInstanceDestroy, fns.nvmlComputeInstanceDestroy(c));
    }

    // --- MIG devices

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        long d = h(device);
        need(Fn.nvmlDeviceGetMigDeviceHandleByIndex);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetMigDeviceHandleByIndex, fns.nvmlDeviceGetMigDeviceHandleByIndex(d, index, s.address));
        return new DeviceHandle(s.getLong(0));
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        long m = h(migDevice);
        need(Fn.nvmlDeviceGetDeviceHandleFromMigDeviceHandle);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceGetDeviceHandleFromMigDeviceHandle,
                fns.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(m, s.address));
        return new DeviceHandle(s.getLong(0));
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        long d = h(device);
        need(Fn.nvmlDeviceIsMigDeviceHandle);
        Scratch s = Scratch.get();
        check(Fn.nvmlDeviceIsMigDeviceHandle, fns.nvmlDeviceIsMigDeviceHandle(d, s.address));
        return s.getInt(0) != 0;
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return getInt(Fn.nvmlDeviceGetGpuInstanceId, h(migDevice), fns::nvmlDeviceGetGpuInstanceId);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return getInt(Fn.nvmlDeviceGetComputeInstanceId, h(migDevice), fns::nvmlDeviceGetComputeInstanceId);
    }

    // --- arrays

    @FunctionalInterface
    private interface ArrayCall {
        /** Calls the C function with an array of {@code *count} 8-byte entries; returns its code. */
        int call(long array, long count);
    }

    @FunctionalInterface
    private interface EntryDecoder<T> {
        /** Reads one 8-byte entry at {@code offset}. */
        T decode(ByteBuffer buffer, int offset);
    }

    /** {@code nvml*Placement_t}: {@code {unsigned int start; unsigned int size;}}. */
    private static Placement placement(ByteBuffer b, int offset) {
        return new Placement(b.getInt(offset), b.getInt(offset + 4));
    }

    /**
     * Calls an array-filling function with the scratch buffer's room ({@value #SCRATCH_ENTRIES} entries), growing
     * the array (beyond the scratch buffer if need be) while the library answers
     * {@code NVML_ERROR_INSUFFICIENT_SIZE}. For placements this is one NVML call per query instead of
     * count-then-fill's two (each a driver round trip of about 0.18 ms on an H200, docs/BENCHMARKS.md); and since a
     * real driver writes every placement whatever {@code *count} says (measured on that H200,
     * docs/nvml-probe-h200-580.159.04.txt), the first buffer must hold more placements than any profile has, which
     * this one does by far (a placement is a distinct start among at most 12 placement units).
     */
    private <T> List<T> list(Fn f, ArrayCall call, EntryDecoder<T> decode) {
        need(f);
        Scratch s = Scratch.get();
        int capacity = SCRATCH_ENTRIES;
        Memory big = null;
        long array = s.address + ARRAY;
        for (int attempt = 1; ; attempt++) {
            s.putInt(0, capacity);
            int rc = call.call(array, s.address);
            Reference.reachabilityFence(big);
            if (rc == 0) {
                int n = Math.min(Math.max(s.getInt(0), 0), capacity);
                ByteBuffer entries = big == null ? s.buf
                        : big.getByteBuffer(0, 8L * capacity).order(ByteOrder.nativeOrder());
                int base = big == null ? ARRAY : 0;
                List<T> result = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    result.add(decode.decode(entries, base + 8 * i));
                }
                Reference.reachabilityFence(big);
                return Collections.unmodifiableList(result);
            }
            if (rc != INSUFFICIENT_SIZE || attempt >= MAX_SIZE_ATTEMPTS) {
                throw failure(f, rc);
            }
            int needed = s.getInt(0);
            capacity = needed > capacity && needed < (1 << 20) ? needed : capacity * 2;
            big = new Memory(8L * capacity);
            array = Pointer.nativeValue(big);
        }
    }
}
