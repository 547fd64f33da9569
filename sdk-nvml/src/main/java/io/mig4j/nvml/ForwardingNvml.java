package io.mig4j.nvml;

import io.mig4j.api.Placement;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Nvml} that passes every call to another one: extend it to wrap a binding (logging, timing,
 * guards) and override only what changes.
 */
public abstract class ForwardingNvml implements Nvml {
    protected final Nvml delegate;

    protected ForwardingNvml(Nvml delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void init() {
        delegate.init();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public String errorString(int code) {
        return delegate.errorString(code);
    }

    @Override
    public String systemGetDriverVersion() {
        return delegate.systemGetDriverVersion();
    }

    @Override
    public String systemGetNvmlVersion() {
        return delegate.systemGetNvmlVersion();
    }

    @Override
    public int systemGetCudaDriverVersion() {
        return delegate.systemGetCudaDriverVersion();
    }

    @Override
    public int deviceGetCount() {
        return delegate.deviceGetCount();
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        return delegate.deviceGetHandleByIndex(index);
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        return delegate.deviceGetHandleByUuid(uuid);
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        return delegate.deviceGetHandleByPciBusId(pciBusId);
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        return delegate.deviceGetName(device);
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        return delegate.deviceGetUuid(device);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        return delegate.deviceGetPciInfo(device);
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        return delegate.deviceGetMemoryInfo(device);
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return delegate.deviceGetMinorNumber(device);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return delegate.deviceGetArchitecture(device);
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        return delegate.deviceGetCudaComputeCapability(device);
    }

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        return delegate.deviceGetMigMode(device);
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        return delegate.deviceSetMigMode(device, mode);
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        return delegate.deviceGetMaxMigDeviceCount(device);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        return delegate.deviceGetGpuInstanceProfileInfoV(device, profileIndex);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        return delegate.deviceGetGpuInstanceProfileInfoV3(device, profileIndex);
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        return delegate.deviceGetGpuInstancePossiblePlacements(device, profileId);
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        return delegate.deviceGetGpuInstanceRemainingCapacity(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        return delegate.deviceCreateGpuInstance(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId, Placement placement) {
        return delegate.deviceCreateGpuInstanceWithPlacement(device, profileId, placement);
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        return delegate.deviceGetGpuInstances(device, profileId);
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        return delegate.deviceGetGpuInstanceById(device, id);
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        return delegate.gpuInstanceGetInfo(gpuInstance);
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        delegate.gpuInstanceDestroy(gpuInstance);
    }

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                        int profileIndex, int engineProfile) {
        return delegate.gpuInstanceGetComputeInstanceProfileInfoV(gpuInstance, profileIndex, engineProfile);
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance, int profileId) {
        return delegate.gpuInstanceGetComputeInstancePossiblePlacements(gpuInstance, profileId);
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        return delegate.gpuInstanceGetComputeInstanceRemainingCapacity(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        return delegate.gpuInstanceCreateComputeInstance(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance, int profileId,
                                                                        Placement placement) {
        return delegate.gpuInstanceCreateComputeInstanceWithPlacement(gpuInstance, profileId, placement);
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        return delegate.gpuInstanceGetComputeInstances(gpuInstance, profileId);
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        return delegate.gpuInstanceGetComputeInstanceById(gpuInstance, id);
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        return delegate.computeInstanceGetInfo(computeInstance);
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        delegate.computeInstanceDestroy(computeInstance);
    }

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        return delegate.deviceGetMigDeviceHandleByIndex(device, index);
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        return delegate.deviceGetDeviceHandleFromMigDeviceHandle(migDevice);
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        return delegate.deviceIsMigDeviceHandle(device);
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return delegate.deviceGetGpuInstanceId(migDevice);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return delegate.deviceGetComputeInstanceId(migDevice);
    }

    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        return delegate.deviceGetComputeRunningProcessCount(device);
    }
}
