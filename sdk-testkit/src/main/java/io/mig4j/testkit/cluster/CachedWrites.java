package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;

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
     * Updates the status subresource of {@code cached} with {@code change}.
     *
     * @param ignored HTTP codes that mean "nothing to do" (the object is gone, a conflict on the second try)
     * @return the stored object, shared with the cache (not to be modified), or null when an ignored code answered
     */
    static <T extends HasMetadata, R extends Resource<T>> T updateStatus(NonNamespaceOperation<T, ?, R> ops,
                                                                         ClusterCache.Kind<T> kind, T cached,
                                                                         UnaryOperator<T> change, int... ignored) {
        try {
            try {
                return kind.offer(ops.resource(change.apply(kind.copy(cached))).updateStatus());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return kind.offer(ops.withName(cached.getMetadata().getName()).editStatus(change));
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
