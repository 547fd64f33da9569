package com.example.gpufleet;

import static io.mig4j.testkit.assertions.MigAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.gpufleet.InferenceFleet.FleetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.junit.FakeClusterTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against a fake cluster: one node with one A100-80GB split into seven 1g.10gb MIG devices. Every test
 * gets a fresh cluster (an instance field); the scheduler, kubelet and NVIDIA's DRA driver run when the test calls
 * {@code cluster.awaitIdle()}, so nothing sleeps. If a test fails, the cluster's pods, claims, slices and events are
 * printed with the failure.
 */
@FakeClusterTest(nodes = 1, gpu = "A100-80GB", migLayout = "1g.10gb=7")
class InferenceFleetTest {
    FakeCluster cluster;
    InferenceFleet fleet;

    @BeforeEach
    void controller() {
        fleet = new InferenceFleet(cluster.client());
    }

    @Test
    void sevenReplicasEachGetAMigDevice() {
        fleet.apply("default", "llm", "1g.10gb", 7);
        cluster.awaitIdle();

        assertThat(fleet.status("default", "llm")).isEqualTo(new FleetStatus(7, 0, List.of()));
        for (Pod pod : pods("llm")) {
            assertThat(cluster).pod("default", pod.getMetadata().getName()).isRunning().hasMigDevice("1g.10gb")
                    .hasAllClaimsAllocated();
        }
        assertThat(cluster).hasAllClaimsAllocated();
        // seven different MIG devices: no two replicas share one
        assertThat(pods("llm").stream().flatMap(p -> cluster.migDeviceUuids("default", p.getMetadata().getName())
                .stream())).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void theEighthReplicaWaitsAndTheStatusSaysWhy() {
        fleet.apply("default", "llm", "1g.10gb", 8);
        cluster.awaitIdle();

        FleetStatus status = fleet.status("default", "llm");
        assertThat(status.running()).isEqualTo(7);
        assertThat(status.pending()).isEqualTo(1);
        assertThat(status.pendingReasons()).singleElement().asString()
                .startsWith("0/1 nodes are available: 1 cannot allocate all claims.");

        Pod waiting = pods("llm").stream().filter(p -> "Pending".equals(p.getStatus().getPhase())).findFirst()
                .orElseThrow();
        assertThat(cluster).pod("default", waiting.getMetadata().getName()).isPending().isNotScheduled()
                .hasFailedSchedulingEventContaining("cannot allocate all claims");
    }

    @Test
    void scalingDownLetsAnotherFleetIn() {
        fleet.apply("default", "llm", "1g.10gb", 7);
        cluster.awaitIdle();
        fleet.apply("default", "embeddings", "1g.10gb", 1);
        cluster.awaitIdle();
        assertThat(fleet.status("default", "embeddings").pending()).isEqualTo(1);

        fleet.apply("default", "llm", "1g.10gb", 6);
        cluster.awaitIdle();

        assertThat(fleet.status("default", "llm").running()).isEqualTo(6);
        assertThat(fleet.status("default", "embeddings")).isEqualTo(new FleetStatus(1, 0, List.of()));
        assertThat(cluster).hasRunningPods(7);
    }

    private List<Pod> pods(String fleetName) {
        return cluster.client().pods().inNamespace("default").withLabel("fleet", fleetName).list().getItems();
    }
}
