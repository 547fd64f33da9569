package io.mig4j.testkit.kube;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3: the {@code /openapi/v3} index and one document per group version. kubectl 1.32 needs it for
 * {@code create}/{@code apply} (it refuses to validate against a server without OpenAPI); because every PATCH
 * operation carries {@code x-kubernetes-group-version-kind} and a {@code fieldValidation} parameter, kubectl leaves
 * validation to the server (cli-runtime {@code query_param_verifier_v3.go}); and the component schemas, generated
 * from the fabric8 model classes, make {@code kubectl explain} work.
 */
final class OpenApi {
    private static final Map<String, String> KIND_DESCRIPTIONS = Map.of(
            "DeviceClass", "DeviceClass is a vendor- or admin-provided resource that contains device configuration "
                    + "and selectors. It can be referenced in the device requests of a claim to apply these presets. "
                    + "Cluster scoped.",
            "ResourceClaim", "ResourceClaim describes a request for access to resources in the cluster, for use by "
                    + "workloads: which devices are needed, how many, with which selectors and configuration.",
            "ResourceClaimTemplate", "ResourceClaimTemplate is used to produce ResourceClaim objects for pods: the "
                    + "template's spec becomes the spec of each generated claim.",
            "ResourceSlice", "ResourceSlice represents one or more resources in a pool of similar resources, managed "
                    + "by a common driver; a driver publishes its devices through slices.",
            "DeviceTaintRule", "DeviceTaintRule adds one taint to all devices which match the selector.");

    private OpenApi() {
    }

    /** {@code /openapi/v3}: one entry per group version, addressed with the hash of its document. */
    static ObjectNode index(Map<String, byte[]> documents) {
        ObjectNode o = Json.object();
        ObjectNode paths = o.putObject("paths");
        for (Map.Entry<String, byte[]> e : documents.entrySet()) {
            paths.putObject(e.getKey()).put("serverRelativeURL", "/openapi/v3/" + e.getKey() + "?hash="
                    + Discovery.hash(e.getValue()));
        }
        return o;
    }

    /** The document of one group version ({@code api/v1}, {@code apis/resource.k8s.io/v1}). */
    static ObjectNode document(String group, String version, List<ResourceDefinition> defs, String serverVersion) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", serverVersion);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ResourceDefinition d : defs) {
            ResourceType t = d.type();
            String ref = schemaName(d);
            addPaths(paths, d, ref);
            ObjectNode list = schemas.putObject(ref + "List");
            list.put("type", "object");
            ObjectNode listProps = list.putObject("properties");
            listProps.putObject("apiVersion").put("type", "string");
            listProps.putObject("kind").put("type", "string");
            ObjectNode items = listProps.putObject("items");
            items.put("type", "array");
            items.putObject("items").put("$ref", "#/components/schemas/" + ref);
            ObjectNode listGvk = list.putArray("x-kubernetes-group-version-kind").addObject();
            listGvk.put("group", t.group());
            listGvk.put("kind", t.kind() + "List");
            listGvk.put("version", t.version());
            Schema s = d.schema();
            if (s == null) {
                ObjectNode any = schemas.putObject(ref);
                any.put("type", "object");
                any.put("x-kubernetes-preserve-unknown-fields", true);
                gvk(any, t);
            } else if (s.source != null) {
                ObjectNode copy = ((ObjectNode) s.source).deepCopy();
                ObjectNode props = Json.ensureObject(copy, "properties");
                props.putObject("apiVersion").put("type", "string");
                props.putObject("kind").put("type", "string");
                props.putObject("metadata").putArray("allOf").addObject()
                        .put("$ref", "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
                schemas.set(ref, copy);
                gvk(copy, t);
                addSchemas(schemas, Schema.of(io.fabric8.kubernetes.api.model.ObjectMeta.class));
            } else {
                addSchemas(schemas, s);
                ObjectNode kind = (ObjectNode) schemas.get(ref);
                gvk(kind, t);
                String description = KIND_DESCRIPTIONS.get(t.kind());
                if (description != null && t.group().equals("resource.k8s.io")) {
                    kind.put("description", description);
                }
            }
        }
        if (defs.stream().anyMatch(d -> d.type().hasSubresource(ScaleSubresource.NAME))) {
            addSchemas(schemas, Schema.of(io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class));
        }
        ObjectNode patch = schemas.putObject("io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        patch.put("type", "object");
        patch.put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
        return doc;
    }

    private static void gvk(ObjectNode schema, ResourceType t) {
        ObjectNode g = schema.putArray("x-kubernetes-group-version-kind").addObject();
        g.put("group", t.group());
        g.put("kind", t.kind());
        g.put("version", t.version());
    }

    static String schemaName(ResourceDefinition d) {
        if (d.schema() != null && d.schema().model != null) {
            return componentName(d.schema().model);
        }
        ResourceType t = d.type();
        String[] parts = t.group().split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            reversed.append(parts[i]).append('.');
        }
        return reversed + t.version() + "." + t.kind();
    }

    /** The Kubernetes name of a fabric8 model class: {@code io.k8s.api.resource.v1.DeviceClass}. */
    static String componentName(Class<?> model) {
        String name = model.getName();
        String prefix = "io.fabric8.kubernetes.api.model.";
        if (!name.startsWith(prefix)) {
            return name;
        }
        String rest = name.substring(prefix.length());
        String simple = model.getSimpleName();
        if (!rest.contains(".")) {
            if (List.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "LabelSelector",
                    "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause", "FieldsV1",
                    "MicroTime", "Time", "DeleteOptions", "Preconditions").contains(simple)) {
                return "io.k8s.apimachinery.pkg.apis.meta.v1." + simple;
            }
            return "io.k8s.api.core.v1." + simple;
        }
        if (rest.startsWith("apps.")) {
            return "io.k8s.api.apps.v1." + simple;
        }
        if (rest.startsWith("apiextensions.")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis." + rest;
        }
        return "io.k8s.api." + rest;
    }

    private static void addSchemas(ObjectNode schemas, Schema root) {
        Deque<Schema> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Schema s = todo.removeFirst();
            String name = componentName(s.model);
            if (schemas.has(name)) {
                continue;
            }
            ObjectNode out = schemas.putObject(name);
            out.put("type", "object");
            ObjectNode props = out.putObject("properties");
            for (Map.Entry<String, Schema> p : s.properties().entrySet()) {
                props.set(p.getKey(), property(p.getKey(), p.getValue(), todo));
            }
        }
    }

    private static ObjectNode property(String name, Schema s, Deque<Schema> todo) {
        ObjectNode p = Json.object();
        switch (s.kind) {
            case OBJECT:
                todo.add(s);
                p.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + componentName(s.model));
                p.putObject("default");
                break;
            case ARRAY:
                p.put("type", "array");
                p.set("items", property(name, s.element, todo));
                break;
            case MAP:
                p.put("type", "object");
                p.set("additionalProperties", property(name, s.element, todo));
                break;
            case STRING:
                p.put("type", "string");
                break;
            case INTEGER:
                p.put("type", "integer");
                p.put("format", s.format);
                break;
            case NUMBER:
                p.put("type", "number");
                p.put("format", "double");
                break;
            case BOOLEAN:
                p.put("type", "boolean");
                break;
            case INT_OR_STRING:
                p.put("x-kubernetes-int-or-string", true);
                p.put("format", "int-or-string");
                break;
            case QUANTITY: {
                ArrayNode one = p.putArray("oneOf");
                one.addObject().put("type", "string");
                one.addObject().put("type", "number");
                break;
            }
            default:
                p.put("type", "object");
                p.put("x-kubernetes-preserve-unknown-fields", true);
        }
        String description = fieldDescription(name);
        if (description != null && !p.has("description")) {
            p.put("description", description);
        }
        return p;
    }

    private static String fieldDescription(String name) {
        switch (name) {
            case "apiVersion":
                return "APIVersion defines the versioned schema of this representation of an object.";
            case "kind":
                return "Kind is a string value representing the REST resource this object represents.";
            case "metadata":
                return "Standard object metadata.";
            default:
                return null;
        }
    }

    private static void addPaths(ObjectNode paths, ResourceDefinition d, String ref) {
        ResourceType t = d.type();
        String base = (t.group().isEmpty() ? "/api/" : "/apis/" + t.group() + "/") + t.version()
                + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
        boolean smp = d.schema() != null && d.schema().source == null;
        ObjectNode collection = paths.putObject(base);
        collection.set("get", operation("list", t, ref + "List", false, false));
        collection.set("post", operation("post", t, ref, true, false));
        collection.set("delete", operation("deletecollection", t, "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
                false, false));
        ObjectNode item = paths.putObject(base + "/{name}");
        item.set("get", operation("get", t, ref, false, false));
        item.set("put", operation("put", t, ref, true, false));
        item.set("patch", patchOperation(t, ref, smp));
        item.set("delete", operation("delete", t, ref, false, false));
        for (String sub : t.subresources()) {
            ObjectNode s = paths.putObject(base + "/{name}/" + sub);
            if (sub.equals("binding")) {
                s.set("post", operation("post", t, "io.k8s.api.core.v1.Binding", true, false));
            } else if (sub.equals("finalize")) {
                s.set("put", operation("put", t, ref, true, false));
            } else if (sub.equals(ScaleSubresource.NAME)) {
                String scale = componentName(io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class);
                s.set("get", operation("get", t, scale, false, false));
                s.set("put", operation("put", t, scale, true, false));
                s.set("patch", patchOperation(t, scale, smp));
            } else {
                s.set("get", operation("get", t, ref, false, false));
                s.set("put", operation("put", t, ref, true, false));
                s.set("patch", patchOperation(t, ref, smp));
            }
        }
    }

    private static ObjectNode operation(String action, ResourceType t, String ref, boolean write, boolean patch) {
        ObjectNode op = Json.object();
        op.put("operationId", action + t.kind());
        op.put("x-kubernetes-action", action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group());
        gvk.put("kind", t.kind());
        gvk.put("version", t.version());
        if (write) {
            ArrayNode params = op.putArray("parameters");
            param(params, "dryRun");
            param(params, "fieldManager");
            param(params, "fieldValidation");
            if (patch) {
                params.addObject().put("name", "force").put("in", "query").putObject("schema").put("type", "boolean");
            }
            if (!patch) {
                ObjectNode body = op.putObject("requestBody");
                body.putObject("content").putObject("*/*").putObject("schema").put("$ref", "#/components/schemas/" + ref);
                body.put("required", true);
            }
        }
        ObjectNode ok = op.putObject("responses").putObject("200");
        ok.put("description", "OK");
        ok.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/" + ref);
        return op;
    }

    private static ObjectNode patchOperation(ResourceType t, String ref, boolean smp) {
        ObjectNode op = operation("patch", t, ref, true, true);
        ObjectNode content = op.putObject("requestBody").putObject("content");
        for (String type : smp ? List.of(Patches.APPLY_PATCH, Patches.JSON_PATCH, Patches.MERGE_PATCH,
                Patches.STRATEGIC_MERGE_PATCH) : List.of(Patches.APPLY_PATCH, Patches.JSON_PATCH, Patches.MERGE_PATCH)) {
            content.putObject(type).putObject("schema").put("$ref",
                    "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        }
        ((ObjectNode) op.get("requestBody")).put("required", true);
        return op;
    }

    private static void param(ArrayNode params, String name) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "query");
        p.putObject("schema").put("type", "string");
        p.put("uniqueItems", true);
    }
}
