package io.mig4j.nvml;

import io.mig4j.api.Placement;

/**
 * Refuses every NVML call that changes a GPU (MIG mode, creating or destroying instances) with
 * {@link MutationNotAllowedException}, before it reaches the driver. {@code MigManager} puts it in front of
 * the binding unless the caller explicitly allowed mutations, so read-only use can never change a GPU.
 */
public final class MutationGuard extends ForwardingNvml {

    private MutationGuard(Nvml delegate) {
        super(delegate);
    }

    /** {@code nvml} with every mutating call refused. */
    public static Nvml readOnly(Nvml nvml) {
        return nvml instanceof MutationGuard ? nvml : new MutationGuard(nvml);
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        throw new MutationNotAllowedException("nvmlDeviceSetMigMode");
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        throw new MutationNotAllowedException("nvmlDeviceCreateGpuInstance");
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        throw new MutationNotAllowedException("nvmlDeviceCreateGpuInstanceWithPlacement");
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        throw new MutationNotAllowedException("nvmlGpuInstanceDestroy");
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        throw new MutationNotAllowedException("nvmlGpuInstanceCreateComputeInstance");
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        throw new MutationNotAllowedException("nvmlGpuInstanceCreateComputeInstanceWithPlacement");
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        throw new MutationNotAllowedException("nvmlComputeInstanceDestroy");
    }
}
