package io.mig4j.testkit.kube;

/**
 * Sees every change committed to a {@link KubeStore}, synchronously and in resourceVersion order (see
 * {@link KubeStore#addListener}). It runs while the store holds its write lock: it must be quick, may read the
 * store, and must not write to it.
 */
@FunctionalInterface
public interface StoreListener {
    /** One committed change. */
    void changed(StoreChange change);
}
