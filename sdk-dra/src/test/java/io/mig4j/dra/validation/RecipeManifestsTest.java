package io.mig4j.dra.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recipe this project started from (its YAML verbatim in {@code src/test/resources/real-world/recipe/}): each
 * of its mistakes is caught with Kubernetes' field path and wording, one test per mistake (the project's DRA fact
 * sheet §5 lists them).
 */
class RecipeManifestsTest {
    private static final DraValidator VALIDATOR = DraValidator.defaults();

    private static List<ManifestDocument> read(String file) throws IOException {
        try (InputStream in = RecipeManifestsTest.class.getResourceAsStream("/real-world/recipe/" + file)) {
            return ManifestReader.defaults().read(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
        }
    }

    private static List<String> errors(String file, int doc) throws IOException {
        return VALIDATOR.validate(read(file).get(doc)).errors().stream().map(Object::toString).toList();
    }

    private static List<String> warnings(String file, int doc) throws IOException {
        return VALIDATOR.validate(read(file).get(doc)).warnings().stream().map(Object::toString).toList();
    }

    @Test
    void flatDeviceClassNameUnderV1IsUnknownAndLeavesTheRequestEmpty() throws IOException {
        for (int i = 0; i < 4; i++) {
            assertThat(errors("mig-claim-templates.yaml", i)).containsExactly(
                    "spec.spec.devices.requests[0].deviceClassName: unknown field",
                    "spec.spec.devices.requests[0].count: unknown field",
                    "spec.spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is"
                            + " required");
        }
        assertThat(warnings("mig-claim-templates.yaml", 0)).contains(
                "spec.spec.devices.requests[0]: this is the v1beta1 request shape; in resource.k8s.io/v1 these fields"
                        + " belong under exactly (mig4j dra convert --to v1 rewrites it)");
    }

    @Test
    void suitableNodesIsAnUnknownField() throws IOException {
        for (int i = 0; i < 4; i++) {
            assertThat(errors("mig-device-classes.yaml", i)).contains("spec.suitableNodes: unknown field");
        }
    }

    @Test
    void theApiServersStrictDecodingMessageCanBeRendered() throws IOException {
        ManifestDocument dc = read("mig-device-classes.yaml").get(0);
        assertThat(FieldError.strictDecodingMessage(dc.kind(), "v1", dc.decodeErrors())).isEqualTo("DeviceClass in"
                + " version \"v1\" cannot be handled as a DeviceClass: strict decoding error: unknown field"
                + " \"spec.suitableNodes\"");
    }

    @Test
    void deviceClassNamesWithASlashAreInvalidNames() throws IOException {
        assertThat(errors("mig-device-classes.yaml", 0)).contains("metadata.name: Invalid value:"
                + " \"nvidia.com/mig-1g.10gb\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
                + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        // and the templates reference these names: invalid once the request is in the v1 shape
        assertThat(warnings("mig-claim-templates.yaml", 0)).contains("spec.spec.devices.requests[0].exactly"
                + ".deviceClassName: after conversion to v1: Invalid value: \"nvidia.com/mig-1g.10gb\": a lowercase"
                + " RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start"
                + " and end with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    @Test
    void driverNvidiaComSlashGpuCanNeverMatch() throws IOException {
        assertThat(warnings("mig-device-classes.yaml", 0)).contains("spec.selectors[0].cel.expression: device.driver"
                + " is compared with \"nvidia.com/gpu\", which is not a valid driver name (a DNS subdomain such as"
                + " \"gpu.nvidia.com\", without '/'), so no device ever matches; NVIDIA's GPU driver is"
                + " \"gpu.nvidia.com\"");
        // as deviceClassName of the auto-mig template, nvidia.com/gpu is not a DeviceClass name either
        assertThat(warnings("intelligent-mig-selection.yaml", 0)).anyMatch(w -> w.startsWith(
                "spec.spec.devices.requests[0].exactly.deviceClassName: after conversion to v1: Invalid value:"
                        + " \"nvidia.com/gpu\""));
    }

    @Test
    void attributeNvidiaComSlashMigProfileIsNotHowAttributesAreKeyed() throws IOException {
        assertThat(warnings("mig-device-classes.yaml", 0)).contains("spec.selectors[0].cel.expression:"
                + " device.attributes is keyed by domain only, and \"nvidia.com/mig-profile\" is a domain and a name, so"
                + " this lookup is always empty and the selector never matches; NVIDIA's driver publishes the profile"
                + " as device.attributes[\"gpu.nvidia.com\"].profile");
        assertThat(warnings("mig-device-classes.yaml", 0)).contains("spec.selectors[0].cel.expression: attribute"
                + " values are plain CEL values (string, int, bool or semver) without fields, so .stringValue looks up"
                + " an attribute named \"stringValue\" that no driver publishes; compare the attribute itself, e.g."
                + " device.attributes[\"gpu.nvidia.com\"].profile == \"1g.10gb\"");
    }

    @Test
    void quantityComparedWithGreaterOrEqualDoesNotCompile() throws IOException {
        List<String> w = warnings("intelligent-mig-selection.yaml", 0);
        String path = "spec.spec.devices.requests[0].exactly.selectors[0].cel.expression: ";
        assertThat(w).contains(path + "Kubernetes quantities have no comparison operators in CEL, so this does not"
                + " compile in Kubernetes; compare with compareTo, e.g."
                + " device.capacity[\"gpu.nvidia.com\"].memory.compareTo(quantity(\"10Gi\")) >= 0");
        assertThat(w).contains(path + "device.attributes is keyed by domain only, and \"nvidia.com/gpu-memory\" is a"
                + " domain and a name, so this lookup is always empty and the selector never matches; memory is a"
                + " capacity of NVIDIA's driver: device.capacity[\"gpu.nvidia.com\"].memory");
        assertThat(errors("intelligent-mig-selection.yaml", 0)).contains(
                "spec.spec.devices.requests[0].selectors: unknown field",
                "spec.spec.devices.requests[0].allocationMode: unknown field");
    }

    @Test
    void workloadsAndOtherKindsPassWithTheirClaimWiringChecked() throws IOException {
        List<String> files = List.of("mig-inference-deployment.yaml", "mixed-mig-workloads.yaml",
                "mig-controller.yaml", "mig-dra-config.yaml");
        List<ManifestDocument> docs = new ArrayList<>();
        for (String f : files) {
            docs.addAll(read(f));
        }
        assertThat(docs).extracting(ManifestDocument::kind).containsExactly("Deployment", "Service", "Pod", "Pod",
                "Pod", "Deployment", "ConfigMap", "ConfigMap");
        assertThat(VALIDATOR.validateDocuments(docs)).allSatisfy(r -> assertThat(r.clean()).isTrue());
        // the pod of the auto-select example references its claim correctly
        assertThat(VALIDATOR.validate(read("intelligent-mig-selection.yaml").get(1)).clean()).isTrue();
    }

    @Test
    void theConverterRepairsTheShapeButNotTheNames() throws IOException {
        ManifestConverter.Conversion c = ManifestConverter.toV1(read("mig-claim-templates.yaml").get(0));
        assertThat(c.notes()).extracting(Object::toString).containsExactly("spec.spec.devices.requests[0]: moved"
                + " deviceClassName, count into exactly (the v1beta1 request shape)");
        assertThat(c.converted().at("/spec/spec/devices/requests/0/exactly/deviceClassName").asString())
                .isEqualTo("nvidia.com/mig-1g.10gb");
        ManifestConverter.Conversion dc = ManifestConverter.toV1(read("mig-device-classes.yaml").get(0));
        assertThat(dc.converted().at("/spec").has("suitableNodes")).isFalse();
        assertThat(dc.notes()).singleElement().satisfies(n -> assertThat(n.field()).isEqualTo("spec.suitableNodes"));
    }
}
