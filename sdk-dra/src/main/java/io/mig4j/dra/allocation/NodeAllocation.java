package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import java.util.List;
import java.util.Objects;

/**
 * Claims allocated on a node: the node and one {@code status.allocation} per claim, in claim order.
 *
 * @param node    the node's name
 * @param results the allocations
 */
public record NodeAllocation(String node, List<AllocationResult> results) {
    public NodeAllocation {
        Objects.requireNonNull(node, "node");
        results = List.copyOf(results);
    }
}
