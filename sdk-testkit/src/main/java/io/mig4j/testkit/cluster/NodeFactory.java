package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.nvml.FakeNvml;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes a node: its fake GPUs with the initial MIG config applied, its Node object, its driver. */
final class NodeFactory {
    /** The label mig-manager watches. */
    static final String MIG_CONFIG = "nvidia.com/mig.config";
    /** The label mig-manager reports progress in. */
    static final String MIG_CONFIG_STATE = "nvidia.com/mig.config.state";

    private NodeFactory() {
    }

    static FakeNode create(KubernetesClient client, FakeCluster.Builder b, FakeCluster.NodeGroup group, int index) {
        String name = "gpu-node-" + index;
        FakeNvml nvml = FakeNvml.builder().gpus(group.product(), group.gpus())
                .seed(b.seedValue() * 1_000_003L + index).migEnabled(b.migEnabledAtStart())
                .resetOnMigModeChange(true).build();
        try {
            nvml.init();
            MigManager mig = MigManager.builder(nvml).allowMutations(true).build();
            if (b.migConfigName() != null) {
                mig.apply(mig.targets(b.migConfig(), b.migConfigName(), Set.of()), false);
            }
            String ip = "10.0." + (index / 250) + "." + (index % 250 + 1);
            Inventory inventory = mig.inventory();
            Node node = client.nodes().resource(nodeObject(name, inventory,
                    b.migConfigName() != null ? b.migConfigName() : "all-disabled")).create();
            node.setStatus(status(name, ip, inventory).getStatus());
            node = client.nodes().resource(node).updateStatus();
            FakeNvidiaDriver driver = new FakeNvidiaDriver(name, mig, nvml, b.mode(), client);
            driver.nodeUid(node.getMetadata().getUid());
            return new FakeNode(name, group.product(), nvml, mig, driver, ip);
        } catch (RuntimeException e) {
            nvml.close();
            throw e;
        }
    }

    /**
     * The Node with the labels of kubelet and of NVIDIA's GPU feature discovery ({@code nvidia.com/gpu.product}
     * with spaces as hyphens, {@code gpu.count}, {@code gpu.memory} in MiB, {@code mig.capable}) and mig-manager
     * ({@code mig.config}, {@code mig.config.state}).
     */
    private static Node nodeObject(String name, Inventory inventory, String migConfig) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("nvidia.com/gpu.present", "true");
        if (!inventory.gpus().isEmpty()) {
            GpuInventory g = inventory.gpus().get(0);
            labels.put("nvidia.com/gpu.product", g.name().trim().replace(' ', '-'));
            labels.put("nvidia.com/gpu.memory", Long.toString(g.memoryMiB()));
            labels.put("nvidia.com/mig.capable", Boolean.toString(g.product() != null));
        }
        labels.put("nvidia.com/gpu.count", Integer.toString(inventory.gpus().size()));
        labels.put(MIG_CONFIG, migConfig);
        labels.put(MIG_CONFIG_STATE, "success");
        Node n = new Node();
        n.setApiVersion("v1");
        n.setKind("Node");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setLabels(labels);
        n.setMetadata(meta);
        return n;
    }

    private static Node status(String name, String ip, Inventory inventory) {
        Node n = new Node();
        var s = new io.fabric8.kubernetes.api.model.NodeStatus();
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity("64"));
        capacity.put("memory", new Quantity("512Gi"));
        capacity.put("pods", new Quantity("110"));
        capacity.put("ephemeral-storage", new Quantity("1Ti"));
        s.setCapacity(capacity);
        s.setAllocatable(new LinkedHashMap<>(capacity));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        NodeCondition ready = new NodeCondition();
        ready.setType("Ready");
        ready.setStatus("True");
        ready.setReason("KubeletReady");
        ready.setMessage("kubelet is posting ready status");
        ready.setLastHeartbeatTime(now);
        ready.setLastTransitionTime(now);
        s.setConditions(List.of(ready));
        s.setAddresses(List.of(new NodeAddress(ip, "InternalIP"), new NodeAddress(name, "Hostname")));
        NodeSystemInfo info = new NodeSystemInfo();
        info.setArchitecture("amd64");
        info.setOperatingSystem("linux");
        info.setKubeletVersion("v1.35.0");
        info.setKubeProxyVersion("v1.35.0");
        info.setContainerRuntimeVersion("containerd://2.1.0");
        info.setOsImage("mig4j fake node (NVIDIA driver " + inventory.driverVersion() + ")");
        info.setKernelVersion("6.8.0");
        info.setMachineID(name);
        info.setSystemUUID(name);
        info.setBootID(name);
        s.setNodeInfo(info);
        n.setStatus(s);
        return n;
    }
}
