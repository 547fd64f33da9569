package io.mig4j.dra.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts DRA manifests to {@code resource.k8s.io/v1}, noting each change: v1beta2 objects change only their
 * apiVersion (same shape); v1beta1 requests move their flat fields into {@code exactly} and v1beta1 devices lose
 * their {@code basic} wrapper (the shape differences of {@code pkg/apis/resource/validation/validation.go}'s
 * {@code ResourceNormalizationRules}); a v1beta1-shaped request under {@code apiVersion: resource.k8s.io/v1} (the
 * recipe's mistake) is rewritten the same way; {@code DeviceClass.spec.suitableNodes}, removed in Kubernetes 1.32,
 * is dropped. Other objects are returned unchanged.
 */
public final class ManifestConverter {
    /** The fields of a v1beta1 request that v1 keeps under {@code exactly}. */
    private static final List<String> EXACT_FIELDS = List.of("deviceClassName", "selectors", "allocationMode", "count",
            "adminAccess", "tolerations", "capacity");

    private ManifestConverter() {
    }

    /**
     * One converted object.
     *
     * @param document  the object as read
     * @param converted the v1 object (the same tree when nothing changed)
     * @param notes     one note per change, with the field path of the input
     */
    public record Conversion(ManifestDocument document, ObjectNode converted, List<ValidationWarning> notes) {
        public Conversion {
            notes = List.copyOf(notes);
        }

        /** Whether anything changed. */
        public boolean changed() {
            return !notes.isEmpty();
        }

        /** The converted object as plain maps and lists. */
        public Map<String, Object> convertedMap() {
            return ManifestReader.toMap(converted);
        }
    }

    /** Converts one object to {@code resource.k8s.io/v1} (anything that is not a DRA object comes back unchanged). */
    public static Conversion toV1(ManifestDocument doc) {
        ObjectNode tree = doc.original().deepCopy();
        List<ValidationWarning> notes = new ArrayList<>();
        if (!doc.isDra() || doc.kind() == null) {
            return new Conversion(doc, tree, notes);
        }
        String from = doc.apiVersion();
        if (!from.equals("resource.k8s.io/v1")) {
            tree.put("apiVersion", "resource.k8s.io/v1");
            notes.add(new ValidationWarning("apiVersion", from + " → resource.k8s.io/v1"
                    + (from.endsWith("v1beta2") || doc.kind().equals("DeviceTaintRule") ? " (same shape)" : "")));
        }
        switch (doc.kind()) {
            case "DeviceClass" -> deviceClass(tree, notes);
            case "ResourceClaim" -> requests(at(tree, "spec", "devices"), FieldPath.root("spec", "devices"), notes);
            case "ResourceClaimTemplate" -> requests(at(tree, "spec", "spec", "devices"),
                    FieldPath.root("spec", "spec", "devices"), notes);
            case "ResourceSlice" -> slice(tree, notes);
            default -> {
            }
        }
        return new Conversion(doc, tree, notes);
    }

    private static void deviceClass(ObjectNode tree, List<ValidationWarning> notes) {
        if (tree.get("spec") instanceof ObjectNode spec && spec.has("suitableNodes")) {
            spec.remove("suitableNodes");
            notes.add(new ValidationWarning("spec.suitableNodes", "removed: DeviceClass has had no suitableNodes since"
                    + " Kubernetes 1.32 (it existed only in v1alpha3); the nodes a device can be used on come from its"
                    + " ResourceSlice"));
        }
    }

    private static void requests(ObjectNode devices, FieldPath path, List<ValidationWarning> notes) {
        if (devices == null || !(devices.get("requests") instanceof ArrayNode requests)) {
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            if (!(requests.get(i) instanceof ObjectNode r) || r.has("exactly")) {
                continue;
            }
            List<String> moved = new ArrayList<>();
            for (String f : EXACT_FIELDS) {
                if (r.has(f)) {
                    moved.add(f);
                }
            }
            if (moved.isEmpty() || (r.has("firstAvailable") && !r.get("firstAvailable").isEmpty())) {
                continue;
            }
            ObjectNode exactly = r.objectNode();
            for (String f : moved) {
                exactly.set(f, r.remove(f));
            }
            r.set("exactly", exactly);
            notes.add(new ValidationWarning(path.child("requests").index(i).toString(), "moved "
                    + String.join(", ", moved) + " into exactly (the v1beta1 request shape)"));
        }
    }

    private static void slice(ObjectNode tree, List<ValidationWarning> notes) {
        if (!(tree.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        JsonNode nodeName = spec.get("nodeName");
        if (nodeName != null && nodeName.isString() && nodeName.asString().isEmpty()) {
            spec.remove("nodeName");
            notes.add(new ValidationWarning("spec.nodeName", "removed the empty string (unset in v1)"));
        }
        JsonNode allNodes = spec.get("allNodes");
        if (allNodes != null && allNodes.isBoolean() && !allNodes.asBoolean()) {
            spec.remove("allNodes");
            notes.add(new ValidationWarning("spec.allNodes", "removed false (unset in v1)"));
        }
        if (!(spec.get("devices") instanceof ArrayNode devices)) {
            return;
        }
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof ObjectNode d && d.get("basic") instanceof ObjectNode basic) {
                d.remove("basic");
                for (var e : basic.properties()) {
                    d.set(e.getKey(), e.getValue());
                }
                notes.add(new ValidationWarning("spec.devices[" + i + "].basic", "moved its fields onto the device"
                        + " (v1 has no basic wrapper)"));
            }
        }
    }

    private static ObjectNode at(ObjectNode tree, String... path) {
        JsonNode n = tree;
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n instanceof ObjectNode o ? o : null;
    }
}
