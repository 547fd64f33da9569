package io.mig4j.dra.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.KubernetesVersion;
import io.mig4j.dra.validation.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiler in the validator's seam: {@code validateCELSelector} of {@code pkg/apis/resource/validation}
 * reports compile errors as {@code Invalid value} with {@code compilation failed: ...}, and too-long expressions as
 * {@code Too long} without compiling.
 */
class KubernetesCelCheckerTest {
    private static final String PATH = "spec.selectors[0].cel.expression";

    @Test
    void compileErrorIsAnInvalidValueWithKubernetesDetail() {
        List<FieldError> errors = KubernetesCelChecker.create().check("noSuchVar", PATH, KubernetesVersion.V1_37);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString()).isEqualTo("spec.selectors[0].cel.expression: Invalid value: \"noSuchVar\":"
                + " compilation failed: ERROR: <input>:1:1: undeclared reference to 'noSuchVar' (in container '')\n"
                + " | noSuchVar\n"
                + " | ^");
    }

    @Test
    void validExpressionHasNoErrors() {
        assertThat(KubernetesCelChecker.create().check(
                "device.capacity[\"gpu.nvidia.com\"].memory.compareTo(quantity(\"10Gi\")) >= 0", PATH,
                KubernetesVersion.V1_34)).isEmpty();
    }

    @Test
    void tooLongIsNotCompiled() {
        String longExpression = "true && ".repeat(2000) + "true";
        List<FieldError> errors = KubernetesCelChecker.create().check(longExpression, PATH, KubernetesVersion.V1_37);
        assertThat(errors).singleElement().extracting(FieldError::type).isEqualTo(FieldError.Type.TOO_LONG);
    }

    @Test
    void allowMultipleAllocationsFollowsTheVersionsDefaultGate() {
        String e = "device.allowMultipleAllocations";
        assertThat(KubernetesCelChecker.create().check(e, PATH, KubernetesVersion.V1_35)).singleElement()
                .satisfies(err -> assertThat(err.detail()).contains("undefined field 'allowMultipleAllocations'"));
        assertThat(KubernetesCelChecker.create().check(e, PATH, KubernetesVersion.V1_36)).isEmpty();
        assertThat(KubernetesCelChecker.withFeatureGates(true, false).check(e, PATH, KubernetesVersion.V1_35))
                .isEmpty();
    }

    /** The recipe's selector (Kubernetes CEL has no ordering operators on quantities: kubernetes.io/docs/reference/using-api/cel, "Kubernetes quantity library"): a type error when the class is created, no allocation surprise. */
    @Test
    void validatorReportsTheRecipesQuantityComparison() {
        DeviceClass dc = new DeviceClassBuilder().withNewMetadata().withName("mig-10gb").endMetadata().withNewSpec()
                .addNewSelector().withNewCel("device.attributes[\"nvidia.com/mig-enabled\"].boolValue == true &&\n"
                        + "device.attributes[\"nvidia.com/gpu-memory\"].quantity >= quantity(\"10Gi\")")
                .endSelector().endSpec().build();
        ValidationReport report = DraValidator.defaults().validate(dc);
        assertThat(report.errors()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("spec.selectors[0].cel.expression");
            assertThat(e.detail()).contains("found no matching overload for '_>=_' applied to"
                    + " '(dyn, kubernetes.Quantity)'");
        });
    }
}
