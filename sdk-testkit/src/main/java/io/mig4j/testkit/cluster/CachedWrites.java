package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes that start from the informer cache, as client-go controllers do: the change is applied to a copy of the
 * cached object's tree and sent as one update at the cached resourceVersion. The cache is current (it is fed
 * synchronously by the store), so that normally succeeds; when a writer outside the cluster got in between, the
 * server answers 409 and the change is made again on the newest version, as fabric8's {@code edit} does.
 */
final class CachedWrites {
    private CachedWrites() {
    }

    /**
     * Edits the tree of {@code cached} ({@code status}: its status subresource) with {@code change}, at the cached
     * resourceVersion; after a 409 once more on the cache's newest tree (the cache has seen the write that got in
     * between by then: it is fed synchronously), as fabric8's {@code edit} re-reads and re-applies. {@code change}
     * must therefore give the same result applied to a version that has it already.
     *
     * @param ignored HTTP codes that mean "nothing to do" (the object is gone, a conflict on the second try)
     * @return the new resourceVersion, or null when the write failed with an ignored code
     */
    static <T extends HasMetadata> String edit(TreeWrites writes, TreeWrites.Resource resource,
                                               ClusterCache.Kind<T> kind, T cached, boolean status,
                                               Consumer<ObjectNode> change, int... ignored) {
        try {
            try {
                return writes.edit(resource, kind.tree(cached), cached.getMetadata().getResourceVersion(), status,
                        change);
            } catch (KubernetesClientException e) {
                JsonNode newest = kind.tree(cached);
                if (e.getCode() != 409 || newest == null) {
                    throw e;
                }
                return writes.edit(resource, newest, newest.path("metadata").path("resourceVersion").asString(),
                        status, change);
            }
        } catch (KubernetesClientException e) {
            for (int code : ignored) {
                if (e.getCode() == code) {
                    return null;
                }
            }
            throw e;
        }
    }
}
