package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6 §5: read-only commands on a driver that lacks optional functions print everything else, mark the
 * missing fields unknown (text and JSON), warn once per function on stderr and exit 0. The fake node's
 * {@code --fake-missing} makes NVML answer {@code FUNCTION_NOT_FOUND} as an older driver does; the old-driver
 * build of sdk-nvml's C double is used too when the build made it.
 */
class OlderDriverTest {
    private static final String WARNING = "mig4j: warning: this driver does not answer ";

    @Test
    void profilesWithoutThePlacementFunctionPrintTheRestOfTheTable() {
        CliRun run = CliRun.of("profiles", "--fake", "H100-80GB", "--compare", "--fake-missing",
                "nvmlDeviceGetGpuInstancePossiblePlacements_v2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("3g.40gb      9  0x2         3       40448   60").contains("matches the catalog");
        assertThat(run.out().lines().filter(l -> l.startsWith("1g.10gb ")).findFirst().orElseThrow()).endsWith("?");
        assertThat(run.err().strip().lines().toList()).containsExactly(WARNING
                + "nvmlDeviceGetGpuInstancePossiblePlacements_v2 (FUNCTION_NOT_FOUND); what it reports is shown as"
                + " unknown (null in JSON)");
        JsonNode doc = CliRun.of("profiles", "--fake", "H100-80GB", "--json", "--fake-missing",
                "nvmlDeviceGetGpuInstancePossiblePlacements_v2").json();
        assertThat(doc.get(0).get("profiles").get(0).get("placements").isNull()).isTrue();
        assertThat(doc.get(0).get("profiles").get(0).get("maxInstances").intValue()).isEqualTo(7);
    }

    @Test
    void inventoryMarksWhatTheDriverDoesNotAnswerAsUnknownAndWarnsOncePerFunction() {
        CliRun run = CliRun.of("inventory", "--fake", "H100-80GBx2", "--mig", "on", "--fake-missing",
                "nvmlSystemGetCudaDriverVersion_v2,nvmlDeviceGetArchitecture");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CUDA unknown").contains("GPU 1: NVIDIA H100 80GB HBM3").contains("Unknown");
        assertThat(run.err().strip().lines()).hasSize(2).allMatch(l -> l.startsWith(WARNING));
        JsonNode doc = CliRun.of("inventory", "--fake", "H100-80GB", "--json", "--fake-missing",
                "nvmlSystemGetCudaDriverVersion_v2").json();
        assertThat(doc.get("cudaDriverVersion").isNull()).isTrue();
        assertThat(doc.get("gpus").get(0).get("uuid").stringValue()).startsWith("GPU-");
    }

    @Test
    void doctorOnADriverWithoutOptionalFunctionsStillPasses() {
        CliRun run = CliRun.of("doctor", "--fake", "A100-80GB", "--fake-missing",
                "nvmlDeviceGetNumaNodeId,nvmlGpuInstanceGetComputeInstancePossiblePlacements");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains(" 0 failed");
    }

    @Test
    void anUnknownFunctionNameIsBadInput() {
        CliRun run = CliRun.of("inventory", "--fake", "H100-80GB", "--fake-missing", "nvmlNoSuchThing");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mig4j: --fake-missing: unknown NVML function 'nvmlNoSuchThing'");
    }

    /** The C double built as an older driver (by sdk-nvml's test phase, where gcc is installed). */
    @Test
    void theOldDriverBuildOfTheCDoubleGivesAnInventoryAndProfilesWithExitCode0() {
        Path old = NvmlDoubles.require(NvmlDoubles.OLD_DRIVER);
        CliRun inventory = CliRun.of("inventory", "--nvml-library", old.toString(), "--backend", "jna", "--json");
        assertThat(inventory.exitCode()).as(inventory.toString()).isZero();
        assertThat(inventory.json().get("cudaDriverVersion").isNull()).isTrue();
        assertThat(inventory.json().get("gpus").get(0).get("gpuInstances").size()).isEqualTo(1);
        assertThat(inventory.err()).contains(WARNING + "nvmlSystemGetCudaDriverVersion_v2 (FUNCTION_NOT_FOUND)");
        CliRun profiles = CliRun.of("profiles", "--nvml", "--nvml-library", old.toString(), "--backend", "jna",
                "--ci", "--compare");
        assertThat(profiles.exitCode()).as(profiles.toString()).isZero();
        assertThat(profiles.out()).contains("GPU 1: NVIDIA A100-SXM4-40GB").contains("matches the catalog");
        // the rest of the table: every profile of the product, with NVML's placements and free count by profile ID
        assertThat(profiles.out().lines().filter(l -> l.startsWith("3g.40gb ")).toList()).singleElement()
                .asString().matches("3g\\.40gb +9 +0x2 +\\? .* 1 +\\{0,4\\}:4");
        assertThat(profiles.out().lines().filter(l -> l.startsWith("1g.5gb ")).toList()).singleElement()
                .asString().endsWith("{0,1,2,3,4,5,6}:1");
        // the compute instance profiles of the existing 3g.40gb instance, without their placements
        assertThat(profiles.out().lines().filter(l -> l.contains("1c.3g.40gb")).toList()).singleElement()
                .asString().endsWith("?");
        // each missing function named once on stderr, nothing else there
        assertThat(profiles.err().strip().lines().toList()).containsExactlyInAnyOrder(
                WARNING + "nvmlDeviceGetGpuInstanceProfileInfoV (FUNCTION_NOT_FOUND); what it reports is shown as"
                        + " unknown (null in JSON)",
                WARNING + "nvmlGpuInstanceGetComputeInstancePossiblePlacements (FUNCTION_NOT_FOUND); what it reports"
                        + " is shown as unknown (null in JSON)");
        JsonNode json = CliRun.of("profiles", "--nvml-library", old.toString(), "--backend", "jna", "--json").json();
        JsonNode threeG = json.get(0).get("profiles").get(2);
        assertThat(threeG.get("name").stringValue()).isEqualTo("3g.40gb");
        assertThat(threeG.get("memoryMiB").isNull()).isTrue();
        assertThat(threeG.get("placements").size()).isEqualTo(2);
        assertThat(threeG.get("verified").booleanValue()).isFalse();
    }
}
