package io.mig4j.dra.validation;

import java.util.List;

/**
 * The outcome of validating one object: the errors the API server would report (it rejects the object) and the
 * warnings about what it would accept but cannot work.
 *
 * @param errors   Kubernetes field errors, in the order Kubernetes reports them
 * @param warnings mig4j's findings beyond the API server's rules
 */
public record ValidationReport(List<FieldError> errors, List<ValidationWarning> warnings) {
    /** A report with nothing to say. */
    public static final ValidationReport OK = new ValidationReport(List.of(), List.of());

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Whether the API server would accept the object (no errors; warnings do not count). */
    public boolean valid() {
        return errors.isEmpty();
    }

    /** Whether there is neither an error nor a warning. */
    public boolean clean() {
        return errors.isEmpty() && warnings.isEmpty();
    }
}
