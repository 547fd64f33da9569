package io.mig4j.testkit.assertions;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimConsumerReference;
import io.mig4j.testkit.cluster.FakeCluster;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on one ResourceClaim of a {@link FakeCluster}, as read when the assertion was made. */
public final class ClaimAssert extends AbstractObjectAssert<ClaimAssert, ResourceClaim> {
    private final FakeCluster cluster;

    ClaimAssert(FakeCluster cluster, ResourceClaim claim) {
        super(claim, ClaimAssert.class);
        this.cluster = cluster;
    }

    /** The claim has {@code status.allocation}; the failure shows the FailedScheduling events of its pods. */
    public ClaimAssert isAllocated() {
        isNotNull();
        if (!allocated(actual)) {
            failWithMessage("%nExpecting ResourceClaim %s to be allocated, but it is not.%n"
                    + "FailedScheduling events in namespace %s:%n%s", name(), namespace(),
                    Events.describe(Events.of(cluster.client(), namespace(), null, null, "FailedScheduling")));
        }
        return this;
    }

    /** The claim has no {@code status.allocation}. */
    public ClaimAssert isNotAllocated() {
        isNotNull();
        if (allocated(actual)) {
            failWithMessage("%nExpecting ResourceClaim %s not to be allocated, but it holds %s", name(), results());
        }
        return this;
    }

    /** The claim's allocation holds exactly {@code count} devices. */
    public ClaimAssert hasAllocatedDevices(int count) {
        isAllocated();
        int found = actual.getStatus().getAllocation().getDevices().getResults().size();
        if (found != count) {
            failWithMessage("%nExpecting ResourceClaim %s to hold %s devices, but it holds %s: %s", name(), count,
                    found, results());
        }
        return this;
    }

    /** Every device of the allocation comes from node {@code node}'s pool. */
    public ClaimAssert isAllocatedOn(String node) {
        isAllocated();
        List<DeviceRequestAllocationResult> results = actual.getStatus().getAllocation().getDevices().getResults();
        if (results.isEmpty() || !results.stream().allMatch(r -> node.equals(r.getPool()))) {
            failWithMessage("%nExpecting ResourceClaim %s to be allocated on node %s, but it holds %s", name(), node,
                    results());
        }
        return this;
    }

    /** {@code status.reservedFor} names pod {@code pod}. */
    public ClaimAssert isReservedFor(String pod) {
        isNotNull();
        List<String> consumers = actual.getStatus() == null || actual.getStatus().getReservedFor() == null
                ? List.of() : actual.getStatus().getReservedFor().stream()
                        .map(ResourceClaimConsumerReference::getName).toList();
        if (!consumers.contains(pod)) {
            failWithMessage("%nExpecting ResourceClaim %s to be reserved for pod %s, but reservedFor is %s", name(),
                    pod, consumers);
        }
        return this;
    }

    static boolean allocated(ResourceClaim c) {
        return c.getStatus() != null && c.getStatus().getAllocation() != null;
    }

    private String results() {
        if (!allocated(actual) || actual.getStatus().getAllocation().getDevices() == null) {
            return "[]";
        }
        return actual.getStatus().getAllocation().getDevices().getResults().stream()
                .map(r -> r.getRequest() + " -> " + r.getPool() + "/" + r.getDevice()).toList().toString();
    }

    private String name() {
        return namespace() + "/" + actual.getMetadata().getName();
    }

    private String namespace() {
        return actual.getMetadata().getNamespace();
    }
}
