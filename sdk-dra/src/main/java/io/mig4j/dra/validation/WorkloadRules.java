package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resource-claim wiring of a pod spec (in a Pod or in the pod template of a workload): {@code validatePodResourceClaims}
 * and {@code validateResourceClaimNames} of Kubernetes' core validation ({@code pkg/apis/core/validation/validation.go}).
 */
final class WorkloadRules {
    private WorkloadRules() {
    }

    static void podSpec(PodSpec spec, FieldPath sp, Problems p) {
        if (spec == null) {
            return;
        }
        Set<String> podClaims = new TreeSet<>();
        List<PodResourceClaim> claims = spec.getResourceClaims() == null ? List.of() : spec.getResourceClaims();
        for (int i = 0; i < claims.size(); i++) {
            podClaim(claims.get(i), sp.child("resourceClaims").index(i), podClaims, p);
        }
        containers(spec.getInitContainers(), sp.child("initContainers"), podClaims, p);
        containers(spec.getContainers(), sp.child("containers"), podClaims, p);
    }

    private static void podClaim(PodResourceClaim c, FieldPath cp, Set<String> names, Problems p) {
        String name = ClaimRules.nz(c.getName());
        if (name.isEmpty()) {
            p.add(FieldError.required(cp.child("name"), ""));
        } else if (names.contains(name)) {
            p.add(FieldError.duplicate(cp.child("name"), name));
        } else {
            p.addAll(Names.dns1123Label(name, cp.child("name")));
            names.add(name);
        }
        String claimName = c.getResourceClaimName();
        String templateName = c.getResourceClaimTemplateName();
        if (claimName != null && templateName != null) {
            p.add(FieldError.invalid(cp, asMap(c), "at most one of `resourceClaimName` or `resourceClaimTemplateName`"
                    + " may be specified"));
        }
        if (claimName == null && templateName == null) {
            p.add(FieldError.invalid(cp, asMap(c), "must specify one of: `resourceClaimName`,"
                    + " `resourceClaimTemplateName`"));
        }
        if (claimName != null) {
            for (String m : Names.dns1123Subdomain(claimName)) {
                p.add(FieldError.invalid(cp.child("resourceClaimName"), claimName, m));
            }
        }
        if (templateName != null) {
            for (String m : Names.dns1123Subdomain(templateName)) {
                p.add(FieldError.invalid(cp.child("resourceClaimTemplateName"), templateName, m));
            }
        }
    }

    private static Map<String, Object> asMap(PodResourceClaim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.getName());
        if (c.getResourceClaimName() != null) {
            m.put("resourceClaimName", c.getResourceClaimName());
        }
        if (c.getResourceClaimTemplateName() != null) {
            m.put("resourceClaimTemplateName", c.getResourceClaimTemplateName());
        }
        return m;
    }

    private static void containers(List<Container> containers, FieldPath path, Set<String> podClaims, Problems p) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            if (c.getResources() == null || c.getResources().getClaims() == null) {
                continue;
            }
            claimNames(c.getResources().getClaims(), path.index(i).child("resources", "claims"), podClaims, p);
        }
    }

    private static void claimNames(List<ResourceClaim> claims, FieldPath path, Set<String> podClaims, Problems p) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < claims.size(); i++) {
            ResourceClaim claim = claims.get(i);
            String name = ClaimRules.nz(claim.getName());
            FieldPath cp = path.index(i);
            if (name.isEmpty()) {
                p.add(FieldError.required(cp, ""));
                continue;
            }
            String key = name;
            if (claim.getRequest() != null && !claim.getRequest().isEmpty()) {
                p.addAll(Names.dns1123Label(claim.getRequest(), cp.child("request")));
                key += "/" + claim.getRequest();
            }
            if (!seen.add(key)) {
                p.add(FieldError.duplicate(cp, name));
            }
            if (!podClaims.contains(name)) {
                String detail = "must be one of the names in pod.spec.resourceClaims"
                        + (podClaims.isEmpty() ? " which is empty" : ": " + String.join(", ", new ArrayList<>(podClaims)));
                p.add(new FieldError(FieldError.Type.NOT_FOUND, cp.toString(), name, detail));
            }
        }
    }
}
