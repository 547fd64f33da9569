package io.mig4j.testkit.assertions;

import io.mig4j.testkit.cluster.FakeCluster;

/**
 * AssertJ entry points for mig4j's test fixtures, to import statically beside AssertJ's own {@code assertThat}:
 *
 * {@snippet :
 * import static io.mig4j.testkit.assertions.MigAssertions.assertThat;
 *
 * cluster.awaitIdle();
 * assertThat(cluster).pod("default", "trainer").isRunning().hasMigDevice("1g.10gb");
 * assertThat(cluster).pod("default", "eighth").isPending()
 *         .hasFailedSchedulingEventContaining("cannot allocate all claims");
 * assertThat(cluster).node("gpu-node-1").hasMigLayout("1g.10gb=7");
 * assertThat(cluster).claim("default", "shared-gpu").isAllocated().isReservedFor("trainer");
 * }
 *
 * <p>Each assertion that fails says what it found instead: the pod's phase, node and events, the MIG devices it got,
 * the node's actual layout, the claim's allocation. AssertJ is not brought by sdk-testkit: the test classpath that
 * uses these has it already.
 */
public final class MigAssertions {
    private MigAssertions() {
    }

    /** Assertions on a fake cluster's pods, claims and nodes, read from its API server when called. */
    public static FakeClusterAssert assertThat(FakeCluster cluster) {
        return new FakeClusterAssert(cluster);
    }
}
