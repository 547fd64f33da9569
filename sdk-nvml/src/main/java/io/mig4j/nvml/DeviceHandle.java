package io.mig4j.nvml;

/**
 * An {@code nvmlDevice_t}: a GPU or a MIG device. Opaque: the value is the native pointer for the real
 * bindings and a key for fakes; it is only meaningful to the {@link Nvml} that returned it.
 */
public record DeviceHandle(long value) {
    @Override
    public String toString() {
        return "nvmlDevice_t@" + Long.toHexString(value);
    }
}
