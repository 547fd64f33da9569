package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The node commands on FakeNvml nodes: the same code paths as --nvml, without a GPU. */
class NodeCommandsTest {
    private static final String EXAMPLE = "../configs/mig-parted-example.yaml";

    @Test
    void inventoryOfAFakeNodeIsOneJsonDocument() {
        CliRun run = CliRun.of("inventory", "--fake", "H100-80GBx3", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = JsonMapper.shared().readTree(run.out());
        assertThat(doc.get("gpus").size()).isEqualTo(3);
        assertThat(doc.get("gpus").get(0).get("product").stringValue()).isEqualTo("H100-80GB");
        assertThat(doc.get("gpus").get(0).get("migMode").get("current").stringValue()).isEqualTo("DISABLED");
        assertThat(doc.get("cudaDriverVersion").stringValue()).isEqualTo("13.0");
        JsonNode gpu2 = doc.get("gpus").get(2);
        assertThat(gpu2.get("minor").intValue()).isEqualTo(2);
        assertThat(gpu2.get("brand").stringValue()).isEqualTo("Nvidia");
        assertThat(gpu2.get("architecture").stringValue()).isEqualTo("Hopper");
        assertThat(gpu2.get("cudaComputeCapability").stringValue()).isEqualTo("9.0");
        assertThat(gpu2.get("numaNode").isNull()).isTrue();
        assertThat(gpu2.get("addressingMode").isNull()).isTrue();
        assertThat(gpu2.get("healthEvents").size()).isZero();
    }

    @Test
    void inventoryTextShowsArchitectureAndMinorPerGpu() {
        CliRun run = CliRun.of("inventory", "--fake", "A100-40GB");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("CUDA 13.0, 1 GPU(s)").contains(", Ampere, compute capability 8.0, minor 0, ")
                .contains("NUMA node unknown");
    }

    @Test
    void applyPrintsThePlanAndChangesNothingWithoutApply() {
        CliRun run = CliRun.of("apply", "--fake", "\"NVIDIA A100-SXM4-80GB\"x2", "-f", EXAMPLE, "-c", "mixed-workload");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("GPU 1: create GPU instance 3g.40gb (profile ID 9) at memory slices 4:4")
                .contains("dry run: nothing was changed").doesNotContain("executed");
    }

    @Test
    void applyWithApplyExecutesThePlanAndPrintsTheLayout() {
        CliRun run = CliRun.of("apply", "--fake", "\"NVIDIA A100-SXM4-80GB\"x2", "-f", EXAMPLE, "-c", "mixed-workload",
                "--apply");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("executed 18 of 18 steps").contains("GI 2: 3g.40gb (profile ID 9) at memory slices 4:4")
                .contains("GPU 1: NVIDIA A100-SXM4-80GB").contains("MIG enabled");
    }

    @Test
    void applyOnlyTouchesTheSelectedGpus() {
        CliRun run = CliRun.of("apply", "--fake", "H100-80GBx2", "-f", EXAMPLE, "-c", "training-optimized", "--gpu", "1",
                "--apply");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("GPU 0: create").contains("GPU 1: create GPU instance 4g.40gb");
    }

    @Test
    void migEnableIsADryRunUnlessApplied() {
        CliRun dry = CliRun.of("mig", "enable", "--fake", "H200-141GB", "--gpu", "0");
        assertThat(dry.out()).contains("GPU 0: enable MIG mode").contains("dry run");
        CliRun applied = CliRun.of("mig", "enable", "--fake", "H200-141GB", "--gpu", "0", "--apply");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("MIG enabled");
    }

    @Test
    void discoveredProfilesOfAFakeGpuMatchTheCatalog() {
        CliRun run = CliRun.of("profiles", "--fake", "A30-24GB", "--compare");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1g.6gb+me").contains("matches the catalog");
        JsonNode doc = JsonMapper.shared().readTree(CliRun.of("profiles", "--fake", "A30-24GB", "--json").out());
        assertThat(doc.get(0).get("profiles").findValuesAsString("name")).contains("1g.6gb", "2g.12gb+me", "4g.24gb");
        assertThat(doc.get(0).get("differences").size()).isZero();
    }

    @Test
    void doctorPassesOnAFakeNode() {
        CliRun run = CliRun.of("doctor", "--fake", "RTX-PRO-6000x2");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("fake: ").contains(" 0 failed");
        JsonNode doc = JsonMapper.shared().readTree(CliRun.of("doctor", "--fake", "A30-24GB", "--json").out());
        assertThat(doc.get("failed").intValue()).isZero();
        assertThat(doc.get("checks").size()).isEqualTo(doc.get("passed").intValue()).isGreaterThan(20);
    }

    @Test
    void aMachineWithoutTheDriverSaysNvmlNotFound() {
        CliRun run = CliRun.of("inventory", "--nvml-library", "/nonexistent/libnvidia-ml.so.1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("mig4j: NVML not found: /nonexistent/libnvidia-ml.so.1")
                .doesNotContain("UnsatisfiedLinkError").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "inventory --fake nosuchgpu",
        "inventory --fake H100-80GBx0",
        "inventory --fake H100-80GBx999",
        "inventory --fake H100-80GB --nvml",
        "inventory --backend ffx",
        "mig frobnicate --fake H100-80GB --gpu 0",
        "mig enable --fake H100-80GB --gpu 9",
        "mig enable --fake H100-80GB --gpu GPU-nope",
        "mig enable --fake H100-80GB --gpu abc",
        "mig enable --fake H100-80GB",
        "apply --fake H100-80GB -f ../configs/mig-parted-example.yaml",
        "apply --fake H100-80GB -f ../configs/mig-parted-example.yaml -c nosuch",
        "apply --fake H100-80GB -f /no/such.yaml -c all-1g.10gb",
        "apply --fake A30-24GB -f ../configs/mig-parted-example.yaml -c training-optimized",
        "inventory --fake H100-80GBx-1",
        "inventory --fake H100-80GBx1.5",
        "inventory --fake \"H100-80GB\"y2",
        "inventory --fake H100-80GB --mig maybe",
        "inventory --mig on",
        "apply --fake H100-80GB -f /dev/null -c x",
        "profiles --fake H100-80GB --gpu H100-80GB",
        "doctor --fake nosuchgpu",
        "mig-parted validate /tmp",
        "inventory --fake H100-80GBx",
    })
    void badInputIsOneLineOnStderrWithExitCode2(String args) {
        CliRun run = CliRun.of(args.split(" "));
        assertThat(run.exitCode()).as(args + " -> " + run.err() + run.out()).isEqualTo(2);
        assertThat(run.err().strip().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("mig4j: ").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theFakeCountTakesAnUpperCaseXAsWellAndProductsWithAnXInTheirNameStayWhole() {
        CliRun upper = CliRun.of("inventory", "--fake", "H100-80GBX2", "--json");
        assertThat(upper.exitCode()).as(upper.toString()).isZero();
        assertThat(upper.json().get("gpus")).hasSize(2);
        CliRun rtx = CliRun.of("inventory", "--fake", "RTX-PRO-6000X3", "--json");
        assertThat(rtx.exitCode()).as(rtx.toString()).isZero();
        assertThat(rtx.json().get("gpus")).hasSize(3);
        assertThat(CliRun.of("inventory", "--fake", "RTX-PRO-6000", "--json").json().get("gpus")).hasSize(1);
    }

    @Test
    void computeInstanceProfilesAreDiscoveredInsideAnExistingGpuInstance() {
        CliRun none = CliRun.of("profiles", "--fake", "H100-80GB", "--ci");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("NVML lists them only inside an existing GPU instance");
    }
}
