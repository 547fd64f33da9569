package io.mig4j.api.layout;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule of a layout.
 *
 * @param rule      the rule
 * @param instances positions (0-based, in the layout or request order) of the GPU instances involved
 * @param message   what is wrong, naming the profiles and placements
 */
public record LayoutViolation(LayoutRule rule, List<Integer> instances, String message) {
    public LayoutViolation {
        Objects.requireNonNull(rule, "rule");
        instances = List.copyOf(instances);
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
