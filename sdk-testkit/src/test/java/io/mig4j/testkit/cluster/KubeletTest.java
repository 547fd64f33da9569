package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.events;
import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.testkit.nvml.Fault;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The kubelet's failure path, and the cluster reconciling on its own in the background. */
class KubeletTest {

    @Test
    void aFailedPrepareLeavesThePodContainerCreatingWithAnEventAndIsRetried() {
        try (FakeCluster cluster = FakeCluster.builder().gpu("H100-80GB").dynamicMig(true)
                .reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            FakeNode node = cluster.nodes().get(0);
            node.nvml().enqueue(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT,
                    Fault.returns(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            client.resource(podWithTemplate("p", "mig-1g")).create();
            cluster.awaitIdle();
            Pod pod = client.pods().inNamespace("default").withName("p").get();
            assertThat(pod.getSpec().getNodeName()).isEqualTo("gpu-node-1");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(c ->
                    assertThat(c.getState().getWaiting().getReason()).isEqualTo("ContainerCreating"));
            assertThat(events(client, "p", "FailedPrepareDynamicResources")).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).startsWith("Failed to prepare dynamic resources: prepare dynamic "
                        + "resources: NodePrepareResources: rpc error: ").contains("INSUFFICIENT_RESOURCES");
            });
            assertThat(node.migManager().gpu(0).gpuInstances()).isEmpty();

            cluster.awaitIdle(); // the fault was used up: the retry succeeds
            assertThat(phase(client, "p")).isEqualTo("Running");
            // what the kubelet reports for a running pod, as a real node does after ContainerCreating
            var status = client.pods().inNamespace("default").withName("p").get().getStatus();
            assertThat(status.getHostIP()).isNotBlank();
            assertThat(status.getPodIP()).startsWith("10.244.");
            assertThat(status.getPodIPs()).singleElement().satisfies(ip -> assertThat(ip.getIp())
                    .isEqualTo(status.getPodIP()));
            assertThat(status.getStartTime()).isNotBlank();
            assertThat(status.getContainerStatuses()).singleElement().satisfies(c -> {
                assertThat(c.getName()).isEqualTo("app");
                assertThat(c.getReady()).isTrue();
                assertThat(c.getStarted()).isTrue();
                assertThat(c.getState().getWaiting()).isNull();
                assertThat(c.getState().getRunning().getStartedAt()).isNotBlank();
            });
            assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                    .containsExactlyInAnyOrder("PodReadyToStartContainers=True", "Initialized=True", "Ready=True",
                            "ContainersReady=True", "PodScheduled=True");
            assertThat(cluster.migDeviceUuids("default", "p")).hasSize(1);
        }
    }

    @Test
    void inTheBackgroundPodsRunWithoutAwaitIdleAndCloseStopsTheLoop() throws InterruptedException {
        FakeCluster cluster = FakeCluster.builder().gpu("A100-80GB").migLayout("1g.10gb=7").start();
        String loopThread = "mig4j-fake-cluster-" + cluster.server().port();
        try {
            KubernetesClient client = cluster.client();
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            client.resource(podWithTemplate("p", "mig-1g")).create();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (!"Running".equals(phase(client, "p")) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(phase(client, "p")).isEqualTo("Running");
        } finally {
            cluster.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().equals(loopThread));
        assertThat(cluster.server().isClosed()).isTrue();
    }
}
