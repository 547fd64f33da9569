package io.mig4j.api.migparted;

import java.util.Objects;

/**
 * Something {@link MigPartedValidator} found in a mig-parted config: a reason mig-parted would fail on a node
 * (an error), or something it could not check or that only works on some GPUs (a warning). The fields let a tool
 * group or filter problems; the message is complete on its own for people.
 *
 * @param severity     whether applying the config would fail
 * @param configName   the config
 * @param entryNumber  the device entry, counted from 1; 0 when the problem concerns the config as a whole
 * @param productAlias the product the problem was found on, e.g. {@code H100-80GB}, or {@code null}
 * @param profile      the profile text as written in the file, or {@code null} when no single profile is at fault
 * @param message      the complete sentence, naming config, device entry, product and profile
 */
public record MigPartedProblem(Severity severity, String configName, int entryNumber, String productAlias,
                               String profile, String message) {

    /** How bad a problem is. */
    public enum Severity {
        /** mig-parted would fail, or the config cannot mean what it says. */
        ERROR,
        /** Not checked, or only a part of the GPUs the entry selects can take it. */
        WARNING
    }

    public MigPartedProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(message, "message");
        if (entryNumber < 0) {
            throw new IllegalArgumentException("entryNumber counts from 1 (0 for the whole config), got " + entryNumber);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code ERROR: config 'x', device entry 1 on H100-80GB: ...}. */
    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
