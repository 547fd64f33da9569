package io.mig4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.ProfileName;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.layout.LayoutEnumerator;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.api.migparted.MigPartedValidation;
import io.mig4j.api.migparted.MigPartedValidator;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.Manifests;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.AllocationException;
import io.mig4j.dra.allocation.Allocator;
import io.mig4j.dra.allocation.Explainer;
import io.mig4j.dra.allocation.ResourceSnapshot;
import io.mig4j.dra.cel.CompilationResult;
import io.mig4j.dra.cel.DeviceSelectorCompiler;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.ValidationReport;
import io.mig4j.nvml.GpuTarget;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MutationNotAllowedException;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.testkit.nvml.Fault;
import io.mig4j.testkit.nvml.FakeNvml;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/mig-model.md, docs/nvml.md and docs/dra.md: each guide's Java block is a copy of a region
 * here ({@code DocsSnippetsTest} compares them), and each region runs with assertions on what the guide says.
 */
class GuideExamplesTest {

    @Test
    void catalog() {
        // snippet:catalog
        ProductCatalog catalog = ProductCatalog.builtIn();
        GpuProduct h100 = catalog.require("H100-80GB");           // alias, NVML name or PCI id ("0x2330")
        GpuInstanceProfile threeG = h100.profile("3g.40gb");        // by name, or by profile ID ("9")
        // profile ID 9, 3 compute slices, 40448 MiB, placements {0,4}:4 (in memory slices)
        String summary = threeG.name() + " ID " + threeG.id() + ", " + threeG.slices() + " slices, "
                + threeG.memoryMiB() + " MiB, placements " + threeG.placements();
        ProfileName name = ProfileName.parse("1g.10gb+me");        // a GI profile with the media extension
        // end-snippet:catalog
        assertThat(threeG.id()).isEqualTo(9);
        assertThat(threeG.slices()).isEqualTo(3);
        assertThat(threeG.memoryMiB()).isEqualTo(40448);
        assertThat(threeG.placements()).extracting(p -> p.start() + ":" + p.size()).containsExactly("0:4", "4:4");
        assertThat(summary).startsWith("3g.40gb ID 9, 3 slices, 40448 MiB, placements ");
        assertThat(name.toString()).isEqualTo("1g.10gb+me");
        assertThat(catalog.find("0x2330")).contains(h100);
    }

    @Test
    void layouts() {
        // snippet:layouts
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        // place a layout as the driver would: largest first, pinned placements kept
        List<RequestedInstance> wanted = RequestedInstance.parseList(h100, "3g.40gb,2g.20gb,1g.10gb,1g.10gb");
        PlacementResult placed = LayoutSolver.solve(h100, wanted);
        MigLayout layout = placed.layout().orElseThrow();           // 3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3
        String slices = layout.sliceMap();                           // which instance holds each memory slice

        // a layout that does not fit says why
        PlacementResult tooMuch = LayoutSolver.solve(h100, RequestedInstance.parseList(h100, "4g.40gb,4g.40gb"));

        // every maximal layout of a product (nothing more fits)
        long maximal = LayoutEnumerator.of(h100).count(true);
        // end-snippet:layouts
        assertThat(layout.toString()).isEqualTo("3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3");
        assertThat(slices).isEqualTo("2 2 3 4 1 1 1 1");
        assertThat(tooMuch.isPlaced()).isFalse();
        assertThat(tooMuch.violations()).isNotEmpty();
        assertThat(maximal).isPositive();
    }

    @Test
    void migParted() {
        // snippet:mig-parted
        MigPartedConfig config = MigPartedConfig.parse("""
                version: v1
                mig-configs:
                  all-3g:
                    - devices: all
                      mig-enabled: true
                      mig-devices:
                        "3g.40gb": 3
                """);
        MigPartedValidation check = MigPartedValidator.builtIn()
                .validate(config, ProductCatalog.builtIn().require("H100-80GB"));
        // three 3g.40gb need 12 memory slices; an H100 has 8 (and allows two 3g instances)
        check.errors().forEach(problem -> System.out.println(problem));
        // end-snippet:mig-parted
        assertThat(check.hasErrors()).isTrue();
        assertThat(check.errors().toString()).contains("3g.40gb");
    }

    // snippet:read-only
    /** What a node has, read-only: works on the real driver's NVML and on FakeNvml alike. */
    static Inventory readNode(Nvml nvml) {
        nvml.init();
        MigManager manager = MigManager.builder(nvml).build();     // no allowMutations(true): read-only
        return manager.inventory();
    }
    // end-snippet:read-only

    @Test
    void readOnlyManagersRefuseChanges() {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 1).build()) {
            assertThat(readNode(nvml).gpus()).singleElement()
                    .satisfies(g -> assertThat(g.product()).isEqualTo("H100-80GB"));
            // snippet:mutation-guard
            MigManager readOnly = MigManager.builder(nvml).build();
            // planning is reading: allowed
            GpuProduct h100 = readOnly.product(0);
            List<GpuTarget> targets = List.of(GpuTarget.of(0, RequestedInstance.copies(h100.profile("1g.10gb"), 7)));
            // applying would change the GPU: refused before any NVML call is made
            assertThatThrownBy(() -> readOnly.apply(readOnly.plan(targets), false))
                    .isInstanceOf(MutationNotAllowedException.class);
            // end-snippet:mutation-guard
            nvml.assertNoMutatingCalls();
        }
    }

    @Test
    void faults() {
        // snippet:faults
        try (FakeNvml nvml = FakeNvml.builder().gpus("A100-80GB", 1).migEnabled(true).build()) {
            nvml.init();
            // the next nvmlDeviceCreateGpuInstanceWithPlacement fails as a GPU whose slices are taken answers
            nvml.enqueue(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT,
                    Fault.returns(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
            MigManager manager = MigManager.builder(nvml).allowMutations(true).build();
            GpuProduct a100 = manager.product(0);
            assertThatThrownBy(() -> manager.createGpuInstance(0, a100.profile("1g.10gb"),
                    a100.profile("1g.10gb").placementAt(0).orElseThrow()))
                    .isInstanceOf(NvmlException.class)
                    .satisfies(e -> assertThat(((NvmlException) e).result())
                            .isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
            assertThat(nvml.calls(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT)).hasSize(1);   // the call journal
        }
        // end-snippet:faults
    }

    @Test
    void draBuilders() {
        // snippet:dra-builders
        List<DeviceClass> classes = DeviceClasses.nvidiaDefaults();        // gpu.nvidia.com, mig.nvidia.com, ...
        DeviceClass perProfile = DeviceClasses.migProfile("1g.10gb");     // one class per profile, if you want them
        ResourceClaim small = DeviceClaims.profile("1g.10gb").claim("inference", "mig-small");
        ResourceClaim atLeast = DeviceClaims.memoryAtLeast("mig.nvidia.com", Quantity.parse("15Gi"))
                .claim("inference", "auto-mig");                          // capacity selector, not an attribute
        ResourceClaim fallback = DeviceClaims.firstAvailable("1g.10gb", "2g.20gb").claim("inference", "flexible");
        String yaml = Manifests.toYaml(List.of(perProfile, small, atLeast, fallback));
        // end-snippet:dra-builders
        assertThat(classes).extracting(c -> c.getMetadata().getName()).contains("gpu.nvidia.com", "mig.nvidia.com");
        assertThat(yaml).contains("kind: ResourceClaim").contains("deviceClassName: mig.nvidia.com")
                .contains("device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('15Gi')) >= 0")
                .contains("firstAvailable");
    }

    @Test
    void validation() {
        // snippet:validation
        // the recipe's selector: an attribute that NVIDIA's driver does not publish, and >= between quantities
        DeviceClass recipe = DeviceClasses.builder("mig-auto").selector(io.mig4j.dra.Selectors.cel(
                "device.attributes[\"nvidia.com/gpu-memory\"].quantity >= quantity(\"10Gi\")")).build();
        ValidationReport report = DraValidator.builder()
                .celChecker(io.mig4j.dra.cel.KubernetesCelChecker.create()).build()
                .validate(recipe);
        report.errors().forEach(System.out::println);   // spec.selectors[0].cel.expression: Invalid value: ...

        CompilationResult compiled = DeviceSelectorCompiler.storedExpressions()
                .compile("device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('10Gi')) >= 0");
        // end-snippet:validation
        assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e.toString())
                .startsWith("spec.selectors[0].cel.expression: Invalid value: "));
        assertThat(compiled.isValid()).as(compiled.toString()).isTrue();
    }

    @Test
    void allocation() throws AllocationException {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 1).resetOnMigModeChange(true).build()) {
            nvml.init();
            MigManager manager = MigManager.builder(nvml).allowMutations(true).build();
            GpuProduct h100 = manager.product(0);
            manager.apply(List.of(GpuTarget.of(0, RequestedInstance.parseList(h100, "3g.40gb,2g.20gb,1g.10gb,1g.10gb"))),
                    false);
            Inventory inventory = manager.inventory();
            // snippet:allocation
            List<ResourceSlice> slices = NvidiaResourceSlices.generate(inventory, SliceOptions.forNode("node-1"));
            Node node = new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build();
            Allocator allocator = Allocator.builder(ResourceSnapshot.of(slices, DeviceClasses.nvidiaDefaults())).build();

            ResourceClaim large = DeviceClaims.profile("4g.40gb").claim("default", "large");
            Optional<List<AllocationResult>> result = allocator.allocate(node, List.of(large));
            if (result.isEmpty()) {
                // why not, per request and device, as the scheduler's FailedScheduling event would say it
                System.out.println(Explainer.explain(allocator, node, List.of(large)).toText());
            }
            // end-snippet:allocation
            assertThat(result).isEmpty();
            assertThat(Explainer.explain(allocator, node, List.of(large)).toText()).contains("default/large");
            ResourceClaim small = DeviceClaims.profile("1g.10gb").claim("default", "small");
            assertThat(allocator.allocate(node, List.of(small))).isPresent();
        }
    }

    @Test
    void dynamicMig() {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 1).migEnabled(true).build()) {
            nvml.init();
            Inventory inventory = MigManager.builder(nvml).build().inventory();
            // snippet:dynamic-mig
            // every profile x placement as a device that consumes the GPU's counters (KEP-4815, NVIDIA's DynamicMIG)
            List<ResourceSlice> slices = NvidiaResourceSlices.generate(inventory,
                    SliceOptions.forNode("node-1").withMode(SliceOptions.Mode.DYNAMIC_MIG));
            // end-snippet:dynamic-mig
            // Kubernetes 1.35+: the counters slice first, then one slice of devices per GPU
            assertThat(slices).hasSize(2);
            assertThat(slices.get(0).getSpec().getSharedCounters()).isNotEmpty();
            assertThat(slices.get(1).getSpec().getDevices()).extracting(d -> d.getName())
                    .anyMatch(n -> n.startsWith("gpu-0-mig-1g10gb-19-")).anyMatch(n -> n.startsWith("gpu-0-mig-3g40gb-9-"));
        }
    }
}
