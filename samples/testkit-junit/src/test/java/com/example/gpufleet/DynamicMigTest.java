package com.example.gpufleet;

import static io.mig4j.testkit.assertions.MigAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.junit.FakeClusterTest;
import io.mig4j.testkit.junit.FixtureLifecycle;
import org.junit.jupiter.api.Test;

/**
 * Dynamic MIG (NVIDIA's DynamicMIG feature): the GPUs start without MIG devices, the driver publishes every profile ×
 * placement and creates the MIG device when the kubelet prepares the claim. One cluster for the class
 * ({@code lifecycle = PER_CLASS}) unless a test method asks for its own.
 */
@FakeClusterTest(gpu = "H100-80GB", gpusPerNode = 1, dynamicMig = true, lifecycle = FixtureLifecycle.PER_CLASS)
class DynamicMigTest {

    @Test
    void migDevicesAreCreatedForTheClaimsThatGetThem(FakeCluster cluster) {
        assertThat(cluster).node("gpu-node-1").hasMigLayout();

        new InferenceFleet(cluster.client()).apply("default", "vision", "3g.40gb", 2);
        cluster.awaitIdle();

        assertThat(cluster).hasRunningPods(2);
        assertThat(cluster).node("gpu-node-1").hasMigLayout("3g.40gb=2");
        assertThat(cluster.nodes().get(0).nvml().migDeviceUuids(0)).hasSize(2);
    }

    @Test
    @FakeClusterTest(gpu = "H100-80GB", dynamicMig = true)
    void aTestCanAskForAClusterOfItsOwn(FakeCluster cluster) {
        // the annotation on the method gives this test a fresh cluster: the class's pods are not here
        assertThat(cluster).hasRunningPods(0);
        assertThat(cluster).node("gpu-node-1").hasMigLayout();
    }
}
