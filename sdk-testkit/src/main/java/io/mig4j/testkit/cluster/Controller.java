package io.mig4j.testkit.cluster;

/**
 * One reconcile loop of the fake cluster. {@link #sync()} reads the cluster through the fabric8 client, as a real
 * controller's informer cache would show it, and moves every object it owns one step toward its desired state.
 * It must be idempotent: a sync with nothing to do writes nothing, which is how {@link FakeCluster#awaitIdle()}
 * detects quiescence.
 */
interface Controller {
    /** A short name for errors. */
    String name();

    /** One pass over everything this controller watches. */
    void sync();
}
