package io.mig4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a {@link io.mig4j.testkit.cluster.FakeCluster}: fields and parameters of type
 * {@code FakeCluster}, {@code KubernetesClient} or {@code MockKubeApiServer} get it (or its client, or its API
 * server). Which tests share a cluster is set by {@link #lifecycle()}: by default a static field or
 * {@code @TestInstance(PER_CLASS)} holds one cluster for the whole class, else every test gets a fresh one. Each
 * cluster has its own API server port and its own fake GPUs, so tests may run concurrently (JUnit's parallel
 * execution). An annotation on a test method gives that test a cluster of its own, configured by it.
 *
 * <p>When a test fails, the cluster's nodes and GPUs, pods, claims with their allocation, ResourceSlices and events
 * are added to the failure as a suppressed {@link FixtureState} and published as the report entry
 * {@code mig4j.fakeCluster}. Assertions that read better than plain AssertJ live in
 * {@code io.mig4j.testkit.assertions.MigAssertions}.
 *
 * {@snippet :
 * @FakeClusterTest(nodes = 1, gpu = "A100-80GB", migLayout = "1g.10gb=7")
 * class MyControllerTest {
 *     FakeCluster cluster;
 *
 *     @Test
 *     void podsGetMigDevices() {
 *         cluster.client().resource(pod).create();
 *         cluster.awaitIdle();
 *     }
 * }
 * }
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeClusterExtension.class)
public @interface FakeClusterTest {
    /** Number of nodes. */
    int nodes() default 1;

    /** GPU product alias of every node, e.g. {@code A100-80GB}, {@code H100-80GB}. */
    String gpu() default "A100-80GB";

    /** GPUs per node. */
    int gpusPerNode() default 1;

    /** Dynamic MIG: the driver creates MIG devices when it prepares claims. */
    boolean dynamicMig() default false;

    /** A static MIG layout on every GPU as {@code profile=count} pairs, e.g. {@code "1g.10gb=7"}. */
    String[] migLayout() default {};

    /** The seed of generated names and GPU UUIDs. */
    long seed() default 42;

    /**
     * Whether the controllers also run on their own, woken by watches, as for kubectl (default false: they run
     * only in {@code cluster.awaitIdle()}, so tests are deterministic and need no sleeps).
     */
    boolean reconcileInBackground() default false;

    /**
     * Which tests share the fixture: by default one per class when a static field, {@code @TestInstance(PER_CLASS)}
     * or a {@code @BeforeAll}/{@code @AfterAll} parameter asks for it, else one per test; see
     * {@link FixtureLifecycle}.
     */
    FixtureLifecycle lifecycle() default FixtureLifecycle.DEFAULT;
}
