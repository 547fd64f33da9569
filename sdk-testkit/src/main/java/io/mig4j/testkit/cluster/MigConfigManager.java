package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.ApplyResult;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.InstancesInUseException;
import io.mig4j.nvml.MigManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NVIDIA's mig-manager on every node ({@code pkg/mig/reconfigure/reconfigure.go} of NVIDIA/mig-parted): when a
 * node's {@code nvidia.com/mig.config} label names another config, {@code nvidia.com/mig.config.state} goes to
 * {@code pending}, the config of the mig-parted file is applied through {@link MigManager}, and the state becomes
 * {@code success} (the driver then republishes the node's slices with a new pool generation) or {@code failed}.
 * mig-manager does not evict user pods: MIG devices that running containers use make the change fail (NVML
 * {@code IN_USE}) with a Warning event naming the pods that hold them; it is tried again when the node's prepared
 * claims change. {@code all-disabled} and {@code all-enabled} work without a file, as in NVIDIA's default config.
 */
final class MigConfigManager implements Controller {
    private final KubernetesClient client;
    private final ClusterCache cache;
    private final List<FakeNode> nodes;
    private final EventRecorder events;
    private final MigPartedConfig config;
    private final Map<String, String> applied = new HashMap<>();
    private final Map<String, String> failedAttempt = new HashMap<>();

    MigConfigManager(KubernetesClient client, ClusterCache cache, List<FakeNode> nodes, EventRecorder events,
                     MigPartedConfig config) {
        this.client = client;
        this.cache = cache;
        this.nodes = nodes;
        this.events = events;
        this.config = config;
    }

    @Override
    public String name() {
        return "nvidia-mig-manager";
    }

    @Override
    public void sync() {
        for (FakeNode n : nodes) {
            Node node = cache.nodes.get(null, n.name());
            if (node == null || node.getMetadata().getLabels() == null) {
                continue;
            }
            String wanted = node.getMetadata().getLabels().get(NodeFactory.MIG_CONFIG);
            applied.putIfAbsent(n.name(), wanted);
            if (wanted == null || wanted.equals(applied.get(n.name()))) {
                continue;
            }
            String attempt = wanted + "|" + n.driver().preparedClaims().keySet();
            if (attempt.equals(failedAttempt.get(n.name()))) {
                continue;
            }
            setState(n.name(), "pending");
            try {
                ApplyResult result = n.migManager().apply(targets(n, wanted), false);
                if (!result.complete()) {
                    throw new IllegalStateException(String.join("; ", result.pending()));
                }
                applied.put(n.name(), wanted);
                failedAttempt.remove(n.name());
                setState(n.name(), "success");
            } catch (InstancesInUseException e) {
                failedAttempt.put(n.name(), attempt);
                setState(n.name(), "failed");
                events.record(node, "Warning", "MigConfigFailed", null, "Failed to apply MIG config '" + wanted
                        + "': " + NvmlErrorText.IN_USE + ": MIG devices in use by running pods: "
                        + holders(n, e.devices()), "nvidia-mig-manager", n.name());
            } catch (RuntimeException e) {
                failedAttempt.put(n.name(), attempt);
                setState(n.name(), "failed");
                events.record(node, "Warning", "MigConfigFailed", null, "Failed to apply MIG config '" + wanted
                        + "': " + e.getMessage(), "nvidia-mig-manager", n.name());
            }
        }
    }

    private List<GpuTarget> targets(FakeNode n, String name) {
        int gpus = n.nvml().gpuCount();
        List<GpuTarget> targets = new ArrayList<>();
        if (config != null && config.entries(name).isPresent()) {
            return n.migManager().targets(config, name, Set.of());
        }
        if ("all-disabled".equals(name) || "all-enabled".equals(name)) {
            for (int g = 0; g < gpus; g++) {
                targets.add("all-disabled".equals(name) ? GpuTarget.migDisabled(g) : GpuTarget.of(g, List.of()));
            }
            return targets;
        }
        throw new IllegalArgumentException("no config named '" + name + "'"
                + (config == null ? " (the cluster has no mig-parted file)" : " (configs: "
                + String.join(", ", config.configNames()) + ")"));
    }

    /** "MIG-… (GPU 0, 1g.10gb) held by default/pod-1" for each busy device (from the driver's checkpoint). */
    private String holders(FakeNode n, List<String> busy) {
        Map<String, String> podsByMig = new HashMap<>();
        for (PreparedClaim c : n.driver().preparedClaims().values()) {
            ResourceClaim claim = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(c.namespace())
                    .withName(c.name()).get();
            List<String> pods = new ArrayList<>();
            if (claim != null && claim.getStatus() != null && claim.getStatus().getReservedFor() != null) {
                claim.getStatus().getReservedFor().forEach(r -> pods.add(c.namespace() + "/" + r.getName()));
            }
            for (String uuid : c.migDeviceUuids()) {
                podsByMig.put(uuid, String.join(", ", pods));
            }
        }
        List<String> out = new ArrayList<>();
        for (String b : busy) {
            String uuid = b.contains(" ") ? b.substring(0, b.indexOf(' ')) : b;
            String pods = podsByMig.get(uuid);
            out.add(b + (pods == null || pods.isEmpty() ? "" : " held by " + pods));
        }
        return String.join("; ", out);
    }

    private void setState(String node, String state) {
        client.nodes().withName(node).edit(x -> {
            x.getMetadata().getLabels().put(NodeFactory.MIG_CONFIG_STATE, state);
            return x;
        });
    }

    /** NVML's name for the error mig-parted reports. */
    private static final class NvmlErrorText {
        static final String IN_USE = io.mig4j.nvml.NvmlReturn.ERROR_IN_USE.nvmlName();

        private NvmlErrorText() {
        }
    }
}
