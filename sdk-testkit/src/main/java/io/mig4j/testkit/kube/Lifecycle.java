package io.mig4j.testkit.kube;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletion and the lifecycles around it, as the generic registry store and the controllers a real cluster runs
 * would carry them out: finalizers, graceful deletion of bound pods, the namespace controller (run synchronously),
 * removal of a CRD's objects with the CRD, and the pods/binding and namespaces/finalize subresources.
 */
final class Lifecycle {
    private final KubeStore store;

    Lifecycle(KubeStore store) {
        this.store = store;
    }

    private static boolean hasFinalizers(JsonNode obj) {
        return StoreWrites.hasFinalizers(obj);
    }

    /** The outcome of a DELETE: the object (gone or marked for deletion). */
    record Deletion(Stored stored, boolean removed) {
    }

    Deletion delete(ResourceDefinition def, String namespace, String name, JsonNode options, boolean dryRun) {
        ResourceType t = def.type();
        String ns = t.namespaced() ? namespace : "";
        store.lock.writeLock().lock();
        try {
            KubeStore.Storage storage = store.storage(t);
            Stored cur = storage.objects.get(KubeStore.key(ns, name));
            if (cur == null) {
                throw KubeApiException.notFound(t, name);
            }
            JsonNode pre = options == null ? null : options.get("preconditions");
            if (pre != null && pre.isObject()) {
                String uid = Json.text(pre, "uid", "");
                String have = Json.text(cur.object.path("metadata"), "uid", "");
                if (!uid.isEmpty() && !uid.equals(have)) {
                    throw KubeApiException.conflict(t, name, "Precondition failed: UID in precondition: " + uid
                            + ", UID in object meta: " + have);
                }
                String rv = Json.text(pre, "resourceVersion", "");
                if (!rv.isEmpty() && !rv.equals(Long.toString(cur.resourceVersion))) {
                    throw KubeApiException.conflict(t, name, "Precondition failed: ResourceVersion in precondition: "
                            + rv + ", ResourceVersion in object meta: " + cur.resourceVersion);
                }
            }
            boolean isNamespace = t.group().isEmpty() && t.plural().equals("namespaces");
            boolean finalizers = hasFinalizers(cur.object) || (isNamespace && hasSpecFinalizers(cur.object));
            long grace = podGrace(t, cur.object, options);
            JsonNode curMeta = cur.object.path("metadata");
            if (curMeta.has("deletionTimestamp")) {
                long existing = Json.longValue(curMeta.get("deletionGracePeriodSeconds"), 0);
                boolean shorter = grace < existing;
                if (!shorter || dryRun) {
                    return new Deletion(cur, false);
                }
                if (grace > 0 || finalizers) {
                    return new Deletion(mark(storage, cur, grace, false), false);
                }
                return new Deletion(removeLocked(storage, cur), true);
            }
            if (finalizers || grace > 0) {
                if (dryRun) {
                    return new Deletion(cur, false);
                }
                Stored st = mark(storage, cur, grace, isNamespace);
                if (isNamespace) {
                    return new Deletion(finishNamespace(name), false);
                }
                return new Deletion(st, false);
            }
            if (dryRun) {
                return new Deletion(cur, true);
            }
            return new Deletion(removeLocked(storage, cur), true);
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    /** Marks an object for deletion: deletionTimestamp (now + grace), grace period, generation bump. */
    private Stored mark(KubeStore.Storage storage, Stored cur, long grace, boolean namespace) {
        ObjectNode marked = cur.object.deepCopy();
        ObjectNode meta = Json.metadata(marked);
        meta.put("deletionTimestamp", Json.timestamp(Instant.now().plusSeconds(grace)));
        meta.put("deletionGracePeriodSeconds", grace);
        if (!cur.object.path("metadata").has("deletionTimestamp") && Json.longValue(meta.get("generation"), 0) > 0) {
            meta.put("generation", Json.longValue(meta.get("generation"), 0) + 1);
        }
        if (namespace) {
            Json.ensureObject(marked, "status").put("phase", "Terminating");
        }
        long rv = store.nextRevision();
        meta.put("resourceVersion", Long.toString(rv));
        Stored st = new Stored(cur.key, marked, rv);
        storage.objects.put(cur.key, st);
        store.commit(new KubeStore.Event(rv, storage, "MODIFIED", st, cur));
        return st;
    }

    private static boolean hasSpecFinalizers(JsonNode ns) {
        JsonNode f = ns.path("spec").get("finalizers");
        return f != null && f.isArray() && !f.isEmpty();
    }

    /** Graceful deletion of a pod bound to a node: the kubelet finishes it (deletes with grace 0). */
    private static long podGrace(ResourceType t, JsonNode pod, JsonNode options) {
        if (!t.group().isEmpty() || !t.plural().equals("pods")) {
            return 0;
        }
        if (Json.text(pod.path("spec"), "nodeName", "").isEmpty()) {
            return 0;
        }
        String phase = Json.text(pod.path("status"), "phase", "");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        JsonNode requested = options == null ? null : options.get("gracePeriodSeconds");
        long grace = requested != null && requested.isNumber() ? requested.asLong()
                : Json.longValue(pod.path("spec").get("terminationGracePeriodSeconds"), 30);
        return Math.max(grace, 0);
    }

    /** Under the write lock: removes an object for good. */
    Stored removeLocked(KubeStore.Storage storage, Stored cur) {
        long rv = store.nextRevision();
        Stored gone = Watcher.withResourceVersion(cur, rv);
        storage.objects.remove(cur.key);
        store.commit(new KubeStore.Event(rv, storage, "DELETED", gone, cur));
        afterRemoval(storage.type(), gone);
        return gone;
    }

    void afterRemoval(ResourceType t, Stored gone) {
        if (t.kind().equals("CustomResourceDefinition") && t.group().equals("apiextensions.k8s.io")) {
            for (ResourceDefinition d : CrdStrategy.definitions(gone.object)) {
                KubeStore.Storage s = store.storages().stream()
                        .filter(x -> x.groupResource.equals(d.type().group() + "/" + d.type().plural()))
                        .findFirst().orElse(null);
                if (s != null) {
                    for (Stored obj : List.copyOf(s.objects.values())) {
                        removeLocked(s, obj);
                    }
                }
            }
            store.serveCrd(gone.name(), List.of());
        }
        if (t.namespaced()) {
            String ns = gone.namespace();
            ResourceDefinition nsDef = store.definition("", "v1", "namespaces");
            Stored namespace = store.storage(nsDef.type()).objects.get(KubeStore.key("", ns));
            if (namespace != null && namespace.object.path("metadata").has("deletionTimestamp")) {
                finishNamespace(ns);
            }
        }
    }

    /**
     * The namespace controller, run synchronously: deletes the content of a terminating namespace (objects with
     * finalizers stay, marked), and once it is empty clears the {@code kubernetes} finalizer and removes it.
     */
    private Stored finishNamespace(String name) {
        ResourceDefinition nsDef = store.definition("", "v1", "namespaces");
        KubeStore.Storage nsStorage = store.storage(nsDef.type());
        Stored ns = nsStorage.objects.get(KubeStore.key("", name));
        if (ns == null) {
            return null;
        }
        boolean empty = true;
        for (KubeStore.Storage s : store.storages()) {
            if (!s.type().namespaced()) {
                continue;
            }
            for (Stored obj : List.copyOf(s.objects.subMap(name + "/", true, name + "0", false).values())) {
                if (hasFinalizers(obj.object)) {
                    empty = false;
                    if (!obj.object.path("metadata").has("deletionTimestamp")) {
                        ObjectNode marked = obj.object.deepCopy();
                        Json.metadata(marked).put("deletionTimestamp", Json.timestamp(Instant.now()));
                        Json.metadata(marked).put("deletionGracePeriodSeconds", 0);
                        long rv = store.nextRevision();
                        Json.metadata(marked).put("resourceVersion", Long.toString(rv));
                        Stored st = new Stored(obj.key, marked, rv);
                        s.objects.put(obj.key, st);
                        store.commit(new KubeStore.Event(rv, s, "MODIFIED", st, obj));
                    }
                } else {
                    long rv = store.nextRevision();
                    Stored gone = Watcher.withResourceVersion(obj, rv);
                    s.objects.remove(obj.key);
                    store.commit(new KubeStore.Event(rv, s, "DELETED", gone, obj));
                }
            }
        }
        ns = nsStorage.objects.get(KubeStore.key("", name));
        if (!empty || ns == null) {
            return ns;
        }
        ObjectNode finalized = ns.object.deepCopy();
        Json.ensureObject(finalized, "spec").remove("finalizers");
        if (hasFinalizers(finalized)) {
            long rv = store.nextRevision();
            Json.metadata(finalized).put("resourceVersion", Long.toString(rv));
            Stored st = new Stored(ns.key, finalized, rv);
            nsStorage.objects.put(ns.key, st);
            store.commit(new KubeStore.Event(rv, nsStorage, "MODIFIED", st, ns));
            return st;
        }
        long rv = store.nextRevision();
        Json.metadata(finalized).put("resourceVersion", Long.toString(rv));
        Stored gone = new Stored(ns.key, finalized, rv);
        nsStorage.objects.remove(ns.key);
        store.commit(new KubeStore.Event(rv, nsStorage, "DELETED", gone, ns));
        return gone;
    }

    /** The pods/binding subresource: assigns an unbound pod to a node (kubernetes/kubernetes core/pod/storage). */
    void bind(ResourceDefinition pods, String namespace, String name, ObjectNode binding) {
        String node = Json.text(binding.path("target"), "name", "");
        store.lock.writeLock().lock();
        try {
            KubeStore.Storage storage = store.storage(pods.type());
            Stored cur = storage.objects.get(KubeStore.key(namespace, name));
            if (cur == null) {
                throw KubeApiException.notFound(pods.type(), name);
            }
            if (node.isEmpty()) {
                throw KubeApiException.invalid("Binding", "", "Binding", name,
                        List.of(StatusCause.required("target.name", "")));
            }
            if (cur.object.path("metadata").has("deletionTimestamp")) {
                throw bindingConflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String bound = Json.text(cur.object.path("spec"), "nodeName", "");
            if (!bound.isEmpty()) {
                throw bindingConflict(name, "pod " + name + " is already assigned to node \"" + bound + "\"");
            }
            ObjectNode pod = cur.object.deepCopy();
            Json.ensureObject(pod, "spec").put("nodeName", node);
            JsonNode annotations = binding.path("metadata").get("annotations");
            if (annotations != null && annotations.isObject()) {
                ObjectNode a = Json.ensureObject(Json.metadata(pod), "annotations");
                annotations.properties().forEach(e -> a.set(e.getKey(), e.getValue().deepCopy()));
            }
            ObjectNode status = Json.ensureObject(pod, "status");
            ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                    ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
            for (int i = conditions.size() - 1; i >= 0; i--) {
                if ("PodScheduled".equals(Json.text(conditions.get(i), "type", ""))) {
                    conditions.remove(i);
                }
            }
            ObjectNode scheduled = conditions.addObject();
            scheduled.put("type", "PodScheduled");
            scheduled.put("status", "True");
            scheduled.putNull("lastProbeTime");
            scheduled.put("lastTransitionTime", Json.timestamp(Instant.now()));
            long rv = store.nextRevision();
            Json.metadata(pod).put("resourceVersion", Long.toString(rv));
            Stored st = new Stored(cur.key, pod, rv);
            storage.objects.put(cur.key, st);
            store.commit(new KubeStore.Event(rv, storage, "MODIFIED", st, cur));
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    private static KubeApiException bindingConflict(String name, String why) {
        ObjectNode d = Json.object();
        d.put("name", name);
        d.put("kind", "pods/binding");
        return new KubeApiException(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name + "\": "
                + why, d);
    }

    /** The namespaces/finalize subresource: replaces {@code spec.finalizers} only. */
    Stored finalizeNamespace(ResourceDefinition nsDef, String name, ObjectNode body) {
        store.lock.writeLock().lock();
        try {
            KubeStore.Storage storage = store.storage(nsDef.type());
            Stored cur = storage.objects.get(KubeStore.key("", name));
            if (cur == null) {
                throw KubeApiException.notFound(nsDef.type(), name);
            }
            ObjectNode ns = cur.object.deepCopy();
            JsonNode finalizers = body.path("spec").get("finalizers");
            if (finalizers == null) {
                Json.ensureObject(ns, "spec").remove("finalizers");
            } else {
                Json.ensureObject(ns, "spec").set("finalizers", finalizers.deepCopy());
            }
            long rv = store.nextRevision();
            Json.metadata(ns).put("resourceVersion", Long.toString(rv));
            Stored st = new Stored(cur.key, ns, rv);
            storage.objects.put(cur.key, st);
            store.commit(new KubeStore.Event(rv, storage, "MODIFIED", st, cur));
            if (ns.path("metadata").has("deletionTimestamp") && !hasSpecFinalizers(ns) && !hasFinalizers(ns)) {
                return removeLocked(storage, st);
            }
            return st;
        } finally {
            store.lock.writeLock().unlock();
        }
    }
}
