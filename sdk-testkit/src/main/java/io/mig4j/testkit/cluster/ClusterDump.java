package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** A readable dump of a fake cluster's state, for failing tests. */
final class ClusterDump {
    private ClusterDump() {
    }

    static String dump(KubernetesClient client, List<FakeNode> nodes) {
        StringBuilder b = new StringBuilder();
        b.append("Nodes:\n");
        for (FakeNode n : nodes) {
            b.append("  ").append(n.name()).append(": ").append(n.nvml().gpuCount()).append(" x ")
                    .append(n.product()).append(", pool generation ").append(n.driver().poolGeneration())
                    .append(", prepared claims ").append(n.driver().preparedClaims().size()).append('\n');
            for (int g = 0; g < n.nvml().gpuCount(); g++) {
                b.append("    GPU ").append(g).append(": ").append(n.nvml().layout(g)).append('\n');
            }
        }
        b.append("Pods:\n");
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            b.append("  ").append(PodClaims.key(p)).append(" phase=")
                    .append(p.getStatus() == null ? null : p.getStatus().getPhase()).append(" node=")
                    .append(p.getSpec().getNodeName()).append(" claims=").append(PodClaims.allClaimNames(p))
                    .append(p.getMetadata().getDeletionTimestamp() != null ? " (terminating)" : "").append('\n');
        }
        b.append("ResourceClaims:\n");
        for (ResourceClaim c : client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list()
                .getItems()) {
            b.append("  ").append(PodClaims.key(c));
            if (PodClaims.allocated(c)) {
                b.append(" allocated=");
                c.getStatus().getAllocation().getDevices().getResults().forEach(r -> b.append(r.getPool()).append('/')
                        .append(r.getDevice()).append(' '));
                b.append("reservedFor=").append(c.getStatus().getReservedFor() == null ? "[]"
                        : c.getStatus().getReservedFor().stream().map(r -> r.getName()).toList());
            } else {
                b.append(" pending");
            }
            b.append('\n');
        }
        b.append("Events:\n");
        for (Event e : client.v1().events().inAnyNamespace().list().getItems()) {
            b.append("  ").append(e.getType()).append(' ').append(e.getReason()).append(' ')
                    .append(e.getInvolvedObject().getKind()).append('/').append(e.getInvolvedObject().getName())
                    .append(": ").append(e.getMessage()).append('\n');
        }
        return b.toString();
    }
}
