package io.mig4j.nvml;

/** An {@code nvmlComputeInstance_t}; opaque, only meaningful to the {@link Nvml} that returned it. */
public record ComputeInstanceHandle(long value) {
    @Override
    public String toString() {
        return "nvmlComputeInstance_t@" + Long.toHexString(value);
    }
}
