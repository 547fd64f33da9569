package io.mig4j.testkit.nvml;

import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * The handle values a fake hands out and what each stands for. Values are never reused, so the handle of a
 * destroyed instance stays stale (every call with it is {@code ERROR_INVALID_ARGUMENT}).
 */
final class Handles {
    private long next = 0x7F3A_0000_1000L;
    private final Map<Long, FakeGpu> gpus = new HashMap<>();
    private final Map<Long, FakeGpuInstance> gpuInstances = new HashMap<>();
    private final Map<Long, FakeComputeInstance> computeInstances = new HashMap<>();
    private final Map<Long, FakeComputeInstance> migDevices = new HashMap<>();

    /** A fresh handle value, looking like a driver pointer. */
    long next() {
        long h = next;
        next += 0x40;
        return h;
    }

    void add(FakeGpu gpu) {
        gpus.put(gpu.handle.value(), gpu);
    }

    void add(FakeGpuInstance gi) {
        gpuInstances.put(gi.handle.value(), gi);
    }

    void add(FakeComputeInstance ci) {
        computeInstances.put(ci.handle.value(), ci);
        migDevices.put(ci.migHandle.value(), ci);
    }

    void forget(FakeGpuInstance gi) {
        gpuInstances.remove(gi.handle.value());
    }

    void forget(FakeComputeInstance ci) {
        computeInstances.remove(ci.handle.value());
        migDevices.remove(ci.migHandle.value());
    }

    /** The GPU ({@link FakeGpu}) or MIG device ({@link FakeComputeInstance}) of a device handle, or null. */
    Object device(DeviceHandle handle) {
        FakeGpu gpu = gpus.get(handle.value());
        return gpu != null ? gpu : migDevices.get(handle.value());
    }

    FakeGpuInstance gpuInstance(GpuInstanceHandle handle) {
        return gpuInstances.get(handle.value());
    }

    FakeComputeInstance computeInstance(ComputeInstanceHandle handle) {
        return computeInstances.get(handle.value());
    }
}
