package io.mig4j.cli;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.MigStep;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import io.mig4j.testkit.cluster.PreparedDevice;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 4 to 6 of {@code mig4j demo}: the recipe's workloads scheduled onto MIG devices (and the ones that wait, with
 * the scheduler's reason), the recipe's "dynamic reconfiguration" through mig-manager's label (refused while pods
 * hold MIG devices, done after draining them), and the monitoring views of the recipe's step 9.
 */
final class DemoWorkloads {
    /** The config the recipe's step 7 switches to. */
    static final String RECONFIGURE_TO = "all-1g.10gb";

    private final FakeCluster cluster;
    private final DemoTranscript transcript;
    private final DemoStory story;
    private final MigPartedConfig migParted;
    private final String configName;
    private final boolean dynamic;

    /** Steps 4 to 6 of {@code story}: its cluster, transcript, mig-parted config and MIG mode. */
    DemoWorkloads(DemoStory story) {
        this.story = story;
        this.cluster = story.cluster;
        this.transcript = story.transcript;
        this.migParted = story.migParted;
        this.configName = story.configName;
        this.dynamic = story.dynamic;
    }

    // ------------------------------------------------------------------ step 4

    /** Step 4: the recipe's Deployment, mixed pods and auto-select pod, as they are; who got which MIG device. */
    void deploy() {
        DemoTranscript.Step s = transcript.step(4, "Deploy the recipe's workloads (recipe steps 5, 6 and 8)");
        List<String> created = new ArrayList<>();
        for (String file : List.of("mig-inference-deployment.yaml", "mixed-mig-workloads.yaml")) {
            for (HasMetadata o : story.applyRecipeFile(file)) {
                created.add(o.getKind() + " " + o.getMetadata().getName());
            }
        }
        // the recipe's auto-mig template is replaced by the corrected one of step 3; its pod is used as it is
        for (HasMetadata o : cluster.client().load(new ByteArrayInputStream(DemoRecipe.text(
                "intelligent-mig-selection.yaml").getBytes(StandardCharsets.UTF_8))).items()) {
            if (o instanceof Pod) {
                cluster.client().resource(o).create();
                created.add("Pod " + o.getMetadata().getName());
            }
        }
        s.say("$ kubectl apply -f mig-inference-deployment.yaml -f mixed-mig-workloads.yaml -f"
                + " intelligent-mig-selection.yaml (its Pod; auto-mig is the corrected template of step 3)");
        s.say("created: " + String.join(", ", created));
        cluster.awaitIdle();
        DemoViews.View pods = DemoViews.pods(cluster, DemoStory.NAMESPACE);
        s.artefact("kubectl get pods -n " + DemoStory.NAMESPACE + " -o wide (+ the MIG device each pod got)", "table",
                pods.text(), pods.rows());
        story.showSliceMap(s, "slice map (each instance with the pod that holds it)");
        long running = pods.rows().stream().filter(r -> "Running".equals(r.get("phase"))).count();
        long pending = pods.rows().stream().filter(r -> "Pending".equals(r.get("phase"))).count();
        long small = cluster.nodes().stream().mapToLong(n -> n.migManager().inventory().gpus().stream()
                .flatMap(g -> g.gpuInstances().stream()).filter(gi -> gi.profileName().equals("1g.10gb")).count())
                .sum();
        s.say(running + " pod(s) run, each on its own MIG device; " + pending + " wait (Pending), each with the"
                + " scheduler's FailedScheduling event and the allocator's explanation.");
        if (!dynamic) {
            s.say("The recipe says its Deployment runs 7 x 1g.10gb \"on a single A100\": true with all-1g.10gb, but"
                    + " with '" + configName + "' the cluster has " + small + " 1g.10gb device(s) in all, shared"
                    + " with llm-inference-small. Step 5 switches to " + RECONFIGURE_TO + ", as the recipe's step 7"
                    + " does.");
        }
    }

    // ------------------------------------------------------------------ step 5

    /** Step 5: switch to all-1g.10gb through the label: refused while pods hold MIG devices, done after a drain. */
    void reconfigure() {
        DemoTranscript.Step s = transcript.step(5, "Reconfigure to " + RECONFIGURE_TO + " (recipe step 7)");
        if (dynamic) {
            reconfigureDynamic(s);
            return;
        }
        if (RECONFIGURE_TO.equals(configName)) {
            s.say("The nodes already run " + RECONFIGURE_TO + ": nothing to reconfigure.");
            return;
        }
        Set<String> holders = new LinkedHashSet<>();
        for (FakeNode n : cluster.nodes()) {
            holders.addAll(holdersOfDestroyedDevices(n));
            story.label(n, RECONFIGURE_TO);
        }
        s.say("$ kubectl label node --all " + DemoStory.MIG_CONFIG + "=" + RECONFIGURE_TO + " --overwrite");
        cluster.awaitIdle();
        s.artefact("kubectl get nodes -L " + DemoStory.MIG_CONFIG + "," + DemoStory.MIG_CONFIG_STATE, "table",
                states().text(), states().rows());
        List<Map<String, Object>> failures = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Event e : cluster.client().v1().events().inAnyNamespace().list().getItems()) {
            if ("MigConfigFailed".equals(e.getReason())) {
                text.append(e.getInvolvedObject().getName()).append(": Warning MigConfigFailed ")
                        .append(e.getMessage()).append('\n');
                failures.add(Map.of("node", e.getInvolvedObject().getName(), "message", e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            s.say("mig-manager refuses: the new layout destroys MIG devices that running pods use (NVML"
                    + " IN_USE), and it does not evict user pods.");
            s.artefact("kubectl get events --field-selector reason=MigConfigFailed", "text", text.toString(),
                    failures);
            s.say("$ kubectl delete pod -n " + DemoStory.NAMESPACE + " " + String.join(" ", holders)
                    + "   # drain the pods that hold those devices");
            for (String pod : holders) {
                cluster.client().pods().inNamespace(DemoStory.NAMESPACE).withName(pod).delete();
            }
            cluster.awaitIdle();
            s.artefact("kubectl get nodes -L " + DemoStory.MIG_CONFIG + "," + DemoStory.MIG_CONFIG_STATE
                    + " (after the drain)", "table", states().text(), states().rows());
        }
        story.showSliceMap(s, "slice map (memory slices x GPU instances)");
        DemoViews.View pods = DemoViews.pods(cluster, DemoStory.NAMESPACE);
        s.say("What runs now: the Deployment's pending replicas got the new 1g.10gb devices.");
        s.artefact("kubectl get pods -n " + DemoStory.NAMESPACE + " -o wide (+ MIG devices)", "table", pods.text(),
                pods.rows());
    }

    /** The pods whose MIG devices the reconfiguration of this node would destroy. */
    private Set<String> holdersOfDestroyedDevices(FakeNode n) {
        MigPlan plan = n.migManager().plan(n.migManager().targets(migParted, RECONFIGURE_TO, Set.of()));
        Set<String> destroyed = new LinkedHashSet<>();
        for (MigStep step : plan.steps()) {
            if (step instanceof MigStep.DestroyComputeInstance) {
                destroyed.add(((MigStep.DestroyComputeInstance) step).migDeviceUuid());
            }
        }
        Set<String> holders = new LinkedHashSet<>();
        for (Pod p : cluster.client().pods().inNamespace(DemoStory.NAMESPACE).list().getItems()) {
            if (!n.name().equals(p.getSpec().getNodeName())) {
                continue;
            }
            for (PreparedDevice d : cluster.preparedDevices(DemoStory.NAMESPACE, p.getMetadata().getName())) {
                if (destroyed.contains(d.migDeviceUuid())) {
                    holders.add(p.getMetadata().getName());
                }
            }
        }
        return holders;
    }

    /** With dynamic MIG a finished pod's instance is destroyed and its slices go to a waiting pod. */
    private void reconfigureDynamic(DemoTranscript.Step s) {
        s.say("Dynamic MIG needs no relabelling: instances come and go with claims. The training job finishes;"
                + " the driver destroys its MIG device when the claim is unprepared, and a waiting pod takes the"
                + " freed memory slices.");
        Pod training = cluster.client().pods().inNamespace(DemoStory.NAMESPACE).withName("training-job").get();
        if (training != null && training.getSpec().getNodeName() != null) {
            cluster.finishPod(DemoStory.NAMESPACE, "training-job", true);
            cluster.awaitIdle();
        }
        story.showSliceMap(s, "slice map (memory slices x GPU instances)");
        DemoViews.View pods = DemoViews.pods(cluster, DemoStory.NAMESPACE);
        s.artefact("kubectl get pods -n " + DemoStory.NAMESPACE + " -o wide (+ MIG devices)", "table", pods.text(),
                pods.rows());
    }

    private DemoViews.View states() {
        Table t = new Table("NODE", "MIG.CONFIG", "MIG.CONFIG.STATE");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FakeNode n : cluster.nodes()) {
            Map<String, String> labels = story.node(n).getMetadata().getLabels();
            t.row(n.name(), labels.get(DemoStory.MIG_CONFIG), labels.get(DemoStory.MIG_CONFIG_STATE));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("node", n.name());
            r.put("config", labels.get(DemoStory.MIG_CONFIG));
            r.put("state", labels.get(DemoStory.MIG_CONFIG_STATE));
            rows.add(r);
        }
        return new DemoViews.View(DemoViews.text(t), rows);
    }

    // ------------------------------------------------------------------ step 6

    /** Step 6: the recipe's monitoring commands. */
    void monitor() {
        DemoTranscript.Step s = transcript.step(6, "Monitoring (recipe step 9)");
        List<DemoViews.NodeGpus> gpus = story.gpus();
        DemoViews.View l = DemoViews.listGpus(gpus);
        s.artefact("nvidia-smi -L", "text", l.text(), l.rows());
        DemoViews.View lgi = DemoViews.gpuInstances(gpus);
        s.artefact("nvidia-smi mig -lgi", "table", lgi.text(), lgi.rows());
        DemoViews.View lci = DemoViews.computeInstances(gpus);
        s.artefact("nvidia-smi mig -lci", "table", lci.text(), lci.rows());
        KubernetesClient client = cluster.client();
        DemoViews.View claims = DemoViews.claims(client);
        s.artefact("kubectl get resourceclaims -A -o wide (+ allocated device and profile)", "table", claims.text(),
                claims.rows());
        StringBuilder classes = new StringBuilder();
        for (ResourceClaim c : client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list()
                .getItems()) {
            List<String> names = new ArrayList<>();
            c.getSpec().getDevices().getRequests().forEach(r -> names.add(r.getExactly() != null
                    ? r.getExactly().getDeviceClassName() : "firstAvailable"));
            classes.append(c.getMetadata().getName()).append('\t').append(String.join(" ", names)).append('\n');
        }
        s.artefact("kubectl get resourceclaims -A -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}"
                + "{.spec.devices.requests[*].exactly.deviceClassName}{\"\\n\"}{end}'", "text", classes.toString(),
                null);
    }
}
