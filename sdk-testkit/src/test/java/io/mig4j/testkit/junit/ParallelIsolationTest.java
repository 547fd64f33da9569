package io.mig4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * JUnit's parallel execution (concurrent mode): tests that run at the same time — a barrier proves they do — each get
 * their own cluster, API server, kubeconfig and fake GPUs, use the same object names, and never see each other's.
 */
class ParallelIsolationTest {
    private static final int TESTS = 3; // more than the 2 cores CI has, so they truly interleave

    @Test
    void concurrentTestsGetIsolatedFakeClusters() {
        Clusters.reset();
        EngineExecutionResults r = Fixtures.run(Clusters.class, Fixtures.parallel(TESTS));
        assertThat(Fixtures.testFailures(r)).isEmpty();
        r.testEvents().assertStatistics(s -> s.started(TESTS).succeeded(TESTS));
        assertThat(Clusters.threads.values()).as("tests ran on distinct threads").doesNotHaveDuplicates();
        assertThat(Clusters.clusters.values()).doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c.server().isClosed()).as("closed after its test").isTrue());
        assertThat(Clusters.ports.values()).as("API server ports").doesNotHaveDuplicates().hasSize(TESTS);
    }

    @Test
    void concurrentTestsGetIsolatedGpusServersAndKubeconfigs() {
        GpusAndServers.reset();
        EngineExecutionResults r = Fixtures.run(GpusAndServers.class, Fixtures.parallel(TESTS));
        assertThat(Fixtures.testFailures(r)).isEmpty();
        r.testEvents().assertStatistics(s -> s.started(TESTS).succeeded(TESTS));
        assertThat(GpusAndServers.gpus.values()).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n.isInitialized()).isFalse());
        assertThat(GpusAndServers.servers.values()).doesNotHaveDuplicates()
                .allSatisfy(s -> assertThat(s.isClosed()).isTrue());
        assertThat(GpusAndServers.kubeconfigs.values()).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).doesNotExist());
    }

    /** Waits until all {@link #TESTS} tests reach the barrier: fails when they do not run at the same time. */
    static void together(CyclicBarrier barrier) {
        try {
            barrier.await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("the " + TESTS + " tests did not run concurrently (JUnit parallel execution)", e);
        }
    }

    // ------------------------------------------------------------------ fixtures

    @FakeClusterTest(migLayout = "1g.10gb=7")
    static class Clusters {
        static volatile CyclicBarrier barrier;
        static final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
        static final Map<String, Thread> threads = new ConcurrentHashMap<>();
        static final Map<String, Integer> ports = new ConcurrentHashMap<>();
        FakeCluster cluster;

        static void reset() {
            barrier = new CyclicBarrier(TESTS);
            clusters.clear();
            threads.clear();
            ports.clear();
        }

        @Test
        void a(KubernetesClient client) {
            exercise("a", client);
        }

        @Test
        void b(KubernetesClient client) {
            exercise("b", client);
        }

        @Test
        void c(KubernetesClient client) {
            exercise("c", client);
        }

        private void exercise(String id, KubernetesClient client) {
            assertThat(client).isSameAs(cluster.client());
            threads.put(id, Thread.currentThread());
            clusters.put(id, cluster);
            ports.put(id, cluster.server().port());
            together(barrier);
            // the same names in every cluster: cross-talk would show another test's pod or a second claim
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            client.resource(new PodBuilder().withNewMetadata().withName("p").withNamespace("default")
                    .addToLabels("test", id).endMetadata()
                    .withSpec(Workloads.withClaim(new PodSpecBuilder().addNewContainer().withName("app")
                            .withImage("cuda").endContainer().build(), Workloads.fromTemplate("gpu", "mig-1g")))
                    .build()).create();
            cluster.awaitIdle();
            together(barrier);
            assertThat(client.pods().inAnyNamespace().list().getItems()).singleElement().satisfies(p -> {
                assertThat(p.getMetadata().getLabels()).containsEntry("test", id);
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            });
            assertThat(client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list().getItems())
                    .hasSize(1);
            assertThat(cluster.migDeviceUuids("default", "p")).singleElement()
                    .satisfies(u -> assertThat(cluster.nodes().get(0).nvml().migDeviceUuids(0)).contains(u));
        }
    }

    @FakeGpus(product = "A100-80GB", count = 1, migEnabled = true)
    @MockKubernetes
    static class GpusAndServers {
        private static final Map<String, String> LAYOUTS = Map.of("a", "1g.10gb: 7", "b", "2g.20gb: 3",
                "c", "3g.40gb: 2");
        static volatile CyclicBarrier barrier;
        static final Map<String, FakeNvml> gpus = new ConcurrentHashMap<>();
        static final Map<String, MockKubeApiServer> servers = new ConcurrentHashMap<>();
        static final Map<String, Path> kubeconfigs = new ConcurrentHashMap<>();
        FakeNvml nvml;
        MigManager mig;
        MockKubeApiServer server;
        KubernetesClient client;
        Path kubeconfig;

        static void reset() {
            barrier = new CyclicBarrier(TESTS);
            gpus.clear();
            servers.clear();
            kubeconfigs.clear();
        }

        @Test
        void a() throws Exception {
            exercise("a");
        }

        @Test
        void b() throws Exception {
            exercise("b");
        }

        @Test
        void c() throws Exception {
            exercise("c");
        }

        private void exercise(String id) throws Exception {
            gpus.put(id, nvml);
            servers.put(id, server);
            kubeconfigs.put(id, kubeconfig);
            together(barrier);
            MigPartedConfig config = MigPartedConfig.parse("version: v1\nmig-configs:\n  mine:\n"
                    + "    - devices: all\n      mig-enabled: true\n      mig-devices:\n        \""
                    + LAYOUTS.get(id).replace(": ", "\": ") + "\n");
            mig.apply(mig.targets(config, "mine", Set.of()), false);
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("owner").withNamespace("default")
                    .endMetadata().addToData("test", id).build()).create();
            together(barrier);
            String profile = LAYOUTS.get(id).substring(0, LAYOUTS.get(id).indexOf(':'));
            int count = Integer.parseInt(LAYOUTS.get(id).substring(LAYOUTS.get(id).indexOf(':') + 2));
            assertThat(nvml.layout(0).gpuInstances()).hasSize(count)
                    .allSatisfy(gi -> assertThat(gi.profile().name()).hasToString(profile));
            assertThat(client.configMaps().inNamespace("default").withName("owner").get().getData())
                    .containsEntry("test", id);
            assertThat(Files.readString(kubeconfig)).contains(server.url().toString().replaceAll("/$", ""));
        }
    }
}
