package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The garbage collector, for the owner chains the fake cluster creates: claims owned by pods, pods owned by
 * ReplicaSets and Jobs, ReplicaSets owned by Deployments. A dependent whose controlling owner (by UID) is gone is
 * deleted (background propagation).
 */
final class GarbageCollector implements Controller {
    private final KubernetesClient client;
    private final ClusterCache cache;

    GarbageCollector(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    @Override
    public String name() {
        return "garbage-collector";
    }

    @Override
    public void sync() {
        Set<String> uids = new HashSet<>();
        List<? extends HasMetadata> pods = cache.pods.list();
        List<? extends HasMetadata> replicaSets = cache.replicaSets.list();
        List<? extends HasMetadata> deployments = cache.deployments.list();
        List<? extends HasMetadata> jobs = cache.jobs.list();
        for (List<? extends HasMetadata> l : List.of(pods, replicaSets, deployments, jobs)) {
            l.forEach(o -> uids.add(o.getMetadata().getUid()));
        }
        for (HasMetadata claim : cache.claims.list()) {
            collect(claim, uids);
        }
        pods.forEach(p -> collect(p, uids));
        replicaSets.forEach(r -> collect(r, uids));
    }

    private void collect(HasMetadata o, Set<String> uids) {
        OwnerReference owner = PodClaims.controllerOf(o);
        if (owner == null || uids.contains(owner.getUid()) || o.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        if (!List.of("Pod", "ReplicaSet", "Deployment", "Job").contains(owner.getKind())) {
            return;
        }
        try {
            client.resource(o).inNamespace(o.getMetadata().getNamespace()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
