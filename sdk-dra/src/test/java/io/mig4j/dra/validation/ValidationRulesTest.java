package io.mig4j.dra.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules of {@code pkg/apis/resource/validation/validation.go} (kubernetes/kubernetes) with the messages its tests
 * expect ({@code validation_resourceclaim_test.go}, {@code validation_resourceslice_test.go},
 * {@code validation_deviceclass_test.go}), and the differences between Kubernetes versions.
 */
class ValidationRulesTest {

    private static List<String> errors(KubernetesVersion v, String yaml) {
        ManifestDocument d = ManifestReader.forVersion(v).read(yaml, "test.yaml").get(0);
        return DraValidator.builder().version(v).build().validate(d).errors().stream().map(Object::toString).toList();
    }

    private static List<String> warnings(KubernetesVersion v, String yaml) {
        ManifestDocument d = ManifestReader.forVersion(v).read(yaml, "test.yaml").get(0);
        return DraValidator.builder().version(v).build().validate(d).warnings().stream().map(Object::toString)
                .toList();
    }

    private static final KubernetesVersion V = KubernetesVersion.DEFAULT;

    private static String claim(String requests) {
        return "apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata: {name: c, namespace: ns}\n"
                + "spec:\n  devices:\n" + requests;
    }

    @Test
    void requestsNeedExactlyOneShapeAClassAndACount() {
        assertThat(errors(V, claim("    requests: [{name: r}]"))).containsExactly(
                "spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c}, firstAvailable: "
                + "[{name: s, deviceClassName: c}]}]"))).containsExactly("spec.devices.requests[0]: Invalid value: null:"
                + " exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {}}]"))).containsExactly(
                "spec.devices.requests[0].exactly.deviceClassName: Required value");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c, count: -1}}]")))
                .containsExactly("spec.devices.requests[0].exactly.count: Invalid value: -1: must be greater than zero");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c, allocationMode: All,"
                + " count: 2}}]"))).containsExactly("spec.devices.requests[0].exactly.count: Invalid value: 2: must not"
                + " be specified when allocationMode is 'All'");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c, allocationMode: Some}}]")))
                .containsExactly("spec.devices.requests[0].exactly.allocationMode: Unsupported value: \"Some\":"
                        + " supported values: \"All\", \"ExactCount\"");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c}},"
                + " {name: r, exactly: {deviceClassName: c}}]"))).containsExactly(
                "spec.devices.requests[1]: Duplicate value: \"r\"");
        assertThat(errors(V, claim("    requests: [{name: R.1, exactly: {deviceClassName: c}}]"))).singleElement()
                .asString().startsWith("spec.devices.requests[0].name: Invalid value: \"R.1\": a lowercase RFC 1123"
                        + " label must consist of lower case alphanumeric characters or '-', and must start and end"
                        + " with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is");
    }

    @Test
    void firstAvailableConstraintsAndConfigAreChecked() {
        StringBuilder nine = new StringBuilder("    requests: [{name: r, firstAvailable: [");
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ", ").append("{name: s").append(i).append(", deviceClassName: c}");
        }
        assertThat(errors(V, claim(nine + "]}]"))).containsExactly(
                "spec.devices.requests[0].firstAvailable: Too many: 9: must have at most 8 items");
        String ok = "    requests: [{name: r, firstAvailable: [{name: s, deviceClassName: c}]}]\n";
        assertThat(errors(V, claim(ok + "    constraints: [{requests: [r/x, q], matchAttribute: gpu.nvidia.com/p}]")))
                .containsExactly("spec.devices.constraints[0].requests[0]: Invalid value: \"r/x\": must be the name of"
                        + " a request in the claim or the name of a request and a subrequest separated by '/'",
                        "spec.devices.constraints[0].requests[1]: Invalid value: \"q\": must be the name of a request in"
                        + " the claim or the name of a request and a subrequest separated by '/'");
        assertThat(errors(V, claim(ok + "    constraints: [{requests: [r/s], matchAttribute: parentUUID}]")))
                .containsExactly("spec.devices.constraints[0].matchAttribute: Invalid value: \"parentUUID\": a fully"
                        + " qualified name must be a domain and a name separated by a slash");
        assertThat(errors(V, claim(ok + "    constraints: [{requests: [r]}]"))).containsExactly(
                "spec.devices.constraints[0]: Required value: exactly one of \"matchAttribute\" or"
                        + " \"distinctAttribute\" is required, but multiple fields are set");
        assertThat(errors(KubernetesVersion.V1_35, claim(ok + "    constraints: [{requests: [r]}]"))).containsExactly(
                "spec.devices.constraints[0].matchAttribute: Required value");
        assertThat(errors(V, claim(ok + "    config: [{opaque: {driver: gpu.nvidia.com, parameters: [1, 2]}}]")))
                .containsExactly("spec.devices.config[0].opaque.parameters: Invalid value: \"<value omitted>\": must be"
                        + " a valid JSON object");
        assertThat(errors(V, claim(ok + "    config: [{requests: [r]}]"))).containsExactly(
                "spec.devices.config[0].opaque: Required value");
        assertThat(warnings(V, claim(ok + "    config: [{opaque: {driver: gpu.nvidia.com, parameters: {apiVersion:"
                + " resource.nvidia.com/v1beta1, kind: MigDeviceConfig, sharing: {strategy: TimeSlicing,"
                + " timeSlicingConfig: {interval: Long}}}}}]"))).containsExactly(
                "spec.devices.config[0].opaque.parameters.sharing.timeSlicingConfig: unknown field: NVIDIA's driver"
                        + " decodes its configuration strictly and will refuse to prepare the device");
    }

    @Test
    void tolerationsAreCheckedAndDroppedBefore136() {
        String t = "    requests: [{name: r, exactly: {deviceClassName: c, tolerations: [{key: k, operator: Exists,"
                + " value: v, effect: Bad}]}}]";
        assertThat(errors(V, claim(t))).containsExactly(
                "spec.devices.requests[0].exactly.tolerations[0].value: Invalid value: \"v\": must be empty for"
                        + " operator `Exists`",
                "spec.devices.requests[0].exactly.tolerations[0].effect: Unsupported value: \"Bad\": supported values:"
                        + " \"NoExecute\", \"NoSchedule\", \"None\"");
        assertThat(warnings(KubernetesVersion.V1_35, claim(t))).contains("spec.devices.requests[0].exactly.tolerations:"
                + " dropped by the API server of Kubernetes 1.35 unless the DRADeviceTaints feature gate is enabled"
                + " (off by default before 1.36)");
        assertThat(warnings(V, claim(t))).isEmpty();
    }

    @Test
    void celExpressionsAreCheckedThroughTheSeam() {
        String big = "x".repeat(10 * 1024 + 1);
        String path = "spec.devices.requests[0].exactly.selectors[0].cel.expression";
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c, selectors: [{cel:"
                + " {expression: " + big + "}}]}}]"))).containsExactly(path + ": Too long: may not be more than 10240"
                + " bytes");
        assertThat(errors(V, claim("    requests: [{name: r, exactly: {deviceClassName: c, selectors: [{}]}}]")))
                .containsExactly("spec.devices.requests[0].exactly.selectors[0].cel: Required value");
        // a compiling checker plugs in without changes to callers
        CelChecker strict = (expression, field, version) -> expression.contains("bad")
                ? List.of(new FieldError(FieldError.Type.INVALID, field, expression, "compilation failed: nope"))
                : List.of();
        ManifestDocument d = ManifestReader.defaults().read(claim("    requests: [{name: r, exactly: {deviceClassName:"
                + " c, selectors: [{cel: {expression: bad}}]}}]"), "t").get(0);
        assertThat(DraValidator.builder().celChecker(strict).build().validate(d).errors()).singleElement()
                .hasToString(path + ": Invalid value: \"bad\": compilation failed: nope");
    }

    @Test
    void deviceClassRules() {
        String dc = "apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: x, namespace: ns}\nspec:\n";
        assertThat(errors(V, dc + "  extendedResourceName: gpu\n")).containsExactly(
                "spec.extendedResourceName: Invalid value: \"gpu\": must be a valid extended resource name");
        assertThat(errors(V, dc + "  extendedResourceName: example.com/gpu\n")).isEmpty();
        assertThat(errors(V, dc + "  config: [{opaque: {driver: '', parameters: {}}}]\n")).containsExactly(
                "spec.config[0].opaque.driver: Required value",
                "spec.config[0].opaque.driver: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of"
                        + " lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                        + " character (e.g. 'example.com', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(errors(V, "apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {}\n")).containsExactly(
                "metadata.name: Required value: name or generateName is required");
    }

    private static String slice(String spec) {
        return "apiVersion: resource.k8s.io/v1\nkind: ResourceSlice\nmetadata: {name: s}\nspec:\n"
                + "  driver: gpu.nvidia.com\n  pool: {name: n, resourceSliceCount: 1}\n" + spec;
    }

    @Test
    void sliceNodeSelectionAndPool() {
        assertThat(errors(V, slice(""))).containsExactly("spec: Required value: exactly one of `nodeName`,"
                + " `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required");
        assertThat(errors(V, slice("  nodeName: n\n  allNodes: true\n"))).containsExactly("spec: Invalid value:"
                + " \"{`nodeName`, `allNodes`}\": exactly one of `nodeName`, `nodeSelector`, `allNodes`,"
                + " `perDeviceNodeSelection` is required, but multiple fields are set");
        assertThat(errors(V, slice("  allNodes: false\n"))).contains(
                "spec.allNodes: Invalid value: false: must be either unset or set to true");
        assertThat(errors(V, "apiVersion: resource.k8s.io/v1\nkind: ResourceSlice\nmetadata: {name: s}\nspec:\n"
                + "  driver: d.example.com\n  nodeName: n\n  pool: {name: n, resourceSliceCount: 0, generation: -1}\n"))
                .containsExactly("spec.pool.resourceSliceCount: Invalid value: 0: must be greater than zero",
                        "spec.pool.generation: Invalid value: -1: must be greater than or equal to zero");
        assertThat(errors(V, slice("  nodeSelector: {nodeSelectorTerms: [{matchExpressions: [{key: foo, operator: In,"
                + " values: ['-1']}]}]}\n"))).containsExactly("spec.nodeSelector.nodeSelectorTerms[0].matchExpressions"
                + "[0].values[0]: Invalid value: \"-1\": a valid label must be an empty string or consist of"
                + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void deviceAttributesCapacitiesAndTaints() {
        assertThat(errors(V, slice("  nodeName: n\n  devices: [{name: d, attributes: {v: {version: '1.0'},"
                + " 'a-b': {string: x}, e: {}, s: {string: " + "x".repeat(65) + "}}}]\n"))).containsExactlyInAnyOrder(
                "spec.devices[0].attributes[v].version: Invalid value: \"1.0\": must be a string compatible with"
                        + " semver.org spec 2.0.0",
                "spec.devices[0].attributes: Invalid value: \"a-b\": a valid C identifier must start with"
                        + " alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g."
                        + " 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
                "spec.devices[0].attributes[e]: Invalid value: \"\": exactly one value must be specified",
                "spec.devices[0].attributes[s].string: Too long: may not be more than 64 bytes");
        // before 1.36 a bad key is reported at the key, from 1.36 at the map (kubernetes/kubernetes#136079)
        String badKeys = "  nodeName: n\n  devices: [{name: d, attributes: {'a/b/c': {int: 1}},"
                + " capacity: {'/': {value: '1'}}}]\n";
        assertThat(errors(KubernetesVersion.V1_35, slice(badKeys))).containsExactly(
                "spec.devices[0].attributes[a/b/c]: Invalid value: \"a/b/c\": must not contain more than one slash",
                "spec.devices[0].capacity[/]: Invalid value: \"\": the domain must not be empty",
                "spec.devices[0].capacity[/]: Invalid value: \"\": the name must not be empty");
        assertThat(errors(V, slice(badKeys))).containsExactly(
                "spec.devices[0].attributes: Invalid value: \"a/b/c\": must not contain more than one slash",
                "spec.devices[0].capacity: Invalid value: \"\": the domain must not be empty",
                "spec.devices[0].capacity: Invalid value: \"\": the name must not be empty");
        String badCounter = "  nodeName: n\n  sharedCounters: [{name: s, counters: {memorySlice0: {value: '1'}}}]\n";
        assertThat(errors(KubernetesVersion.V1_35, slice(badCounter))).singleElement().asString()
                .startsWith("spec.sharedCounters[0].counters[memorySlice0]: Invalid value: \"memorySlice0\": a lowercase"
                        + " RFC 1123 label");
        assertThat(errors(KubernetesVersion.V1_36, slice(badCounter))).singleElement().asString()
                .startsWith("spec.sharedCounters[0].counters: Invalid value: \"memorySlice0\": a lowercase RFC 1123 label");
        StringBuilder many = new StringBuilder("  nodeName: n\n  devices: [{name: d, attributes: {");
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ", ").append("a").append(i).append(": {int: 1}");
        }
        assertThat(errors(V, slice(many + "}}]\n"))).containsExactly(
                "spec.devices[0]: Invalid value: 33: the total number of attributes and capacities must not exceed 32");
        String fiveTaints = "  nodeName: n\n  devices: [{name: d, taints: [{key: a, effect: NoSchedule}, {key: b,"
                + " effect: NoSchedule}, {key: c, effect: NoSchedule}, {key: d, effect: NoSchedule}, {key: e, effect:"
                + " NoSchedule}]}]\n";
        assertThat(errors(KubernetesVersion.V1_34, slice(fiveTaints))).containsExactly(
                "spec.devices[0].taints: Too many: 5: must have at most 4 items");
        assertThat(errors(KubernetesVersion.V1_35, slice(fiveTaints))).isEmpty();
        assertThat(errors(V, slice("  nodeName: n\n  devices: [{name: d, taints: [{key: k, effect: Nope}]}]\n")))
                .containsExactly("spec.devices[0].taints[0].effect: Unsupported value: \"Nope\": supported values:"
                        + " \"NoExecute\", \"NoSchedule\", \"None\"");
    }

    @Test
    void countersFollowTheRulesOfTheirVersion() {
        String combined = "  nodeName: n\n  sharedCounters: [{name: gpu-0-counter-set, counters: {memory: {value:"
                + " 1Gi}}}]\n  devices: [{name: d, consumesCounters: [{counterSet: other, counters: {memory: {value:"
                + " 1Gi}}}]}]\n";
        assertThat(errors(KubernetesVersion.V1_34, slice(combined))).containsExactly(
                "spec.devices[0].consumesCounters[0].counterSet: Invalid value: \"other\": must reference a counterSet"
                        + " defined in the ResourceSlice sharedCounters");
        assertThat(errors(KubernetesVersion.V1_35, slice(combined))).containsExactly(
                "spec: Invalid value: \"\": only one of `sharedCounters` or `devices` is allowed");
        StringBuilder nine = new StringBuilder("  nodeName: n\n  sharedCounters: [");
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ", ").append("{name: s").append(i).append(", counters: {c: {value: '1'}}}");
        }
        assertThat(errors(KubernetesVersion.V1_35, slice(nine + "]\n"))).containsExactly(
                "spec.sharedCounters: Too many: 9: must have at most 8 items");
        assertThat(errors(KubernetesVersion.V1_34, slice(nine + "]\n"))).isEmpty();
        assertThat(errors(V, slice("  nodeName: n\n  sharedCounters: [{name: memorySlice0, counters: {}}]\n")))
                .containsExactly("spec.sharedCounters[0].name: Invalid value: \"memorySlice0\": a lowercase RFC 1123"
                        + " label must consist of lower case alphanumeric characters or '-', and must start and end"
                        + " with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation"
                        + " is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                        "spec.sharedCounters[0].counters: Required value");
        assertThat(warnings(KubernetesVersion.V1_35, slice(nine + "]\n"))).containsExactly(
                "spec.sharedCounters: dropped by the API server of Kubernetes 1.35 unless the DRAPartitionableDevices"
                        + " feature gate is enabled (off by default before 1.36)");
    }
    @Test
    void deviceTaintRulesAreServedAndValidatedByVersion() {
        String rule = "kind: DeviceTaintRule\nmetadata: {name: r}\nspec:\n  deviceSelector: {driver: nvidia.com/gpu,"
                + " pool: gpu-node-1, device: gpu.0, deviceClassName: mig.nvidia.com}\n  taint: {key: example.com/k}\n";
        // validateDeviceTaintRuleSpec; deviceClassName was tombstoned in 1.35
        assertThat(errors(V, "apiVersion: resource.k8s.io/v1\n" + rule)).containsExactly(
                "spec.deviceSelector.deviceClassName: unknown field",
                "spec.deviceSelector.driver: Invalid value: \"nvidia.com/gpu\": a lowercase RFC 1123 subdomain must"
                        + " consist of lower case alphanumeric characters, '-' or '.', and must start and end with an"
                        + " alphanumeric character (e.g. 'example.com', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "spec.deviceSelector.device: Invalid value: \"gpu.0\": must not contain dots",
                "spec.taint.effect: Required value");
        String good = "kind: DeviceTaintRule\nmetadata: {name: r}\nspec:\n  deviceSelector: {driver: gpu.nvidia.com,"
                + " pool: gpu-node-1, device: gpu-0}\n  taint: {key: example.com/maintenance, effect: NoExecute}\n";
        assertThat(errors(V, "apiVersion: resource.k8s.io/v1\n" + good)).isEmpty();
        assertThat(warnings(V, "apiVersion: resource.k8s.io/v1\n" + good)).isEmpty();
        // v1 is new in 1.37, v1beta2 in 1.36; alpha and new beta versions need --runtime-config
        assertThat(errors(KubernetesVersion.V1_36, "apiVersion: resource.k8s.io/v1\n" + good)).containsExactly(
                "apiVersion: Unsupported value: \"resource.k8s.io/v1\": supported values: \"resource.k8s.io/v1beta2\","
                        + " \"resource.k8s.io/v1alpha3\"");
        assertThat(errors(KubernetesVersion.V1_36, "apiVersion: resource.k8s.io/v1beta2\n" + good)).isEmpty();
        assertThat(warnings(KubernetesVersion.V1_36, "apiVersion: resource.k8s.io/v1beta2\n" + good)).containsExactly(
                "apiVersion: Kubernetes 1.36 serves DeviceTaintRule in resource.k8s.io/v1beta2 only with"
                        + " --runtime-config=resource.k8s.io/v1beta2=true and the DRADeviceTaintRules feature gate"
                        + " (both off by default)");
        assertThat(errors(KubernetesVersion.V1_34, "apiVersion: resource.k8s.io/v1alpha3\n" + rule))
                .contains("spec.taint.effect: Required value");
        // since 1.34 v1alpha3 has no other DRA kind; kinds mig4j does not model pass with a note
        assertThat(errors(V, "apiVersion: resource.k8s.io/v1alpha3\nkind: DeviceClass\nmetadata: {name: c}\n"))
                .containsExactly("apiVersion: Unsupported value: \"resource.k8s.io/v1alpha3\": supported values:"
                        + " \"resource.k8s.io/v1\", \"resource.k8s.io/v1beta2\", \"resource.k8s.io/v1beta1\"");
        String pool = "apiVersion: resource.k8s.io/v1alpha3\nkind: ResourcePoolStatusRequest\nmetadata: {name: q}\n";
        assertThat(errors(V, pool)).isEmpty();
        assertThat(warnings(V, pool)).singleElement().asString().contains("not validated by mig4j");
    }
    @Test
    void listAttributesAndTheAlphaFieldsOf136And137() {
        String list = "  nodeName: n\n  devices: [{name: d, attributes: {numa: {ints: [0, 1]}, e: {strings: []},"
                + " v: {versions: ['1.0.0', '1.0']}}}]\n";
        assertThat(errors(KubernetesVersion.V1_35, slice(list))).contains(
                "spec.devices[0].attributes[numa].ints: unknown field");
        assertThat(errors(KubernetesVersion.V1_36, slice(list))).containsExactlyInAnyOrder(
                "spec.devices[0].attributes[e]: Invalid value: \"\": exactly one value must be specified",
                "spec.devices[0].attributes[v].versions[1]: Invalid value: \"1.0\": must be a string compatible with"
                        + " semver.org spec 2.0.0");
        assertThat(warnings(KubernetesVersion.V1_36, slice(list))).contains(
                "spec.devices[0].attributes[numa].ints: dropped by the API server of Kubernetes 1.36 unless the"
                        + " DRAListTypeAttributes feature gate is enabled (alpha, off by default)");
        // at most 48 values per device, list items counted one by one
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 48; i++) {
            items.append(i == 0 ? "" : ", ").append(i);
        }
        assertThat(errors(V, slice("  nodeName: n\n  devices: [{name: d, attributes: {a: {ints: [" + items
                + "]}, b: {int: 1}}}]\n"))).containsExactly(
                "spec.devices[0]: Invalid value: 49: the total number of attribute values must not exceed 48");
        // list attributes lower the per-slice device limit to 64, as taints and counters do
        StringBuilder devices = new StringBuilder("  nodeName: n\n  devices: [");
        for (int i = 0; i < 65; i++) {
            devices.append(i == 0 ? "" : ", ").append("{name: d").append(i).append(i == 0
                    ? ", attributes: {numa: {ints: [0]}}}" : "}");
        }
        assertThat(errors(V, slice(devices + "]\n"))).containsExactly(
                "spec.devices: Too many: 65: must have at most 64 items");
        // alpha fields of 1.37 are dropped by a default API server
        assertThat(warnings(V, slice("  nodeName: n\n  partitionTypeAttribute: gpu.nvidia.com/type\n"
                + "  skipNodeOperations: [NodePrepareResources, NodeUnprepareResources]\n"))).containsExactly(
                "spec.partitionTypeAttribute: dropped by the API server of Kubernetes 1.37 unless the"
                        + " DRAPartitionableDevicesType feature gate is enabled (alpha, off by default)",
                "spec.skipNodeOperations: dropped by the API server of Kubernetes 1.37 unless the"
                        + " DRAOptionalNodeOperations feature gate is enabled (alpha, off by default)");
        assertThat(warnings(V, "apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata: {name: c, namespace:"
                + " n}\nspec:\n  devices:\n    requests:\n    - name: g\n      exactly: {deviceClassName: gpu.nvidia.com,"
                + " derivedAttributes: [{name: example.com/x, expression: device.driver}]}\n")).containsExactly(
                "spec.devices.requests[0].exactly.derivedAttributes: dropped by the API server of Kubernetes 1.37"
                        + " unless the DRADerivedAttributes feature gate is enabled (alpha, off by default)");
    }
}
