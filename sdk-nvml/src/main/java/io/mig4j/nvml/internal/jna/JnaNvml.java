package io.mig4j.nvml.internal.jna;

import static io.mig4j.nvml.internal.jna.JnaStructs.*;

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
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    private final String library;
    private final NvmlFunctions fns;
    private final boolean[] present;
    /** The library's binding; loading and binding live in {@link JnaLibraries}. */
    private final JnaLibraries.Binding binding;
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
        this.binding = JnaLibraries.open(library);
        this.fns = binding.fns();
        this.present = binding.present();
    }

    /** The C functions this library lacks (an older driver), by name. */
    public Set<String> missingFunctions() {
        return binding.missingFunctions();
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

    void need(Fn f) {
        if (!present[f.ordinal()]) {
            throw new NvmlException(f.name(), NvmlReturn.ERROR_FUNCTION_NOT_FOUND);
        }
    }

    private void check(Fn f, int rc) {
        if (rc != 0) {
            throw failure(f, rc);
        }
    }

    NvmlException failure(Fn f, int rc) {
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
        if (rc != 0 && rc != NvmlReturn.ERROR_INSUFFICIENT_SIZE.value()) {
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
        return JnaArrays.list(this, Fn.nvmlDeviceGetGpuInstancePossiblePlacements_v2,
                (array, count) -> fns.nvmlDeviceGetGpuInstancePossiblePlacements_v2(d, profileId, array, count),
                JnaArrays::placement);
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
        return JnaArrays.list(this, Fn.nvmlDeviceGetGpuInstances,
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
        return JnaArrays.list(this, Fn.nvmlGpuInstanceGetComputeInstancePossiblePlacements,
                (array, count) -> fns.nvmlGpuInstanceGetComputeInstancePossiblePlacements(g, profileId, array, count),
                JnaArrays::placement);
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
        return JnaArrays.list(this, Fn.nvmlGpuInstanceGetComputeInstances,
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
}
