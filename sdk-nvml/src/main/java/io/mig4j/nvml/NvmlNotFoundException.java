package io.mig4j.nvml;

/** libnvidia-ml could not be loaded: no NVIDIA driver on this machine, or the configured path is wrong. */
public final class NvmlNotFoundException extends NvmlException {
    private static final long serialVersionUID = 1L;

    public NvmlNotFoundException(String detail) {
        super("dlopen(libnvidia-ml.so.1)", NvmlReturn.ERROR_LIBRARY_NOT_FOUND.value(), "NVML not found: " + detail);
    }
}
