package com.example.gpufleet;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A small controller, the kind of code a platform team writes: an inference fleet is a Deployment whose every replica
 * gets one MIG device of a chosen profile through a DRA ResourceClaimTemplate; its status says how many replicas run
 * and, for those that wait, why (the scheduler's FailedScheduling events).
 */
public final class InferenceFleet {
    private final KubernetesClient client;

    /** A controller working through {@code client}. */
    public InferenceFleet(KubernetesClient client) {
        this.client = client;
    }

    /** Creates or updates fleet {@code name}: {@code replicas} pods, each with one {@code profile} MIG device. */
    public void apply(String namespace, String name, String profile, int replicas) {
        String template = name + "-mig";
        if (client.dynamicResourceAllocation().v1().resourceClaimTemplates().inNamespace(namespace)
                .withName(template).get() == null) {
            client.resource(DeviceClaims.profile(profile).template(namespace, template)).create();
        }
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("fleet", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("fleet", name).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("nvcr.io/nvidia/tritonserver:25.01-py3")
                .endContainer().endSpec().endTemplate()
                .endSpec().build();
        client.resource(Workloads.withClaim(deployment, Workloads.fromTemplate("gpu", template))).serverSideApply();
    }

    /** How the fleet is doing. */
    public FleetStatus status(String namespace, String name) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("fleet", name).list().getItems();
        int running = (int) pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count();
        Set<String> waiting = pods.stream().filter(p -> "Pending".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        List<String> reasons = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "FailedScheduling".equals(e.getReason()))
                .filter(e -> waiting.contains(e.getInvolvedObject().getName()))
                .map(Event::getMessage).distinct().toList();
        return new FleetStatus(running, waiting.size(), reasons);
    }

    /**
     * A fleet's state.
     *
     * @param running        replicas running
     * @param pending        replicas waiting for a node or a device
     * @param pendingReasons why they wait, as the scheduler said it
     */
    public record FleetStatus(int running, int pending, List<String> pendingReasons) {
    }
}
