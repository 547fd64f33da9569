package io.mig4j.nvml;

import io.mig4j.api.Placement;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Nvml} that passes every call to another one: extend it to wrap a binding (logging, timing,
 * guards) and override only what changes. Every call that reaches an NVML function first goes through
 * {@link #beforeCall(NvmlFunction)}, so a wrapper that treats functions alike (a guard, a counter) overrides that
 * one method instead of each call.
 */
public abstract class ForwardingNvml implements Nvml {
    protected final Nvml delegate;

    protected ForwardingNvml(Nvml delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Called before each call is passed on, with the C function it stands for; does nothing here. Throw to stop
     * the call before it reaches the delegate.
     */
    protected void beforeCall(NvmlFunction function) {
    }

    @Override
    public void init() {
        beforeCall(NvmlFunction.INIT);
        delegate.init();
    }

    @Override
    public void shutdown() {
        beforeCall(NvmlFunction.SHUTDOWN);
        delegate.shutdown();
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public String errorString(int code) {
        beforeCall(NvmlFunction.ERROR_STRING);
        return delegate.errorString(code);
    }

    @Override
    public String systemGetDriverVersion() {
        beforeCall(NvmlFunction.SYSTEM_GET_DRIVER_VERSION);
        return delegate.systemGetDriverVersion();
    }

    @Override
    public String systemGetNvmlVersion() {
        beforeCall(NvmlFunction.SYSTEM_GET_NVML_VERSION);
        return delegate.systemGetNvmlVersion();
    }

    @Override
    public int systemGetCudaDriverVersion() {
        beforeCall(NvmlFunction.SYSTEM_GET_CUDA_DRIVER_VERSION);
        return delegate.systemGetCudaDriverVersion();
    }

    @Override
    public int deviceGetCount() {
        beforeCall(NvmlFunction.DEVICE_GET_COUNT);
        return delegate.deviceGetCount();
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        beforeCall(NvmlFunction.DEVICE_GET_HANDLE_BY_INDEX);
        return delegate.deviceGetHandleByIndex(index);
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        beforeCall(NvmlFunction.DEVICE_GET_HANDLE_BY_UUID);
        return delegate.deviceGetHandleByUuid(uuid);
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        beforeCall(NvmlFunction.DEVICE_GET_HANDLE_BY_PCI_BUS_ID);
        return delegate.deviceGetHandleByPciBusId(pciBusId);
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_NAME);
        return delegate.deviceGetName(device);
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_UUID);
        return delegate.deviceGetUuid(device);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_PCI_INFO);
        return delegate.deviceGetPciInfo(device);
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_MEMORY_INFO);
        return delegate.deviceGetMemoryInfo(device);
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_MINOR_NUMBER);
        return delegate.deviceGetMinorNumber(device);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_ARCHITECTURE);
        return delegate.deviceGetArchitecture(device);
    }

    @Override
    public int deviceGetBrand(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_BRAND);
        return delegate.deviceGetBrand(device);
    }

    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_NUMA_NODE_ID);
        return delegate.deviceGetNumaNodeId(device);
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_CUDA_COMPUTE_CAPABILITY);
        return delegate.deviceGetCudaComputeCapability(device);
    }

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_MIG_MODE);
        return delegate.deviceGetMigMode(device);
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        beforeCall(NvmlFunction.DEVICE_SET_MIG_MODE);
        return delegate.deviceSetMigMode(device, mode);
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_MAX_MIG_DEVICE_COUNT);
        return delegate.deviceGetMaxMigDeviceCount(device);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        return delegate.deviceGetGpuInstanceProfileInfoV(device, profileIndex);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V);
        return delegate.deviceGetGpuInstanceProfileInfoV3(device, profileIndex);
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS);
        return delegate.deviceGetGpuInstancePossiblePlacements(device, profileId);
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY);
        return delegate.deviceGetGpuInstanceRemainingCapacity(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        beforeCall(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE);
        return delegate.deviceCreateGpuInstance(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId, Placement placement) {
        beforeCall(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT);
        return delegate.deviceCreateGpuInstanceWithPlacement(device, profileId, placement);
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCES);
        return delegate.deviceGetGpuInstances(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_BY_ID);
        return delegate.deviceGetGpuInstanceById(device, id);
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_INFO);
        return delegate.gpuInstanceGetInfo(gpuInstance);
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        beforeCall(NvmlFunction.GPU_INSTANCE_DESTROY);
        delegate.gpuInstanceDestroy(gpuInstance);
    }

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                        int profileIndex, int engineProfile) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V);
        return delegate.gpuInstanceGetComputeInstanceProfileInfoV(gpuInstance, profileIndex, engineProfile);
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance, int profileId) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS);
        return delegate.gpuInstanceGetComputeInstancePossiblePlacements(gpuInstance, profileId);
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY);
        return delegate.gpuInstanceGetComputeInstanceRemainingCapacity(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        beforeCall(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE);
        return delegate.gpuInstanceCreateComputeInstance(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance, int profileId,
                                                                        Placement placement) {
        beforeCall(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT);
        return delegate.gpuInstanceCreateComputeInstanceWithPlacement(gpuInstance, profileId, placement);
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCES);
        return delegate.gpuInstanceGetComputeInstances(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        beforeCall(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID);
        return delegate.gpuInstanceGetComputeInstanceById(gpuInstance, id);
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        beforeCall(NvmlFunction.COMPUTE_INSTANCE_GET_INFO);
        return delegate.computeInstanceGetInfo(computeInstance);
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        beforeCall(NvmlFunction.COMPUTE_INSTANCE_DESTROY);
        delegate.computeInstanceDestroy(computeInstance);
    }

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        beforeCall(NvmlFunction.DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX);
        return delegate.deviceGetMigDeviceHandleByIndex(device, index);
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        beforeCall(NvmlFunction.DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE);
        return delegate.deviceGetDeviceHandleFromMigDeviceHandle(migDevice);
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_IS_MIG_DEVICE_HANDLE);
        return delegate.deviceIsMigDeviceHandle(device);
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        beforeCall(NvmlFunction.DEVICE_GET_GPU_INSTANCE_ID);
        return delegate.deviceGetGpuInstanceId(migDevice);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        beforeCall(NvmlFunction.DEVICE_GET_COMPUTE_INSTANCE_ID);
        return delegate.deviceGetComputeInstanceId(migDevice);
    }

    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        beforeCall(NvmlFunction.DEVICE_GET_COMPUTE_RUNNING_PROCESSES);
        return delegate.deviceGetComputeRunningProcessCount(device);
    }
}
