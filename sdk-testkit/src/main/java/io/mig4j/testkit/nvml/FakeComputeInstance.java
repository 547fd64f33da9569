package io.mig4j.testkit.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.Placement;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;

/** A compute instance of a fake GPU, which is also a MIG device with its own handle, UUID and processes. */
final class FakeComputeInstance {
    final FakeGpuInstance gpuInstance;
    final int id;
    final ComputeInstanceProfile profile;
    final Placement placement;
    final ComputeInstanceHandle handle;
    final DeviceHandle migHandle;
    final String uuid;
    int processes;

    FakeComputeInstance(FakeGpuInstance gpuInstance, int id, ComputeInstanceProfile profile, Placement placement,
                        ComputeInstanceHandle handle, DeviceHandle migHandle, String uuid) {
        this.gpuInstance = gpuInstance;
        this.id = id;
        this.profile = profile;
        this.placement = placement;
        this.handle = handle;
        this.migHandle = migHandle;
        this.uuid = uuid;
    }

    FakeGpu gpu() {
        return gpuInstance.gpu();
    }

    /** {@code nvmlDeviceGetName} of the MIG device: {@code "NVIDIA H100 80GB HBM3 MIG 1c.3g.40gb"}. */
    String name() {
        return gpu().variant.name() + " MIG " + profile.name();
    }

    PlacedComputeInstance placed() {
        return new PlacedComputeInstance(profile, placement);
    }
}
