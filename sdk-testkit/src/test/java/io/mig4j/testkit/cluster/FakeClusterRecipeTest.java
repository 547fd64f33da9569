package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.events;
import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recipe's core story on one A100-80GB with seven 1g.10gb MIG devices (static MIG, as mig-parted's
 * {@code all-1g.10gb} leaves it): seven pods run on distinct MIG devices, the eighth stays Pending with the
 * scheduler's {@code FailedScheduling} wording and the allocator's explanation, and runs once a pod is deleted.
 */
class FakeClusterRecipeTest {
    private FakeCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = FakeCluster.builder().gpu("A100-80GB").migLayout("1g.10gb=7").reconcileInBackground(false)
                .start();
        client = cluster.client();
        client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void sevenPodsRunOnDistinctMigDevicesTheEighthWaitsUntilOneIsDeleted() {
        for (int i = 1; i <= 7; i++) {
            client.resource(podWithTemplate("pod-" + i, "mig-1g")).create();
        }
        cluster.awaitIdle();
        List<String> uuids = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            assertThat(phase(client, "pod-" + i)).as(cluster.describe()).isEqualTo("Running");
            List<String> mine = cluster.migDeviceUuids("default", "pod-" + i);
            assertThat(mine).hasSize(1);
            uuids.addAll(mine);
        }
        assertThat(new HashSet<>(uuids)).hasSize(7);
        assertThat(new HashSet<>(uuids)).isEqualTo(new HashSet<>(cluster.nodes().get(0).nvml().migDeviceUuids(0)));

        client.resource(podWithTemplate("pod-8", "mig-1g")).create();
        cluster.awaitIdle();
        assertThat(phase(client, "pod-8")).isEqualTo("Pending");
        assertThat(client.pods().inNamespace("default").withName("pod-8").get().getSpec().getNodeName()).isNull();
        List<Event> failed = events(client, "pod-8", "FailedScheduling");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getType()).isEqualTo("Warning");
        assertThat(failed.get(0).getMessage()).startsWith("0/1 nodes are available: 1 cannot allocate all claims. "
                + "still not schedulable, preemption: 0/1 nodes are available: 1 Preemption is not helpful for "
                + "scheduling.");
        assertThat(failed.get(0).getMessage()).contains("request mig: on node gpu-node-1").contains("0 of them free")
                .contains("7 allocated");
        Pod pending = client.pods().inNamespace("default").withName("pod-8").get();
        assertThat(pending.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
        });

        String freed = cluster.migDeviceUuids("default", "pod-3").get(0);
        String claimOfPod3 = claimOf("pod-3");
        client.pods().inNamespace("default").withName("pod-3").delete();
        cluster.awaitIdle();
        assertThat(client.pods().inNamespace("default").withName("pod-3").get()).isNull();
        assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default")
                .withName(claimOfPod3).get()).isNull();
        assertThat(phase(client, "pod-8")).as(cluster.describe()).isEqualTo("Running");
        assertThat(cluster.migDeviceUuids("default", "pod-8")).containsExactly(freed);
        assertThat(events(client, "pod-8", "FailedScheduling")).hasSize(1);
        assertThat(events(client, "pod-8", "Scheduled").get(0).getMessage())
                .isEqualTo("Successfully assigned default/pod-8 to gpu-node-1");
    }

    @Test
    void generatedClaimsAreNamedAnnotatedOwnedAllocatedAndReservedAsKubernetesDoes() {
        client.resource(podWithTemplate("pod-1", "mig-1g")).create();
        cluster.awaitIdle();
        Pod pod = client.pods().inNamespace("default").withName("pod-1").get();
        assertThat(pod.getStatus().getResourceClaimStatuses()).hasSize(1);
        assertThat(pod.getStatus().getResourceClaimStatuses().get(0).getName()).isEqualTo("gpu");
        String name = pod.getStatus().getResourceClaimStatuses().get(0).getResourceClaimName();
        assertThat(name).matches("pod-1-gpu-[bcdfghjklmnpqrstvwxz2456789]{5}");
        ResourceClaim claim = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default")
                .withName(name).get();
        assertThat(claim.getMetadata().getAnnotations())
                .containsEntry("resource.kubernetes.io/pod-claim-name", "gpu");
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Pod");
            assertThat(o.getUid()).isEqualTo(pod.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
            assertThat(o.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(claim.getMetadata().getFinalizers()).containsExactly("resource.kubernetes.io/delete-protection");
        assertThat(claim.getStatus().getReservedFor()).singleElement().satisfies(r -> {
            assertThat(r.getResource()).isEqualTo("pods");
            assertThat(r.getName()).isEqualTo("pod-1");
            assertThat(r.getUid()).isEqualTo(pod.getMetadata().getUid());
        });
        var result = claim.getStatus().getAllocation().getDevices().getResults().get(0);
        assertThat(result.getDriver()).isEqualTo("gpu.nvidia.com");
        assertThat(result.getPool()).isEqualTo("gpu-node-1");
        assertThat(result.getDevice()).matches("gpu-0-mig-1g10gb-19-\\d");
        assertThat(claim.getStatus().getAllocation().getNodeSelector().getNodeSelectorTerms().get(0)
                .getMatchFields().get(0).getValues()).containsExactly("gpu-node-1");
        Map<String, List<String>> cdi = cluster.cdiDevices("default", "pod-1");
        assertThat(cdi).containsOnlyKeys("app");
        assertThat(cdi.get("app")).containsExactly("k8s.gpu.nvidia.com/claim=" + claim.getMetadata().getUid() + "-"
                + result.getDevice());
        assertThat(pod.getSpec().getNodeName()).isEqualTo("gpu-node-1");
    }

    @Test
    void twoMigDevicesOfOnePodShareTheirParentGpu() {
        cluster.close();
        cluster = FakeCluster.builder().gpu("A100-80GB").gpusPerNode(2).migLayout("1g.10gb=7")
                .reconcileInBackground(false).start();
        client = cluster.client();
        client.resource(DeviceClaims.sameGpu(2, "1g.10gb").template("default", "two-1g")).create();
        client.resource(podWithTemplate("pair", "two-1g")).create();
        cluster.awaitIdle();
        assertThat(phase(client, "pair")).isEqualTo("Running");
        List<PreparedDevice> devices = cluster.preparedDevices("default", "pair");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).gpuUuid()).isEqualTo(devices.get(1).gpuUuid());
        assertThat(devices.get(0).migDeviceUuid()).isNotEqualTo(devices.get(1).migDeviceUuid());
        assertThat(cluster.cdiDevices("default", "pair").get("app")).hasSize(2);
    }

    @Test
    void claimsAreDeletedWithTheirPodsAndTheSlicesStayPublished() {
        for (int i = 1; i <= 3; i++) {
            client.resource(podWithTemplate("pod-" + i, "mig-1g")).create();
        }
        cluster.awaitIdle();
        assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default").list().getItems())
                .hasSize(3);
        for (int i = 1; i <= 3; i++) {
            client.pods().inNamespace("default").withName("pod-" + i).delete();
        }
        cluster.awaitIdle();
        assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
        assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default").list().getItems())
                .isEmpty();
        assertThat(cluster.nodes().get(0).driver().preparedClaims()).isEmpty();
        List<ResourceSlice> slices = client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems();
        assertThat(slices).isNotEmpty();
        assertThat(slices.stream().mapToInt(s -> s.getSpec().getDevices().size()).sum()).isEqualTo(7);
        assertThat(slices.get(0).getSpec().getPool().getGeneration()).isEqualTo(1L);
    }

    @Test
    void theNodeCarriesTheGpuOperatorsLabels() {
        var node = client.nodes().withName("gpu-node-1").get();
        assertThat(node.getMetadata().getLabels())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB")
                .containsEntry("nvidia.com/gpu.count", "1")
                .containsEntry("nvidia.com/mig.capable", "true")
                .containsEntry("nvidia.com/mig.config", "custom")
                .containsEntry("nvidia.com/mig.config.state", "success")
                .containsKey("nvidia.com/gpu.memory");
        assertThat(client.dynamicResourceAllocation().v1().deviceClasses().list().getItems())
                .extracting(c -> c.getMetadata().getName()).contains("gpu.nvidia.com", "mig.nvidia.com");
    }

    private String claimOf(String pod) {
        return client.pods().inNamespace("default").withName(pod).get().getStatus().getResourceClaimStatuses().get(0)
                .getResourceClaimName();
    }
}
