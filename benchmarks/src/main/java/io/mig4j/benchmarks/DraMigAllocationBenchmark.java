package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.allocation.AllocatedState;
import io.mig4j.dra.allocation.AllocationException;
import io.mig4j.dra.allocation.Allocator;
import io.mig4j.dra.allocation.ResourceSnapshot;
import io.mig4j.dra.cel.SelectorCache;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The DRA allocator on dynamic MIG: 100 nodes with 8 H100-80GB each, published as NVIDIA's DRA driver does with
 * dynamic MIG (every profile at every placement a partitionable device consuming its GPU's shared counters, the
 * Kubernetes 1.35+ layout; 26 devices per GPU, 208 per node), class {@code mig.nvidia.com} of NVIDIA's chart, and
 * 1600 one-device claims cycling through 1g.10gb, 2g.20gb and 3g.40gb (selector on the {@code profile} attribute),
 * allocated one after the other in kube-scheduler's node order, each on the first node where it fits, against the
 * growing allocated set (about 57% of the compute slices in use at the end). Score: claims per second.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DraMigAllocationBenchmark {
    static final int NODES = 100;
    static final int GPUS_PER_NODE = 8;
    static final int CLAIMS = 1600;
    static final String[] PROFILES = {"1g.10gb", "2g.20gb", "3g.40gb"};

    private final List<Node> nodes = new ArrayList<>();
    private ResourceSnapshot snapshot;
    private final SelectorCache cache = SelectorCache.forScheduler();
    private final ResourceClaim[] claims = new ResourceClaim[CLAIMS];
    private AllocatedState nearlyFull;

    @Setup
    public void setUp() throws AllocationException {
        List<ResourceSlice> slices = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            String node = "gpu-node-" + n;
            nodes.add(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build());
            slices.addAll(NvidiaResourceSlices.generate(inventory(n),
                    SliceOptions.forNode(node).withMode(SliceOptions.Mode.DYNAMIC_MIG)));
        }
        snapshot = ResourceSnapshot.of(slices, DeviceClasses.nvidiaDefaults());
        for (int i = 0; i < CLAIMS; i++) {
            claims[i] = claim("job-" + i, PROFILES[i % PROFILES.length]);
        }
        nearlyFull = fill();
    }

    static Inventory inventory(int node) {
        GpuProduct p = ProductCatalog.builtIn().require("H100-80GB");
        List<GpuInventory> gpus = new ArrayList<>();
        for (int i = 0; i < GPUS_PER_NODE; i++) {
            gpus.add(GpuInventory.builder().index(i).minor(i)
                    .uuid(String.format("GPU-%08x-0000-4000-8000-%012x", node, i))
                    .name(p.variants().get(0).name()).brand(p.brand()).architecture(p.architecture())
                    .cudaComputeCapability(p.computeCapability())
                    .pciBusId(String.format("00000000:%02X:00.0", 0x07 + 0x10 * i))
                    .pciDeviceId(p.variants().get(0).pciDeviceId()).numaNode(i / 4).product(p.alias())
                    .memoryMiB(p.memoryMiB()).migMode(MigMode.ENABLED).gpuInstances(List.of()).build());
        }
        return new Inventory("580.95.05", "13.580.95.05", "13.0", gpus);
    }

    static ResourceClaim claim(String name, String profile) {
        return new ResourceClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNewDevices().addNewRequest().withName("mig").withNewExactly()
                .withDeviceClassName("mig.nvidia.com").withAllocationMode("ExactCount").withCount(1L)
                .addNewSelector().withNewCel()
                .withExpression("device.attributes[\"gpu.nvidia.com\"].profile == \"" + profile + "\"")
                .endCel().endSelector().endExactly().endRequest().endDevices().endSpec().build();
    }

    private AllocatedState fill() throws AllocationException {
        AllocatedState state = new AllocatedState();
        int next = 0;
        for (ResourceClaim claim : claims) {
            Allocator allocator = Allocator.builder(snapshot).allocatedState(state).selectorCache(cache).build();
            boolean placed = false;
            for (int k = 0; k < NODES && !placed; k++) {
                int n = (next + k) % NODES;
                Optional<List<AllocationResult>> r = allocator.allocate(nodes.get(n), List.of(claim));
                if (r.isPresent()) {
                    state.add("default/" + claim.getMetadata().getName(), r.get().get(0));
                    next = n + 1;
                    placed = true;
                }
            }
            if (!placed) {
                throw new IllegalStateException(claim.getMetadata().getName() + " did not fit");
            }
        }
        return state;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CLAIMS)
    public AllocatedState fillMixedProfiles() throws AllocationException {
        return fill();
    }

    /** One Filter call: a 3g.40gb on a node whose GPUs hold 16 instances already (the search skips used GPUs). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<List<AllocationResult>> allocateThreeGOnBusyNode() throws AllocationException {
        return Allocator.builder(snapshot).allocatedState(nearlyFull).selectorCache(cache).build()
                .allocate(nodes.get(42), List.of(claims[2]));
    }
}
