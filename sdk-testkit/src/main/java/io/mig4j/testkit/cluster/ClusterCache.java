package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mig4j.testkit.kube.KubeStore;
import io.mig4j.testkit.kube.StoreChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controllers' informer caches: every kind they read, kept up to date from the API server's store by a
 * {@link KubeStore#addListener listener} (the in-process equivalent of a watch), so a sync reads memory instead of
 * listing over the API. Each change is kept as the store's own tree (no copy, no text) and turned into a fabric8
 * object once, when first read; objects are shared between controllers and must not be modified (writes edit a
 * copy of the tree: {@link CachedWrites}). Pods are also indexed by {@code spec.nodeName}. Each kind counts its
 * changes, so a controller can tell whether anything it depends on changed since it last looked.
 */
final class ClusterCache {
    final Kind<Pod> pods;
    final Kind<ResourceClaim> claims;
    final Kind<ResourceClaimTemplate> templates;
    final Kind<ResourceSlice> slices;
    final Kind<DeviceClass> classes;
    final Kind<Node> nodes;
    final Kind<Deployment> deployments;
    final Kind<ReplicaSet> replicaSets;
    final Kind<Job> jobs;
    private final Map<String, Kind<?>> byResource = new HashMap<>();
    /** Pod keys by node name (pods not bound yet under {@code ""}). */
    private final Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOfPod = new ConcurrentHashMap<>();
    private final Runnable unsubscribe;

    ClusterCache(KubeStore store, KubernetesSerialization serialization) {
        pods = kind(serialization, Pod.class, "", "pods");
        claims = kind(serialization, ResourceClaim.class, "resource.k8s.io", "resourceclaims");
        templates = kind(serialization, ResourceClaimTemplate.class, "resource.k8s.io", "resourceclaimtemplates");
        slices = kind(serialization, ResourceSlice.class, "resource.k8s.io", "resourceslices");
        classes = kind(serialization, DeviceClass.class, "resource.k8s.io", "deviceclasses");
        nodes = kind(serialization, Node.class, "", "nodes");
        deployments = kind(serialization, Deployment.class, "apps", "deployments");
        replicaSets = kind(serialization, ReplicaSet.class, "apps", "replicasets");
        jobs = kind(serialization, Job.class, "batch", "jobs");
        // subscribe before the initial fill under the store's write lock would be ideal; the cluster creates its
        // cache before it writes anything, so an empty start is complete
        this.unsubscribe = store.addListener(this::changed);
    }

    private <T extends HasMetadata> Kind<T> kind(KubernetesSerialization serialization, Class<T> type, String group,
                                                 String plural) {
        Kind<T> k = new Kind<>(serialization, type);
        byResource.put(group + "/" + plural, k);
        return k;
    }

    private void changed(StoreChange change) {
        Kind<?> kind = byResource.get(change.resource().group() + "/" + change.resource().plural());
        if (kind == null) {
            return;
        }
        String key = key(change.namespace(), change.name());
        if (kind == pods) {
            String node = change.deleted() ? null : java.util.Objects.requireNonNullElse(
                    change.text("spec", "nodeName"), "");
            String was = node == null ? nodeOfPod.remove(key) : nodeOfPod.put(key, node);
            if (was != null && !was.equals(node)) {
                Set<String> old = podsByNode.get(was);
                if (old != null) {
                    old.remove(key);
                }
            }
            if (node != null) {
                podsByNode.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet()).add(key);
            }
        }
        kind.changed(key, change);
    }

    /** The pods whose {@code spec.nodeName} is {@code node} ({@code ""}: not bound yet), in key order. */
    List<Pod> podsOn(String node) {
        Set<String> keys = podsByNode.get(node);
        if (keys == null || keys.isEmpty()) {
            return List.of();
        }
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted);
        List<Pod> out = new ArrayList<>(sorted.size());
        for (String k : sorted) {
            Pod p = pods.get(k);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The node a pod is bound to, without deserializing it; null when unbound or unknown. */
    String nodeOf(String podKey) {
        String n = nodeOfPod.get(podKey);
        return n == null || n.isEmpty() ? null : n;
    }

    void close() {
        unsubscribe.run();
    }

    static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    /** One kind's objects by {@code namespace/name}, in the store's (key) order. */
    static final class Kind<T extends HasMetadata> {
        private final KubernetesSerialization serialization;
        private final Class<T> type;
        private final ConcurrentSkipListMap<String, Entry<T>> objects = new ConcurrentSkipListMap<>();
        private volatile long changes;

        Kind(KubernetesSerialization serialization, Class<T> type) {
            this.serialization = serialization;
            this.type = type;
        }

        void changed(String key, StoreChange change) {
            if (change.deleted()) {
                objects.remove(key);
            } else {
                objects.put(key, new Entry<>(change.object()));
            }
            changes++;
        }

        /** How many changes this kind has seen: equal counts mean nothing changed in between. */
        long changes() {
            return changes;
        }

        boolean isEmpty() {
            return objects.isEmpty();
        }

        int size() {
            return objects.size();
        }

        /** Every object, in key order. */
        List<T> list() {
            List<T> out = new ArrayList<>(objects.size());
            for (Entry<T> e : objects.values()) {
                out.add(e.object(this));
            }
            return out;
        }

        /** The object or null. */
        T get(String key) {
            Entry<T> e = objects.get(key);
            return e == null ? null : e.object(this);
        }

        T get(String namespace, String name) {
            return get(key(namespace, name));
        }

        /** The cached tree of {@code object}'s newest version (the store's own: shared, read only), or null. */
        JsonNode tree(T object) {
            Entry<T> e = objects.get(key(object.getMetadata().getNamespace(), object.getMetadata().getName()));
            return e == null ? null : e.tree;
        }
    }

    /** A cached version: the store's own tree (shared, read-only) and the object converted from it on first read. */
    private static final class Entry<T extends HasMetadata> {
        private final JsonNode tree;
        private volatile T parsed;

        Entry(JsonNode tree) {
            this.tree = tree;
        }

        T object(Kind<T> kind) {
            T p = parsed;
            if (p == null) {
                p = kind.serialization.convertValue(withoutManagedFields(tree), kind.type);
                parsed = p;
            }
            return p;
        }

        /**
         * The tree minus {@code metadata.managedFields}, sharing everything else with it. No controller reads the
         * managed fields (kube-controller-manager's shared informers trim them too: the {@code trim} transform in
         * {@code cmd/kube-controller-manager/app/controllermanager.go}), writes leave them out, and they are most
         * of the cost of converting a pod: a Running pod's entries take about half its JSON and three quarters of
         * the conversion time.
         */
        private static JsonNode withoutManagedFields(JsonNode tree) {
            if (!(tree.get("metadata") instanceof ObjectNode meta) || !meta.has("managedFields")) {
                return tree;
            }
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                root.set(e.getKey(), e.getValue());
            }
            ObjectNode metadata = root.putObject("metadata");
            for (Map.Entry<String, JsonNode> e : meta.properties()) {
                if (!e.getKey().equals("managedFields")) {
                    metadata.set(e.getKey(), e.getValue());
                }
            }
            return root;
        }
    }
}
