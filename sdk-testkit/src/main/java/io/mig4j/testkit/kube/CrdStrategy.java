package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code apiextensions.k8s.io/v1} CustomResourceDefinitions: defaulting, the checks that keep the served resource
 * well formed, an immediately Established status, and the {@link ResourceDefinition}s a CRD serves (storage only:
 * no conversion webhooks, no validation beyond the structural schema's field pruning).
 */
final class CrdStrategy implements KindStrategy {

    @Override
    public void applyDefaults(ObjectNode crd) {
        ObjectNode names = Json.ensureObject(Json.ensureObject(crd, "spec"), "names");
        String kind = Json.text(names, "kind", "");
        if (!kind.isEmpty()) {
            CoreStrategies.putIfAbsent(names, "singular", kind.toLowerCase(Locale.ROOT));
            CoreStrategies.putIfAbsent(names, "listKind", kind + "List");
        }
        ObjectNode spec = (ObjectNode) crd.get("spec");
        if (!spec.has("conversion")) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    @Override
    public void prepareForCreate(ObjectNode crd) {
        ObjectNode status = Json.ensureObject(crd, "status");
        String now = Json.timestamp(java.time.Instant.now());
        ArrayNode conditions = status.putArray("conditions");
        for (String[] c : new String[][] {{"NamesAccepted", "NoConflicts", "no conflicts found"},
            {"Established", "InitialNamesAccepted", "the initial names have been accepted"}}) {
            ObjectNode cond = conditions.addObject();
            cond.put("type", c[0]);
            cond.put("status", "True");
            cond.put("lastTransitionTime", now);
            cond.put("reason", c[1]);
            cond.put("message", c[2]);
        }
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                stored.add(Json.text(v, "name", ""));
            }
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode crd) {
        List<StatusCause> errs = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = Json.text(spec, "group", "");
        String plural = Json.text(spec.path("names"), "plural", "");
        String name = Json.text(crd.path("metadata"), "name", "");
        if (group.isEmpty()) {
            errs.add(StatusCause.required("spec.group", ""));
        } else if (!group.contains(".")) {
            errs.add(StatusCause.invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        if (plural.isEmpty()) {
            errs.add(StatusCause.required("spec.names.plural", ""));
        }
        if (Json.text(spec.path("names"), "kind", "").isEmpty()) {
            errs.add(StatusCause.required("spec.names.kind", ""));
        }
        if (!name.equals(plural + "." + group)) {
            errs.add(StatusCause.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        String scope = Json.text(spec, "scope", "");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            errs.add(StatusCause.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
        }
        JsonNode versions = spec.get("versions");
        if (versions == null || !versions.isArray() || versions.isEmpty()) {
            errs.add(StatusCause.required("spec.versions", "must have at least one version"));
        } else {
            int storage = 0;
            for (JsonNode v : versions) {
                if (v.path("storage").asBoolean(false)) {
                    storage++;
                }
            }
            if (storage != 1) {
                errs.add(StatusCause.invalid("spec.versions", storage,
                        "must have exactly one version marked as storage version"));
            }
        }
        return errs;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode crd, ObjectNode old) {
        List<StatusCause> errs = new ArrayList<>(validate(crd));
        DraStrategies.immutable(crd.path("spec").get("group"), old.path("spec").get("group"), "spec.group", errs);
        DraStrategies.immutable(crd.path("spec").path("names").get("plural"), old.path("spec").path("names").get("plural"),
                "spec.names.plural", errs);
        return errs;
    }

    @Override
    public boolean returnsDeletedObject() {
        return true;
    }

    /** The resources a stored CRD serves: one per served version. */
    static List<ResourceDefinition> definitions(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asString()));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(n -> categories.add(n.asString()));
        List<ResourceDefinition> defs = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            boolean status = v.path("subresources").has("status");
            ResourceType type = new ResourceType(Json.text(spec, "group", ""), Json.text(v, "name", ""),
                    Json.text(names, "kind", ""), Json.text(names, "plural", ""),
                    Json.text(names, "singular", Json.text(names, "kind", "").toLowerCase(Locale.ROOT)),
                    "Namespaced".equals(Json.text(spec, "scope", "")), shortNames, categories,
                    status ? List.of("status") : List.of());
            List<String> selectable = new ArrayList<>();
            v.path("selectableFields").forEach(f -> {
                String path = Json.text(f, "jsonPath", "");
                selectable.add(path.startsWith(".") ? path.substring(1) : path);
            });
            JsonNode openApi = v.path("schema").get("openAPIV3Schema");
            defs.add(new ResourceDefinition(type, new CustomResourceStrategy(selectable),
                    openApi == null ? null : Schema.fromOpenApi(openApi, true)));
        }
        return defs;
    }

    /** Custom resources: generation tracks all but metadata and status; names are path segments. */
    static final class CustomResourceStrategy implements KindStrategy {
        private final List<String> selectableFields;

        CustomResourceStrategy(List<String> selectableFields) {
            this.selectableFields = List.copyOf(selectableFields);
        }

        @Override
        public Validation.NameRule nameRule() {
            return Validation.NameRule.PATH_SEGMENT;
        }

        @Override
        public Generation generation() {
            return Generation.ALL_BUT_METADATA_AND_STATUS;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            if (selectableFields.contains(label)) {
                return label;
            }
            return KindStrategy.super.fieldLabel(type, label);
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
            Map<String, String> m = KindStrategy.metaFields(type, object);
            for (String f : selectableFields) {
                String v = Json.text(object, f);
                m.put(f, v == null ? "" : v);
            }
            return m;
        }
    }
}
