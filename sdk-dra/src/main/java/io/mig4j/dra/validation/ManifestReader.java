package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests (YAML, multi-document, or JSON; any mix of kinds; {@code v1 List}s expanded) strictly:
 * each field is checked against the schema of its kind and version, as the API server's strict field validation does
 * (kubectl's default), so a field that does not exist is reported with its path ({@code spec.suitableNodes: unknown
 * field}) and a value of the wrong JSON type with the expected type. DRA kinds of {@code resource.k8s.io} v1, v1beta1
 * and v1beta2, core, apps and batch workloads and a few other core kinds are typed; other kinds pass through.
 */
public final class ManifestReader {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Map<String, Class<?>> TYPES = new HashMap<>();
    /** The versions of resource.k8s.io that Kubernetes 1.34 to 1.37 have. */
    private static final List<String> RESOURCE_VERSIONS = List.of("resource.k8s.io/v1", "resource.k8s.io/v1beta2",
            "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3");
    private static final List<String> VALIDATED_KINDS = List.of("DeviceClass", "ResourceClaim", "ResourceClaimTemplate",
            "ResourceSlice", "DeviceTaintRule");

    static {
        for (String version : List.of("v1", "v1beta1", "v1beta2")) {
            String pkg = "io.fabric8.kubernetes.api.model.resource." + version + ".";
            for (String kind : List.of("DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice")) {
                try {
                    TYPES.put("resource.k8s.io/" + version + "/" + kind, Class.forName(pkg + kind));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("fabric8 model class missing: " + pkg + kind, e);
                }
            }
        }
        for (String version : List.of("v1", "v1beta2", "v1alpha3")) {
            String pkg = "io.fabric8.kubernetes.api.model.resource." + version + ".";
            try {
                TYPES.put("resource.k8s.io/" + version + "/DeviceTaintRule", Class.forName(pkg + "DeviceTaintRule"));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("fabric8 model class missing: " + pkg + "DeviceTaintRule", e);
            }
        }
        TYPES.put("v1/Pod", Pod.class);
        TYPES.put("v1/ConfigMap", ConfigMap.class);
        TYPES.put("v1/Service", Service.class);
        TYPES.put("v1/Namespace", Namespace.class);
        TYPES.put("v1/Secret", Secret.class);
        TYPES.put("v1/ServiceAccount", ServiceAccount.class);
        TYPES.put("v1/PersistentVolumeClaim", PersistentVolumeClaim.class);
        TYPES.put("apps/v1/Deployment", Deployment.class);
        TYPES.put("apps/v1/StatefulSet", StatefulSet.class);
        TYPES.put("apps/v1/DaemonSet", DaemonSet.class);
        TYPES.put("apps/v1/ReplicaSet", ReplicaSet.class);
        TYPES.put("batch/v1/Job", Job.class);
        TYPES.put("batch/v1/CronJob", CronJob.class);
    }

    private final KubernetesVersion version;

    private ManifestReader(KubernetesVersion version) {
        this.version = version;
    }

    /** A reader with the schema of {@code version} (fields added later are unknown). */
    public static ManifestReader forVersion(KubernetesVersion version) {
        return new ManifestReader(Objects.requireNonNull(version, "version"));
    }

    /** A reader for {@link KubernetesVersion#DEFAULT}. */
    public static ManifestReader defaults() {
        return forVersion(KubernetesVersion.DEFAULT);
    }

    /** The fabric8 class for an apiVersion and kind, or null when mig4j does not model it. */
    public static Class<?> typeOf(String apiVersion, String kind) {
        return TYPES.get(apiVersion + "/" + kind);
    }

    /**
     * Reads a file.
     *
     * @throws ManifestFormatException when the file is not YAML or JSON
     * @throws IOException             when it cannot be read
     */
    public List<ManifestDocument> read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads YAML or JSON text.
     *
     * @param source a name for messages (a file name, {@code -})
     * @throws ManifestFormatException when the text is not YAML or JSON
     */
    public List<ManifestDocument> read(String text, String source) {
        List<JsonNode> nodes = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    nodes.add(n);
                }
            }
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ManifestFormatException(source + ": not valid YAML or JSON" + where + ": " + e.getOriginalMessage(),
                    e);
        }
        List<ManifestDocument> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (n.isObject() && "List".equals(text(n, "kind")) && n.get("items") != null && n.get("items").isArray()) {
                for (JsonNode item : n.get("items")) {
                    out.add(document(item, source, out.size() + 1));
                }
            } else {
                out.add(document(n, source, out.size() + 1));
            }
        }
        return out;
    }

    private ManifestDocument document(JsonNode node, String source, int index) {
        if (!(node instanceof ObjectNode original)) {
            return new ManifestDocument(source, index, null, null, null, null, null,
                    List.of(FieldError.typeInvalid(FieldPath.root("(document)"), node.getNodeType().name()
                            .toLowerCase(java.util.Locale.ROOT), "a Kubernetes object must be a mapping with apiVersion"
                            + " and kind")), List.of(), JSON.createObjectNode());
        }
        String apiVersion = text(original, "apiVersion");
        String kind = text(original, "kind");
        String namespace = null;
        String name = null;
        if (original.get("metadata") instanceof ObjectNode meta) {
            namespace = text(meta, "namespace");
            name = text(meta, "name") != null ? text(meta, "name") : text(meta, "generateName");
        }
        List<FieldError> errors = new ArrayList<>();
        List<ValidationWarning> notes = new ArrayList<>();
        if (apiVersion == null || apiVersion.isEmpty()) {
            errors.add(FieldError.required(FieldPath.root("apiVersion"), "apiVersion not set"));
        }
        if (kind == null || kind.isEmpty()) {
            errors.add(FieldError.required(FieldPath.root("kind"), "kind not set"));
        }
        if (!errors.isEmpty()) {
            return new ManifestDocument(source, index, apiVersion, kind, namespace, name, null, errors, notes, original);
        }
        Class<?> type = typeOf(apiVersion, kind);
        if (type == null) {
            if (apiVersion.startsWith("resource.k8s.io/") && !RESOURCE_VERSIONS.contains(apiVersion)) {
                errors.add(FieldError.notSupported(FieldPath.root("apiVersion"), apiVersion, RESOURCE_VERSIONS));
            } else if (VALIDATED_KINDS.contains(kind) && apiVersion.startsWith("resource.k8s.io/")) {
                // since 1.34 v1alpha3 holds only DeviceTaintRule
                errors.add(FieldError.notSupported(FieldPath.root("apiVersion"), apiVersion,
                        RESOURCE_VERSIONS.subList(0, 3)));
            } else if (apiVersion.startsWith("resource.k8s.io/")) {
                notes.add(new ValidationWarning("kind", kind + " of " + apiVersion + " is not validated by mig4j"
                        + " (it validates " + String.join(", ", VALIDATED_KINDS) + ")"));
            }
            return new ManifestDocument(source, index, apiVersion, kind, namespace, name, null, errors, notes, original);
        }
        if (kind.equals("DeviceTaintRule")) {
            // its own lifecycle: v1beta2 is where it starts in 1.36, not a deprecated version of it
            if (!deviceTaintRuleServed(apiVersion, errors, notes)) {
                return new ManifestDocument(source, index, apiVersion, kind, namespace, name, null, errors, notes,
                        original);
            }
        } else {
            deprecation(apiVersion, notes);
        }
        ObjectNode copy = original.deepCopy();
        StrictSchema.check(copy, type, null, version, errors);
        Object object;
        try {
            object = JSON.treeToValue(copy, type);
        } catch (JacksonException e) {
            errors.add(FieldError.invalid(FieldPath.root("(document)"), "<value omitted>",
                    "cannot be decoded: " + e.getOriginalMessage()));
            object = null;
        }
        return new ManifestDocument(source, index, apiVersion, kind, namespace, name, object, errors, notes, original);
    }

    /**
     * DeviceTaintRule is served as v1alpha3 since 1.33, v1beta2 since 1.36 and v1 since 1.37, where
     * DRADeviceTaintRules became GA; before that the API needs the gate and {@code --runtime-config} (alpha and new
     * beta API versions are off by default). An apiVersion the release does not have is an error, one it has but
     * does not serve by default a warning.
     */
    private boolean deviceTaintRuleServed(String apiVersion, List<FieldError> errors, List<ValidationWarning> notes) {
        List<String> served = new ArrayList<>(List.of("resource.k8s.io/v1alpha3"));
        if (version.atLeast(KubernetesVersion.V1_36)) {
            served.add(0, "resource.k8s.io/v1beta2");
        }
        if (version.atLeast(KubernetesVersion.V1_37)) {
            served.add(0, "resource.k8s.io/v1");
        }
        if (!served.contains(apiVersion)) {
            errors.add(FieldError.notSupported(FieldPath.root("apiVersion"), apiVersion, served));
            return false;
        }
        if (!apiVersion.equals("resource.k8s.io/v1")) {
            notes.add(new ValidationWarning("apiVersion", "Kubernetes " + version + " serves DeviceTaintRule in "
                    + apiVersion + " only with --runtime-config=" + apiVersion + "=true and the DRADeviceTaintRules"
                    + " feature gate (both off by default" + (version.atLeast(KubernetesVersion.V1_37)
                    ? "; use resource.k8s.io/v1)" : ")")));
        }
        return true;
    }

    private void deprecation(String apiVersion, List<ValidationWarning> notes) {
        if (apiVersion.equals("resource.k8s.io/v1beta1") && version.atLeast(KubernetesVersion.V1_35)) {
            notes.add(new ValidationWarning("apiVersion", "resource.k8s.io/v1beta1 is deprecated since Kubernetes 1.35"
                    + " and planned for removal in 1.38; use resource.k8s.io/v1 (mig4j dra convert --to v1)"));
        } else if (apiVersion.equals("resource.k8s.io/v1beta2") && version.atLeast(KubernetesVersion.V1_36)) {
            notes.add(new ValidationWarning("apiVersion", "resource.k8s.io/v1beta2 is deprecated since Kubernetes 1.36"
                    + " and planned for removal in 1.39; use resource.k8s.io/v1 (mig4j dra convert --to v1)"));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }

    /** Converts a tree to plain maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return JSON.convertValue(node, Map.class);
    }

    /** Decodes a tree into a fabric8 class (unknown fields are ignored). */
    static <T> T decode(ObjectNode node, Class<T> type) {
        return JSON.treeToValue(node, type);
    }
}
