package io.mig4j.dra;

/**
 * Text that is not a Kubernetes quantity. {@link #reason()} is Kubernetes' own message (what the API server and
 * the CEL {@code quantity()} function report), the exception message adds the offending text.
 */
public final class QuantityFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final String reason;

    /**
     * @param text   the text that failed to parse
     * @param reason Kubernetes' message for the failure
     */
    public QuantityFormatException(String text, String reason) {
        super("invalid quantity \"" + text + "\": " + reason);
        this.text = text;
        this.reason = reason;
    }

    /** The text that failed to parse. */
    public String text() {
        return text;
    }

    /** Kubernetes' message, e.g. {@code unable to parse quantity's suffix}. */
    public String reason() {
        return reason;
    }
}
