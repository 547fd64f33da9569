package io.mig4j.testkit.kube;

import tools.jackson.databind.node.ObjectNode;

/**
 * An object as stored: its JSON (never modified once stored), its resourceVersion, and its serialized form,
 * computed once and shared by every GET, list and watch event that sends it.
 */
final class Stored {
    final ObjectNode object;
    final long resourceVersion;
    final String key;
    private volatile byte[] json;

    Stored(String key, ObjectNode object, long resourceVersion) {
        this.key = key;
        this.object = object;
        this.resourceVersion = resourceVersion;
    }

    byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = Json.bytes(object);
            json = j;
        }
        return j;
    }

    /** The JSON as served under {@code apiVersion} (custom resources may be read through another served version). */
    byte[] json(String apiVersion) {
        if (apiVersion == null || apiVersion.equals(Json.text(object, "apiVersion", ""))) {
            return json();
        }
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", apiVersion);
        return Json.bytes(copy);
    }

    String namespace() {
        return Json.text(object.path("metadata"), "namespace", "");
    }

    String name() {
        return Json.text(object.path("metadata"), "name", "");
    }
}
