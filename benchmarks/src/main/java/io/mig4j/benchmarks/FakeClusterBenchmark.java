package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;

/**
 * Start time of {@link FakeCluster} and pods per second from creation to Running, end to end (claims from a
 * template, scheduling with the allocator, kubelet prepare). A plain main rather than JMH: one measurement is a
 * whole cluster lifecycle of seconds, and what matters is the wall time a test suite sees.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mig4j.benchmarks.FakeClusterBenchmark [nodes] [pods] [rounds]
 * </pre>
 * Defaults: 10 nodes of 8 A100-80GB with seven 1g.10gb each (560 MIG devices), 500 pods, 3 rounds after 1 warm-up;
 * start times for 1, 10 and 100 nodes.
 */
public final class FakeClusterBenchmark {
    private FakeClusterBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int n : new int[] {1, 10, 100}) {
            startTime(n); // warm-up
            long best = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                best = Math.min(best, startTime(n));
            }
            System.out.printf("start, %3d node(s) x 8 A100-80GB (7 x 1g.10gb each): best %d ms%n", n, best / 1_000_000);
        }
        podsPerSecond(nodes, Math.min(pods, 50)); // warm-up
        for (int r = 0; r < rounds; r++) {
            podsPerSecond(nodes, pods);
        }
    }

    private static FakeCluster.Builder cluster(int nodes) {
        return FakeCluster.builder().nodes(nodes).gpu("A100-80GB").gpusPerNode(8).migLayout("1g.10gb=7")
                .reconcileInBackground(false);
    }

    private static long startTime(int nodes) {
        long t0 = System.nanoTime();
        try (FakeCluster c = cluster(nodes).start()) {
            return System.nanoTime() - t0;
        }
    }

    private static void podsPerSecond(int nodes, int pods) {
        try (FakeCluster c = cluster(nodes).start()) {
            KubernetesClient client = c.client();
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            PodSpec spec = Workloads.withClaim(new PodSpecBuilder().addNewContainer().withName("app")
                    .withImage("cuda").endContainer().build(), Workloads.fromTemplate("gpu", "mig-1g"));
            long t0 = System.nanoTime();
            for (int i = 0; i < pods; i++) {
                Pod p = new PodBuilder().withNewMetadata().withName("p-" + i).withNamespace("default").endMetadata()
                        .withSpec(spec).build();
                client.resource(p).create();
            }
            c.awaitIdle();
            long elapsed = System.nanoTime() - t0;
            long running = client.pods().inNamespace("default").list().getItems().stream()
                    .filter(p -> "Running".equals(p.getStatus().getPhase())).count();
            System.out.printf("%d pods on %d nodes: %d Running in %d ms = %.0f pods/s%n", pods, nodes, running,
                    elapsed / 1_000_000, running / (elapsed / 1e9));
        }
    }
}
