package io.mig4j.nvml;

import java.util.Objects;

/**
 * A non-success {@code nvmlReturn_t}: carries the code, NVML's own error string (when the library could
 * supply it) and the C function that failed.
 */
public class NvmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final NvmlReturn result;
    private final int code;
    private final String function;

    public NvmlException(String function, int code, String nvmlMessage) {
        super(function + " failed: " + NvmlReturn.of(code).nvmlName() + " (" + code + "): "
                + (nvmlMessage == null || nvmlMessage.isBlank() ? NvmlReturn.of(code).description() : nvmlMessage));
        this.function = Objects.requireNonNull(function, "function");
        this.code = code;
        this.result = NvmlReturn.of(code);
    }

    public NvmlException(String function, NvmlReturn result) {
        this(function, result.value(), null);
    }

    /** The return code; {@link NvmlReturn#UNRECOGNIZED} for a number this version does not know. */
    public NvmlReturn result() {
        return result;
    }

    /** The raw C value. */
    public int code() {
        return code;
    }

    /** The NVML function that returned the code, e.g. {@code nvmlDeviceCreateGpuInstanceWithPlacement}. */
    public String function() {
        return function;
    }
}
