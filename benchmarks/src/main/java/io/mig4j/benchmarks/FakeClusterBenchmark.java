package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake cluster end to end (issue 10, performance): start time, pods per second from creation to Running on
 * the scheduler_perf shape, and dynamic MIG. A plain main rather than JMH: one measurement is a whole cluster
 * lifecycle of seconds, and what matters is the wall time a test suite sees. Every line also gives the CPU time of
 * the whole JVM during the run (controllers, collector, JIT) and the load average, because the machine is shared.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar io.mig4j.benchmarks.FakeClusterBenchmark \
 *     [what] [rounds] [sync|background]
 * </pre>
 * {@code what}: {@code start} (1, 10 and 100 nodes of 8 A100-80GB with seven 1g.10gb each; best of the rounds, 5 by
 * default, 2 for 100 nodes, after 15, 3 and 1 warm-up starts), {@code scheduler-perf} (500 nodes × 10 GPUs, 5,000
 * pods from one ResourceClaimTemplate of one GPU each), {@code dynamic} (100 nodes × 8 H100-80GB with dynamic MIG,
 * 2,000 pods cycling 1g.10gb, 2g.20gb, 3g.40gb; pods/s and the share of GPU slices in use), or {@code all}
 * (default). Pods are created with {@link FakeCluster#inProcessClient()}; the time to create them counts. The pod
 * runs do a warm-up at a tenth of the size, then {@code rounds} full-size rounds (5 by default), each on a new
 * cluster after a full collection, and print the first round apart from the median of the others: the first runs
 * while the JIT is still compiling. {@code sync} (default): the pods are all created, then
 * {@link FakeCluster#awaitIdle()} runs the controllers on the same thread; {@code background}: the controllers run
 * on the cluster's own thread while the pods are created, as under {@code mig4j serve}.
 */
public final class FakeClusterBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FakeClusterBenchmark() {
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (what.equals("start") || what.equals("all")) {
            for (int n : new int[] {1, 10, 100}) {
                // the JIT needs a few clusters before start-up code is compiled: more warm-up for the small ones
                for (int w = 0; w < (n == 1 ? 15 : n == 10 ? 3 : 1); w++) {
                    startTime(n);
                }
                long best = Long.MAX_VALUE;
                long bestCpu = Long.MAX_VALUE;
                for (int r = 0; r < (rounds > 0 ? rounds : n == 100 ? 2 : 5); r++) {
                    long[] t = startTime(n);
                    best = Math.min(best, t[0]);
                    bestCpu = Math.min(bestCpu, t[1]);
                }
                System.out.printf("start, %3d node(s) x 8 A100-80GB (7 x 1g.10gb each): best %d ms (cpu %d ms), "
                        + "load %s%n", n, best / 1_000_000, bestCpu / 1_000_000, load());
            }
        }
        boolean background = args.length > 2 && args[2].equals("background");
        if (what.equals("scheduler-perf") || what.equals("all")) {
            schedulerPerf(50, 500, background);
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < (rounds > 0 ? rounds : 5); r++) {
                rates.add(schedulerPerf(500, 5_000, background));
            }
            summary("scheduler_perf shape", rates);
        }
        if (what.equals("dynamic") || what.equals("all")) {
            dynamic(10, 200, background);
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < (rounds > 0 ? rounds : 5); r++) {
                rates.add(dynamic(100, 2_000, background));
            }
            summary("dynamic MIG", rates);
        }
    }

    /**
     * The first full-size round (the JIT still compiling: what one cluster test in a fresh JVM sees) apart from the
     * median of the later ones (compiled code: what a suite of cluster tests sees after its first few).
     */
    private static void summary(String what, List<Double> rates) {
        List<Double> later = new ArrayList<>(rates.subList(Math.min(1, rates.size()), rates.size()));
        later.sort(null);
        System.out.printf("%s: first round %.0f pods/s; median of rounds 2-%d %s%n", what, rates.get(0), rates.size(),
                later.isEmpty() ? "(none)" : String.format("%.0f pods/s (min %.0f, max %.0f)",
                        later.get(later.size() / 2), later.get(0), later.get(later.size() - 1)));
    }

    private static long[] startTime(int nodes) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try (FakeCluster c = FakeCluster.builder().nodes(nodes).gpu("A100-80GB").gpusPerNode(8)
                .migLayout("1g.10gb=7").reconcileInBackground(false).start()) {
            return new long[] {System.nanoTime() - t0, THREADS.getCurrentThreadCpuTime() - c0};
        }
    }

    /** kubernetes/test/integration/scheduler_perf's DRA shape: N nodes with 10 devices, pods from one template. */
    private static double schedulerPerf(int nodes, int pods, boolean background) {
        settle();
        long s0 = System.nanoTime();
        try (FakeCluster c = FakeCluster.builder().nodes(nodes).gpu("A100-80GB").gpusPerNode(10)
                .reconcileInBackground(background).start()) {
            long started = System.nanoTime() - s0;
            KubernetesClient client = c.inProcessClient();
            client.resource(DeviceClaims.gpu().template("default", "gpu")).create();
            Result r = run(c, client, pods, i -> "gpu");
            double rate = r.running / (r.wallNanos / 1e9);
            System.out.printf("scheduler_perf shape%s, %d nodes x 10 GPUs, %d pods: %d Running in %d ms = %.0f pods/s "
                    + "(process cpu %d ms, this thread %d ms; pods created in %d ms; cluster start %d ms), load %s%n",
                    background ? " (background)" : "", nodes, pods, r.running, r.wallNanos / 1_000_000, rate,
                    r.cpuNanos / 1_000_000, r.threadCpuNanos / 1_000_000, r.createNanos / 1_000_000, started / 1_000_000, load());
            return rate;
        }
    }

    /** Dynamic MIG: H100 nodes offering every profile × placement, pods cycling through three profiles. */
    private static double dynamic(int nodes, int pods, boolean background) {
        settle();
        long s0 = System.nanoTime();
        try (FakeCluster c = FakeCluster.builder().nodes(nodes).gpu("H100-80GB").gpusPerNode(8).dynamicMig(true)
                .reconcileInBackground(background).start()) {
            long started = System.nanoTime() - s0;
            KubernetesClient client = c.inProcessClient();
            List<String> profiles = List.of("1g.10gb", "2g.20gb", "3g.40gb");
            for (String p : profiles) {
                client.resource(DeviceClaims.profile(p).template("default", "mig-" + p.substring(0, 2))).create();
            }
            Result r = run(c, client, pods, i -> "mig-" + profiles.get(i % 3).substring(0, 2));
            int used = 0;
            int total = 0;
            for (FakeNode n : c.nodes()) {
                for (GpuInventory g : n.migManager().inventory().gpus()) {
                    total += 7; // an H100 has 7 compute slices; a <n>g profile takes n of them
                    for (GpuInstanceInfo gi : g.gpuInstances()) {
                        used += Integer.parseInt(gi.profileName().substring(0, gi.profileName().indexOf('g')));
                    }
                }
            }
            double rate = r.running / (r.wallNanos / 1e9);
            System.out.printf("dynamic MIG%s, %d nodes x 8 H100-80GB, %d pods (1g/2g/3g): %d Running in %d ms = %.0f "
                    + "pods/s (process cpu %d ms, this thread %d ms; pods created in %d ms; cluster start %d ms); "
                    + "GPU slices in use %d of %d = %.1f%%, load %s%n", background ? " (background)" : "", nodes, pods,
                    r.running, r.wallNanos / 1_000_000, rate, r.cpuNanos / 1_000_000, r.threadCpuNanos / 1_000_000,
                    r.createNanos / 1_000_000,
                    started / 1_000_000, used, total, 100.0 * used / total, load());
            return rate;
        }
    }

    /**
     * A full collection before a measured cluster, outside its time (what JMH's {@code -gc true} does between
     * iterations): the previous round's closed cluster is garbage of about a gigabyte, and collecting it in the middle
     * of the next round would charge one round for another.
     */
    private static void settle() {
        System.gc();
    }

    private record Result(long running, long wallNanos, long cpuNanos, long threadCpuNanos, long createNanos) {
    }

    private static Result run(FakeCluster c, KubernetesClient client, int pods,
                              java.util.function.IntFunction<String> template) {
        long c0 = processCpu();
        long tc0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < pods; i++) {
            String t = template.apply(i);
            PodSpec spec = Workloads.withClaim(new PodSpecBuilder().addNewContainer().withName("app")
                    .withImage("cuda").endContainer().build(), Workloads.fromTemplate("gpu", t));
            Pod p = new PodBuilder().withNewMetadata().withName("p-" + i).withNamespace("default").endMetadata()
                    .withSpec(spec).build();
            client.resource(p).create();
        }
        long created = System.nanoTime() - t0;
        c.awaitIdle();
        long elapsed = System.nanoTime() - t0;
        long cpu = processCpu() - c0;
        long threadCpu = THREADS.getCurrentThreadCpuTime() - tc0;
        long running = client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count();
        return new Result(running, elapsed, cpu, threadCpu, created);
    }

    /** CPU time of the whole JVM: the controllers' thread in background mode, the collector and the JIT too. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
