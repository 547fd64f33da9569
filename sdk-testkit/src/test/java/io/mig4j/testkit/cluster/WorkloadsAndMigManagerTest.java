package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.events;
import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.DeviceClaims;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deployments, ReplicaSets and Jobs with MIG claims, and mig-manager reconfiguring a node through its label. */
class WorkloadsAndMigManagerTest {

    private static FakeCluster a100(String config) {
        try (InputStream in = WorkloadsAndMigManagerTest.class.getResourceAsStream(
                "/real-world/mig-parted-config-default.yaml")) {
            return FakeCluster.builder().gpu("A100-80GB").migConfig(MigPartedConfig.read(in), config)
                    .reconcileInBackground(false).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Deployment deployment(int replicas) {
        Pod pod = podWithTemplate("unused", "mig-1g");
        return new DeploymentBuilder().withNewMetadata().withName("inference").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "inference")
                .endSelector().withTemplate(new PodTemplateSpecBuilder().withNewMetadata()
                        .addToLabels("app", "inference").endMetadata().withSpec(pod.getSpec()).build())
                .endSpec().build();
    }

    private static List<Pod> pods(KubernetesClient client, String label, String value) {
        return client.pods().inNamespace("default").withLabel(label, value).list().getItems();
    }

    @Test
    void aDeploymentOfSevenReplicasRunsEachOnItsOwnMigDeviceAndScales() {
        try (FakeCluster cluster = a100("all-1g.10gb")) {
            KubernetesClient client = cluster.client();
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            client.resource(deployment(7)).create();
            cluster.awaitIdle();
            List<ReplicaSet> sets = client.apps().replicaSets().inNamespace("default").list().getItems();
            assertThat(sets).singleElement().satisfies(rs ->
                    assertThat(rs.getMetadata().getName()).matches("inference-[4-9bcdf]{9,10}"));
            String rs = sets.get(0).getMetadata().getName();
            List<Pod> pods = pods(client, "app", "inference");
            assertThat(pods).hasSize(7).allSatisfy(p -> {
                assertThat(p.getMetadata().getName()).matches(rs + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            });
            assertThat(pods.stream().flatMap(p -> cluster.migDeviceUuids("default", p.getMetadata().getName())
                    .stream()).distinct().count()).isEqualTo(7);
            Deployment d = client.apps().deployments().inNamespace("default").withName("inference").get();
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(7);

            scale(client, 8);
            cluster.awaitIdle();
            assertThat(pods(client, "app", "inference")).hasSize(8)
                    .filteredOn(p -> "Pending".equals(p.getStatus().getPhase())).singleElement()
                    .satisfies(p -> assertThat(events(client, p.getMetadata().getName(), "FailedScheduling"))
                            .hasSize(1));

            scale(client, 7);
            cluster.awaitIdle();
            assertThat(pods(client, "app", "inference")).hasSize(7)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

            scale(client, 3);
            cluster.awaitIdle();
            assertThat(pods(client, "app", "inference")).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
            assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default").list()
                    .getItems()).hasSize(3);
        }
    }

    @Test
    void aJobRunsUntilTheTestCompletesItAndThenFreesItsDevice() {
        try (FakeCluster cluster = a100("all-1g.10gb")) {
            KubernetesClient client = cluster.client();
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            Pod pod = podWithTemplate("unused", "mig-1g");
            pod.getSpec().setRestartPolicy("Never");
            Job job = new JobBuilder().withNewMetadata().withName("train").withNamespace("default").endMetadata()
                    .withNewSpec().withTemplate(new PodTemplateSpecBuilder().withSpec(pod.getSpec()).build())
                    .endSpec().build();
            client.resource(job).create();
            cluster.awaitIdle();
            assertThat(pods(client, "job-name", "train")).singleElement()
                    .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
            assertThat(cluster.nodes().get(0).driver().preparedClaims()).hasSize(1);

            cluster.completeJob("default", "train");
            cluster.awaitIdle();
            assertThat(pods(client, "job-name", "train")).singleElement()
                    .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
            Job done = client.batch().v1().jobs().inNamespace("default").withName("train").get();
            assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Complete");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("default").list()
                    .getItems()).isEmpty();
            assertThat(cluster.nodes().get(0).driver().preparedClaims()).isEmpty();
        }
    }

    @Test
    void migManagerAppliesTheLabelledConfigFailsWhilePodsHoldDevicesAndRepublishes() {
        try (FakeCluster cluster = a100("all-1g.10gb")) {
            KubernetesClient client = cluster.client();
            FakeNode node = cluster.nodes().get(0);
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            client.resource(podWithTemplate("holder", "mig-1g")).create();
            cluster.awaitIdle();
            String held = cluster.migDeviceUuids("default", "holder").get(0);
            assertThat(node.driver().poolGeneration()).isEqualTo(1);

            client.nodes().withName(node.name()).edit(n -> {
                n.getMetadata().getLabels().put("nvidia.com/mig.config", "all-3g.40gb");
                return n;
            });
            cluster.awaitIdle();
            assertThat(label(client, node)).isEqualTo("failed");
            assertThat(node.nvml().migDeviceUuids(0)).hasSize(7).contains(held);
            assertThat(events(client, node.name(), "MigConfigFailed")).singleElement().satisfies(e ->
                    assertThat(e.getMessage()).contains("all-3g.40gb").contains("ERROR_IN_USE").contains(held)
                            .contains("default/holder"));

            client.pods().inNamespace("default").withName("holder").delete();
            cluster.awaitIdle();
            assertThat(label(client, node)).isEqualTo("success");
            assertThat(node.migManager().gpu(0).gpuInstances()).hasSize(2)
                    .allSatisfy(gi -> assertThat(gi.profileName()).isEqualTo("3g.40gb"));
            assertThat(node.driver().poolGeneration()).isEqualTo(2);
            List<ResourceSlice> slices = client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems();
            assertThat(slices).allSatisfy(s -> assertThat(s.getSpec().getPool().getGeneration()).isEqualTo(2L));
            assertThat(slices.stream().flatMap(s -> s.getSpec().getDevices().stream()).map(d -> d.getName()))
                    .containsExactlyInAnyOrder("gpu-0-mig-3g40gb-9-0", "gpu-0-mig-3g40gb-9-4");

            client.resource(DeviceClaims.profile("3g.40gb").template("default", "mig-3g")).create();
            client.resource(podWithTemplate("big", "mig-3g")).create();
            cluster.awaitIdle();
            assertThat(phase(client, "big")).isEqualTo("Running");
        }
    }

    /** Changes spec.replicas through the Deployment's scale subresource, as fabric8's scale(n) does. */
    private static void scale(KubernetesClient client, int replicas) {
        client.apps().deployments().inNamespace("default").withName("inference").scale(replicas);
    }

    @Test
    void aMigPartedFileWithoutAStartConfigLeavesMigDisabledUntilTheLabelNamesOne() {
        MigPartedConfig file = MigPartedConfig.parse("version: v1\nmig-configs:\n  mixed:\n    - devices: all\n"
                + "      mig-enabled: true\n      mig-devices:\n        \"3g.40gb\": 1\n        \"1g.10gb\": 2\n");
        try (FakeCluster cluster = FakeCluster.builder().gpu("A100-80GB").migPartedFile(file)
                .reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            FakeNode node = cluster.nodes().get(0);
            assertThat(client.nodes().withName(node.name()).get().getMetadata().getLabels())
                    .containsEntry("nvidia.com/mig.config", "all-disabled");
            assertThat(node.nvml().migMode(0).current()).isZero();
            assertThat(node.nvml().layout(0).gpuInstances()).isEmpty();

            client.nodes().withName(node.name()).edit(n -> {
                n.getMetadata().getLabels().put("nvidia.com/mig.config", "mixed");
                return n;
            });
            cluster.awaitIdle();
            assertThat(label(client, node)).isEqualTo("success");
            assertThat(node.nvml().layout(0).gpuInstances()).hasSize(3);
        }
    }

    private static String label(KubernetesClient client, FakeNode node) {
        return client.nodes().withName(node.name()).get().getMetadata().getLabels().get("nvidia.com/mig.config.state");
    }
}
