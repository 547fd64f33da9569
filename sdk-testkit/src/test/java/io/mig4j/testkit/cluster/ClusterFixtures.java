package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.Workloads;
import java.util.List;

/** Pods and lookups the cluster tests share. */
final class ClusterFixtures {
    private ClusterFixtures() {
    }

    /** A pod whose container "app" uses one claim "gpu" made from the template. */
    static Pod podWithTemplate(String name, String template) {
        PodSpec spec = new PodSpecBuilder().addNewContainer().withName("app").withImage("cuda:12").endContainer()
                .build();
        spec = Workloads.withClaim(spec, Workloads.fromTemplate("gpu", template));
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withSpec(spec).build();
    }

    static String phase(KubernetesClient client, String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null ? null : p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    static List<Event> events(KubernetesClient client, String object, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }
}
