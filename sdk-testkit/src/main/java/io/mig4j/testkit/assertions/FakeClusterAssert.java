package io.mig4j.testkit.assertions;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link FakeCluster}: navigate to a {@link #pod(String, String) pod}, a
 * {@link #claim(String, String) claim} or a {@link #node(String) node}, or check the whole cluster.
 */
public final class FakeClusterAssert extends AbstractAssert<FakeClusterAssert, FakeCluster> {

    FakeClusterAssert(FakeCluster cluster) {
        super(cluster, FakeClusterAssert.class);
    }

    /** Assertions on pod {@code namespace/name}; fails, listing the namespace's pods, when it does not exist. */
    public PodAssert pod(String namespace, String name) {
        isNotNull();
        Pod pod = actual.client().pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            failWithMessage("%nExpecting pod %s/%s to exist, but namespace %s has only: %s", namespace, name,
                    namespace, actual.client().pods().inNamespace(namespace).list().getItems().stream()
                            .map(p -> p.getMetadata().getName()).toList());
        }
        return new PodAssert(actual, pod);
    }

    /** Assertions on pod {@code name} of namespace {@code default}. */
    public PodAssert pod(String name) {
        return pod("default", name);
    }

    /** Assertions on ResourceClaim {@code namespace/name}; fails, listing the namespace's claims, when absent. */
    public ClaimAssert claim(String namespace, String name) {
        isNotNull();
        ResourceClaim claim = actual.client().dynamicResourceAllocation().v1().resourceClaims().inNamespace(namespace)
                .withName(name).get();
        if (claim == null) {
            failWithMessage("%nExpecting ResourceClaim %s/%s to exist, but namespace %s has only: %s", namespace,
                    name, namespace, actual.client().dynamicResourceAllocation().v1().resourceClaims()
                            .inNamespace(namespace).list().getItems().stream()
                            .map(c -> c.getMetadata().getName()).toList());
        }
        return new ClaimAssert(actual, claim);
    }

    /** Assertions on node {@code name}; fails, listing the nodes, when the cluster has no such node. */
    public NodeAssert node(String name) {
        isNotNull();
        FakeNode node = actual.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
        if (node == null) {
            failWithMessage("%nExpecting node %s to exist, but the cluster's nodes are: %s", name,
                    actual.nodes().stream().map(FakeNode::name).toList());
        }
        return new NodeAssert(actual, node);
    }

    /**
     * Every ResourceClaim of the cluster is allocated; the failure lists those that are not, with the
     * FailedScheduling events of the pods waiting for them.
     */
    public FakeClusterAssert hasAllClaimsAllocated() {
        isNotNull();
        List<String> pending = actual.client().dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace()
                .list().getItems().stream().filter(c -> !ClaimAssert.allocated(c))
                .map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()).toList();
        if (!pending.isEmpty()) {
            failWithMessage("%nExpecting every ResourceClaim to be allocated, but these are not: %s%n"
                    + "FailedScheduling events:%n%s", pending, Events.describe(actual.client(), null, null,
                    "FailedScheduling"));
        }
        return this;
    }

    /** Exactly {@code count} pods of the cluster are Running; the failure lists every pod with its phase. */
    public FakeClusterAssert hasRunningPods(int count) {
        isNotNull();
        List<Pod> pods = actual.client().pods().inAnyNamespace().list().getItems();
        long running = pods.stream().filter(p -> "Running".equals(PodAssert.phase(p))).count();
        if (running != count) {
            failWithMessage("%nExpecting %s running pods, but found %s:%n%s", count, running,
                    String.join("\n", pods.stream().map(p -> "  " + p.getMetadata().getNamespace() + "/"
                            + p.getMetadata().getName() + " " + PodAssert.phase(p)).toList()));
        }
        return this;
    }
}
