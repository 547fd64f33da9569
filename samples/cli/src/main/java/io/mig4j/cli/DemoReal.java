package io.mig4j.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.ProfileDiscovery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only parts of the demo on real hardware: this machine's GPUs through NVML ({@code --nvml}: inventory and
 * MIG profiles, no mutation: the {@link MigManager} is built without mutations) and a real cluster
 * ({@code --kubeconfig}: nodes, ResourceSlices and DeviceClasses listed, the recipe's and the corrected objects sent
 * with {@code dryRun=All}, so the API server validates them and stores nothing). Both are step 0 of the transcript.
 */
final class DemoReal {
    private DemoReal() {
    }

    /** {@code --nvml}: {@code nvidia-smi -L}, {@code mig -lgi} and the profiles of this machine's GPUs. */
    static void nvml(DemoTranscript transcript) {
        DemoTranscript.Step s = transcript.step(0, "REAL GPUs of this machine through NVML (read-only)");
        NodeOptions options = new NodeOptions();
        options.nvml = true;
        NodeOptions.Node node;
        try {
            node = options.open();
        } catch (RuntimeException e) {
            throw new UnmetRequestException("--nvml: " + Main.oneLine(String.valueOf(e.getMessage())));
        }
        try (NodeOptions.Node opened = node) {
            Nvml nvml = opened.nvml();
            MigManager reader = MigManager.builder(nvml).build();
            Inventory inventory = reader.inventory();
            List<DemoViews.NodeGpus> gpus = List.of(new DemoViews.NodeGpus("this machine", inventory));
            s.say("driver " + inventory.driverVersion() + ", NVML " + inventory.nvmlVersion() + ", "
                    + inventory.gpus().size() + " GPU(s), via " + nvml.backend() + "; nothing is changed.");
            DemoViews.View l = DemoViews.listGpus(gpus);
            s.artefact("nvidia-smi -L (real)", "text", l.text(), l.rows());
            DemoViews.View lgi = DemoViews.gpuInstances(gpus);
            s.artefact("nvidia-smi mig -lgi (real)", "table", lgi.text(), lgi.rows());
            Table t = new Table("GPU", "NAME", "ID", "FREE/TOTAL", "MEMORY_MIB");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int g = 0; g < inventory.gpus().size(); g++) {
                if (inventory.gpus().get(g).product() == null) {
                    continue;
                }
                for (ProfileDiscovery.DiscoveredProfile p : reader.discoverProfiles(g).profiles()) {
                    t.row(g, "MIG " + p.profileName(), p.info().id(), (p.remainingCapacity() == null ? "?"
                            : p.remainingCapacity()) + "/" + ProfilesCommand.known(p, p.info().instanceCount()),
                            ProfilesCommand.known(p, p.info().memorySizeMB()));
                    rows.add(Map.of("gpu", g, "profile", p.profileName(), "id", p.info().id()));
                }
            }
            s.artefact("nvidia-smi mig -lgip (real)", "table", rows.isEmpty() ? "no MIG-capable GPU\n"
                    : DemoViews.text(t), rows);
        }
    }

    /** {@code --kubeconfig}: what the real cluster has, and what its API server says about the recipe's YAML. */
    static void cluster(DemoTranscript transcript, Path kubeconfig) {
        DemoTranscript.Step s = transcript.step(0, "REAL cluster from " + kubeconfig + " (read-only: lists and"
                + " server-side dry-run)");
        String text;
        try {
            text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("--kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        Config config;
        try {
            config = Config.fromKubeconfig(text);
        } catch (RuntimeException e) {
            throw new BadInputException("--kubeconfig " + kubeconfig + ": not a kubeconfig: "
                    + Main.oneLine(String.valueOf(e.getMessage())));
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Table nodes = new Table("NODE", "GPU.PRODUCT", "MIG.CAPABLE", "MIG.CONFIG", "MIG.CONFIG.STATE");
            for (Node n : client.nodes().list().getItems()) {
                Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of()
                        : n.getMetadata().getLabels();
                nodes.row(n.getMetadata().getName(), labels.get("nvidia.com/gpu.product"),
                        labels.get("nvidia.com/mig.capable"), labels.get(DemoStory.MIG_CONFIG),
                        labels.get(DemoStory.MIG_CONFIG_STATE));
            }
            s.say("API server " + client.getMasterUrl() + "; nothing is created, changed or deleted.");
            s.artefact("kubectl get nodes -L nvidia.com/gpu.product,nvidia.com/mig.capable,nvidia.com/mig.config",
                    "table", DemoViews.text(nodes), null);
            int slices = client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems().size();
            List<String> classes = client.dynamicResourceAllocation().v1().deviceClasses().list().getItems().stream()
                    .map(c -> c.getMetadata().getName()).toList();
            s.say(slices + " ResourceSlice(s); DeviceClasses: " + (classes.isEmpty() ? "none"
                    : String.join(", ", classes)));
            List<Map<String, Object>> results = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            String namespace = DemoStory.NAMESPACE;
            if (client.namespaces().withName(namespace).get() == null) {
                // a dry-run create in a namespace that does not exist fails on the namespace, not on the object
                namespace = "default";
                out.append("(namespace ").append(DemoStory.NAMESPACE).append(" does not exist here: the templates"
                        + " are dry-run in namespace default)\n");
            }
            for (String file : List.of("mig-device-classes.yaml", "mig-claim-templates.yaml")) {
                List<HasMetadata> objects = client.load(new ByteArrayInputStream(DemoRecipe.text(file)
                        .getBytes(StandardCharsets.UTF_8))).items();
                for (HasMetadata o : objects) {
                    dryRun(client, "recipe " + file, o, namespace, out, results);
                }
            }
            for (HasMetadata o : DemoStory.correctedObjects()) {
                dryRun(client, "corrected", o, namespace, out, results);
            }
            s.artefact("kubectl create --dry-run=server (recipe vs corrected)", "text", out.toString(), results);
        }
    }

    private static void dryRun(KubernetesClient client, String what, HasMetadata o, String namespace,
                               StringBuilder out, List<Map<String, Object>> results) {
        if (o.getMetadata().getNamespace() != null) {
            o.getMetadata().setNamespace(namespace);
        }
        String name = o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName();
        String verdict;
        try {
            client.resource(o).dryRun().create();
            verdict = "accepted";
        } catch (KubernetesClientException e) {
            verdict = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? "rejected: " + Main.oneLine(e.getStatus().getMessage())
                    : "rejected: HTTP " + e.getCode() + " " + Main.oneLine(String.valueOf(e.getMessage()));
        }
        out.append(what).append(": ").append(name).append(": ").append(verdict).append('\n');
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", what);
        r.put("object", name);
        r.put("result", verdict);
        results.add(r);
    }
}
