package io.mig4j.api.migparted;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A mig-parted config file that cannot be read. The message is meant to be shown to the person who wrote the
 * file as it is: it names the field by its path ({@code mig-configs.mixed-workload[1].mig-devices."1g.10gb"},
 * list indexes counted from 0 as {@code yq} addresses them), the offending value and the rule, followed by the
 * config name and the device entry counted from 1 ({@code device entry 2}), so nobody has to count list items
 * by hand. YAML syntax errors carry the line and column instead of a field path.
 */
public final class MigPartedFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;
    private final String reason;
    private final String configName;
    private final int entryNumber;
    private final int line;
    private final int column;

    private MigPartedFormatException(String source, String path, String reason, String configName, int entryNumber,
                                     int line, int column) {
        super(message(source, path, reason, configName, entryNumber));
        this.source = source;
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.configName = configName;
        this.entryNumber = entryNumber;
        this.line = line;
        this.column = column;
    }

    /** A rule broken at {@code path}, outside any device entry. */
    static MigPartedFormatException at(String source, String path, String reason) {
        return new MigPartedFormatException(source, path, reason, null, 0, 0, 0);
    }

    /** A rule broken inside device entry {@code entryNumber} (from 1) of config {@code configName}. */
    static MigPartedFormatException inEntry(String source, String path, String reason, String configName,
                                            int entryNumber) {
        return new MigPartedFormatException(source, path, reason, configName, entryNumber, 0, 0);
    }

    /** Text that is not YAML (or not one YAML document); {@code line} and {@code column} count from 1. */
    static MigPartedFormatException syntax(String source, String reason, int line, int column) {
        String where = line > 0 ? "YAML syntax error at line " + line + ", column " + column : "YAML syntax error";
        return new MigPartedFormatException(source, "", where + ": " + reason, null, 0, line, column);
    }

    private static String message(String source, String path, String reason, String configName, int entryNumber) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(reason);
        if (configName != null) {
            sb.append(" (config '").append(configName).append("', device entry ").append(entryNumber).append(')');
        }
        return sb.toString();
    }

    /** The file (or other source) the text came from, when the reader was told. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The field path, e.g. {@code mig-configs.all-balanced[2].devices}; empty for the document as a whole. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path and the config context. */
    public String reason() {
        return reason;
    }

    /** The config the error is in, when it is inside a device entry. */
    public Optional<String> configName() {
        return Optional.ofNullable(configName);
    }

    /** The device entry the error is in, counted from 1, when it is inside one. */
    public OptionalInt entryNumber() {
        return entryNumber > 0 ? OptionalInt.of(entryNumber) : OptionalInt.empty();
    }

    /** The line (from 1) of a YAML syntax error. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The column (from 1) of a YAML syntax error. */
    public OptionalInt column() {
        return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
