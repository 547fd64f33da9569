package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code mig4j apply}: JSON output, entries that match no GPU, counts a GPU cannot hold. */
class ApplyCommandTest {
    private static final String REQUESTS = ExitCodesTest.REQUESTS;

    @Test
    void jsonHasTheStructuredPlanTheExecutedStepsAndTheNodeAfterwards() {
        CliRun run = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "fits", "--apply", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = run.json();
        assertThat(doc.get("dryRun").booleanValue()).isFalse();
        assertThat(doc.get("complete").booleanValue()).isTrue();
        assertThat(doc.get("plan").findValuesAsString("action")).containsExactly("enable-mig", "create-gpu-instance",
                "create-compute-instance", "create-gpu-instance", "create-compute-instance");
        JsonNode create = doc.get("plan").get(1);
        assertThat(create.get("profile").stringValue()).isEqualTo("3g.40gb");
        assertThat(create.get("profileId").intValue()).isEqualTo(9);
        assertThat(create.get("placement").get("size").intValue()).isEqualTo(4);
        assertThat(doc.get("executed").size()).isEqualTo(5);
        assertThat(doc.get("inventory").get("gpus").get(0).get("gpuInstances").size()).isEqualTo(2);
    }

    @Test
    void aDryRunInJsonExecutesNothing() {
        JsonNode doc = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "fits", "--json").json();
        assertThat(doc.get("dryRun").booleanValue()).isTrue();
        assertThat(doc.get("executed").size()).isZero();
        assertThat(doc.get("plan").size()).isEqualTo(5);
        assertThat(doc.get("inventory").get("gpus").get(0).get("migMode").get("current").stringValue())
                .isEqualTo("DISABLED");
    }

    @Test
    void anEntryForGpusTheNodeLacksIsAWarningAndWithStrictAFailure() {
        CliRun lenient = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "devices-2-3");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.err().strip()).isEqualTo("mig4j: warning: config 'devices-2-3', device entry 2 (devices:"
                + " [2, 3]) matches no GPU of this node: it has 1 GPU(s), indexes 0 to 0");
        assertThat(lenient.out()).contains("create GPU instance 7g.80gb");
        CliRun strict = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "devices-2-3", "--strict",
                "--apply");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).isEmpty();
        assertThat(strict.err()).contains("(--strict)");
        JsonNode json = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "a100-only", "--json").json();
        assertThat(json.get("warnings").get(0).stringValue()).isEqualTo("config 'a100-only', device entry 1 (devices:"
                + " all, device-filter: 0x20B210DE) matches no GPU of this node: its GPUs are 0x233010DE");
    }

    @Test
    void twoBillionInstancesAreRejectedAtOnceWithOneLine() {
        CliRun run = CliRun.of("apply", "--fake", "H100-80GBx8", "-f", REQUESTS, "-c", "huge", "--apply");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("mig4j: config 'huge', device entry 1: GPU 0 (H100-80GB): 2147483647"
                + " instances of 1g.10gb requested but at most 7 can exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownProfileListsTheProductsProfilesInEveryCommand() {
        String h100Profiles = "1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb, 1g.10gb+me, 1g.20gb";
        CliRun apply = CliRun.of("apply", "--fake", "H100-80GB", "-f", REQUESTS, "-c", "unknown-profile");
        assertThat(apply.err()).contains("has no profile 1g.11gb (its profiles: " + h100Profiles + ")");
        CliRun validate = CliRun.of("mig-parted", "validate", REQUESTS, "-c", "unknown-profile", "--gpu", "H100-80GB");
        assertThat(validate.err()).contains("profile 1g.11gb does not exist on H100-80GB (its profiles: " + h100Profiles);
        CliRun anyProduct = CliRun.of("mig-parted", "validate", REQUESTS, "-c", "unknown-profile");
        assertThat(anyProduct.err()).contains("similar profiles in the catalog: ").contains("1g.10gb on ")
                .doesNotContain("known products");
    }
}
