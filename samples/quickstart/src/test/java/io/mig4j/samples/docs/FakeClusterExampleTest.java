package io.mig4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.junit.FakeClusterTest;
import org.junit.jupiter.api.Test;

// snippet:fake-cluster
/** One node with an H100 split into seven 1g.10gb; NVIDIA's driver, scheduler and kubelet faked in the JVM. */
@FakeClusterTest(nodes = 1, gpu = "H100-80GB", migLayout = "1g.10gb=7")
class FakeClusterExampleTest {
    FakeCluster cluster;

    @Test
    void aPodWithAMigClaimRunsOnAMigDevice(KubernetesClient client) {
        client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-small")).create();
        Pod pod = new PodBuilder().withNewMetadata().withName("inference").withNamespace("default").endMetadata()
                .withSpec(Workloads.withClaim(new PodSpecBuilder().addNewContainer().withName("app")
                        .withImage("nvcr.io/nvidia/cuda:12.4.0-base-ubuntu22.04").endContainer().build(),
                        Workloads.fromTemplate("gpu", "mig-small")))
                .build();
        client.resource(pod).create();

        cluster.awaitIdle();   // the controllers run until nothing changes: no sleeps

        assertThat(client.pods().inNamespace("default").withName("inference").get().getStatus().getPhase())
                .isEqualTo("Running");
        assertThat(cluster.migDeviceUuids("default", "inference")).singleElement().asString().startsWith("MIG-");
    }
}
// end-snippet:fake-cluster
