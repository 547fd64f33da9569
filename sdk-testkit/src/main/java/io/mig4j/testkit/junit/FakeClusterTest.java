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
 * {@code FakeCluster} or {@code KubernetesClient} get it (or its client). A static field holds one cluster for the
 * whole class; instance fields and parameters get a fresh cluster per test. When a test fails, the cluster's pods,
 * claims, slices and events are published to the test report.
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
}
