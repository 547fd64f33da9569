package io.mig4j.testkit.kube;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What differs between kinds, in the shape of the API server's registry strategies
 * ({@code k8s.io/apiserver/pkg/registry/rest} {@code RESTCreateStrategy}/{@code RESTUpdateStrategy} and a kind's
 * {@code pkg/registry/<group>/<kind>/strategy.go}): defaulting, preparing an object for create and update,
 * validation, the status subresource, field selectors and how deletion answers. Everything kinds share (metadata,
 * resourceVersion, generation, finalizers, conflicts) lives in {@link KubeStore}.
 */
interface KindStrategy {
    /** Which part of an object {@code metadata.generation} tracks. */
    enum Generation {
        /** Never set (ConfigMaps, Secrets, Events, Leases, ...). */
        NONE,
        /** Bumped when {@code spec} changes (Pods, Deployments, DeviceClasses, ResourceSlices, ...). */
        SPEC,
        /** Bumped when anything but {@code metadata} and {@code status} changes (custom resources). */
        ALL_BUT_METADATA_AND_STATUS
    }

    default Validation.NameRule nameRule() {
        return Validation.NameRule.DNS_SUBDOMAIN;
    }

    default Generation generation() {
        return Generation.SPEC;
    }

    /** Defaulting, as the real server does while decoding (SetDefaults_*). */
    default void applyDefaults(ObjectNode object) {
    }

    /** PrepareForCreate, after the store reset the status of kinds with a status subresource. */
    default void prepareForCreate(ObjectNode object) {
    }

    /** PrepareForUpdate of the main resource, after the store kept the old status. */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {
    }

    /**
     * PrepareForUpdate of the status subresource, after the store kept the old spec. The default is
     * {@code metav1.ResetObjectMetaForStatus}: labels, annotations, finalizers and owner references stay as they were.
     */
    default void prepareForStatusUpdate(ObjectNode object, ObjectNode old) {
        ObjectNode meta = Json.metadata(object);
        JsonNode oldMeta = old.path("metadata");
        for (String f : new String[] {"labels", "annotations", "finalizers", "ownerReferences"}) {
            JsonNode v = oldMeta.get(f);
            if (v == null) {
                meta.remove(f);
            } else {
                meta.set(f, v.deepCopy());
            }
        }
    }

    /** Whether create resets {@code status} (true for most kinds with a status subresource; false for Nodes). */
    default boolean clearsStatusOnCreate() {
        return true;
    }

    /** Validate on create (metadata is validated by the store). */
    default List<StatusCause> validate(ObjectNode object) {
        return List.of();
    }

    /** ValidateUpdate of the main resource. */
    default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
        return validate(object);
    }

    /** ValidateUpdate of the status subresource. */
    default List<StatusCause> validateStatusUpdate(ObjectNode object, ObjectNode old) {
        return List.of();
    }

    default boolean allowCreateOnUpdate() {
        return false;
    }

    /** Whether DELETE answers with the deleted object (ReturnDeletedObject) rather than a Success Status. */
    default boolean returnsDeletedObject() {
        return false;
    }

    /**
     * The field label conversion of the kind: returns the internal label or throws 400 for one the kind does not
     * support. The default is apimachinery's {@code DefaultMetaV1FieldSelectorConversion}.
     */
    default String fieldLabel(ResourceType type, String label) {
        if (label.equals("metadata.name") || label.equals("metadata.namespace")) {
            return label;
        }
        throw KubeApiException.badRequest(StatusCause.quote(label)
                + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    /** The selectable fields of an object (GetAttrs); the default has {@code metadata.name} and namespace. */
    default Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
        return metaFields(type, object);
    }

    static Map<String, String> metaFields(ResourceType type, JsonNode object) {
        Map<String, String> m = new HashMap<>();
        m.put("metadata.name", Json.text(object.path("metadata"), "name", ""));
        if (type.namespaced()) {
            m.put("metadata.namespace", Json.text(object.path("metadata"), "namespace", ""));
        }
        return m;
    }

    /** A kind-specific field label conversion: the listed labels or the message {@code prefix + label}. */
    static String supportedLabel(String label, String unsupportedPrefix, String... supported) {
        for (String s : supported) {
            if (s.equals(label)) {
                return label;
            }
        }
        throw KubeApiException.badRequest(unsupportedPrefix + label);
    }
}
