package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against {@link MockKubeApiServer}: discovery, apply (client- and server-side) of corrected DRA
 * manifests, strict field validation of the recipe's uncorrected ones, get (YAML, watch), describe, patch, label,
 * field selectors, explain and delete. Skipped, with the reason, on a machine without kubectl.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlTest {
    @TempDir
    static Path dir;
    private static MockKubeApiServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        assumeTrue(Kubectl.find() != null, "kubectl is not on PATH: the tests with the real kubectl binary need it");
        server = MockKubeApiServer.start();
        kubectl = new Kubectl(server.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String resource(String name) throws Exception {
        try (var in = KubectlTest.class.getResourceAsStream("/kube/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(1)
    void versionAndApiResourcesComeFromDiscovery() throws Exception {
        Kubectl.Run version = kubectl.run("version");
        assertThat(version.exitCode()).as(version.all()).isZero();
        assertThat(version.out()).contains("Server Version: v1.37.0");
        Kubectl.Run resources = kubectl.run("api-resources");
        assertThat(resources.exitCode()).as(resources.all()).isZero();
        assertThat(resources.out()).containsPattern("deviceclasses\\s+resource.k8s.io/v1\\s+false\\s+DeviceClass")
                .containsPattern("resourceclaims\\s+resource.k8s.io/v1\\s+true\\s+ResourceClaim")
                .containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod");
        Kubectl.Run dra = kubectl.run("api-resources", "--api-group=resource.k8s.io", "-o", "name");
        assertThat(dra.out().lines()).containsExactlyInAnyOrder("deviceclasses.resource.k8s.io",
                "devicetaintrules.resource.k8s.io", "resourceclaims.resource.k8s.io",
                "resourceclaimtemplates.resource.k8s.io", "resourceslices.resource.k8s.io");
    }

    @Test
    @Order(2)
    void clientSideApplyOfCorrectedDraManifestsThenAgainUnchanged() throws Exception {
        String manifests = resource("mig-dra-v1.yaml");
        Kubectl.Run apply = kubectl.input(manifests, "apply", "-f", "-");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("namespace/inference created", "deviceclass.resource.k8s.io/mig-1g.10gb created",
                "resourceclaimtemplate.resource.k8s.io/mig-large created");
        Kubectl.Run again = kubectl.input(manifests, "apply", "-f", "-");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("deviceclass.resource.k8s.io/mig-1g.10gb unchanged");
        Kubectl.Run yaml = kubectl.run("get", "resourceclaimtemplate", "mig-small", "-n", "inference", "-o", "yaml");
        assertThat(yaml.out()).contains("allocationMode: ExactCount", "count: 1",
                "kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    @Order(3)
    void strictValidationRefusesTheRecipesUncorrectedManifests() throws Exception {
        Kubectl.Run classes = kubectl.input(resource("recipe-mig-device-classes.yaml"), "apply", "-f", "-");
        assertThat(classes.exitCode()).isNotZero();
        assertThat(classes.err()).contains("invalid resource name \"nvidia.com/mig-1g.10gb\": [may not contain '/']");
        String renamed = resource("recipe-mig-device-classes.yaml").replace("name: nvidia.com/mig-", "name: mig-");
        Kubectl.Run unknownField = kubectl.input(renamed, "apply", "-f", "-");
        assertThat(unknownField.exitCode()).isNotZero();
        assertThat(unknownField.err()).contains("Error from server (BadRequest): error when creating \"STDIN\": "
                + "DeviceClass in version \"v1\" cannot be handled as a DeviceClass: strict decoding error: "
                + "unknown field \"spec.suitableNodes\"");
        Kubectl.Run templates = kubectl.input(resource("recipe-mig-claim-templates.yaml"), "apply", "-f", "-");
        assertThat(templates.exitCode()).isNotZero();
        assertThat(templates.err()).contains("unknown field \"spec.spec.devices.requests[0].deviceClassName\"");
        Kubectl.Run lenient = kubectl.input(resource("recipe-mig-claim-templates.yaml"), "apply", "--validate=false", "-f", "-");
        assertThat(lenient.exitCode()).isNotZero();
        assertThat(lenient.err()).contains("spec.spec.devices.requests[0]: Required value: exactly one of `exactly` or "
                + "`firstAvailable` is required");
    }

    @Test
    @Order(4)
    void serverSideApplyOwnsFieldsAndConflictsWithTheClientSideApplier() throws Exception {
        String dc = """
                apiVersion: resource.k8s.io/v1
                kind: DeviceClass
                metadata:
                  name: mig-1g.10gb
                spec:
                  selectors:
                  - cel:
                      expression: device.driver == "gpu.nvidia.com"
                """;
        Kubectl.Run conflict = kubectl.input(dc, "apply", "--server-side", "-f", "-");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" "
                + "using resource.k8s.io/v1: .spec.selectors");
        Kubectl.Run forced = kubectl.input(dc, "apply", "--server-side", "--force-conflicts", "-f", "-");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("deviceclass.resource.k8s.io/mig-1g.10gb serverside-applied");
        Kubectl.Run created = kubectl.input(dc.replace("mig-1g.10gb", "ssa-created"), "apply", "--server-side", "-f", "-");
        assertThat(created.out()).contains("deviceclass.resource.k8s.io/ssa-created serverside-applied");
        Kubectl.Run yaml = kubectl.run("get", "deviceclass", "mig-1g.10gb", "-o", "yaml", "--show-managed-fields");
        assertThat(yaml.out()).contains("manager: kubectl", "operation: Apply", "expression: device.driver == \"gpu.nvidia.com\"");
    }

    @Test
    @Order(5)
    void getPrintsTablesAndWatchPrintsChanges() throws Exception {
        Kubectl.Run get = kubectl.run("get", "deviceclasses");
        assertThat(get.out().lines().findFirst().orElseThrow()).matches("NAME\\s+AGE");
        assertThat(get.out()).contains("mig-3g.40gb");
        Process watch = new ProcessBuilder(kubectl.command("get", "deviceclasses", "-w")).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> {
                List<String> out = new ArrayList<>();
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        out.add(line);
                        if (line.startsWith("watched-later")) {
                            return out;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return out;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.openWatches() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.client().dynamicResourceAllocation().v1().deviceClasses().resource(new DeviceClassBuilder()
                    .withNewMetadata().withName("watched-later").endMetadata().withNewSpec().endSpec().build()).create();
            List<String> out = seen.get(30, TimeUnit.SECONDS);
            assertThat(out.get(0)).matches("NAME\\s+AGE");
            assertThat(out).anySatisfy(l -> assertThat(l).startsWith("mig-1g.10gb"));
            assertThat(out).last().asString().startsWith("watched-later");
        } finally {
            watch.destroy();
        }
    }

    @Test
    @Order(6)
    void describePatchAndLabel() throws Exception {
        Kubectl.Run label = kubectl.run("label", "deviceclass", "mig-3g.40gb", "tier=large");
        assertThat(label.out()).contains("deviceclass.resource.k8s.io/mig-3g.40gb labeled");
        Kubectl.Run patch = kubectl.run("patch", "deviceclass", "mig-3g.40gb", "--type=merge", "-p",
                "{\"metadata\":{\"annotations\":{\"owner\":\"ml-platform\"}}}");
        assertThat(patch.out()).contains("deviceclass.resource.k8s.io/mig-3g.40gb patched");
        Kubectl.Run json = kubectl.run("patch", "deviceclass", "mig-3g.40gb", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/selectors/0/cel/expression\",\"value\":\"true\"}]");
        assertThat(json.exitCode()).as(json.all()).isZero();
        Kubectl.Run describe = kubectl.run("describe", "deviceclass", "mig-3g.40gb");
        assertThat(describe.out()).containsPattern("Name:\\s+mig-3g.40gb").containsPattern("Labels:\\s+tier=large")
                .containsPattern("owner:\\s+ml-platform").containsPattern("Expression:\\s+true")
                .containsPattern("Generation:\\s+2");
        Kubectl.Run immutable = kubectl.run("patch", "resourceclaimtemplate", "mig-small", "-n", "inference",
                "--type=merge", "-p", "{\"spec\":{\"spec\":{\"devices\":{\"requests\":[]}}}}");
        assertThat(immutable.exitCode()).isNotZero();
        assertThat(immutable.err()).contains("field is immutable");
    }

    @Test
    @Order(7)
    void fieldSelectorsOfResourceSlices() throws Exception {
        for (String node : List.of("node-1", "node-2")) {
            server.client().dynamicResourceAllocation().v1().resourcesSlices().resource(new ResourceSliceBuilder()
                    .withNewMetadata().withName(node + "-gpu.nvidia.com").endMetadata().withNewSpec()
                    .withDriver("gpu.nvidia.com").withNodeName(node).withNewPool().withName(node).withGeneration(1L)
                    .withResourceSliceCount(1L).endPool().endSpec().build()).create();
        }
        Kubectl.Run n1 = kubectl.run("get", "resourceslices", "--field-selector", "spec.nodeName=node-1");
        assertThat(n1.out()).contains("node-1-gpu.nvidia.com").doesNotContain("node-2-gpu.nvidia.com");
        assertThat(n1.out().lines().findFirst().orElseThrow()).matches("NAME\\s+NODE\\s+DRIVER\\s+POOL\\s+AGE");
        Kubectl.Run bad = kubectl.run("get", "resourceslices", "--field-selector", "spec.devices=x");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: spec.devices");
    }

    @Test
    @Order(8)
    void explainReadsTheOpenApiSchemas() throws Exception {
        Kubectl.Run explain = kubectl.run("explain", "resourceclaim.spec.devices");
        assertThat(explain.exitCode()).as(explain.all()).isZero();
        assertThat(explain.out()).contains("KIND:       ResourceClaim", "VERSION:    v1")
                .containsPattern("requests\\s+<\\[\\]DeviceRequest>");
        Kubectl.Run kind = kubectl.run("explain", "deviceclass");
        assertThat(kind.out()).contains("DeviceClass is a vendor- or admin-provided resource");
    }

    @Test
    @Order(9)
    void createOfAnExistingObjectAndDelete() throws Exception {
        Kubectl.Run created = kubectl.run("create", "configmap", "settings", "-n", "inference", "--from-literal=a=b");
        assertThat(created.out()).as(created.all()).contains("configmap/settings created");
        assertThat(kubectl.run("get", "configmap", "settings", "-n", "inference", "-o", "jsonpath={.data.a}").out())
                .isEqualTo("b");
        Kubectl.Run exists = kubectl.run("create", "namespace", "inference");
        assertThat(exists.exitCode()).isNotZero();
        assertThat(exists.err()).contains("Error from server (AlreadyExists): namespaces \"inference\" already exists");
        Kubectl.Run delete = kubectl.run("delete", "deviceclass", "mig-1g.10gb");
        assertThat(delete.out()).contains("deviceclass.resource.k8s.io \"mig-1g.10gb\" deleted");
        Kubectl.Run gone = kubectl.run("get", "deviceclass", "mig-1g.10gb");
        assertThat(gone.err()).contains("Error from server (NotFound): deviceclasses.resource.k8s.io \"mig-1g.10gb\" not found");
        Kubectl.Run ns = kubectl.run("delete", "namespace", "inference");
        assertThat(ns.out()).contains("namespace \"inference\" deleted");
        assertThat(kubectl.run("get", "resourceclaimtemplates", "-A").all()).contains("No resources found");
    }
}
