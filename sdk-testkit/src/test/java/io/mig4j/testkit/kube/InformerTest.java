package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fabric8 SharedInformers against the mock: in sync under concurrent writes, resyncs, dropped connections, 410s. */
@Timeout(90)
class InformerTest {
    private MockKubeApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = MockKubeApiServer.builder().journalSize(100_000).start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What the informer's handler saw last for each object, by name: its resourceVersion, or "deleted". */
    static final class Seen implements ResourceEventHandler<ConfigMap> {
        final Map<String, String> last = new ConcurrentHashMap<>();
        final AtomicInteger resyncs = new AtomicInteger();

        @Override
        public void onAdd(ConfigMap obj) {
            last.put(obj.getMetadata().getName(), obj.getMetadata().getResourceVersion());
        }

        @Override
        public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            if (oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                resyncs.incrementAndGet();
            }
            last.put(newObj.getMetadata().getName(), newObj.getMetadata().getResourceVersion());
        }

        @Override
        public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            last.put(obj.getMetadata().getName(), "deleted");
        }
    }

    private Map<String, String> serverState() {
        Map<String, String> m = new TreeMap<>();
        client.configMaps().inNamespace("default").withLabel("informed").list().getItems()
                .forEach(c -> m.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        return m;
    }

    private static Map<String, String> cache(SharedIndexInformer<ConfigMap> informer) {
        Map<String, String> m = new TreeMap<>();
        informer.getStore().list().forEach(c -> m.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        return m;
    }

    private static Map<String, String> live(Seen seen) {
        Map<String, String> m = new TreeMap<>();
        seen.last.forEach((k, v) -> {
            if (!v.equals("deleted")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private void write(int writer, int round) {
        String name = "cm-" + writer + "-" + (round % 5);
        while (true) {
            try {
                ConfigMap current = client.configMaps().inNamespace("default").withName(name).get();
                if (current == null) {
                    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(name).addToLabels("informed", "yes").endMetadata()
                            .addToData("round", Integer.toString(round)).build()).create();
                } else if (round % 7 == 6) {
                    client.configMaps().inNamespace("default").withName(name).delete();
                } else {
                    current.getData().put("round", Integer.toString(round));
                    client.configMaps().inNamespace("default").resource(current).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 && e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    @Test
    void informersStayInSyncUnderConcurrentWritesAndDroppedConnections() throws Exception {
        Seen seen = new Seen();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").withLabel("informed")
                .inform(seen, 0);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        write(writer, round);
                        if (writer == 0 && round == 15) {
                            server.dropWatches();
                        }
                        if (writer == 1 && round == 30) {
                            server.endWatches();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }
        Map<String, String> expected = serverState();
        assertThat(expected).isNotEmpty();
        await("the informer's cache matches the server", () -> cache(informer).equals(expected));
        await("the handler saw every final state", () -> live(seen).equals(expected));
        long watches = server.requests().stream().filter(r -> r.verb().equals("watch")
                && "true".equals(r.queryParameter("watch"))).count();
        assertThat(watches).as("the informer re-watched after the drop and the end").isGreaterThanOrEqualTo(3);
        informer.close();
    }

    @Test
    void resyncRedeliversTheCacheWithoutAnyWrite() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("r")
                .addToLabels("informed", "yes").endMetadata().build()).create();
        Seen seen = new Seen();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").withLabel("informed")
                .inform(seen, 200);
        await("two resyncs", () -> seen.resyncs.get() >= 2);
        informer.close();
    }

    @Test
    void anInformerRelistsWhenItsResourceVersionIsGone() throws Exception {
        Seen seen = new Seen();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").withLabel("informed")
                .inform(seen, 0);
        long listsBefore = server.requests().stream().filter(r -> r.verb().equals("list")).count();
        for (int i = 0; i < 5; i++) {
            write(9, i);
        }
        server.compactHistory();
        server.expireWatches();
        await("a new list", () -> server.requests().stream().filter(r -> r.verb().equals("list")).count() > listsBefore);
        write(9, 6);
        Map<String, String> expected = serverState();
        await("the informer relisted", () -> cache(informer).equals(expected));
        assertThat(server.requests().stream().filter(r -> r.verb().equals("list")).count()).isGreaterThan(listsBefore);
        informer.close();
    }

    @Test
    void aNodeAgentInformsOnItsOwnSlicesByFieldSelector() throws Exception {
        Map<String, ResourceSlice> mine = new ConcurrentHashMap<>();
        SharedIndexInformer<ResourceSlice> informer = client.dynamicResourceAllocation().v1().resourcesSlices()
                .withField("spec.nodeName", "node-a").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ResourceSlice obj) {
                        mine.put(obj.getMetadata().getName(), obj);
                    }

                    @Override
                    public void onUpdate(ResourceSlice oldObj, ResourceSlice newObj) {
                        mine.put(newObj.getMetadata().getName(), newObj);
                    }

                    @Override
                    public void onDelete(ResourceSlice obj, boolean deletedFinalStateUnknown) {
                        mine.remove(obj.getMetadata().getName());
                    }
                });
        for (String node : List.of("node-a", "node-b", "node-a")) {
            client.dynamicResourceAllocation().v1().resourcesSlices().resource(new ResourceSliceBuilder()
                    .withNewMetadata().withGenerateName(node + "-").endMetadata().withNewSpec().withDriver("gpu.nvidia.com")
                    .withNodeName(node).withNewPool().withName(node).withGeneration(1L).withResourceSliceCount(2L)
                    .endPool().endSpec().build()).create();
        }
        await("both slices of node-a", () -> mine.size() == 2);
        assertThat(mine.values()).allSatisfy(s -> assertThat(s.getSpec().getNodeName()).isEqualTo("node-a"));
        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.verb()).isEqualTo("watch");
            assertThat(r.queryParameter("fieldSelector")).isEqualTo("spec.nodeName=node-a");
        });
        informer.close();
    }
}
