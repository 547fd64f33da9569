package io.mig4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;
import org.junit.jupiter.api.Test;

/** A test written as a user would: the cluster and its client injected into a field and a parameter. */
@FakeClusterTest(nodes = 1, gpu = "A100-80GB", gpusPerNode = 1, migLayout = "1g.10gb=7")
class FakeClusterExtensionTest {
    FakeCluster cluster;

    @Test
    void aPodWithAMigClaimRunsOnTheInjectedCluster(KubernetesClient client) {
        assertThat(client).isSameAs(cluster.client());
        client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
        PodSpec spec = Workloads.withClaim(new PodSpecBuilder().addNewContainer().withName("app").withImage("cuda")
                .endContainer().build(), Workloads.fromTemplate("gpu", "mig-1g"));
        client.resource(new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withSpec(spec).build()).create();
        cluster.awaitIdle();
        assertThat(client.pods().inNamespace("default").withName("p").get().getStatus().getPhase())
                .isEqualTo("Running");
        assertThat(cluster.migDeviceUuids("default", "p")).hasSize(1);
    }

    @Test
    void everyTestGetsAFreshCluster() {
        assertThat(cluster.client().pods().inNamespace("default").list().getItems()).isEmpty();
        assertThat(cluster.nodes()).singleElement().satisfies(n -> assertThat(n.nvml().migDeviceUuids(0)).hasSize(7));
    }
}
