package io.mig4j.testkit.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.testkit.cluster.FakeCluster;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link FakeClusterTest}. */
public final class FakeClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeClusterExtension.class);
    private static final List<Class<?>> TYPES = List.of(FakeCluster.class, KubernetesClient.class);

    /** Created by JUnit. */
    public FakeClusterExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<Field> statics = Injection.fields(context.getRequiredTestClass(), TYPES, true);
        if (!statics.isEmpty()) {
            FakeCluster cluster = Injection.getOrCreate(context, NS, FakeCluster.class, FakeClusterExtension::start);
            Injection.inject(statics, null, values(cluster));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<Field> fields = Injection.fields(context.getRequiredTestClass(), TYPES, false);
        if (!fields.isEmpty()) {
            FakeCluster cluster = Injection.getOrCreate(context, NS, FakeCluster.class, FakeClusterExtension::start);
            Injection.inject(fields, context.getRequiredTestInstance(), values(cluster));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeCluster cluster = Injection.find(context, NS, FakeCluster.class);
        if (cluster == null) {
            cluster = Injection.getOrCreate(context, NS, FakeCluster.class, FakeClusterExtension::start);
        }
        return values(cluster).get(parameter.getParameter().getType());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        FakeCluster cluster = Injection.find(context, NS, FakeCluster.class);
        if (cluster != null) {
            try {
                context.publishReportEntry("mig4j.fakeCluster", cluster.describe());
            } catch (RuntimeException e) {
                throwable.addSuppressed(e);
            }
        }
        throw throwable;
    }

    private static Map<Class<?>, Object> values(FakeCluster cluster) {
        return Map.of(FakeCluster.class, cluster, KubernetesClient.class, cluster.client());
    }

    private static FakeCluster start(ExtensionContext context) {
        FakeClusterTest config = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, FakeClusterTest.class))
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), FakeClusterTest.class))
                .orElseThrow(() -> new ExtensionConfigurationException("FakeClusterExtension needs @FakeClusterTest on "
                        + context.getRequiredTestClass().getName()));
        if (config.nodes() < 1) {
            throw new ExtensionConfigurationException("@FakeClusterTest(nodes = " + config.nodes()
                    + ") on " + context.getRequiredTestClass().getName() + ": nodes must be at least 1");
        }
        if (config.gpusPerNode() < 1) {
            throw new ExtensionConfigurationException("@FakeClusterTest(gpusPerNode = " + config.gpusPerNode()
                    + ") on " + context.getRequiredTestClass().getName() + ": gpusPerNode must be at least 1");
        }
        try {
            FakeCluster.Builder b = FakeCluster.builder().nodes(config.nodes()).gpu(config.gpu())
                    .gpusPerNode(config.gpusPerNode()).dynamicMig(config.dynamicMig()).seed(config.seed())
                    .reconcileInBackground(false);
            if (config.migLayout().length > 0) {
                b.migLayout(config.migLayout());
            }
            return b.start();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@FakeClusterTest on " + context.getRequiredTestClass().getName()
                    + ": " + e.getMessage(), e);
        }
    }
}
