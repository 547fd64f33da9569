package io.mig4j.testkit.kube;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How each list of a kind merges, for strategic merge patch ({@code patchMergeKey}/{@code patchStrategy}) and
 * server-side apply ({@code listType}/{@code listMapKeys}), from the struct tags in kubernetes/api
 * ({@code core/v1/types.go}, {@code resource/v1/types.go}, {@code apps/v1/types.go}). A list that is not listed is
 * atomic: replaced whole by a patch, owned whole by one field manager, as for every list of {@code resource.k8s.io}
 * except the few below.
 *
 * <p>Paths are dotted without indices ({@code spec.containers.ports}).
 */
final class ListSemantics {
    /** A list's merge rule. */
    record Rule(List<String> keys, boolean set) {
        boolean keyed() {
            return !keys.isEmpty();
        }
    }

    static final Rule ATOMIC = new Rule(List.of(), false);
    private static final Rule SET = new Rule(List.of(), true);
    static final ListSemantics NONE = new ListSemantics(Map.of());

    private final Map<String, Rule> rules;

    private ListSemantics(Map<String, Rule> rules) {
        this.rules = rules;
    }

    Rule rule(String path) {
        Rule r = rules.get(path);
        return r == null ? ATOMIC : r;
    }

    /** Whether {@code path} is a list whose items merge (SMP strategy {@code merge}). */
    boolean merges(String path) {
        Rule r = rules.get(path);
        return r != null;
    }

    private static final Map<String, ListSemantics> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static ListSemantics forType(ResourceType type) {
        return CACHE.computeIfAbsent(type.key(), k -> build(type));
    }

    private static ListSemantics build(ResourceType type) {
        Map<String, Rule> m = new HashMap<>();
        m.put("metadata.finalizers", SET);
        m.put("metadata.ownerReferences", keyed("uid"));
        String group = type.group();
        switch (type.kind()) {
            case "Pod":
                podSpec(m, "spec");
                m.put("status.conditions", keyed("type"));
                break;
            case "Deployment":
            case "ReplicaSet":
            case "StatefulSet":
            case "DaemonSet":
            case "Job":
                if (group.equals("apps") || group.equals("batch")) {
                    podSpec(m, "spec.template.spec");
                    m.put("status.conditions", keyed("type"));
                }
                break;
            case "Node":
                m.put("status.conditions", keyed("type"));
                m.put("status.addresses", keyed("type"));
                m.put("spec.podCIDRs", SET);
                break;
            case "Service":
                m.put("spec.ports", keyed("port", "protocol"));
                m.put("status.conditions", keyed("type"));
                break;
            case "Namespace":
                m.put("status.conditions", keyed("type"));
                break;
            case "ResourceClaim":
                m.put("status.reservedFor", keyed("uid"));
                m.put("status.devices", keyed("driver", "device", "pool", "shareID"));
                m.put("status.devices.conditions", keyed("type"));
                break;
            case "DeviceTaintRule":
                m.put("status.conditions", keyed("type"));
                break;
            case "CustomResourceDefinition":
                m.put("status.conditions", keyed("type"));
                break;
            default:
                break;
        }
        return new ListSemantics(Map.copyOf(m));
    }

    private static void podSpec(Map<String, Rule> m, String at) {
        for (String containers : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            String c = at + "." + containers;
            m.put(c, keyed("name"));
            m.put(c + ".ports", keyed("containerPort", "protocol"));
            m.put(c + ".env", keyed("name"));
            m.put(c + ".volumeMounts", keyed("mountPath"));
            m.put(c + ".volumeDevices", keyed("devicePath"));
            m.put(c + ".resources.claims", keyed("name"));
        }
        m.put(at + ".volumes", keyed("name"));
        m.put(at + ".imagePullSecrets", keyed("name"));
        m.put(at + ".hostAliases", keyed("ip"));
        m.put(at + ".topologySpreadConstraints", keyed("topologyKey", "whenUnsatisfiable"));
        m.put(at + ".resourceClaims", keyed("name"));
        m.put(at + ".schedulingGates", keyed("name"));
    }

    private static Rule keyed(String... keys) {
        return new Rule(List.of(keys), false);
    }
}
