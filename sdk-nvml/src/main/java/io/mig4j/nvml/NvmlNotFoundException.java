package io.mig4j.nvml;

/** libnvidia-ml could not be loaded: no NVIDIA driver on this machine, or the configured path is wrong. */
public final class NvmlNotFoundException extends NvmlException {
    private static final long serialVersionUID = 1L;
    private final String detail;

    public NvmlNotFoundException(String detail) {
        super("dlopen", NvmlReturn.ERROR_LIBRARY_NOT_FOUND.value(), detail);
        this.detail = detail;
    }

    @Override
    public String getMessage() {
        return "NVML not found: " + detail;
    }
}
