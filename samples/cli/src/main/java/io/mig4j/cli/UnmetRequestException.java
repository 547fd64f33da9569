package io.mig4j.cli;

/** A valid request that this node cannot meet; reported as one line on stderr with exit code 1. */
final class UnmetRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnmetRequestException(String message) {
        super(message);
    }
}
