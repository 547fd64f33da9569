package io.mig4j.dra.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MIG layouts with known answers, on ResourceSlices as NVIDIA's DRA driver publishes them (sdk-dra's
 * {@link NvidiaResourceSlices}): static MIG (devices for the instances that exist) and dynamic MIG (every
 * profile × placement as a device consuming the GPU's counters, Kubernetes 1.35+ layout), with the
 * {@code mig.nvidia.com} class of NVIDIA's chart.
 */
class MigScenariosTest {
    private static final String NODE = "gpu-node-1";
    private static final String A100 = "A100-80GB";
    private static final Node GPU_NODE = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build();
    private static final List<DeviceClass> CLASSES = DeviceClasses.nvidiaDefaults();

    // ------------------------------------------------------------------------------------------ inventories

    static GpuInventory gpu(String alias, int i, MigMode mode, List<GpuInstanceInfo> instances) {
        GpuProduct p = ProductCatalog.builtIn().require(alias);
        return GpuInventory.builder().index(i).minor(i)
                .uuid(String.format("GPU-%08x-0000-4000-8000-%012x", 0xa100, i))
                .name(p.variants().get(0).name()).brand(p.brand()).architecture(p.architecture())
                .cudaComputeCapability(p.computeCapability())
                .pciBusId(String.format("00000000:%02X:00.0", 0x07 + 0x10 * i))
                .pciDeviceId(p.variants().get(0).pciDeviceId()).numaNode(0).product(p.alias())
                .memoryMiB(p.memoryMiB()).migMode(mode).gpuInstances(instances).build();
    }

    /** A GPU with MIG enabled and the given instances ({@code profile@start}). */
    static GpuInventory partitioned(String alias, int i, String... profileAtStart) {
        GpuProduct p = ProductCatalog.builtIn().require(alias);
        List<GpuInstanceInfo> gis = new ArrayList<>();
        int id = 1;
        for (String spec : profileAtStart) {
            String[] parts = spec.split("@");
            GpuInstanceProfile prof = p.profile(parts[0]);
            Placement placement = prof.placementAt(Integer.parseInt(parts[1])).orElseThrow();
            String uuid = String.format("MIG-%08x-0000-4000-8000-%012x", i, id);
            ComputeInstanceInfo ci = new ComputeInstanceInfo(0, prof.defaultComputeInstanceProfile().orElseThrow().id(),
                    prof.name().toString(), new Placement(0, prof.slices()), uuid);
            gis.add(new GpuInstanceInfo(id++, prof.id(), prof.name().toString(), placement, List.of(ci)));
        }
        return gpu(alias, i, MigMode.ENABLED, gis);
    }

    static Inventory inventory(GpuInventory... gpus) {
        return new Inventory("580.95.05", "13.580.95.05", "13.0", List.of(gpus));
    }

    static List<ResourceSlice> staticSlices(Inventory inventory) {
        return NvidiaResourceSlices.generate(inventory, SliceOptions.forNode(NODE));
    }

    static List<ResourceSlice> dynamicSlices(Inventory inventory) {
        return NvidiaResourceSlices.generate(inventory, SliceOptions.forNode(NODE)
                .withMode(SliceOptions.Mode.DYNAMIC_MIG));
    }

    // ------------------------------------------------------------------------------------------ claims

    static ResourceClaim claim(String name, DeviceRequest... requests) {
        ResourceClaim c = Fixtures.claimWithRequests(name, null, requests);
        c.getMetadata().setNamespace("default");
        return c;
    }

    static DeviceRequest profile(String request, String profile) {
        return Fixtures.request(request, "mig.nvidia.com", 1,
                Fixtures.cel("device.attributes[\"gpu.nvidia.com\"].profile == \"" + profile + "\""));
    }

    /** Allocates the claims one after the other, each seeing the earlier ones; null where one did not fit. */
    static List<AllocationResult> allocateInTurn(List<ResourceSlice> slices, List<ResourceClaim> claims,
            AllocatedState state) throws AllocationException {
        ResourceSnapshot snapshot = ResourceSnapshot.of(slices, CLASSES);
        List<AllocationResult> out = new ArrayList<>();
        for (ResourceClaim c : claims) {
            Optional<List<AllocationResult>> r = Allocator.builder(snapshot).allocatedState(state).build()
                    .allocate(GPU_NODE, List.of(c));
            if (r.isPresent()) {
                state.add(Names.claim(c), r.get().get(0));
                out.add(r.get().get(0));
            } else {
                out.add(null);
            }
        }
        return out;
    }

    static List<String> devices(AllocationResult r) {
        return r.getDevices().getResults().stream().map(DeviceRequestAllocationResult::getDevice).toList();
    }

    static Explanation explain(List<ResourceSlice> slices, AllocatedState state, ResourceClaim claim) {
        Allocator a = Allocator.builder(ResourceSnapshot.of(slices, CLASSES)).allocatedState(state).build();
        return Explainer.explain(a, GPU_NODE, List.of(claim));
    }

    // ------------------------------------------------------------------------------------------ 7 x 1g

    @Test
    void sevenOneGOnAnA100StaticAndTheEighthIsUnallocatable() throws Exception {
        List<ResourceSlice> slices = staticSlices(inventory(partitioned(A100, 0, "1g.10gb@0", "1g.10gb@1",
                "1g.10gb@2", "1g.10gb@3", "1g.10gb@4", "1g.10gb@5", "1g.10gb@6")));
        List<ResourceClaim> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(claim("job-" + i, profile("mig", "1g.10gb")));
        }
        AllocatedState state = new AllocatedState();
        List<AllocationResult> results = allocateInTurn(slices, claims, state);
        for (int i = 0; i < 7; i++) {
            assertThat(devices(results.get(i))).containsExactly("gpu-0-mig-1g10gb-19-" + i);
            assertThat(results.get(i).getNodeSelector().getNodeSelectorTerms().get(0).getMatchFields().get(0)
                    .getValues()).containsExactly(NODE);
        }
        assertThat(results.get(7)).isNull();
        Explanation why = explain(slices, state, claims.get(7));
        assertThat(why.claims().get(0).requests().get(0).reason()).isEqualTo(Explanation.Reason.ALLOCATED);
        assertThat(why.toText()).contains("Claim default/job-7, request mig: on node gpu-node-1",
                "match 7 devices, 0 of them free", "7 allocated: gpu-0-mig-1g10gb-19-0 (default/job-0)");
    }

    @Test
    void sevenOneGOnAnA100DynamicAndTheEighthIsUnallocatable() throws Exception {
        List<ResourceSlice> slices = dynamicSlices(inventory(gpu(A100, 0, MigMode.ENABLED, List.of())));
        List<ResourceClaim> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(claim("job-" + i, profile("mig", "1g.10gb")));
        }
        AllocatedState state = new AllocatedState();
        List<AllocationResult> results = allocateInTurn(slices, claims, state);
        for (int i = 0; i < 7; i++) {
            assertThat(devices(results.get(i))).containsExactly("gpu-0-mig-1g10gb-19-" + i);
        }
        assertThat(results.get(7)).isNull();
        // Any other profile is now blocked by the counters, e.g. the 1g.10gb+me at placement 0.
        Explanation other = explain(slices, state, claim("me", profile("mig", "1g.10gb+me")));
        assertThat(other.claims().get(0).requests().get(0).reason()).isEqualTo(
                Explanation.Reason.COUNTERS_EXHAUSTED);
        assertThat(other.toText()).contains("counter set gpu-0-counter-set is short for gpu-0-mig-1g10gb-me-20-0 (",
                "0 memory-slice-0 left, 1 needed", "consumed by allocated gpu-0-mig-1g10gb-19-0 (default/job-0)");
    }

    // ------------------------------------------------------------------------------------------ 7g blocked by 3g

    @Test
    void aSevenGIsBlockedByAnAllocatedThreeGDynamic() throws Exception {
        List<ResourceSlice> slices = dynamicSlices(inventory(gpu(A100, 0, MigMode.ENABLED, List.of())));
        AllocatedState state = new AllocatedState();
        List<AllocationResult> results = allocateInTurn(slices, List.of(
                claim("small", Fixtures.request("mig", "mig.nvidia.com", 1, Fixtures.cel(
                        "device.attributes[\"gpu.nvidia.com\"].profile == \"3g.40gb\"")))), state);
        assertThat(devices(results.get(0))).containsExactly("gpu-0-mig-3g40gb-9-0");
        ResourceClaim big = claim("big", profile("mig", "7g.80gb"));
        assertThat(allocateInTurn(slices, List.of(big), state).get(0)).isNull();
        Explanation why = explain(slices, state, big);
        assertThat(why.claims().get(0).requests().get(0).reason()).isEqualTo(Explanation.Reason.COUNTERS_EXHAUSTED);
        assertThat(why.toText()).contains("counter set gpu-0-counter-set is short for gpu-0-mig-7g80gb-0-0 (",
                "0 memory-slice-0 left, 1 needed", "0 memory-slice-3 left, 1 needed",
                "consumed by allocated gpu-0-mig-3g40gb-9-0 (default/small)");
        assertThat(why.toText()).doesNotContain("memory-slice-4 left");
        // The other half of the GPU still takes a second 3g.
        assertThat(devices(allocateInTurn(slices, List.of(claim("small-2", profile("mig", "3g.40gb"))), state)
                .get(0))).containsExactly("gpu-0-mig-3g40gb-9-4");
    }

    @Test
    void aSevenGIsBlockedByAnAllocatedThreeGStatic() throws Exception {
        // Static MIG publishes only the instances that exist: with a 3g at 0 and at 4 there is no 7g device.
        List<ResourceSlice> slices = staticSlices(inventory(partitioned(A100, 0, "3g.40gb@0", "3g.40gb@4")));
        AllocatedState state = new AllocatedState();
        allocateInTurn(slices, List.of(claim("small", profile("mig", "3g.40gb"))), state);
        ResourceClaim big = claim("big", profile("mig", "7g.80gb"));
        assertThat(allocateInTurn(slices, List.of(big), state).get(0)).isNull();
        Explanation why = explain(slices, state, big);
        assertThat(why.claims().get(0).requests().get(0).reason()).isEqualTo(
                Explanation.Reason.REQUEST_SELECTOR_MATCHES_NOTHING);
        assertThat(why.toText()).contains("device class mig.nvidia.com matches 2 of the 2 devices, but the request's"
                + " selectors match none of them");
    }

    // ------------------------------------------------------------------------------------------ same parent GPU

    @Test
    void twoOneGOnTheSameParentGpuStatic() throws Exception {
        // GPU 0 has one free 1g (the other is taken), GPU 1 has two: matchAttribute parentUUID must pick GPU 1.
        List<ResourceSlice> slices = staticSlices(inventory(partitioned(A100, 0, "1g.10gb@0", "1g.10gb@1"),
                partitioned(A100, 1, "1g.10gb@0", "1g.10gb@1")));
        AllocatedState state = new AllocatedState();
        allocateInTurn(slices, List.of(claim("other", profile("mig", "1g.10gb"))), state);
        ResourceClaim pair = Fixtures.claimWithRequests("pair", List.of(Fixtures.matchAttribute(
                "gpu.nvidia.com/parentUUID")), profile("a", "1g.10gb"), profile("b", "1g.10gb"));
        pair.getMetadata().setNamespace("default");
        AllocationResult r = allocateInTurn(slices, List.of(pair), state).get(0);
        assertThat(devices(r)).containsExactly("gpu-1-mig-1g10gb-19-0", "gpu-1-mig-1g10gb-19-1");
    }

    @Test
    void twoOneGOnTheSameParentGpuDynamic() throws Exception {
        // Dynamic MIG on two A100s; GPU 0 already runs a 4g and a 2g, leaving room for one 1g only.
        List<ResourceSlice> slices = dynamicSlices(inventory(gpu(A100, 0, MigMode.ENABLED, List.of()),
                gpu(A100, 1, MigMode.ENABLED, List.of())));
        AllocatedState state = new AllocatedState();
        allocateInTurn(slices, List.of(claim("four", profile("mig", "4g.40gb")),
                claim("two", profile("mig", "2g.20gb"))), state);
        ResourceClaim pair = Fixtures.claimWithRequests("pair", List.of(Fixtures.matchAttribute(
                "gpu.nvidia.com/parentUUID")), profile("a", "1g.10gb"), profile("b", "1g.10gb"));
        pair.getMetadata().setNamespace("default");
        AllocationResult r = allocateInTurn(slices, List.of(pair), state).get(0);
        assertThat(devices(r)).containsExactly("gpu-1-mig-1g10gb-19-0", "gpu-1-mig-1g10gb-19-1");
        // Without the constraint the two devices would split across GPUs.
        ResourceClaim loose = claim("loose", profile("a", "1g.10gb"), profile("b", "1g.10gb"));
        assertThat(devices(allocateInTurn(slices, List.of(loose), state).get(0)))
                .containsExactly("gpu-0-mig-1g10gb-19-6", "gpu-1-mig-1g10gb-19-2");
    }

    // ------------------------------------------------------------------------------------------ smallest >= 10Gi

    private static final String AT_LEAST_10GI =
            "device.capacity[\"gpu.nvidia.com\"].memory.compareTo(quantity(\"10Gi\")) >= 0";

    @Test
    void smallestProfileWithAtLeast10GiDynamic() throws Exception {
        // 1g.10gb has 9856Mi, less than 10Gi; the first device in name order with >= 10Gi is the 1g.20gb at 0.
        List<ResourceSlice> slices = dynamicSlices(inventory(gpu(A100, 0, MigMode.ENABLED, List.of())));
        ResourceClaim c = claim("ten", Fixtures.request("mig", "mig.nvidia.com", 1, Fixtures.cel(AT_LEAST_10GI)));
        assertThat(devices(allocateInTurn(slices, List.of(c), new AllocatedState()).get(0)))
                .containsExactly("gpu-0-mig-1g20gb-15-0");
    }

    @Test
    void smallestProfileWithAtLeast10GiStaticWithAPrioritizedList() throws Exception {
        // Explicit preference, smallest first: the 1g.10gb devices do not qualify, the 2g.20gb does.
        List<ResourceSlice> slices = staticSlices(inventory(partitioned(A100, 0, "1g.10gb@0", "1g.10gb@1",
                "2g.20gb@2", "3g.40gb@4")));
        DeviceRequest ranked = Fixtures.requestWithPrioritizedList("mig",
                Fixtures.subRequest("one-g", "mig.nvidia.com", 1, Fixtures.cel(AT_LEAST_10GI + " && "
                        + "device.attributes[\"gpu.nvidia.com\"].profile.startsWith(\"1g\")")),
                Fixtures.subRequest("two-g", "mig.nvidia.com", 1, Fixtures.cel(AT_LEAST_10GI + " && "
                        + "device.attributes[\"gpu.nvidia.com\"].profile.startsWith(\"2g\")")),
                Fixtures.subRequest("three-g", "mig.nvidia.com", 1, Fixtures.cel(AT_LEAST_10GI)));
        AllocatedState state = new AllocatedState();
        AllocationResult r = allocateInTurn(slices, List.of(claim("ten", ranked)), state).get(0);
        assertThat(r.getDevices().getResults()).singleElement().satisfies(d -> {
            assertThat(d.getRequest()).isEqualTo("mig/two-g");
            assertThat(d.getDevice()).isEqualTo("gpu-0-mig-2g20gb-14-2");
        });
        // The next claim of the same kind falls back to the 3g.
        AllocationResult next = allocateInTurn(slices, List.of(claim("ten-2", ranked)), state).get(0);
        assertThat(next.getDevices().getResults().get(0).getRequest()).isEqualTo("mig/three-g");
        assertThat(devices(next)).containsExactly("gpu-0-mig-3g40gb-9-4");
    }

    /** The recipe's "10Gi" selector excludes 1g.10gb (9856Mi) — a known trap (NVIDIA DRA driver publishes the profile's memory: github.com/NVIDIA/k8s-dra-driver-gpu). */
    @Test
    void oneGTenGbIsLessThanTenGi() throws Exception {
        List<ResourceSlice> slices = staticSlices(inventory(partitioned(A100, 0, "1g.10gb@0")));
        ResourceClaim c = claim("ten", Fixtures.request("mig", "mig.nvidia.com", 1, Fixtures.cel(AT_LEAST_10GI)));
        assertThat(allocateInTurn(slices, List.of(c), new AllocatedState()).get(0)).isNull();
        assertThat(explain(slices, new AllocatedState(), c).claims().get(0).requests().get(0).reason())
                .isEqualTo(Explanation.Reason.REQUEST_SELECTOR_MATCHES_NOTHING);
    }
}
