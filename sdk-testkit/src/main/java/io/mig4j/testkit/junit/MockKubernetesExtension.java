package io.mig4j.testkit.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link MockKubernetes}. */
public final class MockKubernetesExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(MockKubernetesExtension.class);
    private static final List<Class<?>> TYPES = List.of(MockKubeApiServer.class, KubernetesClient.class, Path.class);

    /** Created by JUnit. */
    public MockKubernetesExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<Field> statics = Injection.fields(context.getRequiredTestClass(), TYPES, true);
        if (!statics.isEmpty()) {
            Injection.inject(statics, null, values(server(context)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<Field> fields = Injection.fields(context.getRequiredTestClass(), TYPES, false);
        if (!fields.isEmpty()) {
            Injection.inject(fields, context.getRequiredTestInstance(), values(server(context)));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MockKubeApiServer server = Injection.find(context, NS, MockKubeApiServer.class);
        return values(server != null ? server : server(context)).get(parameter.getParameter().getType());
    }

    private static MockKubeApiServer server(ExtensionContext context) {
        return Injection.getOrCreate(context, NS, MockKubeApiServer.class, c -> MockKubeApiServer.start());
    }

    private static Map<Class<?>, Object> values(MockKubeApiServer server) {
        Path kubeconfig;
        try {
            kubeconfig = Files.createTempFile("mig4j-kubeconfig-", ".yaml");
            kubeconfig.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(MockKubeApiServer.class, server, KubernetesClient.class, server.client(), Path.class,
                server.writeKubeconfig(kubeconfig));
    }
}
