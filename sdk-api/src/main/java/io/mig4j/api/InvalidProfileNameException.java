package io.mig4j.api;

/** A MIG profile name that does not follow {@code [<c>c.]<g>g.<memory>gb[+attr[,attr]|-attr]}. */
public final class InvalidProfileNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String input;

    InvalidProfileNameException(String input, String reason) {
        super("invalid MIG profile name '" + input + "': " + reason);
        this.input = input;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }
}
