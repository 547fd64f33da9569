package io.mig4j.dra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectorsTest {

    @Test
    void nvidiaClassSelectorsAreExactlyTheHelmChartExpressions() {
        // deployments/helm/dra-driver-nvidia-gpu/templates/deviceclass-{gpu,mig,vfio-gpu}.yaml (main 95932046)
        assertThat(Selectors.nvidiaGpu().cel()).isEqualTo(
                "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'");
        assertThat(Selectors.nvidiaMig().cel()).isEqualTo(
                "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'");
        assertThat(Selectors.nvidiaVfio().cel()).isEqualTo(
                "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'vfio'");
    }

    @Test
    void typedSelectorsRenderValidKubernetesCel() {
        assertThat(Selectors.profile("1g.10gb").cel())
                .isEqualTo("device.attributes['gpu.nvidia.com'].profile == '1g.10gb'");
        assertThat(Selectors.memoryAtLeast(Quantity.parse("10240Mi")).cel())
                .isEqualTo("device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('10Gi')) >= 0");
        assertThat(Selectors.attribute("gpu.nvidia.com", "architecture").eq("Hopper").cel())
                .isEqualTo("device.attributes['gpu.nvidia.com'].architecture == 'Hopper'");
        assertThat(Selectors.attribute("gpu.nvidia.com", "driverVersion").versionAtLeast("580.0.0").cel())
                .isEqualTo("device.attributes['gpu.nvidia.com'].driverVersion.compareTo(semver('580.0.0')) >= 0");
        assertThat(Selectors.attribute("resource.kubernetes.io", "numaNode").eq(1).cel())
                .isEqualTo("device.attributes['resource.kubernetes.io'].numaNode == 1");
        assertThat(Selectors.attribute("gpu.nvidia.com", "addressingMode").exists().cel())
                .isEqualTo("'addressingMode' in device.attributes['gpu.nvidia.com']");
        assertThat(Selectors.capacity("gpu.nvidia.com", "multiprocessors").lessThan(Quantity.parse("60")).cel())
                .isEqualTo("device.capacity['gpu.nvidia.com'].multiprocessors.compareTo(quantity('60')) < 0");
        assertThat(Selectors.profile("it's").cel()).endsWith("== 'it\\'s'");
    }

    @Test
    void combinationsParenthesiseOnlyWhereNeeded() {
        Selector hopper = Selectors.attribute("gpu.nvidia.com", "architecture").eq("Hopper");
        Selector small = Selectors.profile("1g.10gb").or(Selectors.profile("1g.20gb"));
        assertThat(Selectors.nvidiaMig().and(small).cel()).isEqualTo(
                "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig' && "
                        + "(device.attributes['gpu.nvidia.com'].profile == '1g.10gb' || "
                        + "device.attributes['gpu.nvidia.com'].profile == '1g.20gb')");
        assertThat(hopper.not().cel()).isEqualTo("!(device.attributes['gpu.nvidia.com'].architecture == 'Hopper')");
        assertThat(Selectors.cel("a || b").and(hopper).cel())
                .isEqualTo("(a || b) && device.attributes['gpu.nvidia.com'].architecture == 'Hopper'");
        assertThat(Selectors.allOf(hopper, Selectors.allOf(small, hopper))).isInstanceOf(Selector.All.class)
                .extracting(s -> ((Selector.All) s).terms().size()).isEqualTo(3);
        assertThat(Selectors.profile("1g.10gb").toDeviceSelector().getCel().getExpression())
                .isEqualTo(Selectors.profile("1g.10gb").cel());
    }

    @Test
    void refusesNamesThatAreNotIdentifiersAndEmptyCel() {
        assertThatThrownBy(() -> Selectors.attribute("nvidia.com", "mig-profile"))
                .hasMessageContaining("'mig-profile' is not an attribute or capacity name");
        assertThatThrownBy(() -> Selectors.cel(" ")).hasMessageContaining("must not be empty");
    }
}
