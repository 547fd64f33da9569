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
import java.util.List;

/**
 * The fake cluster end to end (issue 10, performance): start time, pods per second from creation to Running on
 * the scheduler_perf shape, and dynamic MIG. A plain main rather than JMH: one measurement is a whole cluster
 * lifecycle of seconds, and what matters is the wall time a test suite sees. Every line also gives the CPU time of
 * the thread that ran the controllers (with {@code reconcileInBackground(false)} they all run in
 * {@link FakeCluster#awaitIdle()} on the calling thread) and the load average, because the machine is shared.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mig4j.benchmarks.FakeClusterBenchmark [what] [rounds]
 * </pre>
 * {@code what}: {@code start} (1, 10 and 100 nodes of 8 A100-80GB with seven 1g.10gb each; best of the rounds, 5 by
 * default, 2 for 100 nodes, after 15, 3 and 1 warm-up starts), {@code scheduler-perf} (500 nodes × 10 GPUs, 5,000 pods from one ResourceClaimTemplate of one GPU
 * each), {@code dynamic} (100 nodes × 8 H100-80GB with dynamic MIG, 2,000 pods cycling 1g.10gb, 2g.20gb, 3g.40gb;
 * pods/s and the share of GPU slices in use), or {@code all} (default). Pods are created with
 * {@link FakeCluster#inProcessClient()}; the time to create them counts. {@code rounds} defaults to 1 for the pod runs,
 * after a warm-up at a tenth of the size.
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
        if (what.equals("scheduler-perf") || what.equals("all")) {
            schedulerPerf(50, 500);
            for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
                schedulerPerf(500, 5_000);
            }
        }
        if (what.equals("dynamic") || what.equals("all")) {
            dynamic(10, 200);
            for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
                dynamic(100, 2_000);
            }
        }
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
    private static void schedulerPerf(int nodes, int pods) {
        long s0 = System.nanoTime();
        try (FakeCluster c = FakeCluster.builder().nodes(nodes).gpu("A100-80GB").gpusPerNode(10)
                .reconcileInBackground(false).start()) {
            long started = System.nanoTime() - s0;
            KubernetesClient client = c.inProcessClient();
            client.resource(DeviceClaims.gpu().template("default", "gpu")).create();
            Result r = run(c, client, pods, i -> "gpu");
            System.out.printf("scheduler_perf shape, %d nodes x 10 GPUs, %d pods: %d Running in %d ms = %.0f pods/s "
                    + "(cpu %d ms = %.0f pods per cpu-s; pods created in %d ms; cluster start %d ms), load %s%n",
                    nodes, pods, r.running, r.wallNanos / 1_000_000, r.running / (r.wallNanos / 1e9),
                    r.cpuNanos / 1_000_000, r.running / (r.cpuNanos / 1e9), r.createNanos / 1_000_000,
                    started / 1_000_000, load());
        }
    }

    /** Dynamic MIG: H100 nodes offering every profile × placement, pods cycling through three profiles. */
    private static void dynamic(int nodes, int pods) {
        long s0 = System.nanoTime();
        try (FakeCluster c = FakeCluster.builder().nodes(nodes).gpu("H100-80GB").gpusPerNode(8).dynamicMig(true)
                .reconcileInBackground(false).start()) {
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
            System.out.printf("dynamic MIG, %d nodes x 8 H100-80GB, %d pods (1g/2g/3g): %d Running in %d ms = %.0f "
                    + "pods/s (cpu %d ms = %.0f pods per cpu-s; pods created in %d ms; cluster start %d ms); "
                    + "GPU slices in use %d of %d = %.1f%%, load %s%n", nodes, pods, r.running,
                    r.wallNanos / 1_000_000, r.running / (r.wallNanos / 1e9), r.cpuNanos / 1_000_000,
                    r.running / (r.cpuNanos / 1e9), r.createNanos / 1_000_000, started / 1_000_000, used, total,
                    100.0 * used / total, load());
        }
    }

    private record Result(long running, long wallNanos, long cpuNanos, long createNanos) {
    }

    private static Result run(FakeCluster c, KubernetesClient client, int pods,
                              java.util.function.IntFunction<String> template) {
        long c0 = THREADS.getCurrentThreadCpuTime();
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
        long cpu = THREADS.getCurrentThreadCpuTime() - c0;
        long running = client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count();
        return new Result(running, elapsed, cpu, created);
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
