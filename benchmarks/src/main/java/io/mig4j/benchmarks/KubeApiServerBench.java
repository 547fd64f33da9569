package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.testkit.kube.KubeStore;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.kube.ResourceType;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reliability and scale measurements of {@link MockKubeApiServer} that are not a steady-state throughput (the
 * CRUD throughput is {@link KubeApiServerCrudBenchmark}, in JMH):
 * <ul>
 * <li>{@code fanout [watchers] [events]}: watchers over plain HTTP each receive every event, in resourceVersion
 * order; latency from the write to each delivery, p50/p99 (default 100 × 10,000);</li>
 * <li>{@code conflicts [writers] [updates]}: writers increment one counter through the fabric8 client, retrying on
 * 409 Conflict; no update may be lost (default 16 × 10,000);</li>
 * <li>{@code startup [runs]}: from {@code start()} to the first answered request, after warm-up;</li>
 * <li>{@code memory [objects]}: heap per stored object (default 10,000 ResourceSlices of 8 devices, and as many
 * DeviceClasses).</li>
 * </ul>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.mig4j.benchmarks.KubeApiServerBench fanout}.
 */
public final class KubeApiServerBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KubeApiServerBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length == 0 ? "all" : args[0];
        int a = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        int b = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        System.out.printf("JVM %s, %d CPUs available%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        switch (what) {
            case "fanout" -> fanOut(a < 0 ? 100 : a, b < 0 ? 10_000 : b);
            case "conflicts" -> conflicts(a < 0 ? 16 : a, b < 0 ? 10_000 : b);
            case "startup" -> startup(a < 0 ? 30 : a);
            case "memory" -> memory(a < 0 ? 10_000 : a);
            default -> {
                startup(30);
                memory(10_000);
                fanOut(100, 10_000);
                conflicts(16, 10_000);
            }
        }
        System.exit(0);
    }

    static void fanOut(int watchers, int events) throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.builder().journalSize(0).containerThreads(watchers + 50)
                .maxWatchQueue(events + 10).start()) {
            KubeStore store = server.store();
            ResourceType configMaps = store.resource("v1", "configmaps").orElseThrow();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build();
            long[][] latency = new long[watchers][events];
            long[] received = new long[watchers];
            String[] failures = new String[watchers];
            CountDownLatch done = new CountDownLatch(watchers);
            ExecutorService readers = Executors.newFixedThreadPool(watchers);
            String from = Long.toString(store.resourceVersion());
            for (int w = 0; w < watchers; w++) {
                int id = w;
                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.url().resolve(
                        "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + from)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                readers.submit(() -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                            StandardCharsets.UTF_8), 1 << 16)) {
                        long lastRv = 0;
                        for (int i = 0; i < events; i++) {
                            String line = lines.readLine();
                            long now = System.nanoTime();
                            if (line == null) {
                                failures[id] = "stream ended after " + i + " events";
                                return;
                            }
                            long rv = number(line, "\"resourceVersion\":\"");
                            long sent = number(line, "\"sent\":\"");
                            if (rv <= lastRv) {
                                failures[id] = "out of order: " + rv + " after " + lastRv;
                                return;
                            }
                            lastRv = rv;
                            latency[id][i] = now - sent;
                            received[id]++;
                        }
                    } catch (Exception e) {
                        failures[id] = e.toString();
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (server.openWatches() < watchers) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                ObjectNode cm = JSON.createObjectNode();
                cm.put("apiVersion", "v1");
                cm.put("kind", "ConfigMap");
                cm.putObject("metadata").put("name", "cm-" + i);
                cm.putObject("data").put("sent", Long.toString(System.nanoTime()));
                store.create(configMaps, "default", cm);
            }
            long written = System.nanoTime();
            boolean all = done.await(10, TimeUnit.MINUTES);
            long end = System.nanoTime();
            readers.shutdownNow();
            long total = Arrays.stream(received).sum();
            long[] flat = Arrays.stream(latency).flatMapToLong(Arrays::stream).filter(x -> x > 0).sorted().toArray();
            List<String> errors = Arrays.stream(failures).filter(f -> f != null).toList();
            System.out.printf("fanout: %d watchers x %d events: %d of %d delivered in order%s; errors %s%n", watchers,
                    events, total, (long) watchers * events, all ? "" : " (TIMED OUT)", errors.isEmpty() ? "none" : errors);
            System.out.printf("fanout: writes %.0f/s; deliveries %.0f/s; latency write->client p50 %.2f ms, p99 %.2f ms, "
                            + "max %.2f ms%n", events / seconds(written - start), total / seconds(end - start),
                    percentile(flat, 50) / 1e6, percentile(flat, 99) / 1e6, flat.length == 0 ? 0 : flat[flat.length - 1] / 1e6);
        }
    }

    private static long number(String line, String key) {
        int i = line.indexOf(key);
        if (i < 0) {
            return -1;
        }
        int s = i + key.length();
        int e = line.indexOf('"', s);
        return Long.parseLong(line.substring(s, e));
    }

    static void conflicts(int writers, int updates) throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.builder().journalSize(0).start()) {
            KubernetesClient client = server.client();
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("counter").endMetadata().addToData("value", "0").build()).create();
            AtomicLong conflicts = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < updates; i++) {
                        while (true) {
                            ConfigMap c = client.configMaps().inNamespace("default").withName("counter").get();
                            c.getData().put("value", Long.toString(Long.parseLong(c.getData().get("value")) + 1));
                            try {
                                client.configMaps().inNamespace("default").resource(c).update();
                                break;
                            } catch (KubernetesClientException e) {
                                if (e.getCode() != 409) {
                                    throw e;
                                }
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long end = System.nanoTime();
            pool.shutdown();
            long value = Long.parseLong(client.configMaps().inNamespace("default").withName("counter").get()
                    .getData().get("value"));
            long expected = (long) writers * updates;
            System.out.printf("conflicts: %d writers x %d updates: final value %d, expected %d -> %s; %d conflicts "
                            + "retried; %.0f successful updates/s (%.1f s)%n", writers, updates, value, expected,
                    value == expected ? "no lost update" : "LOST UPDATES", conflicts.get(), expected / seconds(end - start),
                    seconds(end - start));
        }
    }

    static void startup(int runs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 10; i++) {
            try (MockKubeApiServer s = MockKubeApiServer.start()) {
                http.send(HttpRequest.newBuilder(s.url().resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            }
        }
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (MockKubeApiServer s = MockKubeApiServer.start()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.url().resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                times[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("not ready: " + r.statusCode());
                }
            }
        }
        Arrays.sort(times);
        System.out.printf("startup: start() to first answered request over %d runs after 10 warm-up runs: "
                + "median %.1f ms, p90 %.1f ms, min %.1f ms%n", runs, percentile(times, 50) / 1e6,
                percentile(times, 90) / 1e6, times[0] / 1e6);
    }

    static void memory(int objects) throws Exception {
        for (String kind : List.of("resourceslices", "deviceclasses")) {
            KubeStore store = KubeStore.create();
            ResourceType type = store.resource("resource.k8s.io/v1", kind).orElseThrow();
            long before = usedHeap();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                ObjectNode o = kind.equals("deviceclasses") ? deviceClass(i) : slice(i);
                if (i == 0) {
                    sizes.add(JSON.writeValueAsBytes(o).length);
                }
                store.create(type, "", o);
            }
            long after = usedHeap();
            System.out.printf("memory: %d %s (%d bytes of JSON each as sent): %.1f MiB retained, %.0f bytes per object "
                            + "(store only, history included)%n", objects, kind, sizes.get(0),
                    (after - before) / 1048576.0, (after - before) / (double) objects);
            store.close();
        }
    }

    private static ObjectNode deviceClass(int i) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("metadata").put("name", "class-" + i);
        o.putObject("spec").putArray("selectors").addObject().putObject("cel")
                .put("expression", "device.driver == \"gpu.nvidia.com\" && device.attributes[\"gpu.nvidia.com\"].profile == \"1g.10gb\"");
        return o;
    }

    private static ObjectNode slice(int i) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("metadata").put("name", "node-" + i + "-gpu.nvidia.com");
        ObjectNode spec = o.putObject("spec");
        spec.put("driver", "gpu.nvidia.com");
        spec.put("nodeName", "node-" + i);
        spec.putObject("pool").put("name", "node-" + i).put("generation", 1).put("resourceSliceCount", 1);
        var devices = spec.putArray("devices");
        for (int d = 0; d < 8; d++) {
            ObjectNode dev = devices.addObject();
            dev.put("name", "gpu-" + d);
            ObjectNode attrs = dev.putObject("attributes");
            attrs.putObject("type").put("string", "gpu");
            attrs.putObject("uuid").put("string", "GPU-" + i + "-" + d + "-0000-1111-2222-333344445555");
            attrs.putObject("productName").put("string", "NVIDIA H100 80GB HBM3");
            attrs.putObject("index").put("int", d);
            dev.putObject("capacity").putObject("memory").put("value", "80Gi");
        }
        return o;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
