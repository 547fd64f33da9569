package io.mig4j.api;

import java.util.List;
import java.util.Objects;

/**
 * A profile field whose value differs between NVIDIA drivers on the same GPU, with every value seen: for example
 * {@code 1g.10gb} on an A100-80GB reports 9728 MiB with some drivers and 9984 MiB with others (published
 * {@code nvidia-smi mig -lgip} transcripts). A GPU that reports one of these values matches the catalog; a
 * comparison reports it as a note, not as a difference.
 *
 * @param profile the GPU instance profile name, e.g. {@code 1g.10gb}
 * @param field   the catalog field, e.g. {@code memoryMiB} (the JSON field names of {@code mig4j profiles --json})
 * @param values  every value known from some driver; the catalog's own value is one of them
 * @param source  where the values were seen
 */
public record DriverVariant(String profile, String field, List<Long> values, String source) {
    public DriverVariant {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(source, "source");
        values = List.copyOf(values);
        if (values.size() < 2) {
            throw new IllegalArgumentException("a driver variant of " + profile + " " + field
                    + " needs at least two values, got " + values);
        }
    }

    /** Whether this variant covers the value of this profile's field. */
    public boolean covers(String profileName, String fieldName, long value) {
        return profile.equals(profileName) && field.equals(fieldName) && values.contains(value);
    }
}
