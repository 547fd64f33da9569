package io.mig4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What a failing test shows, checked through JUnit's EngineTestKit: the fixture's state as a report entry and as a
 * suppressed {@link FixtureState} on the failure — for the fake cluster its pods, claims with their allocation,
 * slices and events; for fake GPUs their layouts; for the mock API server its objects. Passing tests report nothing.
 */
class FailureReportTest {

    @Test
    void aFailingClusterTestReportsPodsClaimsWithAllocationSlicesAndEvents() {
        EngineExecutionResults r = Fixtures.run(EighthPodFails.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Throwable failure = Fixtures.testFailures(r).get(0);
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("the test's own failure");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(FixtureState.class)
                .satisfies(s -> assertClusterDump(s.getMessage()));
        assertThat(failure.getSuppressed()[0].getMessage())
                .startsWith("@FakeClusterTest state when eighthPodRuns(KubernetesClient) failed:");

        List<ReportEntry> reports = Fixtures.reports(r);
        assertThat(reports).as("only the failing test reports").singleElement()
                .satisfies(e -> assertClusterDump(e.getKeyValuePairs().get("mig4j.fakeCluster")));
    }

    @Test
    void aFailingBeforeEachMethodReportsTheClusterToo() {
        EngineExecutionResults r = Fixtures.run(BeforeEachFails.class);
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = Fixtures.testFailures(r).get(0);
        assertThat(failure).hasMessage("setup failed");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(FixtureState.class)
                .satisfies(s -> assertThat(s.getMessage()).contains("Nodes:").contains("gpu-node-1"));
    }

    @Test
    void aFailingFakeGpusTestReportsEachGpusLayout() {
        EngineExecutionResults r = Fixtures.run(GpusFail.class);
        Throwable failure = Fixtures.testFailures(r).get(0);
        assertThat(failure.getSuppressed()).singleElement().satisfies(s -> assertThat(s.getMessage())
                .contains("@FakeGpus state when")
                .contains("GPU 0 A100-80GB").contains("MIG enabled").contains("3g.40gb@0")
                .contains("GPU 1 A100-80GB"));
        assertThat(Fixtures.reports(r)).singleElement()
                .satisfies(e -> assertThat(e.getKeyValuePairs()).containsKey("mig4j.fakeGpus"));
    }

    @Test
    void aFailingMockKubernetesTestReportsTheServersObjects() {
        EngineExecutionResults r = Fixtures.run(KubeFails.class);
        Throwable failure = Fixtures.testFailures(r).get(0);
        assertThat(failure.getSuppressed()).singleElement().satisfies(s -> assertThat(s.getMessage())
                .contains("@MockKubernetes state when").contains("Pods:").contains("default/lonely")
                .contains("ResourceClaims:").contains("ResourceSlices:").contains("Events:"));
        assertThat(Fixtures.reports(r)).singleElement()
                .satisfies(e -> assertThat(e.getKeyValuePairs()).containsKey("mig4j.mockKubernetes"));
    }

    private static void assertClusterDump(String dump) {
        assertThat(dump).contains("Nodes:").contains("gpu-node-1")
                .contains("Pods:").contains("default/pod-1 phase=Running").contains("default/pod-8 phase=Pending")
                .contains("ResourceClaims:").contains("allocated=gpu-node-1/").contains("reservedFor=[pod-1]")
                .contains("ResourceSlices:").contains("node=gpu-node-1").contains("devices=7 allocated=7")
                .contains("Events:").contains("FailedScheduling Pod/pod-8");
    }

    // ------------------------------------------------------------------ fixtures

    @FakeClusterTest(gpu = "A100-80GB", migLayout = "1g.10gb=7")
    static class EighthPodFails {
        FakeCluster cluster;

        @Test
        void sevenPodsRun(KubernetesClient client) {
            runPods(client, 7);
        }

        @Test
        void eighthPodRuns(KubernetesClient client) {
            runPods(client, 8);
            throw new AssertionError("the test's own failure");
        }

        private void runPods(KubernetesClient client, int pods) {
            client.resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
            for (int i = 1; i <= pods; i++) {
                client.resource(new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace("default")
                        .endMetadata().withSpec(Workloads.withClaim(new PodSpecBuilder().addNewContainer()
                                .withName("app").withImage("cuda").endContainer().build(),
                                Workloads.fromTemplate("gpu", "mig-1g"))).build()).create();
            }
            cluster.awaitIdle();
        }
    }

    @FakeClusterTest
    static class BeforeEachFails {
        FakeCluster cluster;

        @BeforeEach
        void setUp() {
            throw new IllegalStateException("setup failed");
        }

        @Test
        void test() {
        }
    }

    @FakeGpus(count = 2, migLayout = "3g.40gb=2")
    static class GpusFail {
        @Test
        void test(io.mig4j.nvml.Nvml nvml) {
            throw new AssertionError("fails");
        }
    }

    @MockKubernetes
    static class KubeFails {
        @Test
        void test(KubernetesClient client) {
            client.resource(new PodBuilder().withNewMetadata().withName("lonely").withNamespace("default")
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                    .endSpec().build()).create();
            throw new AssertionError("fails");
        }
    }
}
