package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code mig4j dra ...}: manifests, slices, validate, convert. */
class DraCommandsTest {
    private static final String RECIPE = "src/test/resources/recipe/";

    @Test
    void manifestsAreValidV1YamlForTheProductsProfiles() {
        CliRun run = CliRun.of("dra", "manifests", "--gpu", "H100-80GB", "--profiles", "1g.10gb,3g.40gb,19",
                "--namespace", "inference", "--extended-resources");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var docs = ManifestReader.defaults().read(run.out(), "out");
        assertThat(docs).extracting(d -> d.kind() + " " + d.name()).containsExactly("DeviceClass mig-1g.10gb",
                "DeviceClass mig-3g.40gb", "ResourceClaimTemplate mig-1g.10gb", "ResourceClaimTemplate mig-3g.40gb");
        assertThat(run.out()).contains("extendedResourceName: nvidia.com/mig-1g.10gb")
                .contains("namespace: inference").contains("deviceClassName: mig-3g.40gb");
        assertThat(DraValidator.defaults().validateDocuments(docs)).allSatisfy(r -> assertThat(r.clean()).isTrue());

        CliRun all = CliRun.of("dra", "manifests", "--gpu", "A100-80GB");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("name: mig-1g.10gb.me").contains("name: mig-7g.80gb")
                .doesNotContain("extendedResourceName").doesNotContain("namespace:");
    }

    @Test
    void manifestsRejectUnknownProductsAndProfiles() {
        CliRun product = CliRun.of("dra", "manifests", "--gpu", "T4");
        assertThat(product.exitCode()).isEqualTo(2);
        assertThat(product.err()).startsWith("mig4j: ").contains("T4");
        CliRun profile = CliRun.of("dra", "manifests", "--gpu", "A100-40GB", "--profiles", "1g.10gb,9g.99gb");
        assertThat(profile.exitCode()).isEqualTo(2);
        assertThat(profile.err()).contains("9g.99gb").doesNotContain("Exception");
    }

    @Test
    void slicesOfAPartitionedFakeNodeAreTheStaticOnes() {
        CliRun run = CliRun.of("dra", "slices", "--node", "gpu-node-1", "--fake", "A100-80GBx2", "--layout",
                "3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var docs = ManifestReader.defaults().read(run.out(), "out");
        assertThat(docs).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("ResourceSlice"));
        assertThat(run.out()).contains("generateName: 00000-gpu.nvidia.com-gpu-node-1-")
                .contains("name: gpu-0-mig-3g40gb-9-4").contains("name: gpu-1-mig-1g10gb-19-3")
                .contains("memorySlice7:").contains("nodeName: gpu-node-1");
        assertThat(DraValidator.defaults().validateDocuments(docs)).allSatisfy(r -> assertThat(r.clean()).isTrue());
    }

    @Test
    void dynamicSlicesFollowTheKubernetesVersionAndCanBeJson() {
        CliRun split = CliRun.of("dra", "slices", "--node", "n1", "--fake", "H100-80GBx2", "--dynamic", "--json");
        assertThat(split.exitCode()).as(split.err()).isZero();
        JsonNode list = JsonMapper.shared().readTree(split.out());
        assertThat(list.get("kind").stringValue()).isEqualTo("List");
        assertThat(list.get("items").size()).isEqualTo(3);
        assertThat(list.get("items").get(0).at("/spec/sharedCounters").size()).isEqualTo(2);
        assertThat(list.get("items").get(1).at("/spec/devices").size()).isEqualTo(26);

        CliRun combined = CliRun.of("dra", "slices", "--node", "n1", "--fake", "H100-80GBx2", "--dynamic", "--k8s",
                "1.34", "--json");
        JsonNode l134 = JsonMapper.shared().readTree(combined.out());
        assertThat(l134.get("items").size()).isEqualTo(2);
        assertThat(l134.get("items").get(0).at("/spec/sharedCounters").size()).isEqualTo(1);
    }

    @Test
    void slicesFromAnInventoryFile(@TempDir Path dir) throws IOException {
        CliRun inventory = CliRun.of("inventory", "--fake", "H200-141GBx1", "--json");
        Path file = dir.resolve("inventory.json");
        Files.writeString(file, inventory.out());
        CliRun run = CliRun.of("dra", "slices", "--node", "n2", "--inventory", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("name: gpu-0").contains("string: NVIDIA H200").contains("memory:");
    }

    @Test
    void slicesNeedExactlyOneSourceAndSaneOptions() {
        assertThat(CliRun.of("dra", "slices", "--node", "n").err()).contains("one of --fake");
        assertThat(CliRun.of("dra", "slices", "--node", "n", "--fake", "B200", "--k8s", "1.30").err())
                .contains("--k8s: Kubernetes 1.30 is not supported");
        assertThat(CliRun.of("dra", "slices", "--node", "n", "--inventory", "x.json", "--fake", "B200").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("dra", "slices", "--node", "N_1", "--fake", "B200").err())
                .contains("not a valid node name");
        CliRun missing = CliRun.of("dra", "slices", "--node", "n", "--inventory", "/nonexistent/inv.json");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("mig4j: cannot read /nonexistent/inv.json: no such file\n");
        CliRun badLayout = CliRun.of("dra", "slices", "--node", "n", "--fake", "A100-40GB", "--layout", "9g.1gb");
        assertThat(badLayout.exitCode()).isEqualTo(2);
    }

    @Test
    void validateReportsEachRecipeMistakeOnePerLine() {
        CliRun classes = CliRun.of("dra", "validate", "-f", RECIPE + "mig-device-classes.yaml");
        assertThat(classes.exitCode()).isEqualTo(1);
        String prefix = RECIPE + "mig-device-classes.yaml: DeviceClass nvidia.com/mig-1g.10gb: ";
        assertThat(classes.out().lines()).contains(prefix + "spec.suitableNodes: unknown field");
        assertThat(classes.out().lines()).anyMatch(l -> l.startsWith(prefix + "metadata.name: Invalid value:"
                + " \"nvidia.com/mig-1g.10gb\": a lowercase RFC 1123 subdomain"));
        assertThat(classes.out().lines()).anyMatch(l -> l.startsWith(prefix + "warning: spec.selectors[0].cel"
                + ".expression: device.driver is compared with \"nvidia.com/gpu\""));
        assertThat(classes.err()).contains("4 object(s), 8 error(s)");

        CliRun templates = CliRun.of("dra", "validate", "-f", RECIPE + "mig-claim-templates.yaml");
        assertThat(templates.exitCode()).isEqualTo(1);
        assertThat(templates.out().lines()).contains(RECIPE + "mig-claim-templates.yaml: ResourceClaimTemplate"
                + " inference/mig-small: spec.spec.devices.requests[0]: Required value: exactly one of `exactly` or"
                + " `firstAvailable` is required");

        CliRun workloads = CliRun.of("dra", "validate", "-f", RECIPE + "mixed-mig-workloads.yaml");
        assertThat(workloads.exitCode()).isZero();
        assertThat(workloads.out()).isEqualTo("valid: 3 object(s), 0 error(s), 0 warning(s) (Kubernetes 1.37)\n");
    }

    @Test
    void validateReadsStandardInputAndWritesJson() {
        String claim = "apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata: {name: c}\n"
                + "spec: {devices: {requests: [{name: gpu, exactly: {deviceClassName: ''}}]}}\n";
        InputStream saved = System.in;
        CliRun run;
        try {
            System.setIn(new ByteArrayInputStream(claim.getBytes(StandardCharsets.UTF_8)));
            run = CliRun.of("dra", "validate", "-f", "-", "--json", "--k8s", "1.35");
        } finally {
            System.setIn(saved);
        }
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode doc = JsonMapper.shared().readTree(run.out());
        assertThat(doc.get("kubernetes").stringValue()).isEqualTo("1.35");
        assertThat(doc.get("valid").booleanValue()).isFalse();
        JsonNode error = doc.get("objects").get(0).get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo("spec.devices.requests[0].exactly.deviceClassName");
        assertThat(error.get("reason").stringValue()).isEqualTo("FieldValueRequired");
        assertThat(error.get("message").stringValue()).isEqualTo("Required value");
    }

    @Test
    void validateTurnsUnreadableInputIntoExitCode2(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: [\n");
        CliRun run = CliRun.of("dra", "validate", "-f", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mig4j: " + broken + ": not valid YAML or JSON").doesNotContain("\tat ");
        assertThat(CliRun.of("dra", "validate", "-f", dir.toString()).err()).contains("it is a directory");
    }

    @Test
    void convertRewritesTheRecipeShapesAndNotesEachChange() {
        CliRun run = CliRun.of("dra", "convert", "-f", RECIPE + "mig-claim-templates.yaml", "--to", "v1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("note: " + RECIPE + "mig-claim-templates.yaml: ResourceClaimTemplate"
                + " inference/mig-small: spec.spec.devices.requests[0]: moved deviceClassName, count into exactly"
                + " (the v1beta1 request shape)").contains("4 object(s), 4 change(s)");
        var docs = ManifestReader.defaults().read(run.out(), "converted");
        assertThat(docs).hasSize(4).allSatisfy(d -> assertThat(d.decodeErrors()).isEmpty());
        assertThat(run.out()).contains("exactly:").contains("deviceClassName: nvidia.com/mig-1g.10gb");

        CliRun classes = CliRun.of("dra", "convert", "-f", RECIPE + "mig-device-classes.yaml", "--to", "v1");
        assertThat(classes.out()).doesNotContain("suitableNodes");
        assertThat(CliRun.of("dra", "convert", "-f", RECIPE + "mig-device-classes.yaml", "--to", "v1beta1").exitCode())
                .isEqualTo(2);
    }
}
