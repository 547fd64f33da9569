package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The publishing side of every node's driver: republishes a node's slices when its GPUs changed or slices vanished. */
final class SlicePublisher implements Controller {
    private final ClusterCache cache;
    private final List<FakeNode> nodes;

    SlicePublisher(ClusterCache cache, List<FakeNode> nodes) {
        this.cache = cache;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "gpu.nvidia.com kubelet plugins";
    }

    @Override
    public void sync() {
        Set<String> existing = new HashSet<>();
        for (ResourceSlice s : cache.slices.list()) {
            existing.add(s.getMetadata().getName());
        }
        for (FakeNode n : nodes) {
            n.driver().publish(existing);
        }
    }
}
