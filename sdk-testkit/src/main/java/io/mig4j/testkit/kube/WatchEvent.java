package io.mig4j.testkit.kube;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a watch: {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} or {@code ERROR}, with
 * the object (for ERROR, a {@code Status}).
 *
 * @param type   the event type as on the wire
 * @param object the object (a copy the caller may keep)
 * @implSpec Immutable by contract.
 */
public record WatchEvent(String type, ObjectNode object) {
    /** Requires both parts. */
    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
    }

    /** The object's {@code metadata.resourceVersion}. */
    public String resourceVersion() {
        return Json.text(object.path("metadata"), "resourceVersion", "");
    }

    /** The object's {@code metadata.name}. */
    public String name() {
        return Json.text(object.path("metadata"), "name", "");
    }
}
