package io.mig4j.nvml;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A non-success {@code nvmlReturn_t}: carries the code, NVML's own error string (when the library could
 * supply it) and the C function that failed.
 *
 * <p>NVML uses some codes for ordinary control flow: {@code INVALID_ARGUMENT} ends a profile enumeration,
 * {@code NOT_SUPPORTED} marks a profile index a GPU lacks, {@code NOT_FOUND} an empty MIG device slot.
 * Exceptions for those codes skip the stack trace, and every message is built only when read, so that a
 * profile discovery costs what the C calls cost.
 */
public class NvmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final NvmlReturn result;
    private final int code;
    private final String function;
    private transient IntFunction<String> errorString;
    private volatile String message;

    /**
     * @param function    the C function, e.g. {@code nvmlDeviceCreateGpuInstanceWithPlacement}
     * @param code        the return code
     * @param errorString NVML's {@code nvmlErrorString}, called only if the message is read; may be null
     */
    public NvmlException(String function, int code, IntFunction<String> errorString) {
        super(null, null, true, !isControlFlow(code));
        this.function = Objects.requireNonNull(function, "function");
        this.code = code;
        this.result = NvmlReturn.of(code);
        this.errorString = errorString;
    }

    public NvmlException(String function, int code, String nvmlMessage) {
        this(function, code, c -> nvmlMessage);
    }

    public NvmlException(String function, NvmlReturn result) {
        this(function, result.value(), (IntFunction<String>) null);
    }

    private static boolean isControlFlow(int code) {
        return code == NvmlReturn.ERROR_INVALID_ARGUMENT.value() || code == NvmlReturn.ERROR_NOT_SUPPORTED.value()
                || code == NvmlReturn.ERROR_NOT_FOUND.value();
    }

    @Override
    public String getMessage() {
        String m = message;
        if (m == null) {
            String text = null;
            if (errorString != null) {
                try {
                    text = errorString.apply(code);
                } catch (RuntimeException e) {
                    text = null;
                }
                errorString = null;
            }
            m = function + " failed: " + result.nvmlName() + " (" + code + "): "
                    + (text == null || text.isBlank() ? result.description() : text);
            message = m;
        }
        return m;
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
