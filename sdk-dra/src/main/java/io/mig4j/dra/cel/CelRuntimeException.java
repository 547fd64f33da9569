package io.mig4j.dra.cel;

/**
 * Evaluating a selector on a device failed. The message is worded as cel-go and Kubernetes word it (for example
 * {@code no such key: profile. consider using CEL optional chaining ...}), so that a user can search for it; the
 * allocator treats it as fatal for the whole allocation attempt, as Kubernetes does.
 */
public final class CelRuntimeException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the message in Kubernetes' wording
     * @param cause   cel-java's exception, when there is one
     */
    public CelRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
