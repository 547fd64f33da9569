package io.mig4j.testkit.assertions;

import io.fabric8.kubernetes.api.model.Node;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on one node of a {@link FakeCluster}: its GPUs' MIG layouts and its Node object's labels. */
public final class NodeAssert extends AbstractObjectAssert<NodeAssert, FakeNode> {
    private final FakeCluster cluster;

    NodeAssert(FakeCluster cluster, FakeNode node) {
        super(node, NodeAssert.class);
        this.cluster = cluster;
    }

    /**
     * Every GPU of the node holds exactly these GPU instances, given as {@code profile=count} pairs like
     * {@code @FakeClusterTest(migLayout = ...)}: {@code hasMigLayout("3g.40gb=1", "1g.10gb=2")}. Placements do not
     * matter; the failure shows each GPU's actual layout.
     */
    public NodeAssert hasMigLayout(String... profileCounts) {
        isNotNull();
        for (int g = 0; g < actual.nvml().gpuCount(); g++) {
            hasMigLayoutOnGpu(g, profileCounts);
        }
        return this;
    }

    /** GPU {@code gpu} of the node holds exactly these GPU instances ({@code profile=count} pairs). */
    public NodeAssert hasMigLayoutOnGpu(int gpu, String... profileCounts) {
        isNotNull();
        if (gpu < 0 || gpu >= actual.nvml().gpuCount()) {
            failWithMessage("%nExpecting node %s to have a GPU %s, but it has %s GPUs", actual.name(), gpu,
                    actual.nvml().gpuCount());
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String pc : profileCounts) {
            int eq = pc.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("hasMigLayout: expected profile=count, got '" + pc + "'");
            }
            expected.merge(PodAssert.canonical(pc.substring(0, eq)), Integer.parseInt(pc.substring(eq + 1).trim()),
                    Integer::sum);
        }
        expected.values().removeIf(c -> c == 0);
        MigLayout layout = actual.nvml().layout(gpu);
        Map<String, Integer> found = new TreeMap<>();
        for (PlacedGpuInstance gi : layout.gpuInstances()) {
            found.merge(PodAssert.canonical(gi.profile().name().toString()), 1, Integer::sum);
        }
        if (!expected.equals(found)) {
            failWithMessage("%nExpecting GPU %s of node %s to hold %s, but it holds %s (%s)", gpu, actual.name(),
                    expected, found, layout.gpuInstances().isEmpty() ? "no GPU instances" : layout);
        }
        return this;
    }

    /** The node's Node object has label {@code key=value}; the failure shows the node's labels. */
    public NodeAssert hasLabel(String key, String value) {
        isNotNull();
        Node node = cluster.client().nodes().withName(actual.name()).get();
        Map<String, String> labels = node == null || node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        if (!value.equals(labels.get(key))) {
            failWithMessage("%nExpecting node %s to have label %s=%s, but %s%nlabels: %s", actual.name(), key, value,
                    labels.containsKey(key) ? "it is " + key + "=" + labels.get(key) : "it has no such label",
                    new TreeMap<>(labels));
        }
        return this;
    }

    /** NVIDIA mig-manager's {@code nvidia.com/mig.config.state} label is {@code state} (success, failed, pending). */
    public NodeAssert hasMigConfigState(String state) {
        return hasLabel("nvidia.com/mig.config.state", state);
    }
}
