package io.mig4j.samples.drapublisher;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.InstancesInUseException;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigPlan;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * NVIDIA mig-manager's job in Java (NVIDIA/mig-parted, {@code pkg/mig/reconfigure}): when the node's
 * {@code nvidia.com/mig.config} label names a config of the mig-parted file, set {@code nvidia.com/mig.config.state}
 * to {@code pending}, apply the config with {@link MigManager}, and set the state to {@code success} or
 * {@code failed}. MIG devices that processes use are never destroyed (NVML would answer {@code IN_USE}): the change
 * fails with a Warning event naming them, and is tried again on the next periodic resync.
 *
 * <p>Unlike mig-manager this sample does not stop the GPU operator's other clients (device plugin, DCGM) before
 * the change; on a node where they run, stop them first or the change fails as "in use".
 */
final class MigConfigApplier {
    /** The label that names the wanted config (GPU operator, mig-manager). */
    static final String CONFIG_LABEL = "nvidia.com/mig.config";
    /** The label that reports how applying it went: pending, success or failed. */
    static final String STATE_LABEL = "nvidia.com/mig.config.state";

    private final KubernetesClient client;
    private final MigManager manager;
    private final MigPartedConfig config;
    private final String eventNamespace;
    private String failedConfig;

    MigConfigApplier(KubernetesClient client, MigManager manager, MigPartedConfig config, String eventNamespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.config = config;
        this.eventNamespace = eventNamespace;
    }

    /**
     * Applies the config the node's label asks for, when the GPUs differ from it.
     *
     * @param retryFailed whether a config that failed before is tried again (the periodic resync), or left failed
     *                    (events of the node, which would otherwise retry in a tight loop)
     */
    void reconcile(Node node, boolean retryFailed) {
        Map<String, String> labels = node.getMetadata().getLabels();
        String wanted = labels == null ? null : labels.get(CONFIG_LABEL);
        if (wanted == null || config == null) {
            return;
        }
        String state = labels.get(STATE_LABEL);
        if (wanted.equals(failedConfig) && "failed".equals(state) && !retryFailed) {
            return;
        }
        String nodeName = node.getMetadata().getName();
        try {
            List<GpuTarget> targets = manager.targets(config, wanted, Set.of());
            MigPlan plan = manager.plan(targets);
            if (plan.isEmpty()) {
                // already in that config (after a restart, or a config that changes nothing)
                succeeded(nodeName, state);
                return;
            }
            setState(nodeName, "pending");
            ApplyResult result = manager.apply(plan, false);
            if (!result.complete()) {
                // e.g. MIG mode waits for a GPU reset that the driver could not do while the GPU was in use
                failed(node, wanted, "applied " + result.executed().size() + " of " + plan.steps().size()
                        + " steps; waiting for: " + String.join("; ", result.pending()));
                return;
            }
            succeeded(nodeName, "pending");
        } catch (InstancesInUseException e) {
            failed(node, wanted, "MIG devices in use: " + String.join(", ", e.devices()));
        } catch (RuntimeException e) {
            // an unknown config, a profile the GPU lacks, an NVML error, mutations not allowed on this node
            failed(node, wanted, e.getMessage());
        }
    }

    private void succeeded(String nodeName, String state) {
        failedConfig = null;
        if (!"success".equals(state)) {
            setState(nodeName, "success");
        }
    }

    private void failed(Node node, String wanted, String why) {
        failedConfig = wanted;
        setState(node.getMetadata().getName(), "failed");
        String message = "Failed to apply MIG config '" + wanted + "': " + why;
        // metav1.Time is RFC 3339 in whole seconds
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
                .withNewMetadata().withName(node.getMetadata().getName() + "." + UUID.randomUUID()).endMetadata()
                .withNewInvolvedObject().withKind("Node").withApiVersion("v1").withName(node.getMetadata().getName())
                .withUid(node.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason("MigConfigFailed").withMessage(message)
                .withNewSource().withComponent("mig4j-dra-publisher").withHost(node.getMetadata().getName()).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build()).create();
    }

    private void setState(String nodeName, String state) {
        client.nodes().withName(nodeName).edit(n -> {
            n.getMetadata().getLabels().put(STATE_LABEL, state);
            return n;
        });
    }
}
