package io.mig4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extensions' lifecycle, misuse and failure output, checked by running small test classes through the JUnit
 * Platform launcher (the nested classes are fixtures; surefire does not run nested classes on its own).
 */
class ExtensionBehaviourTest {

    @Test
    void aStaticFieldHoldsOneClusterForTheWholeClass() {
        PerClass.seen.clear();
        Outcome outcome = run(PerClass.class);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.succeeded).isEqualTo(2);
        assertThat(PerClass.seen).hasSize(2);
        assertThat(PerClass.seen.get(0)).isSameAs(PerClass.seen.get(1));
    }

    @Test
    void aFinalFieldIsAConfigurationErrorNamingTheField() {
        Outcome outcome = run(FinalField.class);
        assertThat(outcome.failures).singleElement().satisfies(t -> {
            assertThat(t).isInstanceOf(ExtensionConfigurationException.class);
            assertThat(t.getMessage()).contains(FinalField.class.getName() + ".cluster").contains("must not be final");
        });
    }

    @Test
    void badAnnotationValuesAreConfigurationErrorsNamingTheAttribute() {
        Outcome outcome = run(NoNodes.class);
        assertThat(outcome.failures).singleElement().satisfies(t -> {
            assertThat(t).isInstanceOf(ExtensionConfigurationException.class);
            assertThat(t.getMessage()).contains("@FakeClusterTest(nodes = 0)").contains("at least 1");
        });
    }

    @Test
    void aFailingTestPublishesTheClustersPodsClaimsAndEvents() {
        Outcome outcome = run(Failing.class);
        assertThat(outcome.failures).singleElement().isInstanceOf(AssertionError.class);
        assertThat(outcome.reports).singleElement().satisfies(r -> {
            assertThat(r.getKeyValuePairs()).containsKey("mig4j.fakeCluster");
            assertThat(r.getKeyValuePairs().get("mig4j.fakeCluster")).contains("Pods:").contains("ResourceClaims:")
                    .contains("Events:").contains("gpu-node-1");
        });
    }

    @Test
    void fakeGpusInjectNvmlAndAMigManagerWithTheLayoutApplied() {
        Outcome outcome = run(Gpus.class);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.succeeded).isEqualTo(1);
    }

    @Test
    void mockKubernetesInjectsClientServerAndKubeconfig() {
        Outcome outcome = run(Kube.class);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.succeeded).isEqualTo(1);
    }

    // ------------------------------------------------------------------ fixtures

    @FakeClusterTest
    static class PerClass {
        static FakeCluster cluster;
        static final List<FakeCluster> seen = new ArrayList<>();

        @Test
        void one() {
            seen.add(cluster);
        }

        @Test
        void two() {
            seen.add(cluster);
        }
    }

    @FakeClusterTest
    static class FinalField {
        final FakeCluster cluster = null;

        @Test
        void test() {
        }
    }

    @FakeClusterTest(nodes = 0)
    static class NoNodes {
        FakeCluster cluster;

        @Test
        void test() {
        }
    }

    @FakeClusterTest(migLayout = "1g.10gb=7")
    static class Failing {
        FakeCluster cluster;

        @Test
        void test() {
            assertThat(cluster.nodes()).isEmpty();
        }
    }

    @FakeGpus(product = "H100-80GB", count = 2, migLayout = {"3g.40gb=1", "1g.10gb=2"})
    static class Gpus {
        Nvml nvml;
        MigManager mig;

        @Test
        void test() {
            assertThat(nvml.deviceGetCount()).isEqualTo(2);
            assertThat(mig.inventory().gpus()).allSatisfy(g -> assertThat(g.gpuInstances()).hasSize(3));
        }
    }

    @MockKubernetes
    static class Kube {
        KubernetesClient client;
        MockKubeApiServer server;

        @Test
        void test(Path kubeconfig) throws Exception {
            assertThat(client.getMasterUrl().toString()).startsWith(server.url().toString().replaceAll("/$", ""));
            assertThat(Files.readString(kubeconfig)).contains(server.url().toString().replaceAll("/$", ""));
            assertThat(client.namespaces().withName("default").get()).isNotNull();
        }
    }

    // ------------------------------------------------------------------ running fixtures

    private static final class Outcome {
        final List<Throwable> failures = new ArrayList<>();
        final List<ReportEntry> reports = new ArrayList<>();
        int succeeded;
    }

    private static Outcome run(Class<?> fixture) {
        Outcome outcome = new Outcome();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .filters(EngineFilter.includeEngines("junit-jupiter")).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL && id.isTest()) {
                            outcome.succeeded++;
                        }
                        result.getThrowable().ifPresent(outcome.failures::add);
                    }

                    @Override
                    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                        outcome.reports.add(entry);
                    }
                });
        return outcome;
    }
}
