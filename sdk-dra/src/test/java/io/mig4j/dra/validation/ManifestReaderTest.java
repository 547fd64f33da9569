package io.mig4j.dra.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    @Test
    void readsMixedMultiDocumentStreamsAndLists() {
        String yaml = """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {k: v}}
                - {apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {anything: 1}}
                ---
                # a comment-only document is skipped
                ---
                apiVersion: resource.k8s.io/v1
                kind: ResourceClaim
                metadata: {name: c, namespace: ns}
                spec: {devices: {requests: [{name: r, exactly: {deviceClassName: mig.nvidia.com}}]}}
                """;
        List<ManifestDocument> docs = ManifestReader.defaults().read(yaml, "mixed.yaml");
        assertThat(docs).extracting(ManifestDocument::describe).containsExactly("ConfigMap a", "Widget w",
                "ResourceClaim ns/c");
        assertThat(docs).extracting(ManifestDocument::index).containsExactly(1, 2, 3);
        assertThat(docs.get(1).object()).isNull();
        assertThat(docs.get(2).object()).isInstanceOf(ResourceClaim.class);
        assertThat(DraValidator.defaults().validateDocuments(docs)).allSatisfy(r -> assertThat(r.clean()).isTrue());
    }

    @Test
    void reportsWrongTypesWithTheExpectedTypeAndKeepsDecodingTheRest() {
        String yaml = """
                apiVersion: resource.k8s.io/v1
                kind: ResourceClaim
                metadata: {name: c, labels: {app: [x]}}
                spec:
                  devices:
                    requests:
                    - name: r
                      exactly: {deviceClassName: 7, count: two, adminAccess: "yes"}
                """;
        ManifestDocument d = ManifestReader.defaults().read(yaml, "t").get(0);
        assertThat(d.decodeErrors()).extracting(Object::toString).containsExactly(
                "metadata.labels[app]: Invalid value: \"array\": must be of type string",
                "spec.devices.requests[0].exactly.deviceClassName: Invalid value: 7: must be of type string",
                "spec.devices.requests[0].exactly.count: Invalid value: \"two\": must be of type integer",
                "spec.devices.requests[0].exactly.adminAccess: Invalid value: \"yes\": must be of type boolean");
        // the fields were dropped, and validation goes on (count is defaulted to 1, the class is missing)
        assertThat(DraValidator.defaults().validate(d).errors()).extracting(Object::toString)
                .contains("spec.devices.requests[0].exactly.deviceClassName: Required value");
    }

    @Test
    void badQuantitiesGetKubernetesMessage() {
        String yaml = """
                apiVersion: resource.k8s.io/v1
                kind: ResourceSlice
                metadata: {name: s}
                spec:
                  driver: gpu.nvidia.com
                  nodeName: n
                  pool: {name: n, resourceSliceCount: 1}
                  devices: [{name: d, capacity: {memory: {value: 10GB}}}]
                """;
        assertThat(ManifestReader.defaults().read(yaml, "t").get(0).decodeErrors()).singleElement().hasToString(
                "spec.devices[0].capacity[memory].value: Invalid value: \"10GB\": quantities must match the regular"
                        + " expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @Test
    void fieldsOfNewerKubernetesVersionsAreUnknownToOlderOnes() {
        String yaml = """
                apiVersion: resource.k8s.io/v1
                kind: ResourceSlice
                metadata: {name: s}
                spec:
                  driver: gpu.nvidia.com
                  nodeName: n
                  pool: {name: n, resourceSliceCount: 1}
                  devices: [{name: d, attributes: {numa: {ints: [0, 1]}}}]
                """;
        assertThat(ManifestReader.forVersion(KubernetesVersion.V1_35).read(yaml, "t").get(0).decodeErrors())
                .singleElement().hasToString("spec.devices[0].attributes[numa].ints: unknown field");
        assertThat(ManifestReader.forVersion(KubernetesVersion.V1_36).read(yaml, "t").get(0).decodeErrors()).isEmpty();
    }

    @Test
    void v1beta1IsValidatedInItsV1FormAndConverted() {
        String yaml = """
                apiVersion: resource.k8s.io/v1beta1
                kind: ResourceClaimTemplate
                metadata: {name: t, namespace: ns}
                spec:
                  spec:
                    devices:
                      requests:
                      - name: r
                        deviceClassName: mig.nvidia.com
                        allocationMode: All
                        count: 2
                """;
        ManifestDocument d = ManifestReader.defaults().read(yaml, "t").get(0);
        assertThat(d.decodeErrors()).isEmpty();
        ValidationReport r = DraValidator.defaults().validate(d);
        assertThat(r.errors()).singleElement().hasToString("spec.spec.devices.requests[0].exactly.count: Invalid"
                + " value: 2: must not be specified when allocationMode is 'All'");
        assertThat(r.warnings()).singleElement().hasToString("apiVersion: resource.k8s.io/v1beta1 is deprecated since"
                + " Kubernetes 1.35 and planned for removal in 1.38; use resource.k8s.io/v1 (mig4j dra convert --to v1)");
        ManifestConverter.Conversion c = ManifestConverter.toV1(d);
        assertThat(c.notes()).extracting(Object::toString).containsExactly(
                "apiVersion: resource.k8s.io/v1beta1 → resource.k8s.io/v1",
                "spec.spec.devices.requests[0]: moved deviceClassName, allocationMode, count into exactly (the v1beta1"
                        + " request shape)");
        assertThat(c.converted().at("/spec/spec/devices/requests/0/exactly/count").asInt()).isEqualTo(2);
    }

    @Test
    void v1beta1SlicesLoseTheirBasicWrapperAndV1beta2OnlyItsVersion() {
        String slice = """
                apiVersion: resource.k8s.io/v1beta1
                kind: ResourceSlice
                metadata: {name: s}
                spec:
                  driver: gpu.nvidia.com
                  nodeName: n
                  allNodes: false
                  pool: {name: n, resourceSliceCount: 1}
                  devices: [{name: gpu-0, basic: {attributes: {type: {string: gpu}}}}]
                """;
        ManifestConverter.Conversion c = ManifestConverter.toV1(ManifestReader.defaults().read(slice, "t").get(0));
        assertThat(c.notes()).extracting(ValidationWarning::field).containsExactly("apiVersion", "spec.allNodes",
                "spec.devices[0].basic");
        assertThat(c.converted().at("/spec/devices/0/attributes/type/string").asString()).isEqualTo("gpu");
        String v1beta2 = slice.replace("v1beta1", "v1beta2").replace("  allNodes: false\n", "")
                .replace("basic: {attributes: {type: {string: gpu}}}", "attributes: {type: {string: gpu}}");
        ManifestConverter.Conversion c2 = ManifestConverter.toV1(ManifestReader.defaults().read(v1beta2, "t").get(0));
        assertThat(c2.notes()).extracting(Object::toString)
                .containsExactly("apiVersion: resource.k8s.io/v1beta2 → resource.k8s.io/v1 (same shape)");
    }

    @Test
    void rejectsWhatIsNotAnObject() {
        assertThatThrownBy(() -> ManifestReader.defaults().read("a: [1\n", "broken.yaml"))
                .isInstanceOf(ManifestFormatException.class).hasMessageStartingWith("broken.yaml: not valid YAML or JSON");
        assertThat(ManifestReader.defaults().read("metadata: {name: x}\n", "t").get(0).decodeErrors())
                .extracting(Object::toString).containsExactly("apiVersion: Required value: apiVersion not set",
                        "kind: Required value: kind not set");
        assertThat(ManifestReader.defaults().read("apiVersion: resource.k8s.io/v2\nkind: DeviceClass\n", "t").get(0)
                .decodeErrors()).singleElement().asString().startsWith("apiVersion: Unsupported value:");
    }
}
