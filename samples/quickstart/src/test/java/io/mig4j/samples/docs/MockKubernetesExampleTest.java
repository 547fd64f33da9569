package io.mig4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.testkit.junit.MockKubernetes;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.kube.RecordedKubeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

// snippet:mock-kubernetes
/** An in-JVM Kubernetes API server per test: fabric8 (and kubectl, through the kubeconfig) talk HTTP to it. */
@MockKubernetes
class MockKubernetesExampleTest {
    MockKubeApiServer server;
    KubernetesClient client;   // a fabric8 client for the server
    Path kubeconfig;           // for kubectl --kubeconfig, or any other client

    @Test
    void deviceClassesAreStoredAndInvalidOnesRejected() {
        client.resource(DeviceClasses.mig()).create();
        assertThat(client.resources(DeviceClass.class).withName("mig.nvidia.com").get()).isNotNull();

        // admission runs sdk-dra's validator, with the API server's status code and message
        DeviceClass bad = DeviceClasses.builder("Not_A_Name").build();
        assertThatThrownBy(() -> client.resource(bad).create()).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(422));

        // what the clients sent, for verification
        assertThat(server.requests()).filteredOn(r -> r.verb().equals("create"))
                .extracting(RecordedKubeRequest::resource, RecordedKubeRequest::status)
                .containsExactly(tuple("deviceclasses.resource.k8s.io", 201), tuple("deviceclasses.resource.k8s.io", 422));
        assertThat(Files.exists(kubeconfig)).isTrue();
    }
}
// end-snippet:mock-kubernetes
