package io.mig4j.testkit.kube;

import tools.jackson.databind.JsonNode;

/**
 * One change committed to a {@link KubeStore}, as a watch event would carry it: the resource, the event type, the
 * object after the change (its last state for {@code DELETED}) and the resourceVersion. The object's JSON is the
 * exact body a GET would return, serialized once and shared with the HTTP API.
 */
public final class StoreChange {
    private final ResourceType resource;
    private final String type;
    private final Stored object;
    private final long resourceVersion;

    StoreChange(ResourceType resource, String type, Stored object, long resourceVersion) {
        this.resource = resource;
        this.type = type;
        this.object = object;
        this.resourceVersion = resourceVersion;
    }

    /** The resource of the object (the version its storage was registered with). */
    public ResourceType resource() {
        return resource;
    }

    /** {@code ADDED}, {@code MODIFIED} or {@code DELETED}. */
    public String type() {
        return type;
    }

    /** Whether the object is gone. */
    public boolean deleted() {
        return "DELETED".equals(type);
    }

    /** The resourceVersion of the change. */
    public long resourceVersion() {
        return resourceVersion;
    }

    /** The object's namespace, {@code ""} for cluster-scoped objects. */
    public String namespace() {
        return object.namespace();
    }

    /** The object's name. */
    public String name() {
        return object.name();
    }

    /** The object as JSON, exactly as a GET returns it; shared, so not to be modified. */
    public byte[] json() {
        return object.json();
    }

    /**
     * The object as the store holds it, the tree {@link #json()} is written from: shared with the store and every
     * reader, so strictly read-only. Lets an in-process cache convert it to objects without parsing text.
     */
    public JsonNode object() {
        return object.object;
    }

    /**
     * A string field of the object by path (e.g. {@code "spec", "nodeName"}), read without copying it; null when
     * absent or not a string. Lets a cache index objects without deserializing them.
     */
    public String text(String... path) {
        JsonNode n = object.object;
        for (String p : path) {
            n = n.get(p);
            if (n == null) {
                return null;
            }
        }
        return n.isString() ? n.asString() : null;
    }
}
