package io.mig4j.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.Manifests;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.KubernetesVersion;
import io.mig4j.dra.validation.ValidationReport;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.SetMigModeResult;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import io.mig4j.testkit.nvml.Fault;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 1 to 3 of {@code mig4j demo} on a running {@link FakeCluster}: enable MIG, apply the recipe's mig-parted
 * config through the node label mig-manager watches, publish ResourceSlices and create the corrected DeviceClasses
 * and ResourceClaimTemplates next to what is wrong with the recipe's. Steps 4 to 6 are in {@link DemoWorkloads}.
 */
final class DemoStory {
    /** The namespace of the recipe's workloads. */
    static final String NAMESPACE = "inference";
    /** The claim templates of the recipe's step 4 and the profile each asks for. */
    static final Map<String, String> TEMPLATES = templates();
    /** The label mig-manager watches. */
    static final String MIG_CONFIG = "nvidia.com/mig.config";
    /** The label mig-manager reports in. */
    static final String MIG_CONFIG_STATE = "nvidia.com/mig.config.state";
    /** What the recipe's "auto-select" pod says it needs (its REQUIRED_MEMORY env, in GB). */
    static final String AUTO_MIG_MEMORY = "15Gi";

    // read by DemoWorkloads, which tells steps 4 to 6 of the same story
    final FakeCluster cluster;
    final DemoTranscript transcript;
    final MigPartedConfig migParted;
    final String configName;
    final boolean dynamic;
    private final boolean color;

    DemoStory(FakeCluster cluster, DemoTranscript transcript, MigPartedConfig migParted, String configName,
              boolean dynamic, boolean color) {
        this.color = color;
        this.cluster = cluster;
        this.transcript = transcript;
        this.migParted = migParted;
        this.configName = configName;
        this.dynamic = dynamic;
    }

    private static Map<String, String> templates() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mig-small", "1g.10gb");
        m.put("mig-medium", "2g.20gb");
        m.put("mig-large", "3g.40gb");
        m.put("mig-full", "7g.80gb");
        return m;
    }

    /** The nodes' GPUs as NVML reports them now. */
    List<DemoViews.NodeGpus> gpus() {
        List<DemoViews.NodeGpus> out = new ArrayList<>();
        for (FakeNode n : cluster.nodes()) {
            out.add(new DemoViews.NodeGpus(n.name(), n.migManager().inventory()));
        }
        return out;
    }

    // ------------------------------------------------------------------ step 1

    /** Step 1: nodes with MIG disabled; {@code nvidia-smi -mig 1} on each (pending, then a reset, on Ampere). */
    void enableMig() {
        DemoTranscript.Step s = transcript.step(1, "Enable MIG mode (recipe step 1)");
        Table nodes = new Table("NODE", "GPU", "PRODUCT", "ARCHITECTURE", "MIG.CAPABLE", "MIG.CONFIG");
        for (FakeNode n : cluster.nodes()) {
            Map<String, String> labels = node(n).getMetadata().getLabels();
            nodes.row(n.name(), n.nvml().gpuCount() + " x " + labels.get("nvidia.com/gpu.product"), n.product(),
                    n.nvml().product(0).architecture(), labels.get("nvidia.com/mig.capable"), labels.get(MIG_CONFIG));
        }
        s.say("A cluster of " + cluster.nodes().size() + " GPU node(s), as NVIDIA's GPU operator labels them; MIG is"
                + " disabled, as GPUs ship.");
        s.artefact("kubectl get nodes -L nvidia.com/gpu.product,nvidia.com/mig.capable,nvidia.com/mig.config",
                "table", DemoViews.text(nodes), null);
        List<Map<String, Object>> modes = new ArrayList<>();
        for (FakeNode n : cluster.nodes()) {
            FakeNvml nvml = n.nvml();
            StringBuilder console = new StringBuilder();
            for (int g = 0; g < nvml.gpuCount(); g++) {
                DeviceHandle h = nvml.deviceGetHandleByIndex(g);
                String bus = nvml.pciBusId(g);
                boolean ampere = "Ampere".equalsIgnoreCase(nvml.product(g).architecture());
                console.append("$ nvidia-smi -i ").append(g).append(" --query-gpu=mig.mode.current --format=csv\n")
                        .append(modeCsv(nvml.deviceGetMigMode(h)));
                if (ampere) {
                    // Ampere needs a GPU reset to change MIG mode; here, as in a VM or with a GPU client running, the
                    // reset cannot happen during the call, so NVML reports the change pending (RESET_REQUIRED)
                    nvml.enqueue(NvmlFunction.DEVICE_SET_MIG_MODE, g, Fault.resetRequired());
                }
                SetMigModeResult r = nvml.deviceSetMigMode(h, 1);
                console.append("$ sudo nvidia-smi -i ").append(g).append(" -mig 1\n");
                String pendingText = null;
                if (r.activated()) {
                    console.append("Enabled MIG Mode for GPU ").append(bus).append('\n');
                } else {
                    pendingText = nvml.errorString(r.activationStatus().value());
                    console.append("Warning: MIG mode is in pending enable state for GPU ").append(bus).append(':')
                            .append(pendingText).append('\n')
                            .append("Reboot the system or try nvidia-smi --gpu-reset to make MIG mode effective on GPU ")
                            .append(bus).append('\n');
                }
                console.append("All done.\n");
                MigModeInfo afterSet = nvml.deviceGetMigMode(h);
                console.append("$ nvidia-smi -i ").append(g)
                        .append(" --query-gpu=mig.mode.current,mig.mode.pending --format=csv\n")
                        .append(modeCsv(afterSet));
                if (!r.activated()) {
                    nvml.resetGpu(g);
                    console.append("$ sudo nvidia-smi --gpu-reset -i ").append(g).append('\n')
                            .append("GPU ").append(bus).append(" was successfully reset.\nAll done.\n")
                            .append("$ nvidia-smi -i ").append(g)
                            .append(" --query-gpu=mig.mode.current,mig.mode.pending --format=csv\n")
                            .append(modeCsv(nvml.deviceGetMigMode(h)));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node", n.name());
                m.put("gpu", g);
                m.put("product", n.product());
                m.put("architecture", nvml.product(g).architecture());
                m.put("activation", r.activationStatus().name());
                m.put("pendingAfterSet", afterSet.current() != afterSet.pending());
                m.put("resetDone", !r.activated());
                m.put("current", modeName(nvml.deviceGetMigMode(h).current()));
                modes.add(m);
            }
            s.artefact(n.name() + " (" + n.product() + ")", "console", console.toString(), null);
        }
        s.say("The A100 (Ampere) takes MIG mode only after a GPU reset: until then it is pending. Hopper applies it"
                + " at once on an idle GPU. MIG enabled, no instances yet: nothing can use the GPUs until step 2.");
        s.artefact("MIG mode per GPU", "data", modes.size() + " GPU(s)", modes);
    }

    private static String modeCsv(MigModeInfo info) {
        return "mig.mode.current, mig.mode.pending\n" + modeName(info.current()) + ", " + modeName(info.pending())
                + "\n";
    }

    private static String modeName(int mode) {
        return mode == 1 ? "Enabled" : "Disabled";
    }

    // ------------------------------------------------------------------ step 2

    /** Step 2: the plan of the mig-parted config, then the label mig-manager applies it from, then the layout. */
    void applyMigConfig() {
        DemoTranscript.Step s = transcript.step(2, "Apply the recipe's mig-parted config '" + configName
                + "' (recipe steps 2 and 7)");
        s.say("The recipe's ConfigMap mig-parted-config holds " + migParted.configNames().size() + " configs: "
                + String.join(", ", migParted.configNames()) + ". mig-manager applies the one a node's "
                + MIG_CONFIG + " label names.");
        for (FakeNode n : cluster.nodes()) {
            MigPlan plan = n.migManager().plan(n.migManager().targets(migParted, configName, Set.of()));
            s.artefact("plan for " + n.name() + " (" + n.product() + "): nvidia-mig-parted apply -c " + configName,
                    "text", plan.toString(), plan.steps().stream().map(Json::step).toList());
        }
        if (dynamic) {
            s.say("Dynamic MIG: NVIDIA's driver creates each MIG device when a claim is prepared, so the plan is"
                    + " only shown; no instance exists until a pod needs one.");
        } else {
            for (FakeNode n : cluster.nodes()) {
                label(n, configName);
            }
            cluster.awaitIdle();
            Table states = new Table("NODE", "MIG.CONFIG", "MIG.CONFIG.STATE");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FakeNode n : cluster.nodes()) {
                Map<String, String> labels = node(n).getMetadata().getLabels();
                states.row(n.name(), labels.get(MIG_CONFIG), labels.get(MIG_CONFIG_STATE));
                rows.add(Map.of("node", n.name(), "config", labels.get(MIG_CONFIG), "state",
                        labels.get(MIG_CONFIG_STATE)));
            }
            s.say("$ kubectl label node --all " + MIG_CONFIG + "=" + configName + " --overwrite");
            s.artefact("kubectl get nodes -L " + MIG_CONFIG + "," + MIG_CONFIG_STATE, "table", DemoViews.text(states),
                    rows);
        }
        showSliceMap(s, "slice map (memory slices x GPU instances)");
        DemoViews.View lgi = DemoViews.gpuInstances(gpus());
        s.artefact("nvidia-smi mig -lgi", "table", lgi.text(), lgi.rows());
    }

    /**
     * Shows the slice maps of every GPU as artefact {@code name} of step {@code s}, each instance marked with the pod
     * that holds it, and keeps them for {@code --svg}.
     */
    void showSliceMap(DemoTranscript.Step s, String name) {
        Map<String, String> owners = new java.util.HashMap<>();
        for (io.fabric8.kubernetes.api.model.Pod p : cluster.client().pods().inNamespace(NAMESPACE).list()
                .getItems()) {
            String pod = p.getMetadata().getName();
            for (io.mig4j.testkit.cluster.PreparedDevice d : cluster.preparedDevices(NAMESPACE, pod)) {
                if (d.migDeviceUuid() != null) {
                    owners.put(d.migDeviceUuid(), pod);
                }
            }
        }
        List<SliceMap> maps = DemoViews.sliceMaps(gpus(), owners);
        DemoViews.View view = DemoViews.sliceMap(maps, color);
        s.artefact(name, "text", view.text(), view.rows());
        s.sliceMaps(maps);
    }

    // ------------------------------------------------------------------ step 3

    /** Step 3: the driver's ResourceSlices; the recipe's DRA YAML checked; the corrected objects created. */
    void publishAndCorrect() {
        DemoTranscript.Step s = transcript.step(3, "ResourceSlices, DeviceClasses and claim templates (recipe steps"
                + " 2-4, 8)");
        KubernetesClient client = cluster.client();
        Table slices = new Table("SLICE", "NODE", "DRIVER", "DEVICE", "TYPE", "PROFILE", "MEMORY");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ResourceSlice slice : client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems()) {
            if (slice.getSpec().getDevices() == null) {
                continue;
            }
            for (Device d : slice.getSpec().getDevices()) {
                String type = attribute(d, NvidiaDra.ATTR_TYPE);
                String profile = attribute(d, NvidiaDra.ATTR_PROFILE);
                var capacity = d.getCapacity() == null ? null : d.getCapacity().get(NvidiaDra.CAPACITY_MEMORY);
                String memory = capacity == null ? null : capacity.getValue().toString();
                slices.row(slice.getMetadata().getName(), slice.getSpec().getNodeName(), slice.getSpec().getDriver(),
                        d.getName(), type, profile, memory);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("slice", slice.getMetadata().getName());
                r.put("node", slice.getSpec().getNodeName());
                r.put("device", d.getName());
                r.put("type", type);
                r.put("profile", profile);
                r.put("memory", memory);
                rows.add(r);
            }
        }
        s.say("NVIDIA's DRA driver (gpu.nvidia.com) publishes each node's devices as ResourceSlices"
                + (dynamic ? ": with dynamic MIG, every profile at every placement, sharing the GPU's memory-slice"
                + " counters." : ": one device per MIG instance."));
        s.artefact("kubectl get resourceslices (devices)", "table", DemoViews.text(slices), rows);

        s.say("The recipe's driver ConfigMap, DeviceClasses and claim templates, checked by sdk-dra (mig4j dra"
                + " validate / convert) and against the catalog:");
        List<Map<String, Object>> found = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (DemoRecipe.Finding f : DemoRecipe.findings()) {
            String fix = fix(f);
            text.append(f.file()).append(": ").append(f.severity()).append(" in ").append(f.objects().size() == 1
                    ? f.objects().get(0) : f.objects().size() + " objects (" + f.objects().get(0) + ", ...)")
                    .append(":\n  ").append(f.finding()).append("\n  fix: ").append(fix).append('\n');
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("severity", f.severity());
            m.put("objects", f.objects());
            m.put("finding", f.finding());
            m.put("fix", fix);
            found.add(m);
        }
        s.artefact("what is wrong with the recipe's YAML, and the fix", "text", text.toString(), found);

        List<HasMetadata> corrected = correctedObjects();
        DraValidator validator = DraValidator.builder().version(KubernetesVersion.DEFAULT).build();
        int errors = 0;
        for (ValidationReport r : validator.validateAll(corrected)) {
            errors += r.errors().size() + r.warnings().size();
        }
        if (errors != 0) {
            throw new IllegalStateException("the corrected objects do not validate: " + errors + " finding(s)");
        }
        client.resource(namespace()).createOr(x -> x.update());
        for (HasMetadata o : corrected) {
            client.resource(o).create();
        }
        cluster.awaitIdle();
        s.say("Created (the API server's admission runs sdk-dra's validator: " + corrected.size()
                + " objects, 0 errors, 0 warnings):");
        s.artefact("corrected DeviceClasses and ResourceClaimTemplates", "yaml", Manifests.toYaml(corrected),
                corrected.stream().map(o -> o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                        : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()).toList());
    }

    /** The fix for one finding, in terms of the corrected objects this demo creates. */
    private static String fix(DemoRecipe.Finding f) {
        if (f.fix() != null) {
            return f.fix();
        }
        String t = f.finding();
        String capacity = io.mig4j.dra.Selectors.memoryAtLeast(Quantity.parse(AUTO_MIG_MEMORY)).cel();
        String isMig = "deviceClassName: " + NvidiaDra.CLASS_MIG + ", whose selector is "
                + io.mig4j.dra.Selectors.nvidiaMig().cel();
        if (t.contains("_>=_") || t.contains("comparison operators") || t.contains("gpu-memory")
                || t.contains(".quantity")) {
            return capacity + " (" + AUTO_MIG_MEMORY + ": the recipe's pod needs 15 GB (REQUIRED_MEMORY), so 10Gi"
                    + " would let it land on a 1g.10gb and fail its own check)";
        }
        if (t.contains("suitableNodes")) {
            return "dropped: the nodes a device can be used on come from its ResourceSlice (spec.nodeName)";
        }
        if (t.startsWith("metadata.name")) {
            return "DeviceClass names are DNS subdomains: " + String.join(", ", TEMPLATES.values().stream()
                    .map(DeviceClasses::migProfileClassName).toList());
        }
        if (t.contains("exactly.deviceClassName") && t.contains("\"nvidia.com/gpu\"")) {
            return isMig;
        }
        if (t.contains("exactly.deviceClassName")) {
            return "deviceClassName: " + DeviceClasses.migProfileClassName("<profile>") + ", the corrected class";
        }
        if (t.contains("device.driver")) {
            return "device.driver == '" + NvidiaDra.DRIVER + "' (in " + io.mig4j.dra.Selectors.nvidiaMig().cel() + ")";
        }
        if (t.contains("mig-enabled") || t.contains(".boolValue")) {
            return isMig;
        }
        if (t.contains("mig-profile") || t.contains(".stringValue")) {
            return io.mig4j.dra.Selectors.profile("1g.10gb").cel() + " (one per profile)";
        }
        if (t.contains("unknown field") || t.contains("exactly one of") || t.contains("v1beta1")
                || t.contains("moved")) {
            return "resource.k8s.io/v1 puts deviceClassName, count, selectors and allocationMode under"
                    + " requests[].exactly";
        }
        return "see the corrected YAML below";
    }

    /** The DeviceClasses and templates the recipe meant, built with sdk-dra. */
    static List<HasMetadata> correctedObjects() {
        List<HasMetadata> out = new ArrayList<>();
        for (String profile : TEMPLATES.values()) {
            DeviceClass c = DeviceClasses.migProfile(profile);
            out.add(c);
        }
        for (Map.Entry<String, String> t : TEMPLATES.entrySet()) {
            out.add(DeviceClaims.profileClass(t.getValue()).template(NAMESPACE, t.getKey()));
        }
        ResourceClaimTemplate auto = DeviceClaims.memoryAtLeast(NvidiaDra.CLASS_MIG, Quantity.parse(AUTO_MIG_MEMORY))
                .template(NAMESPACE, "auto-mig");
        out.add(auto);
        return out;
    }

    static Namespace namespace() {
        return new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build();
    }

    private static String attribute(Device d, String name) {
        var a = d.getAttributes() == null ? null : d.getAttributes().get(name);
        return a == null ? null : a.getString();
    }

    Node node(FakeNode n) {
        return cluster.client().nodes().withName(n.name()).get();
    }

    void label(FakeNode n, String config) {
        cluster.client().nodes().withName(n.name()).edit(x -> {
            x.getMetadata().getLabels().put(MIG_CONFIG, config);
            return x;
        });
    }

    /** Creates the objects of one recipe file, verbatim (the API server reads them as kubectl apply would). */
    List<HasMetadata> applyRecipeFile(String file) {
        KubernetesClient client = cluster.client();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(DemoRecipe.text(file)
                .getBytes(StandardCharsets.UTF_8))).items();
        List<HasMetadata> created = new ArrayList<>();
        for (HasMetadata o : objects) {
            created.add(client.resource(o).create());
        }
        return created;
    }
}
