package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * A 100-node cluster of 8 × H100-80GB per node in NVIDIA's DynamicMIG mode (Kubernetes 1.37 layout: one counter slice
 * and 8 device slices of 26 devices per node): building every node's ResourceSlices, and building plus validating
 * them with the API server's rules. Scores are per node ({@code @OperationsPerInvocation(100)}); the target is under
 * 1 ms per node. No GPU needed.
 *
 * <p>On a shared machine the wall-clock score includes time the thread waited for a core; the secondary results
 * {@code cpuNanos} and {@code nodes} (totals per iteration) give the CPU time the benchmark thread itself spent:
 * {@code cpuNanos / nodes} is the CPU cost of one node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DraSlicesBenchmark {
    static final int NODES = 100;
    static final int GPUS_PER_NODE = 8;

    private final List<Inventory> nodes = new ArrayList<>();
    private final List<SliceOptions> options = new ArrayList<>();
    private final DraValidator validator = DraValidator.defaults();

    @Setup
    public void cluster() {
        GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
        for (int n = 0; n < NODES; n++) {
            List<GpuInventory> gpus = new ArrayList<>();
            for (int i = 0; i < GPUS_PER_NODE; i++) {
                gpus.add(GpuInventory.builder().index(i).minor(i)
                        .uuid(String.format("GPU-%08x-0000-4000-8000-%012x", n, i))
                        .name(h100.variants().get(0).name()).brand(h100.brand()).architecture(h100.architecture())
                        .cudaComputeCapability(h100.computeCapability())
                        .pciBusId(String.format("00000000:%02X:00.0", 0x18 + 0x10 * i))
                        .pciDeviceId(h100.variants().get(0).pciDeviceId()).numaNode(i / 4).product(h100.alias())
                        .memoryMiB(h100.memoryMiB()).migMode(MigMode.DISABLED).build());
            }
            nodes.add(new Inventory("580.95.05", "13.580.95.05", "13.0", gpus));
            options.add(SliceOptions.forNode(String.format("gpu-node-%03d", n)).withMode(SliceOptions.Mode.DYNAMIC_MIG));
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the benchmark thread, reported next to the wall-clock score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        /** Nanoseconds of CPU the benchmark thread used. */
        public long cpuNanos;
        /** Nodes processed. */
        public long nodes;
    }

    private List<ResourceSlice> slicesOf(int node) {
        return NvidiaResourceSlices.generate(nodes.get(node), options.get(node));
    }

    /** The slices of every node (the returned count keeps the work from being optimised away). */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public int buildSlices(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        int devices = 0;
        for (int n = 0; n < NODES; n++) {
            for (ResourceSlice s : slicesOf(n)) {
                devices += s.getSpec().getDevices().size();
            }
        }
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.nodes += NODES;
        return devices;
    }

    /** The slices of every node, each node's slices validated as the API server and the scheduler's pool check would. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public int buildAndValidateSlices(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        int errors = 0;
        for (int n = 0; n < NODES; n++) {
            for (ValidationReport r : validator.validateAll(slicesOf(n))) {
                errors += r.errors().size();
            }
        }
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.nodes += NODES;
        if (errors != 0) {
            throw new IllegalStateException(errors + " validation errors in generated slices");
        }
        return errors;
    }
}
