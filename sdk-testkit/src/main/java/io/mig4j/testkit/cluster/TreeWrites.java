package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * The controllers' hot writes (create, update, status update, binding), sent to the store as JSON trees through
 * {@link InProcessApi} instead of through the in-process fabric8 client: the same request (the object converted
 * by fabric8's own mapper, the client's User-Agent naming the field manager), the same outcome for everyone
 * else, but no request text to write and parse and no answer to serialize and parse back. The caller reads the
 * stored object from the {@link ClusterCache}, which the write updated synchronously, and pays for converting it
 * only when it does. Errors come as the {@link KubernetesClientException} with the HTTP code fabric8 would throw,
 * so the controllers' handling of 404 and 409 is unchanged.
 */
final class TreeWrites {
    private final InProcessApi api;
    private final KubernetesSerialization serialization;
    private final String userAgent;

    TreeWrites(InProcessApi api, KubernetesClient client) {
        this.api = api;
        this.serialization = client.getKubernetesSerialization();
        this.userAgent = client.getConfiguration().getUserAgent();
    }

    /** Creates {@code object}; returns the name it was stored under. */
    String create(HasMetadata object) {
        Class<? extends HasMetadata> c = object.getClass();
        return create(HasMetadata.getGroup(c), HasMetadata.getVersion(c), HasMetadata.getPlural(c),
                object.getMetadata().getNamespace(), tree(object, false));
    }

    /** Creates the object {@code tree} of resource {@code group/version/plural}; returns its stored name. */
    String create(String group, String version, String plural, String namespace, ObjectNode tree) {
        try {
            return api.create(group, version, plural, namespace, tree, userAgent).path("metadata").path("name")
                    .asString();
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    /**
     * Updates {@code object} at its resourceVersion ({@code status}: its status subresource); {@code object} is a
     * modified copy of a stored version with that version's managed fields. Returns the new resourceVersion.
     */
    String update(HasMetadata object, boolean status) {
        Class<? extends HasMetadata> c = object.getClass();
        try {
            return api.update(HasMetadata.getGroup(c), HasMetadata.getVersion(c), HasMetadata.getPlural(c),
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), status ? "status" : "",
                    tree(object, true), userAgent).path("metadata").path("resourceVersion").asString();
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    /**
     * Updates the status subresource of {@code object} to {@code status} (its status, modified), at
     * {@code object}'s resourceVersion. A status update takes only the status and keeps everything else as stored
     * (labels, annotations, finalizers and owners are reset to the stored ones, as
     * {@code rest.ResetObjectMetaForStatus} does), so the body is the stored metadata, which {@code stored} (the
     * cached tree, shared and only read) gives without converting {@code object}, and the converted status. Returns
     * the new resourceVersion.
     */
    String updateStatus(HasMetadata object, Object status, JsonNode stored) {
        if (stored == null || !(stored.get("metadata") instanceof ObjectNode storedMeta)) {
            return update(object, true);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", object.getApiVersion());
        body.put("kind", object.getKind());
        ObjectNode meta = body.putObject("metadata");
        for (Map.Entry<String, JsonNode> e : storedMeta.properties()) {
            // the containers in metadata (labels, annotations, finalizers, owners) are replaced by the server's
            // copies of the stored ones; the rest are scalars, so sharing them with the cache is safe
            if (!e.getKey().equals("managedFields")) {
                meta.set(e.getKey(), e.getValue());
            }
        }
        meta.put("resourceVersion", object.getMetadata().getResourceVersion());
        if (status != null) {
            body.set("status", serialization.convertValue(status, ObjectNode.class));
        }
        Class<? extends HasMetadata> c = object.getClass();
        try {
            return api.update(HasMetadata.getGroup(c), HasMetadata.getVersion(c), HasMetadata.getPlural(c),
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), "status", body, userAgent)
                    .path("metadata").path("resourceVersion").asString();
        } catch (KubeApiException e) {
            throw translate(e);
        }
    }

    /**
     * Updates the object whose newest cached tree is {@code stored} ({@code status}: its status subresource) with
     * {@code change} applied to a copy of that tree, at resourceVersion {@code expected}: the version the caller
     * decided on, so that a change by anyone else since is a 409 as for any update. Nothing is converted to or from
     * a fabric8 object. Returns the new resourceVersion.
     */
    String edit(String group, String version, String plural, JsonNode stored, String expected, boolean status,
                Consumer<ObjectNode> change) {
        if (stored == null) {
            throw new KubernetesClientException(plural + " gone from the cache", 404, null);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : stored.properties()) {
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
            return api.update(group, version, plural, meta.path("namespace").asString(null),
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

    /**
     * The request body. An update leaves {@code managedFields} out: an update that carries the stored entries
     * unchanged and one that carries none both keep them (the real server's rule, which the store follows), and
     * a cached copy carries them unchanged, so sending them would only make the server compare them.
     */
    private ObjectNode tree(HasMetadata object, boolean update) {
        ObjectNode tree = serialization.convertValue(object, ObjectNode.class);
        if (update && tree.get("metadata") instanceof ObjectNode) {
            ((ObjectNode) tree.get("metadata")).remove("managedFields");
        }
        return tree;
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
