package io.mig4j.testkit.junit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link MockKubernetes}: injects the {@link MockKubeApiServer}, a {@link KubernetesClient} of
 * it and the {@link Path} of a kubeconfig file for it (its own file per fixture, deleted with it); on a failing test,
 * reports the pods, ResourceClaims, ResourceSlices and events the server holds.
 */
public final class MockKubernetesExtension extends FixtureExtension<MockKubernetesExtension.Server, MockKubernetes> {

    /** Created by JUnit. */
    public MockKubernetesExtension() {
        super(MockKubernetes.class, List.of(MockKubeApiServer.class, KubernetesClient.class, Path.class),
                "mig4j.mockKubernetes");
    }

    @Override
    Server create(MockKubernetes config, String where, ExtensionContext context) {
        MockKubeApiServer server = MockKubeApiServer.start();
        try {
            Path kubeconfig = Files.createTempFile("mig4j-kubeconfig-", ".yaml");
            return new Server(server, server.writeKubeconfig(kubeconfig));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
    }

    @Override
    Map<Class<?>, Object> values(Server s) {
        return Map.of(MockKubeApiServer.class, s.server, KubernetesClient.class, s.server.client(), Path.class,
                s.kubeconfig);
    }

    @Override
    FixtureLifecycle lifecycle(MockKubernetes config) {
        return config.lifecycle();
    }

    @Override
    String describe(Server s) {
        KubernetesClient client = s.server.client();
        StringBuilder b = new StringBuilder("API server ").append(s.server.url()).append('\n');
        b.append("Pods:\n");
        client.pods().inAnyNamespace().list().getItems().forEach(p -> b.append("  ")
                .append(p.getMetadata().getNamespace()).append('/').append(p.getMetadata().getName())
                .append(" phase=").append(p.getStatus() == null ? null : p.getStatus().getPhase())
                .append(" node=").append(p.getSpec() == null ? null : p.getSpec().getNodeName()).append('\n'));
        b.append("ResourceClaims:\n");
        client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list().getItems()
                .forEach(c -> b.append("  ").append(c.getMetadata().getNamespace()).append('/')
                        .append(c.getMetadata().getName()).append(c.getStatus() != null
                                && c.getStatus().getAllocation() != null ? " allocated" : " pending").append('\n'));
        b.append("ResourceSlices:\n");
        client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems()
                .forEach(sl -> b.append("  ").append(sl.getMetadata().getName()).append(" node=")
                        .append(sl.getSpec().getNodeName()).append(" devices=")
                        .append(sl.getSpec().getDevices() == null ? 0 : sl.getSpec().getDevices().size())
                        .append('\n'));
        b.append("Events:\n");
        for (Event e : client.v1().events().inAnyNamespace().list().getItems()) {
            b.append("  ").append(e.getType()).append(' ').append(e.getReason()).append(' ')
                    .append(e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind() + "/"
                            + e.getInvolvedObject().getName()).append(": ").append(e.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** The server of one fixture and its kubeconfig file. */
    static final class Server implements AutoCloseable {
        final MockKubeApiServer server;
        final Path kubeconfig;

        Server(MockKubeApiServer server, Path kubeconfig) {
            this.server = server;
            this.kubeconfig = kubeconfig;
        }

        @Override
        public void close() throws IOException {
            try {
                server.close();
            } finally {
                Files.deleteIfExists(kubeconfig);
            }
        }
    }
}
