package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource of Deployments, ReplicaSets and StatefulSets, as the registries in kubernetes/kubernetes
 * {@code pkg/registry/apps/{deployment,replicaset,statefulset}/storage/storage.go} serve it: GET answers an
 * {@code autoscaling/v1} {@code Scale} ({@code spec.replicas} from the object's spec, {@code status.replicas} from its
 * status, {@code status.selector} the object's selector as a string); PUT and PATCH (JSON, merge or strategic merge,
 * applied to that Scale) set the object's {@code spec.replicas}, with the Scale's {@code resourceVersion} as a
 * precondition when it has one. {@code kubectl scale} and fabric8's {@code scale(n)} use it.
 */
final class ScaleSubresource {
    static final String NAME = "scale";

    private ScaleSubresource() {
    }

    /** The Scale of a stored object. */
    static ObjectNode scale(Stored stored) {
        ObjectNode object = stored.object;
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode source = object.path("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (source.has(field)) {
                meta.set(field, source.get(field).deepCopy());
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        String selector = selector(object.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /**
     * Writes the desired replicas of {@code scale} to the object ({@code scaleUpdatedObjectInfo}) and returns the
     * object's new Scale.
     */
    static ObjectNode update(KubeStore store, ResourceDefinition def, String namespace, String name, ObjectNode scale,
                             WriteOptions options) {
        Stored current = store.get(def, namespace, name, null);
        JsonNode replicas = scale.path("spec").get("replicas");
        if (replicas == null || !replicas.isIntegralNumber()) {
            throw KubeApiException.invalid("Scale.autoscaling", "autoscaling", "Scale", name,
                    List.of(StatusCause.required("spec.replicas", "")));
        }
        if (replicas.asLong() < 0) {
            throw KubeApiException.invalid("Scale.autoscaling", "autoscaling", "Scale", name,
                    List.of(StatusCause.invalid("spec.replicas", replicas.asLong(),
                            "must be greater than or equal to 0")));
        }
        String precondition = Json.text(scale.path("metadata"), "resourceVersion", "");
        String rv = Json.text(current.object.path("metadata"), "resourceVersion", "");
        if (!precondition.isEmpty() && !precondition.equals(rv)) {
            throw KubeApiException.staleUpdate(def.type(), name);
        }
        ObjectNode object = current.object.deepCopy();
        Json.ensureObject(object, "spec").put("replicas", replicas.asInt());
        StoreWrites.Result r = store.writes.update(def, namespace, name, "", object, options);
        return scale(r.stored());
    }

    /** Applies a patch to the object's Scale and writes the outcome as {@link #update} does. */
    static ObjectNode patch(KubeStore store, ResourceDefinition def, String namespace, String name, String contentType,
                            byte[] patch, WriteOptions options) {
        ObjectNode scale = scale(store.get(def, namespace, name, null));
        ObjectNode patched;
        switch (contentType) {
            case Patches.JSON_PATCH:
                patched = Patches.jsonPatch(scale, patch);
                break;
            case Patches.MERGE_PATCH:
            case Patches.STRATEGIC_MERGE_PATCH: // a Scale has no lists: both patch types merge the same way
                patched = Patches.mergePatch(scale, patch);
                break;
            default:
                throw KubeApiException.unsupportedMediaType(contentType, List.of(Patches.JSON_PATCH,
                        Patches.MERGE_PATCH, Patches.STRATEGIC_MERGE_PATCH));
        }
        // the Scale read above carries the current resourceVersion; only one a merge patch sets is a precondition
        boolean setsVersion = !contentType.equals(Patches.JSON_PATCH)
                && !Json.text(Json.parse(patch).path("metadata"), "resourceVersion", "").isEmpty();
        if (!setsVersion) {
            Json.metadata(patched).remove("resourceVersion");
        }
        return update(store, def, namespace, name, patched, options);
    }

    /** {@code metav1.FormatLabelSelector}: {@code k=v}, {@code k in (a,b)}, {@code k notin (a)}, {@code k}, {@code !k}. */
    static String selector(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        if (selector.path("matchLabels").isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
                sorted.put(e.getKey(), e.getValue().asString());
            }
            sorted.forEach((k, v) -> parts.add(k + "=" + v));
        }
        for (JsonNode r : selector.path("matchExpressions")) {
            String key = Json.text(r, "key", "");
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.asString()));
            values.sort(null);
            switch (Json.text(r, "operator", "")) {
                case "In":
                    parts.add(key + " in (" + String.join(",", values) + ")");
                    break;
                case "NotIn":
                    parts.add(key + " notin (" + String.join(",", values) + ")");
                    break;
                case "Exists":
                    parts.add(key);
                    break;
                case "DoesNotExist":
                    parts.add("!" + key);
                    break;
                default:
                    break;
            }
        }
        return String.join(",", parts);
    }
}
