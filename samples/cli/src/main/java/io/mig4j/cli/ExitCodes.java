package io.mig4j.cli;

/** The CLI's exit codes, a stable contract for scripts. */
final class ExitCodes {
    static final int OK = 0;
    /** The command ran but the answer is "no": an invalid layout, a difference, a failed operation. */
    static final int FAILURE = 1;
    /** The input could not be understood: unknown product, malformed layout or file, bad option. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
