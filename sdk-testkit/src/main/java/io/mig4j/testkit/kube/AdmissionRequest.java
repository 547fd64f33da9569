package io.mig4j.testkit.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@link AdmissionValidator} is asked to judge: the object after defaulting and the strategy's
 * preparation, as JSON, and the stored object it replaces on update.
 *
 * @param resource    the resource being written
 * @param operation   create or update
 * @param subresource {@code ""} for the main resource, else e.g. {@code status}
 * @param object      the object as it would be stored (read-only by contract)
 * @param oldObject   the stored object on update, null on create
 * @implSpec Immutable by contract: validators must not change the JSON trees.
 */
public record AdmissionRequest(ResourceType resource, Operation operation, String subresource, ObjectNode object,
                               ObjectNode oldObject) {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The write being admitted. */
    public enum Operation {
        /** POST, or an apply that creates. */
        CREATE,
        /** PUT or PATCH of an existing object. */
        UPDATE
    }

    /** Requires resource, operation, subresource and object. */
    public AdmissionRequest {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(subresource, "subresource");
        Objects.requireNonNull(object, "object");
    }

    /** The object as a fabric8 model instance, e.g. {@code objectAs(DeviceClass.class)}. */
    public <T> T objectAs(Class<T> type) {
        return SERIALIZATION.convertValue(object, type);
    }

    /** The old object as a fabric8 model instance, or null on create. */
    public <T> T oldObjectAs(Class<T> type) {
        return oldObject == null ? null : SERIALIZATION.convertValue(oldObject, type);
    }
}
