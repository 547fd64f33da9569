package io.mig4j.testkit.assertions;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Events of an object, read from the API server, for assertions and their failure messages. */
final class Events {
    private Events() {
    }

    /** The events about {@code kind/name} in {@code namespace} (all when kind is null), of {@code reason} if given. */
    static List<Event> of(KubernetesClient client, String namespace, String kind, String name, String reason) {
        List<Event> all = namespace == null ? client.v1().events().inAnyNamespace().list().getItems()
                : client.v1().events().inNamespace(namespace).list().getItems();
        return all.stream()
                .filter(e -> kind == null || e.getInvolvedObject() != null
                        && kind.equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                .filter(e -> reason == null || reason.equals(e.getReason())).toList();
    }

    /** The events as lines {@code Type Reason Kind/name: message}, or {@code (none)}. */
    static String describe(List<Event> events) {
        if (events.isEmpty()) {
            return "  (none)";
        }
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append("  ").append(e.getType()).append(' ').append(e.getReason()).append(' ')
                    .append(e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind() + "/"
                            + e.getInvolvedObject().getName()).append(": ").append(e.getMessage());
        }
        return b.toString();
    }

    static String describe(KubernetesClient client, String kind, String name, String reason) {
        return describe(of(client, null, kind, name, reason));
    }
}
