package io.mig4j.dra.validation;

import java.util.ArrayList;
import java.util.List;

/** What one validation run collects, with the settings the rules need. */
final class Problems {
    final KubernetesVersion version;
    final CelChecker cel;
    final List<FieldError> errors = new ArrayList<>();
    final List<ValidationWarning> warnings = new ArrayList<>();

    Problems(KubernetesVersion version, CelChecker cel) {
        this.version = version;
        this.cel = cel;
    }

    void add(FieldError e) {
        errors.add(e);
    }

    void addAll(List<FieldError> es) {
        if (!es.isEmpty()) {
            errors.addAll(es);
        }
    }

    void warn(FieldPath path, String message) {
        warnings.add(new ValidationWarning(path.toString(), message));
    }

    void dropped(FieldPath path, Features feature) {
        if (!feature.enabledByDefault(version)) {
            warn(path, feature.droppedWarning(version));
        }
    }

    ValidationReport report() {
        return new ValidationReport(FieldError.deduplicate(errors), warnings);
    }
}
