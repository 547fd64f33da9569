package io.mig4j.api.migparted;

import io.mig4j.api.ProfileName;
import java.util.Objects;

/**
 * One line of a device entry's {@code mig-devices}: how many instances of a profile to create. The text is kept
 * as written because mig-parted matches it literally, while the parsed name is what mig4j compares with the
 * product catalog.
 *
 * @param text  the profile name as written in the file, e.g. {@code 1g.10gb}
 * @param name  the parsed name; always {@code ProfileName.parse(text)}
 * @param count how many instances, 0 or more
 */
public record MigPartedProfileCount(String text, ProfileName name, int count) {
    public MigPartedProfileCount {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(name, "name");
        if (!ProfileName.parse(text).equals(name)) {
            throw new IllegalArgumentException("profile text '" + text + "' does not name " + name);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count of " + text + " must not be negative, got " + count);
        }
    }

    /**
     * Parses the profile name.
     *
     * @throws InvalidProfileNameException when the text is not a MIG profile name
     */
    public static MigPartedProfileCount of(String text, int count) {
        return new MigPartedProfileCount(text, ProfileName.parse(text), count);
    }

    /** Whether the text is written as mig-parted expects it (lower case, no {@code MIG } prefix, no spaces). */
    public boolean isCanonical() {
        return text.equals(name.toString());
    }

    @Override
    public String toString() {
        return text + "=" + count;
    }
}
