package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.testkit.cluster.FakeCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code scale} subresource of Deployments, ReplicaSets and StatefulSets: an {@code autoscaling/v1} Scale on GET,
 * PUT and PATCH through fabric8 and the real kubectl; and {@code kubectl scale} of the recipe's Deployment on a fake
 * cluster with one A100 cut into seven 1g.10gb devices, where the eighth replica waits with FailedScheduling.
 */
@Timeout(120)
class ScaleSubresourceTest {
    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name)
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("web", "gpu")
                .endMatchExpression().endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", name)
                        .addToLabels("tier", "gpu").endMetadata().withNewSpec().addNewContainer().withName("app")
                        .withImage("cuda:12").endContainer().endSpec().build())
                .endSpec().build();
    }

    @Test
    void fabric8ReadsAndWritesTheScaleOfDeploymentsReplicaSetsAndStatefulSets() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            KubernetesClient client = server.client();
            client.resource(deployment("web", 2)).create();
            var web = client.apps().deployments().inNamespace("default").withName("web");
            Scale scale = web.scale();
            assertThat(scale.getApiVersion()).isEqualTo("autoscaling/v1");
            assertThat(scale.getKind()).isEqualTo("Scale");
            assertThat(scale.getMetadata().getName()).isEqualTo("web");
            assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
            assertThat(scale.getStatus().getReplicas()).isZero();
            assertThat(scale.getStatus().getSelector()).isEqualTo("app=web,tier in (gpu,web)");

            web.scale(5);
            assertThat(web.get().getSpec().getReplicas()).isEqualTo(5);
            assertThat(web.get().getMetadata().getGeneration()).isEqualTo(2L);

            client.resource(new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("default")
                    .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("a", "b")
                    .endSelector().withNewTemplate().withNewMetadata().addToLabels("a", "b").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            client.apps().replicaSets().inNamespace("default").withName("rs").scale(3);
            assertThat(client.apps().replicaSets().inNamespace("default").withName("rs").get().getSpec()
                    .getReplicas()).isEqualTo(3);
            client.resource(new StatefulSetBuilder().withNewMetadata().withName("sts").withNamespace("default")
                    .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("a", "s")
                    .endSelector().withNewTemplate().withNewMetadata().addToLabels("a", "s").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            client.apps().statefulSets().inNamespace("default").withName("sts").scale(0);
            assertThat(client.apps().statefulSets().inNamespace("default").withName("sts").get().getSpec()
                    .getReplicas()).isZero();
        }
    }

    @Test
    void putChecksTheResourceVersionAndRejectsNegativeReplicasInKubernetesWords() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            KubernetesClient client = server.client();
            Deployment d = client.resource(deployment("web", 1)).create();
            String base = "apis/apps/v1/namespaces/default/deployments/web/scale";
            Scale stale = new ScaleBuilder().withNewMetadata().withName("web").withNamespace("default")
                    .withResourceVersion("1").endMetadata().withNewSpec().withReplicas(4).endSpec().build();
            assertThatThrownBy(() -> put(client, base, stale)).isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("Operation cannot be fulfilled on deployments.apps \"web\": the object has "
                            + "been modified; please apply your changes to the latest version and try again");
            Scale fresh = new ScaleBuilder(stale).editMetadata()
                    .withResourceVersion(d.getMetadata().getResourceVersion()).endMetadata().build();
            Scale written = put(client, base, fresh);
            assertThat(written.getSpec().getReplicas()).isEqualTo(4);
            assertThat(written.getMetadata().getResourceVersion()).isNotEqualTo(d.getMetadata().getResourceVersion());
            Scale negative = new ScaleBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                    .withReplicas(-1).endSpec().build();
            assertThatThrownBy(() -> put(client, base, negative)).isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
            assertThat(client.apps().deployments().inNamespace("default").withName("web").get().getSpec()
                    .getReplicas()).isEqualTo(4);
        }
    }

    private static Scale put(KubernetesClient client, String path, Scale scale) throws Exception {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder().url(new java.net.URL(client.getMasterUrl(), path))
                .put("application/json", client.getKubernetesSerialization().asJson(scale)).build();
        var response = http.sendAsync(request, String.class).get();
        if (response.code() >= 300) {
            var status = client.getKubernetesSerialization().unmarshal(response.body(),
                    io.fabric8.kubernetes.api.model.Status.class);
            throw new KubernetesClientException("HTTP " + response.code() + ": " + status.getMessage());
        }
        return client.getKubernetesSerialization().unmarshal(response.body(), Scale.class);
    }

    @Test
    void discoveryListsTheScaleSubresourceAsAutoscalingV1Scale() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            List<APIResource> apps = server.client().getApiResources("apps/v1").getResources();
            assertThat(apps).filteredOn(r -> r.getName().endsWith("/scale")).extracting(APIResource::getName)
                    .containsExactlyInAnyOrder("deployments/scale", "replicasets/scale", "statefulsets/scale");
            assertThat(apps).filteredOn(r -> r.getName().equals("deployments/scale")).singleElement().satisfies(r -> {
                assertThat(r.getGroup()).isEqualTo("autoscaling");
                assertThat(r.getVersion()).isEqualTo("v1");
                assertThat(r.getKind()).isEqualTo("Scale");
                assertThat(r.getVerbs()).containsExactly("get", "patch", "update");
            });
        }
    }

    @Test
    void kubectlScaleResizesTheRecipesDeploymentAndTheEighthReplicaWaits(@TempDir Path dir) throws Exception {
        assumeTrue(Kubectl.find() != null, "kubectl is not on PATH: the tests with the real kubectl binary need it");
        try (FakeCluster cluster = FakeCluster.builder().gpu("A100-80GB").migLayout("1g.10gb=7")
                .reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            Kubectl kubectl = new Kubectl(cluster.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
            client.resource(io.mig4j.dra.DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            Deployment inference = deployment("inference", 7);
            inference.getSpec().getTemplate().setSpec(io.mig4j.dra.Workloads.withClaim(
                    inference.getSpec().getTemplate().getSpec(), io.mig4j.dra.Workloads.fromTemplate("gpu", "mig-1g")));
            client.resource(inference).create();
            cluster.awaitIdle();
            assertThat(running(client)).hasSize(7);

            Kubectl.Run up = kubectl.run("scale", "deployment", "inference", "--replicas=8");
            assertThat(up.exitCode()).as(up.all()).isZero();
            assertThat(up.out()).contains("deployment.apps/inference scaled");
            cluster.awaitIdle();
            List<String> pending = pods(client).stream().filter(p -> "Pending".equals(p.getStatus().getPhase()))
                    .map(p -> p.getMetadata().getName()).toList();
            assertThat(pending).as(cluster.describe()).hasSize(1);
            assertThat(running(client)).hasSize(7);
            assertThat(client.v1().events().inNamespace("default").list().getItems()).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo(pending.get(0));
                assertThat(e.getReason()).isEqualTo("FailedScheduling");
                assertThat(e.getMessage()).startsWith("0/1 nodes are available: 1 cannot allocate all claims.");
            });
            Kubectl.Run get = kubectl.run("get", "deployment", "inference", "--subresource=scale", "-o",
                    "jsonpath={.spec.replicas}");
            assertThat(get.out()).as(get.all()).isEqualTo("8");

            Kubectl.Run down = kubectl.run("scale", "deployment", "inference", "--replicas=7");
            assertThat(down.exitCode()).as(down.all()).isZero();
            cluster.awaitIdle();
            assertThat(client.pods().inNamespace("default").withName(pending.get(0)).get()).isNull();
            assertThat(pods(client)).hasSize(7);
            assertThat(running(client)).hasSize(7);
        }
    }

    private static List<io.fabric8.kubernetes.api.model.Pod> pods(KubernetesClient client) {
        return client.pods().inNamespace("default").withLabel("app", "inference").list().getItems();
    }

    private static List<io.fabric8.kubernetes.api.model.Pod> running(KubernetesClient client) {
        return pods(client).stream().filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
    }
}
