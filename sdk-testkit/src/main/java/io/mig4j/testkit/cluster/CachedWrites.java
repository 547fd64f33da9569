package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes that start from the informer cache, as client-go controllers do: the change is applied to a copy of the
 * cached object and sent as one update at the cached resourceVersion. The cache is current (it is fed
 * synchronously by the store), so that normally succeeds; when a writer outside the cluster got in between, the
 * server answers 409 and the change is made again on a fresh read, as fabric8's {@code edit} does.
 */
final class CachedWrites {
    private CachedWrites() {
    }

    /**
     * Edits the tree of {@code cached} ({@code status}: its status subresource) with {@code change}, at the cached
     * resourceVersion; after a 409 once more on the cache's newest tree (the cache has seen the write that got in
     * between by then: it is fed synchronously), as fabric8's {@code edit} re-reads and re-applies.
     *
     * @param ignored HTTP codes that mean "nothing to do" (the object is gone, a conflict on the second try)
     */
    static <T extends HasMetadata> void edit(TreeWrites writes, String group, String version, String plural,
                                             ClusterCache.Kind<T> kind, T cached, boolean status,
                                             Consumer<ObjectNode> change, int... ignored) {
        try {
            try {
                writes.edit(group, version, plural, kind.tree(cached), cached.getMetadata().getResourceVersion(),
                        status, change);
            } catch (KubernetesClientException e) {
                JsonNode newest = kind.tree(cached);
                if (e.getCode() != 409 || newest == null) {
                    throw e;
                }
                writes.edit(group, version, plural, newest, newest.path("metadata").path("resourceVersion")
                        .asString(), status, change);
            }
        } catch (KubernetesClientException e) {
            for (int code : ignored) {
                if (e.getCode() == code) {
                    return;
                }
            }
            throw e;
        }
    }

    /**
     * Updates the status subresource of {@code cached} with {@code change}.
     *
     * The first try goes through {@code writes} (the cache sees the stored object at once); the retry after a
     * conflict through fabric8's {@code editStatus} on {@code ops}.
     *
     * @param status the status of an object of this kind ({@code Pod::getStatus})
     * @param ignored HTTP codes that mean "nothing to do" (the object is gone, a conflict on the second try)
     */
    static <T extends HasMetadata, R extends Resource<T>> void updateStatus(TreeWrites writes,
                                                                            NonNamespaceOperation<T, ?, R> ops,
                                                                            ClusterCache.Kind<T> kind, T cached,
                                                                            UnaryOperator<T> change,
                                                                            Function<T, Object> status,
                                                                            int... ignored) {
        try {
            try {
                T changed = change.apply(kind.copy(cached));
                writes.updateStatus(changed, status.apply(changed), kind.tree(cached));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                kind.offer(ops.withName(cached.getMetadata().getName()).editStatus(change));
            }
        } catch (KubernetesClientException e) {
            for (int code : ignored) {
                if (e.getCode() == code) {
                    return;
                }
            }
            throw e;
        }
    }
}
