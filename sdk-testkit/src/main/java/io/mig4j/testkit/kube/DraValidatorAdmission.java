package io.mig4j.testkit.kube;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link AdmissionValidator} of {@code resource.k8s.io/v1} objects backed by sdk-dra's {@link DraValidator}:
 * the API server's own rules for DeviceClasses, ResourceClaims, ResourceClaimTemplates and ResourceSlices, with its
 * field paths and messages. Metadata checks and unknown fields are left out of its report because the API server
 * reports those itself (object-meta validation, strict decoding) before admission.
 *
 * @implSpec Immutable and thread-safe.
 */
public final class DraValidatorAdmission implements AdmissionValidator {
    private final DraValidator validator;

    /** Admission by {@code validator} (choose its Kubernetes version and CEL checker with its builder). */
    public DraValidatorAdmission(DraValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** Admission by {@link DraValidator#defaults()}. */
    public static DraValidatorAdmission defaults() {
        return new DraValidatorAdmission(DraValidator.defaults());
    }

    /** The validator behind this admission. */
    public DraValidator validator() {
        return validator;
    }

    @Override
    public List<StatusCause> validate(AdmissionRequest request) {
        if (!request.resource().group().equals("resource.k8s.io") || !request.subresource().isEmpty()) {
            return List.of();
        }
        ValidationReport report;
        switch (request.resource().kind()) {
            case "DeviceClass":
                report = validator.validateDeviceClass(request.objectAs(DeviceClass.class));
                break;
            case "ResourceClaim":
                report = validator.validateResourceClaim(request.objectAs(ResourceClaim.class));
                break;
            case "ResourceClaimTemplate":
                report = validator.validateResourceClaimTemplate(request.objectAs(ResourceClaimTemplate.class));
                break;
            case "ResourceSlice":
                report = validator.validateResourceSlice(request.objectAs(ResourceSlice.class));
                break;
            default:
                return List.of();
        }
        List<StatusCause> causes = new ArrayList<>();
        for (FieldError e : report.errors()) {
            if (e.field().startsWith("metadata.") || e.type() == FieldError.Type.UNKNOWN_FIELD) {
                continue;
            }
            causes.add(new StatusCause(e.type().reason(), e.field(), e.body()));
        }
        return causes;
    }
}
