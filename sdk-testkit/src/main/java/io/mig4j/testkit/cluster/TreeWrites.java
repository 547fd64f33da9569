package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mig4j.testkit.kube.InProcessApi;
import io.mig4j.testkit.kube.KubeApiException;
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
        try {
            return api.create(HasMetadata.getGroup(c), HasMetadata.getVersion(c), HasMetadata.getPlural(c),
                    object.getMetadata().getNamespace(), tree(object, false), userAgent)
                    .path("metadata").path("name").asString();
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
