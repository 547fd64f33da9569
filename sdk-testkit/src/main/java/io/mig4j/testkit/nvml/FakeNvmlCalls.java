package io.mig4j.testkit.nvml;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.Placement;
import io.mig4j.api.ProfileAttribute;
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
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import io.mig4j.nvml.SetMigModeResult;
import java.util.List;
import java.util.Objects;

/**
 * The NVML functions of {@link FakeNvml}, one method per C function: each is one call through the {@link CallGate}
 * (lock, faults, init check, handle lookup, journal) into the device model ({@link FakeGpu}) and the MIG state
 * ({@link MigState}, {@link FakeGpuInstance}). Kept apart from FakeNvml's test controls, faults, journal and
 * builder so that each file reads as one concern; FakeNvml is the only subclass.
 */
abstract class FakeNvmlCalls implements Nvml {
    /** {@code NVML_GPU_INSTANCE_PROFILE_COUNT} of the NVML 13 header: indexes from here are invalid. */
    static final int GPU_INSTANCE_PROFILE_INDEXES = 0x12;
    private static final long MIB = 1024L * 1024L;
    private static final int CAPS_GFX = 0x2;

    final CallGate gate;
    final List<FakeGpu> gpus;
    private final String driverVersion;
    private final String nvmlVersion;
    private final int cudaDriverVersion;
    private final boolean resetOnMigModeChange;

    FakeNvmlCalls(String driverVersion, String nvmlVersion, int cudaDriverVersion, boolean resetOnMigModeChange,
                  int journalCapacity) {
        this.gate = new CallGate(journalCapacity);
        this.gpus = gate.gpus;
        this.driverVersion = driverVersion;
        this.nvmlVersion = nvmlVersion;
        this.cudaDriverVersion = cudaDriverVersion;
        this.resetOnMigModeChange = resetOnMigModeChange;
    }

    // ------------------------------------------------------------------ library and system

    @Override
    public void init() {
        gate.call(NvmlFunction.INIT, List.of(), () -> -1, () -> gate.initCount++);
    }

    @Override
    public void shutdown() {
        gate.call(NvmlFunction.SHUTDOWN, List.of(), () -> -1, () -> gate.initCount--);
    }

    @Override
    public String backend() {
        return "fake";
    }

    @Override
    public String errorString(int code) {
        return gate.call(NvmlFunction.ERROR_STRING, List.of(code), () -> -1, () -> Identity.errorString(code));
    }

    @Override
    public String systemGetDriverVersion() {
        return gate.call(NvmlFunction.SYSTEM_GET_DRIVER_VERSION, List.of(), () -> -1, () -> driverVersion);
    }

    @Override
    public String systemGetNvmlVersion() {
        return gate.call(NvmlFunction.SYSTEM_GET_NVML_VERSION, List.of(), () -> -1, () -> nvmlVersion);
    }

    @Override
    public int systemGetCudaDriverVersion() {
        return gate.call(NvmlFunction.SYSTEM_GET_CUDA_DRIVER_VERSION, List.of(), () -> -1, () -> cudaDriverVersion);
    }

    // ------------------------------------------------------------------ devices

    @Override
    public int deviceGetCount() {
        return gate.call(NvmlFunction.DEVICE_GET_COUNT, List.of(), () -> -1, gpus::size);
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        boolean exists = index >= 0 && index < gpus.size();
        return gate.call(NvmlFunction.DEVICE_GET_HANDLE_BY_INDEX, List.of(index), () -> exists ? index : -1, () -> {
            if (!exists) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            return gpus.get(index).alive().handle;
        });
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        Objects.requireNonNull(uuid, "uuid");
        return gate.call(NvmlFunction.DEVICE_GET_HANDLE_BY_UUID, List.of(uuid),
                () -> CallGate.gpuIndexOf(gate.byUuid(uuid)), () -> {
                    Object found = gate.byUuid(uuid);
                    if (found instanceof FakeGpu gpu) {
                        return gpu.alive().handle;
                    }
                    if (found instanceof FakeComputeInstance ci) {
                        ci.gpu().alive();
                        return ci.migHandle;
                    }
                    throw new NvmlRefusal(NvmlReturn.ERROR_NOT_FOUND);
                });
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        Objects.requireNonNull(pciBusId, "pciBusId");
        return gate.call(NvmlFunction.DEVICE_GET_HANDLE_BY_PCI_BUS_ID, List.of(pciBusId), () -> {
            FakeGpu gpu = gate.byBus(Identity.parseBusId(pciBusId));
            return gpu == null ? -1 : gpu.index;
        }, () -> {
            int[] parsed = Identity.parseBusId(pciBusId);
            if (parsed == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            FakeGpu gpu = gate.byBus(parsed);
            if (gpu == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return gpu.alive().handle;
        });
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_NAME, device, List.of(),
                d -> d instanceof FakeComputeInstance ci ? ci.name() : ((FakeGpu) d).variant.name());
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_UUID, device, List.of(),
                d -> d instanceof FakeComputeInstance ci ? ci.uuid : ((FakeGpu) d).uuid);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_PCI_INFO, device, List.of(), FakeGpu::pciInfo);
    }

    /** A MIG device reports its GPU instance's memory. */
    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_MEMORY_INFO, device, List.of(), d -> {
            long total = (d instanceof FakeComputeInstance ci ? ci.gpuInstance.profile.memoryMiB()
                    : ((FakeGpu) d).product.memoryMiB()) * MIB;
            return new MemoryInfo(total, total, 0);
        });
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_MINOR_NUMBER, device, List.of(), gpu -> gpu.index);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_ARCHITECTURE, device, List.of(), d -> gpuOf(d).architecture());
    }

    /** The brand of the catalog product ({@code Nvidia} is {@code NVML_BRAND_NVIDIA}); a MIG device has its GPU's. */
    @Override
    public int deviceGetBrand(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_BRAND, device, List.of(), d -> gpuOf(d).brand());
    }

    /** The node set with {@code FakeNvml.Builder.numaNode}; {@code NOT_SUPPORTED} for a GPU without one. */
    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_NUMA_NODE_ID, device, List.of(), gpu -> {
            if (gpu.numaNode == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_NOT_SUPPORTED);
            }
            return gpu.numaNode;
        });
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_CUDA_COMPUTE_CAPABILITY, device, List.of(),
                d -> gpuOf(d).computeCapability());
    }

    private static FakeGpu gpuOf(Object device) {
        return device instanceof FakeComputeInstance ci ? ci.gpu() : (FakeGpu) device;
    }

    // ------------------------------------------------------------------ MIG mode

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_MIG_MODE, device, List.of(),
                gpu -> new MigModeInfo(gpu.currentMode, gpu.pendingMode));
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        return gate.onGpu(NvmlFunction.DEVICE_SET_MIG_MODE, device, List.of(mode),
                gpu -> new SetMigModeResult(gpu.setMigMode(mode, gate.forcedActivation, resetOnMigModeChange)));
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_MAX_MIG_DEVICE_COUNT, device, List.of(),
                gpu -> gpu.currentMode == MigModeInfo.ENABLE ? gpu.product.computeSlices() : 0);
    }

    // ------------------------------------------------------------------ GPU instances

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        return profileInfo(device, profileIndex, 2);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        return profileInfo(device, profileIndex, 3);
    }

    private GpuInstanceProfileInfo profileInfo(DeviceHandle device, int profileIndex, int version) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V, device,
                List.of(profileIndex, "v" + version), gpu -> {
                    if (profileIndex < 0 || profileIndex >= GPU_INSTANCE_PROFILE_INDEXES) {
                        throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    GpuInstanceProfile p = gpu.product.profileByIndex(profileIndex)
                            .orElseThrow(() -> new NvmlRefusal(NvmlReturn.ERROR_NOT_SUPPORTED));
                    int caps = version == 3 && p.name().attributes().contains(ProfileAttribute.GFX) ? CAPS_GFX : 0;
                    return new GpuInstanceProfileInfo(version, p.id(), 0, p.slices(), p.maxInstances(),
                            p.multiprocessors(), p.copyEngines(), p.decoders(), p.encoders(), p.jpegEngines(),
                            p.ofaEngines(), p.memoryMiB(), "MIG " + p.name(), caps);
                });
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS, device, List.of(profileId),
                gpu -> gpu.mig.possiblePlacements(profileId));
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY, device, List.of(profileId),
                gpu -> gpu.mig.remainingCapacity(profileId));
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        return gate.onGpu(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE, device, List.of(profileId),
                gpu -> gpu.migEnabled().create(profileId).handle);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        Objects.requireNonNull(placement, "placement");
        return gate.onGpu(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT, device, List.of(profileId, placement),
                gpu -> gpu.migEnabled().create(profileId, placement).handle);
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCES, device, List.of(profileId),
                gpu -> gpu.migEnabled().list(profileId).stream().map(gi -> gi.handle).toList());
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_BY_ID, device, List.of(id),
                gpu -> gpu.migEnabled().byId(id).handle);
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_INFO, gpuInstance, List.of(),
                gi -> new NvmlGpuInstanceInfo(gi.gpu().handle, gi.id, gi.profile.id(), gi.placement));
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_DESTROY, gpuInstance, List.of(), gi -> {
            gi.mig.destroy(gi);
            return null;
        });
    }

    // ------------------------------------------------------------------ compute instances

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                               int profileIndex, int engineProfile) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V, gpuInstance,
                List.of(profileIndex, engineProfile, "v2"), gi -> gi.profileInfo(profileIndex, engineProfile));
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance,
                                                                           int profileId) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS, gpuInstance,
                List.of(profileId), gi -> gi.possiblePlacements(profileId));
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY, gpuInstance,
                List.of(profileId), gi -> gi.remainingCapacity(profileId));
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE, gpuInstance, List.of(profileId),
                gi -> gi.create(profileId).handle);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT, gpuInstance,
                List.of(profileId, placement), gi -> gi.create(profileId, placement).handle);
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCES, gpuInstance, List.of(profileId),
                gi -> gi.list(profileId).stream().map(ci -> ci.handle).toList());
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        return gate.onGpuInstance(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID, gpuInstance, List.of(id),
                gi -> gi.byId(id).handle);
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        return gate.onComputeInstance(NvmlFunction.COMPUTE_INSTANCE_GET_INFO, computeInstance,
                ci -> new NvmlComputeInstanceInfo(ci.gpu().handle, ci.gpuInstance.handle, ci.id, ci.profile.id(),
                        ci.placement));
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        gate.onComputeInstance(NvmlFunction.COMPUTE_INSTANCE_DESTROY, computeInstance, ci -> {
            ci.gpuInstance.destroy(ci);
            return null;
        });
    }

    // ------------------------------------------------------------------ MIG devices

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        return gate.onGpu(NvmlFunction.DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX, device, List.of(index), gpu -> {
            List<FakeComputeInstance> devices = gpu.migEnabled().migDevices();
            if (index < 0) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            if (index >= devices.size()) {
                throw new NvmlRefusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return devices.get(index).migHandle;
        });
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE, migDevice, List.of(),
                d -> migOnly(d, NvmlReturn.ERROR_INVALID_ARGUMENT).gpu().handle);
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_IS_MIG_DEVICE_HANDLE, device, List.of(),
                d -> d instanceof FakeComputeInstance);
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_GPU_INSTANCE_ID, migDevice, List.of(),
                d -> migOnly(d, NvmlReturn.ERROR_NOT_SUPPORTED).gpuInstance.id);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_COMPUTE_INSTANCE_ID, migDevice, List.of(),
                d -> migOnly(d, NvmlReturn.ERROR_NOT_SUPPORTED).id);
    }

    /** The processes {@code FakeNvml.attachProcess} put on a MIG device, or on every MIG device of a GPU. */
    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        return gate.onDevice(NvmlFunction.DEVICE_GET_COMPUTE_RUNNING_PROCESSES, device, List.of(), d -> {
            List<FakeComputeInstance> cis = d instanceof FakeComputeInstance ci ? List.of(ci)
                    : ((FakeGpu) d).mig.migDevices();
            return cis.stream().mapToInt(ci -> ci.processes).sum();
        });
    }

    private static FakeComputeInstance migOnly(Object device, NvmlReturn otherwise) {
        if (device instanceof FakeComputeInstance ci) {
            return ci;
        }
        throw new NvmlRefusal(otherwise);
    }
}
