package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The publishing side of every node's driver: republishes a node's slices when its GPUs changed or slices vanished. */
final class SlicePublisher implements Controller {
    private final KubernetesClient client;
    private final List<FakeNode> nodes;

    SlicePublisher(KubernetesClient client, List<FakeNode> nodes) {
        this.client = client;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "gpu.nvidia.com kubelet plugins";
    }

    @Override
    public void sync() {
        Set<String> existing = new HashSet<>();
        for (ResourceSlice s : client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems()) {
            existing.add(s.getMetadata().getName());
        }
        for (FakeNode n : nodes) {
            n.driver().publish(existing);
        }
    }
}
