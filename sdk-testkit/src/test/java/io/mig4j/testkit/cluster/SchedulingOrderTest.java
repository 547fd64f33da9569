package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.events;
import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many pods of one template scheduled in one sync over several nodes: they fill the nodes in name order (the
 * scheduler skips the nodes the template's claims are known not to fit on, which must not change where a pod
 * goes), a pod whose node selector excludes the free nodes waits with a message counting every node by reason, and
 * a pod that fits nowhere counts every node too.
 */
class SchedulingOrderTest {
    private FakeCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = FakeCluster.builder().nodes(3).gpu("A100-80GB").gpusPerNode(2).reconcileInBackground(false)
                .start();
        client = cluster.client();
        client.resource(DeviceClaims.gpu().template("default", "gpu")).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void podsOfOneTemplateFillTheNodesInNameOrderAndTheRestCountEveryNode() {
        for (int i = 1; i <= 3; i++) {
            client.resource(podWithTemplate("pod-" + i, "gpu")).create();
        }
        // pinned to the first node, which pod-1 and pod-2 fill: it waits
        Pod pinned = podWithTemplate("pod-4", "gpu");
        pinned.getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", "gpu-node-1"));
        client.resource(pinned).create();
        for (int i = 5; i <= 8; i++) {
            client.resource(podWithTemplate("pod-" + i, "gpu")).create();
        }
        cluster.awaitIdle();

        assertThat(node("pod-1")).isEqualTo("gpu-node-1");
        assertThat(node("pod-2")).isEqualTo("gpu-node-1");
        assertThat(node("pod-3")).isEqualTo("gpu-node-2");
        assertThat(phase(client, "pod-4")).isEqualTo("Pending");
        assertThat(node("pod-5")).isEqualTo("gpu-node-2");
        assertThat(node("pod-6")).isEqualTo("gpu-node-3");
        assertThat(node("pod-7")).isEqualTo("gpu-node-3");
        for (String running : List.of("pod-1", "pod-2", "pod-3", "pod-5", "pod-6", "pod-7")) {
            assertThat(phase(client, running)).as(cluster.describe()).isEqualTo("Running");
        }
        assertThat(phase(client, "pod-8")).isEqualTo("Pending");

        List<Event> pinnedFailed = events(client, "pod-4", "FailedScheduling");
        assertThat(pinnedFailed).hasSize(1);
        assertThat(pinnedFailed.get(0).getMessage()).startsWith("0/3 nodes are available: 1 cannot allocate all "
                + "claims, 2 node(s) didn't match Pod's node affinity/selector. still not schedulable, preemption: "
                + "0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        List<Event> fullFailed = events(client, "pod-8", "FailedScheduling");
        assertThat(fullFailed).hasSize(1);
        assertThat(fullFailed.get(0).getMessage()).startsWith("0/3 nodes are available: 3 cannot allocate all "
                + "claims. still not schedulable");

        client.pods().inNamespace("default").withName("pod-1").delete();
        cluster.awaitIdle();
        // the freed GPU is on gpu-node-1: the pinned pod, first in the queue, takes it
        assertThat(node("pod-4")).isEqualTo("gpu-node-1");
        assertThat(phase(client, "pod-4")).isEqualTo("Running");
        assertThat(phase(client, "pod-8")).isEqualTo("Pending");
    }

    private String node(String pod) {
        return client.pods().inNamespace("default").withName(pod).get().getSpec().getNodeName();
    }
}
