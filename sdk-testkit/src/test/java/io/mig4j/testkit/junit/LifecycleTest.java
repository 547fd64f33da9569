package io.mig4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Which tests share a fixture, for each {@link FixtureLifecycle} and JUnit test-instance lifecycle, and that JUnit
 * closes each fixture when its scope ends. The lifecycle is the same code for the three extensions; most fixtures
 * here use {@link FakeGpus} (the cheapest), and one per extension checks the others follow it.
 */
class LifecycleTest {

    @Test
    void byDefaultEveryTestGetsFreshGpusAndFieldAndParameterAreTheSame() {
        PerTestByDefault.seen.clear();
        EngineExecutionResults r = Fixtures.run(PerTestByDefault.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<FakeNvml> seen = PerTestByDefault.seen;
        assertThat(seen).hasSize(2).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(n -> assertThat(n.isInitialized()).as("closed after its test").isFalse());
    }

    @Test
    void aStaticFieldMakesOneFixtureForTheClassClosedAfterIt() {
        PerClassByStaticField.seen.clear();
        EngineExecutionResults r = Fixtures.run(PerClassByStaticField.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(PerClassByStaticField.seen).hasSize(2).containsOnly(PerClassByStaticField.seen.get(0));
        assertThat(PerClassByStaticField.seen.get(0).isInitialized()).isFalse();
    }

    @Test
    void aPerClassTestInstanceSharesOneFixtureThroughItsInstanceFields() {
        PerClassInstance.seen.clear();
        EngineExecutionResults r = Fixtures.run(PerClassInstance.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(PerClassInstance.seen).hasSize(2).containsOnly(PerClassInstance.seen.get(0));
    }

    @Test
    void lifecyclePerClassSharesOneFixtureAmongParameters() {
        PerClassAttribute.seen.clear();
        EngineExecutionResults r = Fixtures.run(PerClassAttribute.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(PerClassAttribute.seen).hasSize(3).containsOnly(PerClassAttribute.seen.get(0));
    }

    @Test
    void aBeforeAllParameterMakesTheFixturePerClassByDefault() {
        BeforeAllParameter.seen.clear();
        EngineExecutionResults r = Fixtures.run(BeforeAllParameter.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(BeforeAllParameter.seen).hasSize(4).containsOnly(BeforeAllParameter.seen.get(0));
    }

    @Test
    void lifecyclePerTestGivesEveryRepetitionItsOwnFixtureEvenWithPerClassInstances() {
        PerTestAttribute.seen.clear();
        EngineExecutionResults r = Fixtures.run(PerTestAttribute.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(PerTestAttribute.seen).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void constructorParametersGetTheTestsOwnFixture() {
        ConstructorInjection.seen.clear();
        EngineExecutionResults r = Fixtures.run(ConstructorInjection.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(ConstructorInjection.seen).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void lifecyclePerTestRejectsAStaticFieldNamingIt() {
        EngineExecutionResults r = Fixtures.run(PerTestWithStaticField.class);
        assertThat(Fixtures.containerFailures(r)).singleElement().satisfies(t -> {
            assertThat(t).isInstanceOf(ExtensionConfigurationException.class);
            assertThat(t.getMessage()).contains("lifecycle = PER_TEST")
                    .contains(PerTestWithStaticField.class.getName() + ".nvml")
                    .contains("make it an instance field or a test method parameter");
        });
    }

    @Test
    void lifecyclePerTestRejectsABeforeAllParameter() {
        EngineExecutionResults r = Fixtures.run(PerTestWithBeforeAllParameter.class);
        assertThat(Fixtures.containerFailures(r)).singleElement().satisfies(t -> {
            assertThat(t).isInstanceOf(ParameterResolutionException.class);
            assertThat(t.getMessage()).contains("lifecycle = PER_TEST").contains("setUp()")
                    .contains("runs once for the class");
        });
    }

    @Test
    void anAnnotationOnATestMethodGivesThatTestItsOwnFixture() {
        MethodOverride.counts.clear();
        EngineExecutionResults r = Fixtures.run(MethodOverride.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(MethodOverride.counts).containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void nestedClassesShareTheirEnclosingClassFixture() {
        Outer.seen.clear();
        EngineExecutionResults r = Fixtures.run(Outer.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(Outer.seen).hasSize(2).containsOnly(Outer.seen.get(0));
    }

    @Test
    void aPerClassFakeClusterIsSharedAndClosedAfterTheClass() {
        ClusterPerClass.seen.clear();
        EngineExecutionResults r = Fixtures.run(ClusterPerClass.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(ClusterPerClass.seen).hasSize(2).containsOnly(ClusterPerClass.seen.get(0));
        assertThat(ClusterPerClass.seen.get(0).server().isClosed()).isTrue();
    }

    @Test
    void mockKubernetesGivesEachTestItsOwnServerAndKubeconfigAndDeletesTheFile() {
        ServerPerTest.servers.clear();
        ServerPerTest.kubeconfigs.clear();
        EngineExecutionResults r = Fixtures.run(ServerPerTest.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(ServerPerTest.servers).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(s -> assertThat(s.isClosed()).isTrue());
        assertThat(ServerPerTest.kubeconfigs).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).doesNotExist());
    }

    // ------------------------------------------------------------------ fixtures

    @FakeGpus
    static class PerTestByDefault {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        FakeNvml nvml;

        @Test
        void one(Nvml parameter, MigManager mig) {
            assertThat(parameter).isSameAs(nvml);
            assertThat(mig).isNotNull();
            seen.add(nvml);
        }

        @Test
        void two(FakeNvml parameter) {
            assertThat(parameter).isSameAs(nvml);
            seen.add(nvml);
        }
    }

    @FakeGpus
    static class PerClassByStaticField {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        static FakeNvml shared;
        FakeNvml nvml;

        @Test
        void one(FakeNvml parameter) {
            assertThat(parameter).isSameAs(shared).isSameAs(nvml);
            seen.add(shared);
        }

        @Test
        void two() {
            assertThat(nvml).isSameAs(shared);
            seen.add(shared);
        }
    }

    @FakeGpus
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        FakeNvml nvml;

        @Test
        void one() {
            seen.add(nvml);
        }

        @Test
        void two(FakeNvml parameter) {
            assertThat(parameter).isSameAs(nvml);
            seen.add(nvml);
        }
    }

    @FakeGpus(lifecycle = FixtureLifecycle.PER_CLASS)
    static class PerClassAttribute {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();

        @RepeatedTest(3)
        void repeated(FakeNvml nvml) {
            seen.add(nvml);
        }
    }

    @FakeGpus
    static class BeforeAllParameter {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        FakeNvml nvml;

        @BeforeAll
        static void setUp(FakeNvml nvml) {
            seen.add(nvml);
        }

        @AfterAll
        static void tearDown(FakeNvml nvml) {
            seen.add(nvml);
        }

        @Test
        void one() {
            seen.add(nvml);
        }

        @Test
        void two() {
            seen.add(nvml);
        }
    }

    @FakeGpus(lifecycle = FixtureLifecycle.PER_TEST)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerTestAttribute {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        FakeNvml nvml;

        @RepeatedTest(3)
        void repeated(FakeNvml parameter) {
            assertThat(parameter).isSameAs(nvml);
            seen.add(nvml);
        }
    }

    @FakeGpus
    static class ConstructorInjection {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        private final FakeNvml fromConstructor;
        FakeNvml field;

        ConstructorInjection(FakeNvml nvml) {
            this.fromConstructor = nvml;
        }

        @Test
        void one() {
            assertThat(field).isSameAs(fromConstructor);
            seen.add(fromConstructor);
        }

        @Test
        void two() {
            assertThat(field).isSameAs(fromConstructor);
            seen.add(fromConstructor);
        }
    }

    @FakeGpus(lifecycle = FixtureLifecycle.PER_TEST)
    static class PerTestWithStaticField {
        static FakeNvml nvml;

        @Test
        void test() {
        }
    }

    @FakeGpus(lifecycle = FixtureLifecycle.PER_TEST)
    static class PerTestWithBeforeAllParameter {
        @BeforeAll
        static void setUp(FakeNvml nvml) {
        }

        @Test
        void test() {
        }
    }

    @FakeGpus(count = 1)
    static class MethodOverride {
        static final List<Integer> counts = new CopyOnWriteArrayList<>();

        @Test
        void classConfig(Nvml nvml) {
            counts.add(nvml.deviceGetCount());
        }

        @Test
        @FakeGpus(count = 3)
        void ownConfig(Nvml nvml) {
            counts.add(nvml.deviceGetCount());
        }
    }

    @FakeGpus
    static class Outer {
        static final List<FakeNvml> seen = new CopyOnWriteArrayList<>();
        static FakeNvml nvml;

        @Test
        void outer() {
            seen.add(nvml);
        }

        @Nested
        class Inner {
            @Test
            void inner(FakeNvml parameter) {
                seen.add(parameter);
            }
        }
    }

    @FakeClusterTest(lifecycle = FixtureLifecycle.PER_CLASS)
    static class ClusterPerClass {
        static final List<FakeCluster> seen = new CopyOnWriteArrayList<>();
        FakeCluster cluster;

        @Test
        void one() {
            seen.add(cluster);
        }

        @Test
        void two(MockKubeApiServer server) {
            assertThat(server).isSameAs(cluster.server());
            seen.add(cluster);
        }
    }

    @MockKubernetes
    static class ServerPerTest {
        static final List<MockKubeApiServer> servers = new CopyOnWriteArrayList<>();
        static final List<Path> kubeconfigs = new CopyOnWriteArrayList<>();
        MockKubeApiServer server;
        Path kubeconfig;

        @Test
        void one(Path parameter) throws Exception {
            check(parameter);
        }

        @Test
        void two(Path parameter) throws Exception {
            check(parameter);
        }

        private void check(Path parameter) throws Exception {
            assertThat(parameter).isEqualTo(kubeconfig);
            assertThat(Files.readString(kubeconfig)).contains(server.url().toString().replaceAll("/$", ""));
            servers.add(server);
            kubeconfigs.add(kubeconfig);
        }
    }
}
