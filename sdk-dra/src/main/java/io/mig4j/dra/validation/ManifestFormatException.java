package io.mig4j.dra.validation;

/** Text that is not YAML or JSON at all (as opposed to an object with invalid fields, which is reported per field). */
public final class ManifestFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message names the source and, where known, the line */
    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
