package com.example.gpufleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mig4j.testkit.junit.MockKubernetes;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The controller against an API server alone (no scheduler, no nodes): what it writes, checked with plain fabric8.
 * The kubeconfig parameter is a file of this test's own server, for tools that read one (kubectl, a second client).
 */
@MockKubernetes
class MockKubernetesTest {

    @Test
    void applyWritesAClaimTemplateAndADeploymentUsingIt(KubernetesClient client) {
        new InferenceFleet(client).apply("default", "llm", "2g.20gb", 3);

        ResourceClaimTemplate template = client.dynamicResourceAllocation().v1().resourceClaimTemplates()
                .inNamespace("default").withName("llm-mig").get();
        assertThat(template.getSpec().getSpec().getDevices().getRequests()).singleElement()
                .satisfies(r -> assertThat(r.getExactly().getDeviceClassName()).isEqualTo("mig.nvidia.com"));
        Deployment deployment = client.apps().deployments().inNamespace("default").withName("llm").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getTemplate().getSpec().getResourceClaims()).singleElement()
                .satisfies(c -> assertThat(c.getResourceClaimTemplateName()).isEqualTo("llm-mig"));
    }

    @Test
    void applyIsIdempotent(KubernetesClient client, MockKubeApiServer server) {
        InferenceFleet fleet = new InferenceFleet(client);
        fleet.apply("default", "llm", "1g.10gb", 2);
        fleet.apply("default", "llm", "1g.10gb", 4);

        assertThat(client.apps().deployments().inNamespace("default").withName("llm").get().getSpec().getReplicas())
                .isEqualTo(4);
        assertThat(client.dynamicResourceAllocation().v1().resourceClaimTemplates().inNamespace("default").list()
                .getItems()).hasSize(1);
    }

    @Test
    void theKubeconfigPointsAtThisTestsServer(Path kubeconfig, KubernetesClient client) throws Exception {
        new InferenceFleet(client).apply("default", "llm", "1g.10gb", 1);

        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(fromFile.apps().deployments().inNamespace("default").withName("llm").get()).isNotNull();
        }
    }
}
