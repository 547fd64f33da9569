package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.events;
import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerExtendedResourceRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.Workloads;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Extended resources backed by DRA (KEP-5004): a pod asking {@code nvidia.com/mig-1g.10gb} in its limits gets the
 * scheduler's special claim ({@code <pod>-extended-resources-<random>}, requests {@code container-<i>-request-<j>},
 * {@code status.extendedResourceClaimStatus}), its containers get the MIG devices, and the claim goes with the pod.
 */
class ExtendedResourceClaimTest {
    private static final String MIG_1G = "nvidia.com/mig-1g.10gb";
    private FakeCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = FakeCluster.builder().gpu("A100-80GB").migLayout("1g.10gb=7").reconcileInBackground(false)
                .start();
        client = cluster.client();
        client.resource(DeviceClasses.migProfileBuilder("1g.10gb")
                .extendedResourceName(DeviceClasses.migProfileExtendedResourceName("1g.10gb")).build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Pod pod(String name, String resource, long count) {
        PodSpec spec = new PodSpecBuilder().addNewContainer().withName("app").withImage("cuda:12").endContainer()
                .build();
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withSpec(Workloads.withExtendedResource(spec, resource, count)).build();
    }

    private List<ResourceClaim> claims() {
        return client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default").list().getItems();
    }

    @Test
    void aPodAskingTwoMigDevicesByExtendedResourceRunsWithTwoAndGetsTheSchedulersClaim() {
        client.resource(pod("ext", MIG_1G, 2)).create();
        cluster.awaitIdle();
        assertThat(phase(client, "ext")).as(cluster.describe()).isEqualTo("Running");
        Pod pod = client.pods().inNamespace("default").withName("ext").get();

        ResourceClaim claim = claims().get(0);
        assertThat(claims()).hasSize(1);
        assertThat(claim.getMetadata().getName()).matches("ext-extended-resources-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(claim.getMetadata().getGenerateName()).isEqualTo("ext-extended-resources-");
        assertThat(claim.getMetadata().getAnnotations())
                .containsExactly(Map.entry("resource.kubernetes.io/extended-resource-claim", "true"));
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Pod");
            assertThat(o.getApiVersion()).isEqualTo("v1");
            assertThat(o.getName()).isEqualTo("ext");
            assertThat(o.getUid()).isEqualTo(pod.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(claim.getMetadata().getFinalizers()).containsExactly("resource.kubernetes.io/delete-protection");
        DeviceRequest request = claim.getSpec().getDevices().getRequests().get(0);
        assertThat(claim.getSpec().getDevices().getRequests()).hasSize(1);
        assertThat(request.getName()).isEqualTo("container-0-request-0");
        assertThat(request.getExactly().getDeviceClassName()).isEqualTo("mig-1g.10gb");
        assertThat(request.getExactly().getAllocationMode()).isEqualTo("ExactCount");
        assertThat(request.getExactly().getCount()).isEqualTo(2L);
        assertThat(claim.getStatus().getAllocation().getDevices().getResults()).hasSize(2)
                .allSatisfy(r -> assertThat(r.getRequest()).isEqualTo("container-0-request-0"));
        assertThat(claim.getStatus().getReservedFor()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(pod.getMetadata().getUid()));

        var status = pod.getStatus().getExtendedResourceClaimStatus();
        assertThat(status.getResourceClaimName()).isEqualTo(claim.getMetadata().getName());
        assertThat(status.getRequestMappings()).singleElement().satisfies(m -> {
            assertThat(m.getContainerName()).isEqualTo("app");
            assertThat(m.getResourceName()).isEqualTo(MIG_1G);
            assertThat(m.getRequestName()).isEqualTo("container-0-request-0");
        });
        assertThat(pod.getStatus().getResourceClaimStatuses()).isNullOrEmpty();
        // the API server defaulted the request from the limit, as SetDefaults_Pod does
        assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
                .containsEntry(MIG_1G, new Quantity("2"));

        List<String> uuids = cluster.migDeviceUuids("default", "ext");
        assertThat(uuids).hasSize(2).doesNotHaveDuplicates().allMatch(u -> u.startsWith("MIG-"));
        assertThat(cluster.nodes().get(0).nvml().migDeviceUuids(0)).containsAll(uuids);
        assertThat(cluster.cdiDevices("default", "ext").get("app")).hasSize(2)
                .allMatch(id -> id.startsWith("k8s.gpu.nvidia.com/claim=" + claim.getMetadata().getUid() + "-gpu-0-mig-1g10gb-19-"));
    }

    @Test
    void aPodAskingMoreThanExistsStaysPendingWithFailedSchedulingAndNoClaim() {
        client.resource(pod("greedy", MIG_1G, 8)).create();
        cluster.awaitIdle();
        assertThat(phase(client, "greedy")).isEqualTo("Pending");
        assertThat(client.pods().inNamespace("default").withName("greedy").get().getSpec().getNodeName()).isNull();
        List<Event> failed = events(client, "greedy", "FailedScheduling");
        assertThat(failed).singleElement().satisfies(e -> assertThat(e.getMessage()).startsWith(
                "0/1 nodes are available: 1 cannot allocate all claims. still not schedulable, preemption: 0/1 nodes"
                        + " are available: 1 Preemption is not helpful for scheduling."));
        assertThat(claims()).isEmpty();
        assertThat(cluster.nodes().get(0).driver().preparedClaims()).isEmpty();
    }

    @Test
    void deletingThePodDeletesTheSpecialClaimAndFreesItsDevices() {
        client.resource(pod("first", MIG_1G, 4)).create();
        client.resource(pod("second", MIG_1G, 4)).create();
        cluster.awaitIdle();
        assertThat(phase(client, "first")).isEqualTo("Running");
        assertThat(phase(client, "second")).isEqualTo("Pending");
        assertThat(claims()).hasSize(1);

        client.pods().inNamespace("default").withName("first").delete();
        cluster.awaitIdle();
        assertThat(client.pods().inNamespace("default").withName("first").get()).isNull();
        assertThat(phase(client, "second")).as(cluster.describe()).isEqualTo("Running");
        assertThat(claims()).singleElement().satisfies(c ->
                assertThat(c.getMetadata().getName()).startsWith("second-extended-resources-"));
        assertThat(cluster.migDeviceUuids("default", "second")).hasSize(4);

        client.pods().inNamespace("default").withName("second").delete();
        cluster.awaitIdle();
        assertThat(claims()).isEmpty();
        assertThat(cluster.nodes().get(0).driver().preparedClaims()).isEmpty();
    }

    @Test
    void mixedPodsUseTemplateClaimsAndExtendedResourcesSideBySide() {
        client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
        PodSpec spec = new PodSpecBuilder()
                .addToContainers(new ContainerBuilder().withName("trainer").withImage("cuda:12").withNewResources()
                        .addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("1Gi"))
                        .addToLimits(MIG_1G, new Quantity("2")).endResources().build())
                .addToContainers(new ContainerBuilder().withName("sidecar").withImage("cuda:12").withNewResources()
                        .addToLimits(MIG_1G, new Quantity("1")).endResources().build())
                .build();
        spec = Workloads.withClaim(spec, Workloads.fromTemplate("gpu", "mig-1g"), "sidecar");
        client.resource(new PodBuilder().withNewMetadata().withName("mixed").withNamespace("default").endMetadata()
                .withSpec(spec).build()).create();
        cluster.awaitIdle();
        assertThat(phase(client, "mixed")).as(cluster.describe()).isEqualTo("Running");
        Pod pod = client.pods().inNamespace("default").withName("mixed").get();
        assertThat(pod.getStatus().getResourceClaimStatuses()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("gpu"));
        var status = pod.getStatus().getExtendedResourceClaimStatus();
        ResourceClaim special = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default")
                .withName(status.getResourceClaimName()).get();
        // cpu and memory count in the request index: the MIG resource sorts third in "trainer"
        assertThat(special.getSpec().getDevices().getRequests()).extracting(DeviceRequest::getName)
                .containsExactly("container-0-request-2", "container-1-request-0");
        assertThat(status.getRequestMappings()).extracting(ContainerExtendedResourceRequest::getContainerName,
                ContainerExtendedResourceRequest::getRequestName).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("trainer", "container-0-request-2"),
                        org.assertj.core.groups.Tuple.tuple("sidecar", "container-1-request-0"));
        Map<String, List<String>> cdi = cluster.cdiDevices("default", "mixed");
        assertThat(cdi.get("trainer")).hasSize(2);
        assertThat(cdi.get("sidecar")).hasSize(2); // one from its template claim, one from the special claim
        assertThat(cluster.migDeviceUuids("default", "mixed")).hasSize(4).doesNotHaveDuplicates();
        assertThat(claims()).hasSize(2);

        client.pods().inNamespace("default").withName("mixed").delete();
        cluster.awaitIdle();
        assertThat(claims()).isEmpty();
        assertThat(cluster.nodes().get(0).driver().preparedClaims()).isEmpty();
    }

    @Test
    void theGpuClassesResourceAndTheImplicitClassResourceWorkWithoutAPerProfileClass() {
        try (FakeCluster gpus = FakeCluster.builder().gpu("H100-80GB").gpusPerNode(2).reconcileInBackground(false)
                .start()) {
            KubernetesClient c = gpus.client();
            c.resource(pod("whole", "nvidia.com/gpu", 1)).create();
            c.resource(pod("implicit", "deviceclass.resource.kubernetes.io/gpu.nvidia.com", 1)).create();
            gpus.awaitIdle();
            assertThat(phase(c, "whole")).as(gpus.describe()).isEqualTo("Running");
            assertThat(phase(c, "implicit")).isEqualTo("Running");
            List<PreparedDevice> a = gpus.preparedDevices("default", "whole");
            List<PreparedDevice> b = gpus.preparedDevices("default", "implicit");
            assertThat(a).singleElement().satisfies(d -> assertThat(d.device()).matches("gpu-[01]"));
            assertThat(b).singleElement().satisfies(d -> assertThat(d.device()).matches("gpu-[01]"));
            assertThat(new HashSet<>(List.of(a.get(0).gpuUuid(), b.get(0).gpuUuid()))).hasSize(2);
        }
    }

    @Test
    void aNodeOfferingTheResourceInAllocatableServesItWithoutAClaimAndUnmappedResourcesAreInsufficient() {
        Node node = client.nodes().withName(cluster.nodes().get(0).name()).get();
        node.getStatus().getAllocatable().put(MIG_1G, new Quantity("3"));
        client.nodes().resource(node).updateStatus();
        client.resource(pod("plugin", MIG_1G, 2)).create();
        client.resource(pod("unknown", "example.com/dongle", 1)).create();
        cluster.awaitIdle();
        assertThat(phase(client, "plugin")).isEqualTo("Running");
        assertThat(client.pods().inNamespace("default").withName("plugin").get().getStatus()
                .getExtendedResourceClaimStatus()).isNull();
        assertThat(claims()).isEmpty();
        assertThat(events(client, "unknown", "FailedScheduling")).singleElement().satisfies(e ->
                assertThat(e.getMessage()).startsWith("0/1 nodes are available: 1 Insufficient example.com/dongle."));
    }
}
