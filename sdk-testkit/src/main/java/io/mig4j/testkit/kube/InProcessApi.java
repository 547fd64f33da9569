package io.mig4j.testkit.kube;

import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to {@link MockKubeApiServer}'s store as JSON trees, for controllers that run in the same JVM and already
 * hold their objects as trees or can convert them without text: the same store operation an HTTP {@code POST} or
 * {@code PUT} of that body reaches (decoding with the server's default {@code fieldValidation=Warn}, defaulting,
 * the kind's strategy, validation, admission, managed fields under the manager the User-Agent names,
 * resourceVersions, watch events and a journal entry), without serializing the request, parsing it again or
 * serializing an answer the caller would parse back. What any other client observes is the same as for the HTTP
 * request; only the caller's own cost differs.
 *
 * <p>Answers are the stored objects themselves, shared with the store: they must not be modified. Errors are the
 * {@link KubeApiException}s the HTTP API would have turned into a {@code Status} response.
 *
 * @implSpec Thread-safe (the store serializes writes).
 */
public final class InProcessApi {
    private final KubeStore store;
    private final Consumer<RecordedKubeRequest> journal;

    InProcessApi(KubeStore store, Consumer<RecordedKubeRequest> journal) {
        this.store = store;
        this.journal = journal;
    }

    /**
     * {@code POST} of {@code body} to a collection: creates the object.
     *
     * @param group     the API group, {@code ""} for the core group
     * @param namespace the namespace of a namespaced resource, null for a cluster-scoped one
     * @param body      the object; taken over (the store keeps and modifies it), so not to be used afterwards
     * @param userAgent the User-Agent the request would carry: it names the field manager
     * @return the stored object, read-only
     * @throws KubeApiException as the HTTP API would answer (404 for an unknown resource, 409, 422 ...)
     */
    public JsonNode create(String group, String version, String plural, String namespace, ObjectNode body,
                           String userAgent) {
        ResourceDefinition def = definition(group, version, plural, namespace);
        String path = path(group, version, plural, namespace, null, "");
        try {
            StoreWrites.Result r = store.writes.create(def, namespace, body, options(userAgent));
            record("POST", path, "create", def, namespace, r.stored().name(), "", 201, userAgent);
            return r.stored().object;
        } catch (KubeApiException e) {
            record("POST", path, "create", def, namespace, "", "", e.code(), userAgent);
            throw e;
        }
    }

    /**
     * {@code PUT} of {@code body} to an object or its {@code status} subresource: an update, at the resourceVersion
     * in the body when it carries one.
     *
     * @param subresource {@code ""} or a subresource of the kind, e.g. {@code status}
     * @param body        the object; taken over (the store keeps and modifies it), so not to be used afterwards
     * @return the stored object, read-only
     * @throws KubeApiException as the HTTP API would answer (404, 409 for a stale resourceVersion, 422 ...)
     */
    public JsonNode update(String group, String version, String plural, String namespace, String name,
                           String subresource, ObjectNode body, String userAgent) {
        ResourceDefinition def = definition(group, version, plural, namespace);
        if (!subresource.isEmpty() && !def.type().hasSubresource(subresource)) {
            throw KubeApiException.pathNotFound();
        }
        String path = path(group, version, plural, namespace, name, subresource);
        try {
            StoreWrites.Result r = store.writes.update(def, namespace, name, subresource, body, options(userAgent));
            record("PUT", path, "update", def, namespace, name, subresource, r.created() ? 201 : 200, userAgent);
            return r.stored().object;
        } catch (KubeApiException e) {
            record("PUT", path, "update", def, namespace, name, subresource, e.code(), userAgent);
            throw e;
        }
    }

    /**
     * {@code POST} of a {@code Binding} to {@code pods/<name>/binding} (the scheduler's bind): sets the pod's
     * {@code spec.nodeName} and its {@code PodScheduled} condition.
     *
     * @throws KubeApiException as the HTTP API would answer (404 for a missing pod, 409 when it is bound already)
     */
    public void bind(String namespace, String pod, String node, String userAgent) {
        ResourceDefinition def = definition("", "v1", "pods", namespace);
        String path = path("", "v1", "pods", namespace, pod, "binding");
        ObjectNode binding = Json.object();
        binding.put("apiVersion", "v1");
        binding.put("kind", "Binding");
        binding.putObject("metadata").put("name", pod);
        ObjectNode target = binding.putObject("target");
        target.put("apiVersion", "v1");
        target.put("kind", "Node");
        target.put("name", node);
        try {
            store.lifecycle.bind(def, namespace, pod, binding);
            record("POST", path, "create", def, namespace, pod, "binding", 201, userAgent);
        } catch (KubeApiException e) {
            record("POST", path, "create", def, namespace, pod, "binding", e.code(), userAgent);
            throw e;
        }
    }

    private ResourceDefinition definition(String group, String version, String plural, String namespace) {
        ResourceDefinition def = store.definition(group, version, plural);
        if (def == null || def.type().namespaced() != (namespace != null)) {
            throw KubeApiException.pathNotFound();
        }
        return def;
    }

    private static WriteOptions options(String userAgent) {
        return new WriteOptions(false, null, null, false, userAgent);
    }

    private static String path(String group, String version, String plural, String namespace, String name,
                               String subresource) {
        StringBuilder b = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
        if (namespace != null) {
            b.append("/namespaces/").append(namespace);
        }
        b.append('/').append(plural);
        if (name != null) {
            b.append('/').append(name);
        }
        if (!subresource.isEmpty()) {
            b.append('/').append(subresource);
        }
        return b.toString();
    }

    private void record(String method, String path, String verb, ResourceDefinition def, String namespace,
                        String name, String subresource, int status, String userAgent) {
        journal.accept(new RecordedKubeRequest(method, path, "", verb, def.type().qualifiedResource(),
                namespace == null ? "" : namespace, name, subresource, status, userAgent == null ? "" : userAgent,
                Map.of()));
    }
}
