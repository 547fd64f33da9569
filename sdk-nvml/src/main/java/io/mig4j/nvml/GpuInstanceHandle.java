package io.mig4j.nvml;

/** An {@code nvmlGpuInstance_t}; opaque, only meaningful to the {@link Nvml} that returned it. */
public record GpuInstanceHandle(long value) {
    @Override
    public String toString() {
        return "nvmlGpuInstance_t@" + Long.toHexString(value);
    }
}
