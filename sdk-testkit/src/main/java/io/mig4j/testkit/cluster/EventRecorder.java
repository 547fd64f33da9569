package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

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
        Event e = new Event();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(regarding.getMetadata().getName() + "." + Long.toHexString(System.nanoTime() + sequence++));
        meta.setNamespace(ns);
        e.setMetadata(meta);
        ObjectReference ref = new ObjectReference();
        ref.setApiVersion(regarding.getApiVersion());
        ref.setKind(regarding.getKind());
        ref.setName(regarding.getMetadata().getName());
        ref.setNamespace(regarding.getMetadata().getNamespace());
        ref.setUid(regarding.getMetadata().getUid());
        ref.setResourceVersion(regarding.getMetadata().getResourceVersion());
        e.setInvolvedObject(ref);
        e.setType(type);
        e.setReason(reason);
        e.setAction(action);
        e.setMessage(msg);
        e.setSource(new EventSource(component, host));
        e.setReportingComponent(component);
        e.setReportingInstance(host == null ? component : component + "-" + host);
        e.setFirstTimestamp(now);
        e.setLastTimestamp(now);
        e.setCount(1);
        writes.create(e);
        eventByKey.put(key, meta.getName());
    }
}
