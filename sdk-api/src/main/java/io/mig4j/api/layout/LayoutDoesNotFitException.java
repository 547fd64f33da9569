package io.mig4j.api.layout;

/**
 * A request that is well formed but that the GPU cannot meet: more instances of a profile than it allows, or
 * instances that no set of legal placements can hold together. Unlike an {@link IllegalArgumentException} for a
 * name or number that makes no sense, retrying with the same input on the same GPU cannot succeed, and the
 * CLI reports it with exit code 1 rather than 2.
 */
public final class LayoutDoesNotFitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message the complete sentence, naming the GPU or product and what does not fit */
    public LayoutDoesNotFitException(String message) {
        super(message);
    }
}
