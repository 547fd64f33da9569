package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records core/v1 Events as client-go's {@code tools/record} does: {@code <object>.<hex>} names, {@code source},
 * {@code count}, first and last timestamps; a repeat of the same reason and message for the same object bumps the
 * count of the existing event instead of creating one (the recorder's aggregation). kubectl's {@code describe}
 * and {@code get events} read these.
 */
final class EventRecorder {
    private static final int MAX_MESSAGE = 1024;
    private final KubernetesClient client;
    private final TreeWrites writes;
    private final Map<String, String> eventByKey = new HashMap<>();
    private long sequence;

    EventRecorder(KubernetesClient client, TreeWrites writes) {
        this.client = client;
        this.writes = writes;
    }

    /** Records an event; the message is cut to 1024 characters with a {@code " ..."} suffix as the scheduler does. */
    synchronized void record(HasMetadata regarding, String type, String reason, String action, String message,
                             String component, String host) {
        String msg = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 4) + " ..." : message;
        String ns = regarding.getMetadata().getNamespace() == null ? "default" : regarding.getMetadata().getNamespace();
        String key = regarding.getMetadata().getUid() + "|" + reason + "|" + component + "|" + msg;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String existing = eventByKey.get(key);
        if (existing != null) {
            try {
                client.v1().events().inNamespace(ns).withName(existing).edit(e -> {
                    e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
                    e.setLastTimestamp(now);
                    return e;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        // written as the tree the API server stores, not as a fabric8 Event: the scheduler and the kubelet record
        // one or more per pod, and converting a bean for each showed up in the cluster benchmark
        String name = regarding.getMetadata().getName() + "." + Long.toHexString(System.nanoTime() + sequence++);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("apiVersion", "v1");
        e.put("kind", "Event");
        e.putObject("metadata").put("name", name).put("namespace", ns);
        ObjectNode ref = e.putObject("involvedObject");
        putIfSet(ref, "apiVersion", regarding.getApiVersion());
        putIfSet(ref, "kind", regarding.getKind());
        putIfSet(ref, "name", regarding.getMetadata().getName());
        putIfSet(ref, "namespace", regarding.getMetadata().getNamespace());
        putIfSet(ref, "uid", regarding.getMetadata().getUid());
        putIfSet(ref, "resourceVersion", regarding.getMetadata().getResourceVersion());
        e.put("type", type);
        e.put("reason", reason);
        putIfSet(e, "action", action);
        e.put("message", msg);
        ObjectNode source = e.putObject("source");
        putIfSet(source, "component", component);
        putIfSet(source, "host", host);
        e.put("reportingComponent", component);
        e.put("reportingInstance", host == null ? component : component + "-" + host);
        e.put("firstTimestamp", now);
        e.put("lastTimestamp", now);
        e.put("count", 1);
        writes.create(TreeWrites.EVENTS, ns, e);
        eventByKey.put(key, name);
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
