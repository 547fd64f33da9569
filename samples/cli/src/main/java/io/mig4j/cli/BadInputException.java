package io.mig4j.cli;

/** Input the CLI cannot work with; reported as one line on stderr with exit code 2. */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
