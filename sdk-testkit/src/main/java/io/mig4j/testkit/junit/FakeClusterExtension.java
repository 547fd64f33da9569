package io.mig4j.testkit.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link FakeClusterTest}: injects {@link FakeCluster}, its {@link KubernetesClient} and its
 * {@link MockKubeApiServer}; on a failing test, reports the cluster's nodes, pods, claims (with their allocation),
 * slices and events.
 */
public final class FakeClusterExtension extends FixtureExtension<FakeCluster, FakeClusterTest> {

    /** Created by JUnit. */
    public FakeClusterExtension() {
        super(FakeClusterTest.class, List.of(FakeCluster.class, KubernetesClient.class, MockKubeApiServer.class),
                "mig4j.fakeCluster");
    }

    @Override
    FakeCluster create(FakeClusterTest config, String where, ExtensionContext context) {
        if (config.nodes() < 1) {
            throw new ExtensionConfigurationException("@FakeClusterTest(nodes = " + config.nodes() + ") on "
                    + context.getRequiredTestClass().getName() + ": nodes must be at least 1");
        }
        if (config.gpusPerNode() < 1) {
            throw new ExtensionConfigurationException("@FakeClusterTest(gpusPerNode = " + config.gpusPerNode()
                    + ") on " + context.getRequiredTestClass().getName() + ": gpusPerNode must be at least 1");
        }
        try {
            FakeCluster.Builder b = FakeCluster.builder().nodes(config.nodes()).gpu(config.gpu())
                    .gpusPerNode(config.gpusPerNode()).dynamicMig(config.dynamicMig()).seed(config.seed())
                    .reconcileInBackground(config.reconcileInBackground());
            if (config.migLayout().length > 0) {
                b.migLayout(config.migLayout());
            }
            return b.start();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    @Override
    Map<Class<?>, Object> values(FakeCluster cluster) {
        return Map.of(FakeCluster.class, cluster, KubernetesClient.class, cluster.client(),
                MockKubeApiServer.class, cluster.server());
    }

    @Override
    FixtureLifecycle lifecycle(FakeClusterTest config) {
        return config.lifecycle();
    }

    @Override
    String describe(FakeCluster cluster) {
        return ClusterReport.describe(cluster);
    }
}
