package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mig4j.testkit.kube.InProcessApi;
import io.mig4j.testkit.kube.KubeApiException;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controllers' writes of objects they create or change often (claims, events, pod and claim status, PreBind's
 * finalizer, the binding), sent to the store as JSON trees through {@link InProcessApi} instead of through the
 * in-process fabric8 client: the same request (the client's User-Agent naming the field manager), the same outcome
 * for everyone else, but no request text to write and parse, no answer to parse back, and no fabric8 object to
 * convert: a change is an edit of a copy of the cached tree. The caller reads the stored object from the
 * {@link ClusterCache}, which the write updated synchronously. Errors come as the {@link KubernetesClientException}
 * with the HTTP code fabric8 would throw, so the controllers' handling of 404 and 409 is the same as for fabric8.
 */
final class TreeWrites {
    /** A resource the controllers write, as its URL names it. */
    record Resource(String group, String version, String plural) {
    }

    static final Resource PODS = new Resource("", "v1", "pods");
    static final Resource EVENTS = new Resource("", "v1", "events");
    static final Resource CLAIMS = new Resource("resource.k8s.io", "v1", "resourceclaims");

    /** What a status update reads from its body. */
    private static final java.util.Set<String> STATUS_BODY = java.util.Set.of("apiVersion", "kind", "metadata",
            "status");
    private final InProcessApi api;
    private final KubernetesSerialization serialization;
    private final String userAgent;

    TreeWrites(InProcessApi api, KubernetesClient client) {
        this.api = api;
        this.serialization = client.getKubernetesSerialization();
        this.userAgent = client.getConfiguration().getUserAgent();
    }

    /** Creates the object {@code tree} of {@code resource}; returns its stored name. */
    String create(Resource resource, String namespace, ObjectNode tree) {
        try {
            return api.create(resource.group(), resource.version(), resource.plural(), namespace, tree, userAgent)
                    .path("metadata").path("name").asString();
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    /**
     * Updates the object whose newest cached tree is {@code stored} ({@code status}: its status subresource) with
     * {@code change} applied to a copy of that tree, at resourceVersion {@code expected}: the version the caller
     * decided on, so that a change by anyone else since is a 409 as for any update. Nothing is converted to or from
     * a fabric8 object; managed fields are left out (an update without them keeps the stored ones, the real
     * server's rule). Returns the new resourceVersion.
     */
    String edit(Resource resource, JsonNode stored, String expected, boolean status, Consumer<ObjectNode> change) {
        if (stored == null) {
            throw new KubernetesClientException(resource.plural() + " gone from the cache", 404, null);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : stored.properties()) {
            if (status && !STATUS_BODY.contains(e.getKey())) {
                continue; // the status subresource keeps the stored spec whatever the body says
            }
            if (e.getKey().equals("metadata") && e.getValue() instanceof ObjectNode meta) {
                ObjectNode m = body.putObject("metadata");
                for (Map.Entry<String, JsonNode> f : meta.properties()) {
                    if (!f.getKey().equals("managedFields")) {
                        m.set(f.getKey(), f.getValue().deepCopy());
                    }
                }
                m.put("resourceVersion", expected);
            } else {
                body.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        change.accept(body);
        JsonNode meta = body.path("metadata");
        try {
            return api.update(resource.group(), resource.version(), resource.plural(),
                    meta.path("namespace").asString(null),
                    meta.path("name").asString(), status ? "status" : "", body, userAgent)
                    .path("metadata").path("resourceVersion").asString();
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    /** {@code object} as the JSON tree the API server would store, for a part of a {@link #edit}. */
    ObjectNode tree(Object object) {
        return serialization.convertValue(object, ObjectNode.class);
    }

    /** {@code POST pods/<name>/binding}: binds a pod to a node. */
    void bind(String namespace, String pod, String node) {
        try {
            api.bind(namespace, pod, node, userAgent);
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    private static KubernetesClientException translate(KubeApiException e) {
        return new KubernetesClientException(e.getMessage(), e.code(), null);
    }
}
