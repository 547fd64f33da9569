package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CatalogCommandsTest {
    private static JsonNode json(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JsonMapper.shared().readTree(run.out());
    }

    @Test
    void profilesJsonHasTheContractFieldsWithHardwareValues() {
        JsonNode rows = json(CliRun.of("profiles", "--gpu", "H100-80GB", "--json"));
        assertThat(rows.size()).isEqualTo(7);
        JsonNode first = rows.get(0);
        assertThat(first.propertyNames()).contains("name", "index", "id", "slices", "memoryMiB", "multiprocessors",
                "copyEngines", "decoders", "encoders", "jpegEngines", "ofaEngines", "maxInstances", "placements",
                "verified");
        assertThat(first.get("name").stringValue()).isEqualTo("1g.10gb");
        assertThat(first.get("id").intValue()).isEqualTo(19);
        assertThat(first.get("memoryMiB").intValue()).isEqualTo(9984);
        assertThat(first.get("placements").size()).isEqualTo(7);
        assertThat(first.get("placements").get(6).get("start").intValue()).isEqualTo(6);
        assertThat(first.get("verified").booleanValue()).isTrue();
    }

    @Test
    void driverVariantsAreShownInTextAndJson() {
        CliRun text = CliRun.of("profiles", "--gpu", "A100-80GB");
        assertThat(text.out()).contains("driver variant: 1g.10gb memoryMiB is 9728 or 9984 depending on the driver");
        JsonNode rows = json(CliRun.of("profiles", "--gpu", "A100-80GB", "--json"));
        assertThat(rows.get(0).get("driverVariants").get(0).get("values").toString()).isEqualTo("[9728,9984]");
        assertThat(rows.get(2).get("driverVariants").size()).isZero();
    }

    @Test
    void documentedProductsAreNotMarkedVerified() {
        JsonNode rows = json(CliRun.of("profiles", "--gpu", "0x2901", "--json"));
        assertThat(rows.findValues("verified")).allMatch(v -> !v.booleanValue());
    }

    @Test
    void computeInstanceProfilesArePrintedPerGpuInstanceProfile() {
        JsonNode rows = json(CliRun.of("profiles", "--gpu", "A100-80GB", "--ci", "--json"));
        assertThat(rows.findValuesAsString("name")).contains("1c.3g.40gb", "2c.3g.40gb", "3g.40gb", "1c.7g.80gb");
        CliRun text = CliRun.of("profiles", "--gpu", "A100-80GB", "--ci");
        assertThat(text.out()).contains("1c.3g.40gb").contains("CI_PROFILE");
    }

    @Test
    void productsListsEveryCatalogEntry() {
        JsonNode products = json(CliRun.of("products", "--json"));
        assertThat(products.findValuesAsString("alias")).contains("A30-24GB", "A100-40GB", "A100-80GB", "H100-80GB",
                "H100-NVL-94GB", "H100-96GB", "GH200-144GB", "H200-141GB", "B200", "GB200", "RTX-PRO-6000");
        assertThat(CliRun.of("products").out()).contains("NVIDIA H200 NVL").contains("hardware-verified");
    }

    @Test
    void validatePlacesTheOpenInstances() {
        CliRun run = CliRun.of("validate", "--gpu", "H100-80GB", "3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("valid on H100-80GB: 3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3");
    }

    @Test
    void validateReportsAnInvalidLayoutWithExitCode1() {
        CliRun run = CliRun.of("validate", "--gpu", "A100-80GB", "--json", "9,9,9,9,9,9,9");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode doc = JsonMapper.shared().readTree(run.out());
        assertThat(doc.get("valid").booleanValue()).isFalse();
        assertThat(doc.get("violations").findValuesAsString("rule")).contains("INSTANCE_LIMIT", "CAPACITY");
    }

    @Test
    void validateNamesBothInstancesOfAnOverlap() {
        CliRun run = CliRun.of("validate", "--gpu", "H100-80GB", "4g.40gb@0,2g.20gb@2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("OVERLAP").contains("#1 4g.40gb@0").contains("#2 2g.20gb@2");
    }

    @Test
    void layoutsCountsTheMaximalLayoutsOfTheClassicA100Profiles() {
        CliRun run = CliRun.of("layouts", "--gpu", "A100-40GB", "--maximal", "--count", "--profiles",
                "1g.5gb,2g.10gb,3g.20gb,4g.20gb,7g.40gb");
        assertThat(run.out().strip()).isEqualTo("19");
        JsonNode doc = json(CliRun.of("layouts", "--gpu", "A100-40GB", "--maximal", "--json"));
        assertThat(doc.get("count").intValue()).isEqualTo(doc.get("layouts").size()).isEqualTo(239);
    }

    @Test
    void layoutsWithAnEmptyProfileListIsBadInput() {
        CliRun run = CliRun.of("layouts", "--product", "H100-80GB", "--profiles", ",");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("mig4j: --profiles: no profile given; expected names or IDs,"
                + " comma-separated, e.g. 1g.10gb,2g.20gb");
    }

    @Test
    void migPartedValidateChecksTheExampleFile() {
        CliRun run = CliRun.of("mig-parted", "validate", "../configs/mig-parted-example.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("training-optimized: ok").contains("4g.40gb@0,3g.40gb@4");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "profiles --gpu nosuchgpu",
        "profiles --gpu 0xZZ",
        "profiles --nope",
        "products --gpu H100-80GB",
        "validate --gpu H100-80GB",
        "validate --gpu H100-80GB 3g.40gb@x",
        "validate --gpu H100-80GB 1g.10gb+xx",
        "validate --gpu H100-80GB 3g",
        "validate --gpu H100-80GB 0g.10gb",
        "validate --gpu H100-80GB 1g.10gb,,1g.10gb",
        "validate --gpu H100-80GB 1g.5gb",
        "validate --gpu H100-80GB 99",
        "validate --gpu H100-80GB 8c.7g.80gb",
        "validate --gpu nosuchgpu 1g.10gb",
        "layouts --gpu H100-80GB --profiles 1g.5gb",
        "layouts",
        "mig-parted validate /no/such/file.yaml",
        "mig-parted validate ../configs/mig-parted-example.yaml -c nosuchconfig",
        "mig-parted",
        "nosuchcommand",
    })
    void badInputIsOneLineOnStderrWithExitCode2(String args) {
        CliRun run = CliRun.of(args.split(" "));
        assertThat(run.exitCode()).as(args + " -> " + run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("mig4j: ").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badYamlIsReportedWithItsPosition() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("bad", ".yaml");
        java.nio.file.Files.writeString(f, "version: v1\nmig-configs:\n  x: [\n");
        CliRun run = CliRun.of("mig-parted", "validate", f.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(f.toString()).contains("line");
        assertThat(List.of(run.err().strip().split("\n"))).hasSize(1);
    }
}
