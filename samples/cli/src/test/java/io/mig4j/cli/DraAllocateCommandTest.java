package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code mig4j dra allocate}: inputs, outputs and exit codes as issue 8 specifies them. */
class DraAllocateCommandTest {
    @TempDir
    Path dir;

    private static final String SLICES = """
            apiVersion: resource.k8s.io/v1
            kind: ResourceSlice
            metadata: {name: node-b-gpu}
            spec:
              driver: gpu.nvidia.com
              nodeName: node-b
              pool: {name: node-b, generation: 1, resourceSliceCount: 1}
              devices:
              - name: gpu-0-mig-1g10gb-19-0
                attributes:
                  type: {string: mig}
                  profile: {string: 1g.10gb}
                  parentUUID: {string: GPU-b}
                capacity:
                  memory: {value: 9856Mi}
            ---
            apiVersion: resource.k8s.io/v1
            kind: ResourceSlice
            metadata: {name: node-a-gpu}
            spec:
              driver: gpu.nvidia.com
              nodeName: node-a
              pool: {name: node-a, generation: 1, resourceSliceCount: 1}
              devices:
              - name: gpu-0-mig-3g40gb-9-4
                attributes:
                  type: {string: mig}
                  profile: {string: 3g.40gb}
                  parentUUID: {string: GPU-a}
                capacity:
                  memory: {value: 40192Mi}
              - name: gpu-0-mig-1g10gb-19-0
                attributes:
                  type: {string: mig}
                  profile: {string: 1g.10gb}
                  parentUUID: {string: GPU-a}
                capacity:
                  memory: {value: 9856Mi}
            """;

    private static final String CLASSES = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: resource.k8s.io/v1
              kind: DeviceClass
              metadata: {name: mig.nvidia.com}
              spec:
                selectors:
                - cel: {expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'"}
            """;

    private static String claim(String name, String profile) {
        return """
                apiVersion: resource.k8s.io/v1
                kind: ResourceClaim
                metadata: {name: %s, namespace: default}
                spec:
                  devices:
                    requests:
                    - name: mig
                      exactly:
                        deviceClassName: mig.nvidia.com
                        selectors:
                        - cel: {expression: "device.attributes['gpu.nvidia.com'].profile == '%s'"}
                """.formatted(name, profile);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private CliRun allocate(String claims, String... more) throws IOException {
        String[] base = {"dra", "allocate", "--slices", write("slices.yaml", SLICES).toString(), "--classes",
                write("classes.yaml", CLASSES).toString(), "--claims", write("claims.yaml", claims).toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void allocatesClaimsInOrderOnTheFirstNodeByName() throws IOException {
        CliRun run = allocate(claim("a", "1g.10gb") + "---\n" + claim("b", "1g.10gb") + "---\n"
                + claim("c", "3g.40gb"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("default/a: allocated on node node-a", "default/b: allocated on node node-b",
                "default/c: allocated on node node-a", "mig      gpu.nvidia.com  node-a  gpu-0-mig-1g10gb-19-0");
    }

    @Test
    void jsonHasTheAllocationAsKubernetesStoresIt() throws IOException {
        CliRun run = allocate(claim("a", "3g.40gb"), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = JsonMapper.shared().readTree(run.out());
        JsonNode c = doc.get("claims").get(0);
        assertThat(c.get("name").stringValue()).isEqualTo("a");
        assertThat(c.get("node").stringValue()).isEqualTo("node-a");
        JsonNode result = c.get("allocation").get("devices").get("results").get(0);
        assertThat(result.get("request").stringValue()).isEqualTo("mig");
        assertThat(result.get("driver").stringValue()).isEqualTo("gpu.nvidia.com");
        assertThat(result.get("pool").stringValue()).isEqualTo("node-a");
        assertThat(result.get("device").stringValue()).isEqualTo("gpu-0-mig-3g40gb-9-4");
        JsonNode term = c.get("allocation").get("nodeSelector").get("nodeSelectorTerms").get(0);
        assertThat(term.get("matchFields").get(0).get("key").stringValue()).isEqualTo("metadata.name");
        assertThat(term.get("matchFields").get(0).get("values").get(0).stringValue()).isEqualTo("node-a");
    }

    @Test
    void aClaimThatDoesNotFitExitsOneWithTheReason() throws IOException {
        CliRun run = allocate(claim("big", "7g.80gb"), "--explain");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("default/big: not allocated",
                "Claim default/big, request mig: on node node-a, device class mig.nvidia.com matches 2 of the 2"
                        + " devices, but the request's selectors match none of them.",
                "on node node-b");
        CliRun brief = allocate(claim("big", "7g.80gb"));
        assertThat(brief.out()).contains("request mig: requestSelectorMatchesNothing");
    }

    @Test
    void allocatedClaimsCountAsInUseAndNodeRestricts() throws IOException {
        String taken = """
                apiVersion: resource.k8s.io/v1
                kind: ResourceClaim
                metadata: {name: old, namespace: prod}
                spec: {devices: {requests: [{name: mig, exactly: {deviceClassName: mig.nvidia.com}}]}}
                status:
                  allocation:
                    devices:
                      results:
                      - {request: mig, driver: gpu.nvidia.com, pool: node-b, device: gpu-0-mig-1g10gb-19-0}
                """;
        Path allocated = write("allocated.yaml", taken);
        CliRun run = allocate(claim("a", "1g.10gb"), "--allocated", allocated.toString(), "--node", "node-b",
                "--json", "--explain");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode c = JsonMapper.shared().readTree(run.out()).get("claims").get(0);
        assertThat(c.get("allocated").booleanValue()).isFalse();
        JsonNode finding = c.get("explanation").get("claims").get(0).get("requests").get(0);
        assertThat(finding.get("reason").stringValue()).isEqualTo("allocated");
        assertThat(finding.get("text").stringValue()).contains("gpu-0-mig-1g10gb-19-0 (prod/old)");
    }

    @Test
    void invalidCelIsBadInputWithTheCompileError() throws IOException {
        CliRun run = allocate(claim("a", "1g.10gb").replace("device.attributes['gpu.nvidia.com'].profile ==",
                "device.attributes['gpu.nvidia.com'].profile >= quantity('1') &&"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mig4j: ").contains("ResourceClaim default/a:",
                "spec.devices.requests[0].exactly.selectors[0].cel.expression: Invalid value:",
                "compilation failed: ERROR: <input>:1:45: found no matching overload for '_>=_'")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void validateReportsTheSameCompileErrorThroughTheCelCheckerSeam() throws IOException {
        Path claims = write("claims.yaml", claim("a", "1g.10gb").replace(
                "device.attributes['gpu.nvidia.com'].profile ==",
                "device.attributes['gpu.nvidia.com'].profile >= quantity('1') &&"));
        CliRun run = CliRun.of("dra", "validate", "-f", claims.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("spec.devices.requests[0].exactly.selectors[0].cel.expression",
                "compilation failed: ERROR: <input>:1:45: found no matching overload for '_>=_'");
    }

    @Test
    void badFilesAreBadInput() throws IOException {
        CliRun missing = CliRun.of("dra", "allocate", "--slices", dir.resolve("nope.yaml").toString(), "--classes",
                "x", "--claims", "y");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        CliRun unknownField = allocate(claim("a", "1g.10gb").replace("devices:", "devices:\n    bogus: 1"));
        assertThat(unknownField.exitCode()).isEqualTo(2);
        assertThat(unknownField.err()).contains("ResourceClaim default/a", "bogus");
        CliRun wrongKind = allocate(CLASSES);
        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("expected a ResourceClaim");
        CliRun noOption = CliRun.of("dra", "allocate", "--slices", "x");
        assertThat(noOption.exitCode()).isEqualTo(2);
    }

    /** NVIDIA's dynamic MIG slices of an A100 (sdk-dra's generator), generateName only: 7 x 1g, the 8th fails. */
    @Test
    void dynamicMigSlicesFromTheGenerator() throws IOException {
        var product = ProductCatalog.builtIn().require("A100-80GB");
        GpuInventory gpu = GpuInventory.builder().index(0).minor(0).uuid("GPU-aaaa").name(product.variants().get(0)
                .name()).brand(product.brand()).architecture(product.architecture())
                .cudaComputeCapability(product.computeCapability()).pciBusId("00000000:07:00.0")
                .pciDeviceId(product.variants().get(0).pciDeviceId()).numaNode(0).product(product.alias())
                .memoryMiB(product.memoryMiB()).migMode(MigMode.ENABLED).gpuInstances(List.of()).build();
        var slices = NvidiaResourceSlices.generate(new Inventory("580.95.05", "13.580.95.05", "13.0", List.of(gpu)),
                SliceOptions.forNode("gpu-node-1").withMode(SliceOptions.Mode.DYNAMIC_MIG));
        StringBuilder yaml = new StringBuilder();
        YAMLMapper mapper = YAMLMapper.builder().build();
        for (var s : slices) {
            yaml.append(mapper.writeValueAsString(s)).append("\n");
        }
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            claims.append(claim("job-" + i, "1g.10gb")).append("---\n");
        }
        CliRun run = CliRun.of("dra", "allocate", "--slices", write("dyn.yaml", yaml.toString()).toString(),
                "--classes", write("classes.yaml", CLASSES).toString(), "--claims",
                write("jobs.yaml", claims.toString()).toString(), "--explain");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        for (int i = 0; i < 7; i++) {
            assertThat(run.out()).contains("default/job-" + i + ": allocated on node gpu-node-1",
                    "gpu-0-mig-1g10gb-19-" + i);
        }
        assertThat(run.out()).contains("default/job-7: not allocated", "7 allocated: gpu-0-mig-1g10gb-19-0"
                + " (default/job-0)");
    }
}
