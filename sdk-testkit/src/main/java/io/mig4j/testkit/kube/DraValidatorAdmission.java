package io.mig4j.testkit.kube;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The {@link AdmissionValidator} of {@code resource.k8s.io/v1} objects backed by sdk-dra's {@link DraValidator}:
 * the API server's own rules for DeviceClasses, ResourceClaims, ResourceClaimTemplates and ResourceSlices, with its
 * field paths and messages. Metadata checks and unknown fields are left out of its report because the API server
 * reports those itself (object-meta validation, strict decoding) before admission.
 *
 * @implSpec Thread-safe; its only state is a bounded memo of claim validations.
 */
public final class DraValidatorAdmission implements AdmissionValidator {
    private static final int MAX_SPECS = 256;
    private final DraValidator validator;
    /** Validation outcomes of claims by spec (JSON equality), least recently used dropped first. */
    private final Map<JsonNode, List<StatusCause>> claimsBySpec = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonNode, List<StatusCause>> eldest) {
            return size() > MAX_SPECS;
        }
    };

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
                return claimCauses(request);
            case "ResourceClaimTemplate":
                report = validator.validateResourceClaimTemplate(request.objectAs(ResourceClaimTemplate.class));
                break;
            case "ResourceSlice":
                report = validator.validateResourceSlice(request.objectAs(ResourceSlice.class));
                break;
            default:
                return List.of();
        }
        return causes(report);
    }

    /**
     * A claim's causes depend on its spec alone (metadata errors are left out, and {@code ValidateResourceClaim}
     * looks at nothing else), so claims with equal specs, such as those of one ResourceClaimTemplate or a claim
     * updated under its immutable spec, share one validation.
     */
    private List<StatusCause> claimCauses(AdmissionRequest request) {
        JsonNode spec = request.object().get("spec");
        if (spec == null) {
            return causes(validator.validateResourceClaim(request.objectAs(ResourceClaim.class)));
        }
        synchronized (claimsBySpec) {
            List<StatusCause> known = claimsBySpec.get(spec);
            if (known != null) {
                return known;
            }
        }
        List<StatusCause> causes = causes(validator.validateResourceClaim(request.objectAs(ResourceClaim.class)));
        synchronized (claimsBySpec) {
            claimsBySpec.put(spec.deepCopy(), causes);
        }
        return causes;
    }

    private static List<StatusCause> causes(ValidationReport report) {
        List<StatusCause> causes = new ArrayList<>();
        for (FieldError e : report.errors()) {
            if (e.field().startsWith("metadata.") || e.type() == FieldError.Type.UNKNOWN_FIELD) {
                continue;
            }
            causes.add(new StatusCause(e.type().reason(), e.field(), e.body()));
        }
        return List.copyOf(causes);
    }
}
