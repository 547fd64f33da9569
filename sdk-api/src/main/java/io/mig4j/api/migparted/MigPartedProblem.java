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
 * @param kind         what sort of problem it is, so a tool can tell a wrong input from a config that cannot be met
 */
public record MigPartedProblem(Severity severity, String configName, int entryNumber, String productAlias,
                               String profile, String message, Kind kind) {

    /**
     * What sort of problem: a name the product does not know is an input mistake, while a layout that does not fit
     * is a valid request the GPU cannot meet. The CLI maps them to exit codes 2 and 1.
     */
    public enum Kind {
        /** A profile (GPU or compute instance) the product, or every product of the catalog, does not have. */
        UNKNOWN_PROFILE,
        /** More instances than the product allows, or instances no placement can hold together. */
        DOES_NOT_FIT,
        /** Anything else: spelling, an unchecked device-filter, a config without an entry for a product. */
        OTHER
    }

    /** A problem of kind {@link Kind#OTHER}. */
    public MigPartedProblem(Severity severity, String configName, int entryNumber, String productAlias,
                            String profile, String message) {
        this(severity, configName, entryNumber, productAlias, profile, message, Kind.OTHER);
    }

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
        Objects.requireNonNull(kind, "kind");
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
