package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mig4j.cli.render.SvgDocuments;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

/**
 * {@code mig4j demo} checked step by step against the recipe (the JSON transcript of one run, parsed): MIG enabled
 * (pending then reset on the A100, at once on the H100), the recipe's mixed-workload layout, each mistake of the
 * recipe's YAML found with its fix, the recipe's workloads on distinct MIG devices with the pending ones explained,
 * mig-manager's reconfiguration refused while pods hold devices and done after the drain (then seven replicas on
 * seven distinct 1g.10gb devices), and the monitoring views.
 */
class DemoCommandTest {
    private static JsonNode demo;
    /** What the JSON run wrote with {@code --svg}. */
    private static String svg;
    /** What the JSON run printed on stderr with progress on (as in a terminal). */
    private static String progress;

    @BeforeAll
    static void runDemoOnce(@TempDir Path dir) throws Exception {
        Path picture = dir.resolve("demo.svg");
        System.setProperty("mig4j.progress", "always");
        CliRun run;
        try {
            run = CliRun.of("demo", "--json", "--svg", picture.toString());
        } finally {
            System.clearProperty("mig4j.progress");
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        demo = run.json();
        svg = Files.readString(picture);
        progress = run.err();
    }

    private static JsonNode step(JsonNode transcript, int number) {
        for (JsonNode s : transcript.get("steps")) {
            if (s.get("step").asInt() == number) {
                return s;
            }
        }
        throw new AssertionError("no step " + number + " in " + transcript);
    }

    private static JsonNode artefact(JsonNode step, String nameStart) {
        return artefacts(step, nameStart).get(0);
    }

    private static List<JsonNode> artefacts(JsonNode step, String nameStart) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : step.get("artefacts")) {
            if (a.get("name").asString().startsWith(nameStart)) {
                out.add(a);
            }
        }
        assertThat(out).as("artefact '" + nameStart + "' of step " + step.get("step")).isNotEmpty();
        return out;
    }

    private static List<JsonNode> rows(JsonNode artefact) {
        return StreamSupport.stream(artefact.get("data").spliterator(), false).toList();
    }

    @Test
    void theTranscriptHasTheSixStepsInTheRecipesOrder() {
        assertThat(demo.get("gpus").toString()).isEqualTo("[\"A100-80GB\",\"H100-80GB\"]");
        assertThat(demo.get("config").asString()).isEqualTo("mixed-workload");
        List<Integer> numbers = new ArrayList<>();
        demo.get("steps").forEach(s -> numbers.add(s.get("step").asInt()));
        assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void step1EnablesMigPendingThenResetOnTheA100AndAtOnceOnTheH100() {
        JsonNode s = step(demo, 1);
        List<JsonNode> modes = rows(artefact(s, "MIG mode per GPU"));
        assertThat(modes).hasSize(2);
        JsonNode a100 = modes.get(0);
        assertThat(a100.get("product").asString()).isEqualTo("A100-80GB");
        assertThat(a100.get("activation").asString()).isEqualTo("ERROR_RESET_REQUIRED");
        assertThat(a100.get("pendingAfterSet").asBoolean()).isTrue();
        assertThat(a100.get("resetDone").asBoolean()).isTrue();
        assertThat(a100.get("current").asString()).isEqualTo("Enabled");
        JsonNode h100 = modes.get(1);
        assertThat(h100.get("activation").asString()).isEqualTo("SUCCESS");
        assertThat(h100.get("resetDone").asBoolean()).isFalse();
        assertThat(h100.get("current").asString()).isEqualTo("Enabled");
        String a100Console = artefact(s, "gpu-node-1").get("text").asString();
        assertThat(a100Console).contains("Warning: MIG mode is in pending enable state for GPU")
                .contains("nvidia-smi --gpu-reset").contains("Disabled, Enabled").endsWith("Enabled, Enabled\n");
        assertThat(artefact(s, "gpu-node-2").get("text").asString()).contains("Enabled MIG Mode for GPU");
    }

    @Test
    void step2AppliesMixedWorkloadThroughTheLabelOnEveryNode() {
        JsonNode s = step(demo, 2);
        assertThat(artefacts(s, "plan for ")).hasSize(2);
        assertThat(artefact(s, "plan for gpu-node-1").get("text").asString())
                .contains("create GPU instance 3g.40gb").contains("create GPU instance 2g.20gb")
                .contains("create GPU instance 1g.10gb");
        for (JsonNode r : rows(artefact(s, "kubectl get nodes -L"))) {
            assertThat(r.get("config").asString()).isEqualTo("mixed-workload");
            assertThat(r.get("state").asString()).isEqualTo("success");
        }
        for (String node : List.of("gpu-node-1", "gpu-node-2")) {
            List<String> profiles = rows(artefact(s, "nvidia-smi mig -lgi")).stream()
                    .filter(r -> r.get("node").asString().equals(node)).map(r -> r.get("profile").asString())
                    .sorted().toList();
            assertThat(profiles).containsExactly("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb");
        }
        JsonNode map = artefact(s, "slice map");
        assertThat(map.get("text").asString()).contains("gpu-node-1 GPU 0: A100-80GB").contains("|3g.40gb");
        assertThat(rows(map)).anyMatch(b -> b.get("profile").asString().equals("3g.40gb")
                && b.get("memorySlices").get("start").asInt() == 4 && b.get("memorySlices").get("size").asInt() == 4);
    }

    @Test
    void step3NamesEachMistakeOfTheRecipesYamlWithItsFixAndCreatesTheCorrectedObjects() {
        JsonNode s = step(demo, 3);
        List<JsonNode> findings = rows(artefact(s, "what is wrong"));
        String all = findings.stream().map(JsonNode::toString).reduce("", String::concat);
        assertThat(all).contains("spec.suitableNodes: unknown field")
                .contains("spec.spec.devices.requests[0].deviceClassName: unknown field")
                .contains("not a valid driver name")
                .contains("nvidia.com/mig-profile")
                .contains("found no matching overload for '_>=_'");
        for (JsonNode f : findings) {
            assertThat(f.get("fix").asString()).as(f.toString()).isNotBlank().isNotEqualTo("see the corrected YAML below");
        }
        JsonNode cel = findings.stream().filter(f -> f.get("finding").asString().contains("_>=_")).findFirst()
                .orElseThrow();
        assertThat(cel.get("fix").asString()).contains("device.capacity['gpu.nvidia.com'].memory.compareTo(quantity(");
        // step 2's ConfigMap: NVIDIA's driver reads none, and says where the layout really comes from
        List<JsonNode> driverConfig = findings.stream()
                .filter(f -> f.get("file").asString().equals("mig-dra-config.yaml")).toList();
        assertThat(driverConfig).hasSize(2);
        assertThat(driverConfig.get(0).get("finding").asString()).startsWith("data[\"config.yaml\"]: NVIDIA's DRA"
                + " driver (gpu.nvidia.com) reads no ConfigMap");
        assertThat(driverConfig.get(0).get("fix").asString()).contains("nvidia.com/mig.config=", "DynamicMIG");
        assertThat(driverConfig.get(1).get("finding").asString()).startsWith("data[\"config.yaml\"].sharing.mig:");
        assertThat(driverConfig.get(1).get("fix").asString()).contains("MigDeviceConfig");
        assertThat(rows(artefact(s, "corrected")).stream().map(JsonNode::asString).toList()).contains(
                "DeviceClass mig-1g.10gb", "DeviceClass mig-7g.80gb", "ResourceClaimTemplate inference/mig-small",
                "ResourceClaimTemplate inference/mig-medium", "ResourceClaimTemplate inference/mig-large",
                "ResourceClaimTemplate inference/mig-full", "ResourceClaimTemplate inference/auto-mig");
        assertThat(artefact(s, "corrected").get("text").asString()).contains("deviceClassName: mig-1g.10gb")
                .doesNotContain("suitableNodes");
        assertThat(rows(artefact(s, "kubectl get resourceslices"))).hasSize(8);
    }

    @Test
    void step4RunsPodsOnDistinctMigDevicesAndExplainsThePendingOnes() {
        List<JsonNode> pods = rows(artefact(step(demo, 4), "kubectl get pods"));
        assertThat(pods).hasSize(11);
        List<JsonNode> running = pods.stream().filter(p -> p.get("phase").asString().equals("Running")).toList();
        Set<String> devices = new HashSet<>();
        running.forEach(p -> devices.add(p.get("migDeviceUuid").asString()));
        assertThat(devices).hasSize(running.size()).allMatch(u -> u.startsWith("MIG-"));
        assertThat(running).hasSize(7);
        assertThat(byName(pods, "training-job").get("profile").asString()).isEqualTo("3g.40gb");
        // the slice map marks each instance with the pod that holds it
        assertThat(rows(artefact(step(demo, 4), "slice map"))).anyMatch(b -> "training-job".equals(
                b.get("owner").asString()) && b.get("profile").asString().equals("3g.40gb"));
        assertThat(byName(pods, "llm-inference-medium").get("profile").asString()).isEqualTo("2g.20gb");
        assertThat(byName(pods, "auto-select-workload").get("profile").asString()).isIn("2g.20gb", "3g.40gb");
        List<JsonNode> pending = pods.stream().filter(p -> p.get("phase").asString().equals("Pending")).toList();
        assertThat(pending).hasSize(4);
        for (JsonNode p : pending) {
            assertThat(p.get("pod").asString()).startsWith("small-inference-");
            assertThat(p.get("failedScheduling").asString())
                    .startsWith("0/2 nodes are available: 2 cannot allocate all claims.")
                    .contains("device class mig-1g.10gb matches 2 devices, 0 of them free (1 needed)");
        }
    }

    @Test
    void step5FailsWhilePodsHoldMigDevicesNamingThemThenSucceedsAfterTheDrain() {
        JsonNode s = step(demo, 5);
        List<JsonNode> states = artefacts(s, "kubectl get nodes -L");
        assertThat(rows(states.get(0))).allMatch(r -> r.get("state").asString().equals("failed"));
        assertThat(rows(states.get(1))).allMatch(r -> r.get("state").asString().equals("success")
                && r.get("config").asString().equals("all-1g.10gb"));
        String failures = artefact(s, "kubectl get events").get("text").asString();
        assertThat(failures).contains("NVML_ERROR_IN_USE").contains("held by inference/training-job")
                .contains("held by inference/llm-inference-medium").contains("held by inference/auto-select-workload");
        List<JsonNode> pods = rows(artefact(s, "kubectl get pods"));
        List<JsonNode> replicas = pods.stream().filter(p -> p.get("pod").asString().startsWith("small-inference-"))
                .toList();
        assertThat(replicas).hasSize(7).allMatch(p -> p.get("phase").asString().equals("Running")
                && p.get("profile").asString().equals("1g.10gb"));
        assertThat(replicas.stream().map(p -> p.get("migDeviceUuid").asString()).distinct()).hasSize(7);
        assertThat(pods).noneMatch(p -> p.get("pod").asString().equals("training-job"));
    }

    @Test
    void step6ShowsTheMonitoringViews() {
        JsonNode s = step(demo, 6);
        List<JsonNode> devices = rows(artefact(s, "nvidia-smi -L"));
        assertThat(devices).hasSize(14).allMatch(d -> d.get("profile").asString().equals("1g.10gb"));
        assertThat(artefact(s, "nvidia-smi -L").get("text").asString()).contains("GPU 0: NVIDIA A100")
                .contains("MIG 1g.10gb     Device  0: (UUID: MIG-");
        assertThat(rows(artefact(s, "nvidia-smi mig -lgi"))).hasSize(14);
        assertThat(rows(artefact(s, "nvidia-smi mig -lci"))).hasSize(14);
        List<JsonNode> claims = rows(artefact(s, "kubectl get resourceclaims -A -o wide"));
        assertThat(claims).hasSize(8).allMatch(c -> c.get("state").asString().equals("allocated,reserved")
                && c.get("profile").asString().equals("1g.10gb"));
    }

    private static JsonNode byName(List<JsonNode> pods, String name) {
        return pods.stream().filter(p -> p.get("pod").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no pod " + name + " in " + pods));
    }

    @Test
    void textModeNarratesEachStepWithItsArtefacts() {
        CliRun run = CliRun.of("demo");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("== Step 1: Enable MIG mode", "== Step 2: Apply the recipe's mig-parted config",
                "== Step 3: ResourceSlices", "== Step 4: Deploy the recipe's workloads", "== Step 5: Reconfigure to",
                "== Step 6: Monitoring", "Warning FailedScheduling 0/2 nodes are available",
                "Warning MigConfigFailed", "--- nvidia-smi mig -lci", "Done in ");
        assertThat(run.out().indexOf("== Step 1")).isLessThan(run.out().indexOf("== Step 6"));
    }

    @Test
    void dynamicMigCreatesInstancesOnDemandAndFreesThemWhenAPodFinishes() {
        CliRun run = CliRun.of("demo", "--dynamic", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode t = run.json();
        assertThat(t.get("dynamic").asBoolean()).isTrue();
        assertThat(rows(artefact(step(t, 2), "nvidia-smi mig -lgi"))).isEmpty();
        List<JsonNode> pods = rows(artefact(step(t, 4), "kubectl get pods"));
        List<JsonNode> running = pods.stream().filter(p -> p.get("phase").asString().equals("Running")).toList();
        assertThat(running).isNotEmpty();
        assertThat(running.stream().map(p -> p.get("migDeviceUuid").asString()).distinct()).hasSize(running.size());
        // every MIG instance that exists was created for a running pod's claim
        int instances = rows(artefact(step(t, 6), "nvidia-smi mig -lgi")).size();
        List<JsonNode> after = rows(artefact(step(t, 5), "kubectl get pods"));
        long runningAfter = after.stream().filter(p -> p.get("phase").asString().equals("Running")).count();
        assertThat(instances).isEqualTo((int) runningAfter);
        assertThat(byName(after, "training-job").get("phase").asString()).isEqualTo("Succeeded");
    }

    @Test
    void stepPausesBetweenStepsAndKubeconfigChecksTheRecipeAgainstARealApiServerWithDryRunOnly(@TempDir Path dir) {
        try (MockKubeApiServer server = MockKubeApiServer.builder().start()) {
            Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig.yaml"));
            long before = server.store().resourceVersion();
            CliRun run = CliRun.withStdin("\n\n\n\n\n", "demo", "--gpu", "H100-80GB", "--step", "--kubeconfig",
                    kubeconfig.toString());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out().split("press Enter for the next step", -1)).hasSize(6);
            assertThat(run.out()).contains("== Step 0: REAL cluster from " + kubeconfig)
                    .contains("recipe mig-device-classes.yaml: DeviceClass nvidia.com/mig-1g.10gb: rejected: ")
                    .contains("(namespace inference does not exist here: the templates are dry-run in namespace"
                            + " default)")
                    .contains("recipe mig-claim-templates.yaml: ResourceClaimTemplate default/mig-small: rejected: ")
                    .contains("corrected: DeviceClass mig-1g.10gb: accepted")
                    .contains("corrected: ResourceClaimTemplate default/auto-mig: accepted")
                    .doesNotContain("corrected: ResourceClaimTemplate default/mig-small: rejected");
            // dry-run only: the real API server stored nothing
            assertThat(server.store().resourceVersion()).isEqualTo(before);
        }
    }

    @Test
    void keepRunningServesTheFinishedClusterToKubernetesClients() throws Exception {
        StringWriter out = new StringWriter();
        Thread demoThread = new Thread(() -> Main.run(new String[] {"demo", "--gpu", "A100-80GB", "--keep-running"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), "mig4j-demo");
        demoThread.start();
        try {
            Instant deadline = Instant.now().plusSeconds(180);
            while (!out.toString().contains("export KUBECONFIG=")) {
                assertThat(Instant.now()).as("the kubeconfig line, in: " + out).isBefore(deadline);
                assertThat(demoThread.isAlive()).as(out.toString()).isTrue();
                Thread.sleep(100);
            }
            String line = out.toString().lines().filter(l -> l.contains("export KUBECONFIG=")).findFirst()
                    .orElseThrow();
            Path kubeconfig = Path.of(line.substring(line.indexOf('=') + 1).strip());
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                List<Pod> pods = client.pods().inNamespace("inference").list().getItems();
                assertThat(pods).isNotEmpty();
                assertThat(pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count())
                        .isEqualTo(7);
                assertThat(client.dynamicResourceAllocation().v1().deviceClasses().withName("mig-1g.10gb").get())
                        .isNotNull();
            }
        } finally {
            demoThread.interrupt();
            demoThread.join(30_000);
        }
        assertThat(demoThread.isAlive()).isFalse();
    }

    @Test
    void nvmlReadsThisMachinesGpusReadOnlyOrSaysInOneLineWhyItCannot() {
        CliRun run = CliRun.of("demo", "--nvml", "--gpu", "H100-80GB", "--json");
        if (run.exitCode() == 0) {
            // a machine with the NVIDIA driver: step 0 lists its GPUs, before the fake cluster's story
            JsonNode s = step(run.json(), 0);
            assertThat(s.get("title").asString()).startsWith("REAL GPUs of this machine through NVML (read-only)");
            assertThat(artefact(s, "nvidia-smi -L (real)").get("text").asString()).contains("GPU 0: ");
        } else {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).startsWith("mig4j: --nvml: NVML not found").hasLineCount(1);
        }
    }

    @Test
    void svgDrawsEachGpuAfterTheStepsThatChangedItWithThePodsThatHoldItsInstances() throws Exception {
        Element root = SvgDocuments.parse(svg).getDocumentElement();
        List<String> rows = SvgDocuments.byClass(root, "g", "gpu").stream().map(e -> e.getAttribute("data-label"))
                .toList();
        // two GPUs after step 2 (mixed-workload), step 4 (workloads placed) and step 5 (all-1g.10gb)
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).startsWith("Step 2 \u00b7 ").contains("A100-80GB");
        assertThat(rows.get(2)).startsWith("Step 4 \u00b7 ");
        assertThat(rows.get(5)).startsWith("Step 5 \u00b7 ").contains("H100-80GB");
        List<Element> instances = SvgDocuments.byClass(root, "g", "instance");
        // the same facts as the JSON transcript's slice maps: step 4's training job on its 3g.40gb instance
        assertThat(instances).anyMatch(e -> "training-job".equals(e.getAttribute("data-owner"))
                && "3g.40gb".equals(e.getAttribute("data-profile")));
        int instancesInTranscript = 0;
        for (int step : new int[] {2, 4, 5}) {
            instancesInTranscript += rows(artefact(step(demo, step), "slice map")).size();
        }
        assertThat(instances).hasSize(instancesInTranscript);
        // after step 5 every instance is a 1g.10gb
        long step5 = SvgDocuments.byClass(root, "g", "gpu").stream()
                .filter(g -> g.getAttribute("data-label").startsWith("Step 5"))
                .flatMap(g -> SvgDocuments.byClass(g, "g", "instance").stream())
                .filter(e -> !"1g.10gb".equals(e.getAttribute("data-profile"))).count();
        assertThat(step5).isZero();
    }

    @Test
    void progressGoesToStderrOneLinePerStepWhileStdoutHoldsTheJson() {
        assertThat(progress.lines()).containsExactly(
                "mig4j demo: [1/6] Enable MIG mode (recipe step 1)",
                "mig4j demo: [2/6] Apply the recipe's mig-parted config 'mixed-workload' (recipe steps 2 and 7)",
                "mig4j demo: [3/6] ResourceSlices, DeviceClasses and claim templates (recipe steps 2-4, 8)",
                "mig4j demo: [4/6] Deploy the recipe's workloads (recipe steps 5, 6 and 8)",
                "mig4j demo: [5/6] Reconfigure to all-1g.10gb (recipe step 7)",
                "mig4j demo: [6/6] Monitoring (recipe step 9)");
        // without a terminal (every other run here) there is none
        CliRun noTerminal = CliRun.of("demo", "--gpu", "H100-80GB", "--json");
        assertThat(noTerminal.exitCode()).as(noTerminal.toString()).isZero();
        assertThat(noTerminal.err()).isEmpty();
    }

    @Test
    void anSvgThatCannotBeWrittenIsFoundBeforeTheDemoRuns(@TempDir Path dir) {
        CliRun missing = CliRun.of("demo", "--svg", dir.resolve("no/such/dir/demo.svg").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("mig4j: --svg: cannot write " + dir.resolve("no/such/dir/demo.svg")
                + ": no such directory" + System.lineSeparator());
        CliRun directory = CliRun.of("demo", "--svg", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).isEqualTo("mig4j: --svg: cannot write " + dir + ": is a directory"
                + System.lineSeparator());
    }

    @Test
    void theDriverConfigsModelsAndProfilesAreCheckedAgainstTheCatalog() {
        Map<String, Object> config = Map.of("mig", Map.of("devices", List.of(
                Map.of("model", "NVIDIA A100 80GB PCIe", "profiles", List.of("1g.10gb", "4g.40gb", "1g.12gb")),
                Map.of("model", "NVIDIA Z100", "profiles", List.of("1g.10gb")))));
        List<DemoRecipe.Finding> found = DemoRecipe.modelFindings("f.yaml", "ConfigMap x", "data", config);
        assertThat(found).extracting(DemoRecipe.Finding::finding).satisfiesExactly(
                f -> assertThat(f).startsWith("data.mig.devices[0].profiles[2]: ").contains("1g.12gb"),
                f -> assertThat(f).isEqualTo("data.mig.devices[1].model: \"NVIDIA Z100\" is no GPU the catalog"
                        + " knows by its NVML name"));
        assertThat(found.get(0).fix()).isEqualTo("one of A100-80GB's profiles (mig4j profiles --product A100-80GB)");
        // the recipe's own lists are valid: 4g.40gb exists on the A100 too, despite the recipe's "H100 only"
        assertThat(DemoRecipe.driverConfigFindings()).noneMatch(f -> f.severity().equals("error"));
    }

    @Test
    void badOptionsExitWith2AndOneLine() {
        CliRun gpu = CliRun.of("demo", "--gpu", "Z100-1GB");
        assertThat(gpu.exitCode()).isEqualTo(2);
        assertThat(gpu.err()).isEqualTo("mig4j: --gpu 'Z100-1GB': unknown GPU product (see 'mig4j products')"
                + System.lineSeparator());
        CliRun config = CliRun.of("demo", "--config", "all-2g");
        assertThat(config.exitCode()).isEqualTo(2);
        assertThat(config.err()).isEqualTo("mig4j: --config 'all-2g': the recipe's mig-parted file has no such config"
                + " (configs: all-1g.10gb, mixed-workload, all-balanced, training-optimized)" + System.lineSeparator());
        CliRun fit = CliRun.of("demo", "--gpu", "A30-24GB");
        assertThat(fit.exitCode()).isEqualTo(2);
        assertThat(fit.err()).startsWith("mig4j: --config 'mixed-workload' does not fit --gpu A30-24GB: ")
                .hasLineCount(1);
        CliRun kubeconfig = CliRun.of("demo", "--kubeconfig", "/no/such/kubeconfig");
        assertThat(kubeconfig.exitCode()).isEqualTo(2);
        assertThat(kubeconfig.err()).isEqualTo("mig4j: --kubeconfig /no/such/kubeconfig: no such file"
                + System.lineSeparator());
        CliRun unknown = CliRun.of("demo", "--fast");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("mig4j: unknown option '--fast'");
    }
}
