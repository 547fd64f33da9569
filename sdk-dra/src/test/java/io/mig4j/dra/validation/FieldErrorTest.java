package io.mig4j.dra.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rendering as Kubernetes' {@code field.Error.Error()} does ({@code pkg/util/validation/field/errors.go},
 * kubernetes/apimachinery eed236ce), with messages as they appear in {@code pkg/apis/resource/validation}.
 */
class FieldErrorTest {
    private static final FieldPath REQ0 = FieldPath.root("spec", "devices", "requests").index(0);

    @Test
    void pathsRenderWithDotsIndexesAndKeys() {
        assertThat(REQ0.child("exactly", "selectors").index(1).child("cel", "expression"))
                .hasToString("spec.devices.requests[0].exactly.selectors[1].cel.expression");
        assertThat(FieldPath.root("spec").child("devices").index(3).child("capacity").key("gpu.nvidia.com/memory"))
                .hasToString("spec.devices[3].capacity[gpu.nvidia.com/memory]");
        assertThat(FieldPath.root("spec").key("x").index(2)).hasToString("spec[x][2]");
    }

    @Test
    void rendersEachTypeAsKubernetes() {
        assertThat(FieldError.required(REQ0.child("exactly", "deviceClassName"), ""))
                .hasToString("spec.devices.requests[0].exactly.deviceClassName: Required value");
        assertThat(FieldError.required(REQ0, "exactly one of `exactly` or `firstAvailable` is required"))
                .hasToString("spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable`"
                        + " is required");
        assertThat(FieldError.notSupported(REQ0.child("exactly", "allocationMode"), "Some", List.of("All", "ExactCount")))
                .hasToString("spec.devices.requests[0].exactly.allocationMode: Unsupported value: \"Some\": supported"
                        + " values: \"All\", \"ExactCount\"");
        assertThat(FieldError.invalid(REQ0.child("exactly", "count"), 0L, "must be greater than zero"))
                .hasToString("spec.devices.requests[0].exactly.count: Invalid value: 0: must be greater than zero");
        assertThat(FieldError.invalid(FieldPath.root("spec", "driver"), "nvidia.com/gpu",
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"))
                .hasToString("spec.driver: Invalid value: \"nvidia.com/gpu\": a lowercase RFC 1123 subdomain must"
                        + " consist of lower case alphanumeric characters");
        assertThat(FieldError.invalid(REQ0, null, "exactly one of `exactly` or `firstAvailable` is required, but"
                + " multiple fields are set")).hasToString("spec.devices.requests[0]: Invalid value: null: exactly"
                + " one of `exactly` or `firstAvailable` is required, but multiple fields are set");
        assertThat(FieldError.tooLong(FieldPath.root("spec", "selectors").index(0).child("cel", "expression"), 10240))
                .hasToString("spec.selectors[0].cel.expression: Too long: may not be more than 10240 bytes");
        assertThat(FieldError.tooMany(FieldPath.root("spec", "devices"), 129, 128))
                .hasToString("spec.devices: Too many: 129: must have at most 128 items");
        assertThat(FieldError.duplicate(REQ0.parent().index(1), "mig"))
                .hasToString("spec.devices.requests[1]: Duplicate value: \"mig\"");
        assertThat(FieldError.forbidden(FieldPath.root("spec", "x"), "too complex, exceeds cost limit"))
                .hasToString("spec.x: Forbidden: too complex, exceeds cost limit");
        assertThat(FieldError.invalid(FieldPath.root("a"), List.of("x<y"), "bad"))
                .hasToString("a: Invalid value: [\"x\\u003cy\"]: bad");
        assertThat(FieldError.invalid(FieldPath.root("a"), Map.of("k", 1), "")).hasToString("a: Invalid value: {\"k\":1}");
        assertThat(FieldError.invalid(FieldPath.root("a"), "tab\tquote\"", "")).hasToString(
                "a: Invalid value: \"tab\\tquote\\\"\"");
        assertThat(FieldError.Type.REQUIRED.reason()).isEqualTo("FieldValueRequired");
    }

    @Test
    void deduplicatesLikeToAggregate() {
        FieldError e = FieldError.required(REQ0, "");
        assertThat(FieldError.deduplicate(List.of(e, FieldError.required(REQ0, ""), FieldError.required(REQ0, "x"))))
                .hasSize(2);
    }

    @Test
    void lengthOnlyCheckerReportsLengthAndEmptinessWithKubernetesWording() {
        String path = "spec.devices.requests[0].exactly.selectors[0].cel.expression";
        CelChecker checker = CelChecker.lengthOnly();
        assertThat(checker.check("device.driver == \"gpu.nvidia.com\"", path, KubernetesVersion.DEFAULT)).isEmpty();
        String exactlyMax = "x".repeat(10 * 1024);
        assertThat(checker.check(exactlyMax, path, KubernetesVersion.DEFAULT)).isEmpty();
        assertThat(checker.check(exactlyMax + "x", path, KubernetesVersion.DEFAULT)).singleElement()
                .hasToString(path + ": Too long: may not be more than 10240 bytes");
        // bytes, not characters: 5121 two-byte characters are too long
        assertThat(checker.check("é".repeat(5121), path, KubernetesVersion.V1_34)).hasSize(1);
        assertThat(checker.check("", path, KubernetesVersion.DEFAULT)).singleElement().hasToString(path
                + ": Invalid value: \"\": compilation failed: ERROR: <input>:1:1: Syntax error: mismatched input"
                + " '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT,"
                + " NUM_UINT, STRING, BYTES, IDENTIFIER}");
    }

    @Test
    void kubernetesVersionsParseCompareAndRejectUnknownReleases() {
        assertThat(KubernetesVersion.parse("1.35")).isEqualTo(KubernetesVersion.V1_35);
        assertThat(KubernetesVersion.parse("v1.36.2")).isEqualTo(KubernetesVersion.V1_36);
        assertThat(KubernetesVersion.DEFAULT).isEqualTo(KubernetesVersion.V1_37).hasToString("1.37");
        assertThat(KubernetesVersion.V1_34.before(KubernetesVersion.V1_35)).isTrue();
        assertThat(KubernetesVersion.V1_36.atLeast(KubernetesVersion.V1_35)).isTrue();
        assertThat(KubernetesVersion.supported()).isSorted().hasSize(4);
        assertThatThrownBy(() -> KubernetesVersion.parse("1.33")).hasMessageContaining("1.34, 1.35, 1.36, 1.37");
        assertThatThrownBy(() -> KubernetesVersion.parse("latest")).hasMessageContaining("not a Kubernetes version");
    }
}
