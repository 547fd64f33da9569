package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-process client ({@link MockKubeApiServer#newInProcessClient()}) and the store's listeners: the same objects,
 * resourceVersions, errors, watch events and journal entries as over HTTP.
 */
@Timeout(60)
class InProcessClientTest {
    private final MockKubeApiServer server = MockKubeApiServer.builder().token("secret").start();
    private final KubernetesClient http = server.client();
    private final KubernetesClient local = server.newInProcessClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("k", value)).build();
    }

    @Test
    void writesAndReadsAreTheSameAsOverHttp() {
        ConfigMap created = local.configMaps().inNamespace("default").resource(cm("a", "1")).create();
        ConfigMap viaHttp = http.configMaps().inNamespace("default").withName("a").get();
        assertThat(viaHttp).isEqualTo(created);
        assertThat(created.getMetadata().getUid()).isNotEmpty();

        ConfigMap updated = http.configMaps().inNamespace("default").resource(
                new ConfigMapBuilder(viaHttp).withData(Map.of("k", "2")).build()).update();
        assertThat(local.configMaps().inNamespace("default").withName("a").get()).isEqualTo(updated);
        assertThat(local.configMaps().inNamespace("default").list().getItems()).containsExactly(updated);

        // a stale resourceVersion is a conflict, an unknown name a 404, as over HTTP
        assertThatThrownBy(() -> local.configMaps().inNamespace("default").resource(
                new ConfigMapBuilder(created).withData(Map.of("k", "3")).build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(local.configMaps().inNamespace("default").withName("missing").get()).isNull();
    }

    @Test
    void requestsAreJournaled() {
        server.clearRequests();
        local.configMaps().inNamespace("default").resource(cm("b", "1")).create();
        RecordedKubeRequest r = server.takeRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.verb()).isEqualTo("create");
        assertThat(r.name()).isEqualTo("b");
    }

    @Test
    void watchesStreamInProcess() throws InterruptedException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watch w = local.configMaps().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName() + " " + resource.getData().get("k"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            http.configMaps().inNamespace("default").resource(cm("c", "1")).create();
            http.configMaps().inNamespace("default").withName("c").delete();
            List<String> seen = new ArrayList<>();
            while (seen.size() < 2) {
                String e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e).as("events so far: %s", seen).isNotNull();
                seen.add(e);
            }
            assertThat(seen).containsExactly("ADDED c 1", "DELETED c 1");
        } finally {
            w.close();
        }
    }

    @Test
    void listenersSeeEveryCommitInOrder() {
        List<String> seen = new ArrayList<>();
        Runnable remove = server.store().addListener(c -> {
            if (c.resource().plural().equals("configmaps")) {
                seen.add(c.type() + " " + c.namespace() + "/" + c.name() + " " + c.text("data", "k") + " "
                        + (c.resourceVersion() == server.store().resourceVersion()) + " "
                        + new String(c.json(), java.nio.charset.StandardCharsets.UTF_8).contains("\"k\":\""
                        + c.text("data", "k") + "\""));
            }
        });
        ConfigMap a = local.configMaps().inNamespace("default").resource(cm("d", "1")).create();
        // the listener ran before the write returned
        assertThat(seen).containsExactly("ADDED default/d 1 true true");
        local.configMaps().inNamespace("default").resource(new ConfigMapBuilder(a).withData(Map.of("k", "2")).build())
                .update();
        remove.run();
        local.configMaps().inNamespace("default").withName("d").delete();
        assertThat(seen).containsExactly("ADDED default/d 1 true true", "MODIFIED default/d 2 true true");
    }
}
