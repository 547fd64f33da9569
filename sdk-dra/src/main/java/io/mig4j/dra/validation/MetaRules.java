package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ValidateObjectMeta} of kubernetes/apimachinery ({@code pkg/api/validation/objectmeta.go}) for manifests: the
 * name (or generateName), the namespace when one is written, labels and annotations. A namespaced object without a
 * namespace is fine in a manifest: kubectl sends it to the namespace of its context.
 */
final class MetaRules {
    private static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

    private MetaRules() {
    }

    static void meta(ObjectMeta meta, boolean namespaced, Problems p) {
        FieldPath mp = FieldPath.root("metadata");
        ObjectMeta m = meta == null ? new ObjectMeta() : meta;
        String generateName = ClaimRules.nz(m.getGenerateName());
        if (!generateName.isEmpty()) {
            String base = generateName.endsWith("-") ? generateName.substring(0, generateName.length() - 1)
                    : generateName;
            for (String msg : Names.dns1123Subdomain(base)) {
                p.add(FieldError.invalid(mp.child("generateName"), generateName, msg));
            }
        }
        String name = ClaimRules.nz(m.getName());
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                p.add(FieldError.required(mp.child("name"), "name or generateName is required"));
            }
        } else {
            for (String msg : Names.dns1123Subdomain(name)) {
                p.add(FieldError.invalid(mp.child("name"), name, msg));
            }
        }
        if (namespaced && m.getNamespace() != null && !m.getNamespace().isEmpty()) {
            for (String msg : Names.dns1123Label(m.getNamespace())) {
                p.add(FieldError.invalid(mp.child("namespace"), m.getNamespace(), msg));
            }
        }
        labels(m.getLabels(), mp.child("labels"), p);
        annotations(m.getAnnotations(), mp.child("annotations"), p);
    }

    static void labels(Map<String, String> labels, FieldPath path, Problems p) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            p.addAll(Names.labelName(e.getKey(), path));
            p.addAll(Names.labelValue(ClaimRules.nz(e.getValue()), path));
        }
    }

    static void annotations(Map<String, String> annotations, FieldPath path, Problems p) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : Names.qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                p.add(FieldError.invalid(path, e.getKey(), msg));
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + ClaimRules.nz(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > TOTAL_ANNOTATION_SIZE) {
            p.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE));
        }
    }
}
