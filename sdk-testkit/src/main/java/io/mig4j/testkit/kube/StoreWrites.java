package io.mig4j.testkit.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writes of {@link KubeStore}: create, update, patch, apply, delete, and the namespace and CRD lifecycles they
 * trigger. Follows the order of the real server's handlers and generic store: decode (unknown fields), default,
 * prepare, set server-owned metadata, validate and admit, check preconditions, store with the next
 * resourceVersion and tell the watchers.
 */
final class StoreWrites {
    /** A write's outcome. */
    record Result(Stored stored, boolean created, List<String> warnings) {
    }

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final KubeStore store;

    StoreWrites(KubeStore store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ decode

    /**
     * Drops fields the kind does not know; with {@code fieldValidation=Strict} refuses them with the real server's
     * strict decoding error, with Warn reports them as warnings.
     */
    static List<String> decode(ResourceDefinition def, ObjectNode body, WriteOptions o) {
        checkKind(def.type(), body);
        if (def.schema() == null) {
            return List.of();
        }
        List<String> typeErrors = new ArrayList<>();
        List<String> unknown = def.schema().prune(body, typeErrors);
        ResourceType t = def.type();
        if (!typeErrors.isEmpty()) {
            throw KubeApiException.badRequest(t.kind() + " in version \"" + t.version() + "\" cannot be handled as a "
                    + t.kind() + ": " + typeErrors.get(0));
        }
        if (unknown.isEmpty() || o.fieldValidation().equals("Ignore")) {
            return List.of();
        }
        if (o.strict()) {
            throw KubeApiException.badRequest(t.kind() + " in version \"" + t.version() + "\" cannot be handled as a "
                    + t.kind() + ": strict decoding error: " + unknownFields(unknown));
        }
        return unknown.stream().map(u -> "unknown field \"" + u + "\"").toList();
    }

    static String unknownFields(List<String> unknown) {
        return String.join(", ", unknown.stream().map(u -> "unknown field \"" + u + "\"").toList());
    }

    private static void checkKind(ResourceType t, ObjectNode body) {
        String apiVersion = Json.text(body, "apiVersion", "");
        String kind = Json.text(body, "kind", "");
        if (!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion())) {
            throw KubeApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + t.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(t.kind())) {
            throw KubeApiException.badRequest(kind + " in version \"" + t.version() + "\" cannot be handled as a "
                    + t.kind() + ": no kind \"" + kind + "\" is registered for version \"" + t.apiVersion() + "\"");
        }
        body.put("apiVersion", t.apiVersion());
        body.put("kind", t.kind());
    }

    // ------------------------------------------------------------------ create

    Result create(ResourceDefinition def, String namespace, ObjectNode body, WriteOptions o) {
        List<String> warnings = decode(def, body, o);
        ObjectNode meta = Json.metadata(body);
        if (!Json.text(meta, "resourceVersion", "").isEmpty()) {
            throw KubeApiException.internal("resourceVersion should not be set on objects to be created");
        }
        setNamespace(def.type(), namespace, body);
        def.strategy().applyDefaults(body);
        String manager = o.manager();
        store.lock.writeLock().lock();
        try {
            new FieldManager(ListSemantics.forType(def.type()), def.type().apiVersion()).update(null, body, manager, "");
            return new Result(createLocked(def, body, o), true, warnings);
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    private static void setNamespace(ResourceType t, String namespace, ObjectNode body) {
        ObjectNode meta = Json.metadata(body);
        String inBody = Json.text(meta, "namespace", "");
        if (t.namespaced()) {
            if (!inBody.isEmpty() && namespace != null && !namespace.isEmpty() && !inBody.equals(namespace)) {
                throw KubeApiException.badRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            if (inBody.isEmpty() && namespace != null) {
                meta.put("namespace", namespace);
            }
        } else {
            meta.remove("namespace");
        }
    }

    /** Under the write lock; managed fields are already set on {@code obj}. */
    Stored createLocked(ResourceDefinition def, ObjectNode obj, WriteOptions o) {
        ResourceType t = def.type();
        KindStrategy strategy = def.strategy();
        ObjectNode meta = Json.metadata(obj);
        String namespace = Json.text(meta, "namespace", "");
        if (t.namespaced() && !namespace.isEmpty()) {
            checkNamespaceAcceptsContent(t, Json.text(meta, "name", ""), namespace);
        }
        if (t.hasSubresource("status") && strategy.clearsStatusOnCreate()) {
            obj.remove("status");
        }
        strategy.prepareForCreate(obj);
        String generateName = Json.text(meta, "generateName", "");
        KubeStore.Storage storage = store.storage(t);
        if (Json.text(meta, "name", "").isEmpty() && !generateName.isEmpty()) {
            String base = generateName.length() > 58 ? generateName.substring(0, 58) : generateName;
            String name;
            do {
                StringBuilder b = new StringBuilder(base);
                for (int i = 0; i < 5; i++) {
                    b.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
                }
                name = b.toString();
            } while (storage.objects.containsKey(KubeStore.key(namespace, name)));
            meta.put("name", name);
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.timestamp(Instant.now()));
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink");
        meta.remove("resourceVersion");
        if (strategy.generation() != KindStrategy.Generation.NONE) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        List<StatusCause> errs = new ArrayList<>(Validation.objectMeta(obj, t.namespaced(), strategy.nameRule()));
        errs.addAll(strategy.validate(obj));
        String name = Json.text(meta, "name", "");
        if (!errs.isEmpty()) {
            throw KubeApiException.invalid(t, name, errs);
        }
        String key = KubeStore.key(namespace, name);
        if (storage.objects.containsKey(key)) {
            throw KubeApiException.alreadyExists(t, name);
        }
        if (o.dryRun()) {
            return new Stored(key, obj, 0);
        }
        long rv = store.nextRevision();
        meta.put("resourceVersion", Long.toString(rv));
        Stored st = new Stored(key, obj, rv);
        storage.objects.put(key, st);
        store.commit(new KubeStore.Event(rv, storage, "ADDED", st, null));
        if (t.kind().equals("CustomResourceDefinition") && t.group().equals("apiextensions.k8s.io")) {
            store.serveCrd(name, CrdStrategy.definitions(obj));
        }
        return st;
    }

    /** NamespaceLifecycle admission: no content in a missing or terminating namespace. */
    private void checkNamespaceAcceptsContent(ResourceType t, String name, String namespace) {
        ResourceDefinition nsDef = store.definition("", "v1", "namespaces");
        Stored ns = store.storage(nsDef.type()).objects.get(KubeStore.key("", namespace));
        if (ns == null) {
            throw KubeApiException.notFound(nsDef.type(), namespace);
        }
        if (ns.object.path("metadata").has("deletionTimestamp")) {
            ObjectNode details = KubeApiException.details(t, name, true);
            ArrayNode causes = details.putArray("causes");
            ObjectNode c = causes.addObject();
            c.put("reason", "NamespaceTerminating");
            c.put("message", "namespace " + namespace + " is being terminated");
            c.put("field", "metadata.namespace");
            throw new KubeApiException(403, "Forbidden", t.qualifiedResource() + " \"" + name
                    + "\" is forbidden: unable to create new content in namespace " + namespace
                    + " because it is being terminated", details);
        }
    }

    // ------------------------------------------------------------------ update

    Result update(ResourceDefinition def, String namespace, String name, String subresource, ObjectNode body,
                  WriteOptions o) {
        List<String> warnings = decode(def, body, o);
        def.strategy().applyDefaults(body);
        String ns = def.type().namespaced() ? namespace : "";
        store.lock.writeLock().lock();
        try {
            Stored cur = store.storage(def.type()).objects.get(KubeStore.key(ns, name));
            if (cur == null) {
                if (def.strategy().allowCreateOnUpdate() && subresource.isEmpty()) {
                    checkName(body, name);
                    setNamespace(def.type(), namespace, body);
                    Json.metadata(body).remove("resourceVersion");
                    new FieldManager(ListSemantics.forType(def.type()), def.type().apiVersion())
                            .update(null, body, o.manager(), "");
                    return new Result(createLocked(def, body, o), true, warnings);
                }
                throw KubeApiException.notFound(def.type(), name);
            }
            String rv = Json.text(body.path("metadata"), "resourceVersion", "");
            if (!rv.isEmpty() && !rv.equals(Long.toString(cur.resourceVersion))) {
                throw KubeApiException.staleUpdate(def.type(), name);
            }
            return new Result(updateLocked(def, cur, body, subresource, o, false), false, warnings);
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    private static void checkName(ObjectNode body, String name) {
        String inBody = Json.text(body.path("metadata"), "name", "");
        if (!inBody.isEmpty() && !inBody.equals(name)) {
            throw KubeApiException.badRequest("the name of the object (" + inBody
                    + ") does not match the name on the URL (" + name + ")");
        }
        Json.metadata(body).put("name", name);
    }

    /**
     * Under the write lock: turns {@code obj} (the requested new state) into the stored one. With
     * {@code managedFieldsSet} the field manager already ran (apply).
     */
    Stored updateLocked(ResourceDefinition def, Stored cur, ObjectNode obj, String subresource, WriteOptions o,
                        boolean managedFieldsSet) {
        ResourceType t = def.type();
        KindStrategy strategy = def.strategy();
        ObjectNode old = cur.object;
        String name = cur.name();
        checkName(obj, name);
        setNamespace(t, cur.namespace(), obj);
        obj.put("apiVersion", t.apiVersion());
        obj.put("kind", t.kind());
        if (subresource.equals("status")) {
            for (String f : new ArrayList<>(obj.propertyNames())) {
                if (!f.equals("metadata") && !f.equals("status") && !f.equals("apiVersion") && !f.equals("kind")) {
                    obj.remove(f);
                }
            }
            for (var e : old.properties()) {
                if (!e.getKey().equals("metadata") && !e.getKey().equals("status")) {
                    obj.set(e.getKey(), e.getValue().deepCopy());
                }
            }
            strategy.prepareForStatusUpdate(obj, old);
        } else {
            if (t.hasSubresource("status")) {
                JsonNode status = old.get("status");
                if (status == null) {
                    obj.remove("status");
                } else {
                    obj.set("status", status.deepCopy());
                }
            }
            strategy.prepareForUpdate(obj, old);
        }
        ObjectNode meta = Json.metadata(obj);
        JsonNode oldMeta = old.path("metadata");
        for (String f : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "generation"}) {
            JsonNode v = oldMeta.get(f);
            if (v == null) {
                meta.remove(f);
            } else {
                meta.set(f, v.deepCopy());
            }
        }
        meta.remove("selfLink");
        List<StatusCause> errs = new ArrayList<>();
        if (oldMeta.has("deletionTimestamp")) {
            Set<String> before = new HashSet<>();
            oldMeta.path("finalizers").forEach(f -> before.add(f.asString()));
            List<String> added = new ArrayList<>();
            obj.path("metadata").path("finalizers").forEach(f -> {
                if (!before.contains(f.asString())) {
                    added.add("\"" + f.asString() + "\"");
                }
            });
            if (!added.isEmpty()) {
                errs.add(StatusCause.forbidden("metadata.finalizers", "no new finalizers can be added if the object is "
                        + "being deleted, found new finalizers []string{" + String.join(", ", added) + "}"));
            }
        }
        if (generationChanged(strategy.generation(), obj, old)) {
            meta.put("generation", Json.longValue(oldMeta.get("generation"), 0) + 1);
        }
        errs.addAll(Validation.objectMeta(obj, t.namespaced(), strategy.nameRule()));
        errs.addAll(subresource.equals("status") ? strategy.validateStatusUpdate(obj, old)
                : strategy.validateUpdate(obj, old));
        if (!errs.isEmpty()) {
            throw KubeApiException.invalid(t, name, errs);
        }
        if (!managedFieldsSet) {
            JsonNode given = meta.get("managedFields");
            JsonNode had = oldMeta.get("managedFields");
            boolean explicit = given != null && given.isArray() && !given.isEmpty() && !Json.same(given, had);
            if (explicit) {
                ArrayNode kept = Json.array();
                given.forEach(e -> {
                    if (!e.isEmpty()) {
                        kept.add(e);
                    }
                });
                if (kept.isEmpty()) {
                    meta.remove("managedFields");
                } else {
                    meta.set("managedFields", kept);
                }
            } else {
                if (had == null) {
                    meta.remove("managedFields");
                } else {
                    meta.set("managedFields", had.deepCopy());
                }
                new FieldManager(ListSemantics.forType(t), t.apiVersion()).update(old, obj, o.manager(), subresource);
            }
        }
        meta.put("resourceVersion", Long.toString(cur.resourceVersion));
        if (Json.same(withoutManagedFieldTimes(obj), withoutManagedFieldTimes(old))) {
            return cur;
        }
        if (o.dryRun()) {
            return new Stored(cur.key, obj, cur.resourceVersion);
        }
        KubeStore.Storage storage = store.storage(t);
        long rv = store.nextRevision();
        meta.put("resourceVersion", Long.toString(rv));
        if (meta.has("deletionTimestamp") && !hasFinalizers(obj) && !gracefulPending(t, obj)) {
            Stored gone = new Stored(cur.key, obj, rv);
            storage.objects.remove(cur.key);
            store.commit(new KubeStore.Event(rv, storage, "DELETED", gone, cur));
            afterRemoval(t, gone);
            return gone;
        }
        Stored st = new Stored(cur.key, obj, rv);
        storage.objects.put(cur.key, st);
        store.commit(new KubeStore.Event(rv, storage, "MODIFIED", st, cur));
        if (t.kind().equals("CustomResourceDefinition") && t.group().equals("apiextensions.k8s.io")) {
            store.serveCrd(name, CrdStrategy.definitions(obj));
        }
        return st;
    }

    /** A graceful deletion still running (ShouldDeleteDuringUpdate: only a zero grace period deletes). */
    private static boolean gracefulPending(ResourceType t, ObjectNode obj) {
        return Json.longValue(obj.path("metadata").get("deletionGracePeriodSeconds"), 0) > 0;
    }

    private static ObjectNode withoutManagedFieldTimes(ObjectNode o) {
        JsonNode mf = o.path("metadata").get("managedFields");
        if (mf == null) {
            return o;
        }
        ObjectNode copy = o.deepCopy();
        for (JsonNode e : copy.path("metadata").get("managedFields")) {
            ((ObjectNode) e).remove("time");
        }
        return copy;
    }

    private static boolean generationChanged(KindStrategy.Generation policy, ObjectNode obj, ObjectNode old) {
        switch (policy) {
            case SPEC:
                return !Json.same(obj.get("spec"), old.get("spec"));
            case ALL_BUT_METADATA_AND_STATUS: {
                ObjectNode a = obj.deepCopy();
                ObjectNode b = old.deepCopy();
                a.remove(List.of("metadata", "status"));
                b.remove(List.of("metadata", "status"));
                return !Json.same(a, b);
            }
            default:
                return false;
        }
    }

    private static boolean hasFinalizers(JsonNode obj) {
        JsonNode f = obj.path("metadata").get("finalizers");
        return f != null && f.isArray() && !f.isEmpty();
    }

    // ------------------------------------------------------------------ patch and apply

    Result patch(ResourceDefinition def, String namespace, String name, String subresource, String contentType,
                 byte[] body, WriteOptions o) {
        ResourceType t = def.type();
        if (contentType.equals(Patches.APPLY_PATCH)) {
            return apply(def, namespace, name, subresource, body, o);
        }
        if (o.force()) {
            throw KubeApiException.invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", "",
                    List.of(StatusCause.forbidden("force", "may not be specified for non-apply patch")));
        }
        if (contentType.equals(Patches.STRATEGIC_MERGE_PATCH) && def.schema() == null) {
            throw KubeApiException.unsupportedMediaType(contentType, List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH,
                    Patches.APPLY_PATCH));
        }
        String ns = t.namespaced() ? namespace : "";
        store.lock.writeLock().lock();
        try {
            Stored cur = store.storage(t).objects.get(KubeStore.key(ns, name));
            if (cur == null) {
                throw KubeApiException.notFound(t, name);
            }
            ObjectNode patched;
            switch (contentType) {
                case Patches.JSON_PATCH:
                    patched = Patches.jsonPatch(cur.object.deepCopy(), body);
                    break;
                case Patches.MERGE_PATCH:
                    patched = Patches.mergePatch(cur.object.deepCopy(), body);
                    break;
                case Patches.STRATEGIC_MERGE_PATCH:
                    patched = Patches.strategicMergePatch(cur.object.deepCopy(), body, ListSemantics.forType(t));
                    break;
                default:
                    throw KubeApiException.unsupportedMediaType(contentType, List.of(Patches.JSON_PATCH,
                            Patches.MERGE_PATCH, Patches.APPLY_PATCH, Patches.STRATEGIC_MERGE_PATCH));
            }
            List<String> warnings = decodePatched(def, patched, o);
            def.strategy().applyDefaults(patched);
            String rv = Json.text(patched.path("metadata"), "resourceVersion", "");
            if (!rv.isEmpty() && !rv.equals(Long.toString(cur.resourceVersion))) {
                throw KubeApiException.staleUpdate(t, name);
            }
            return new Result(updateLocked(def, cur, patched, subresource, o, false), false, warnings);
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    /** Strict validation of a patched object: unknown fields are a 422 on {@code patch}, as in handlers/patch.go. */
    private static List<String> decodePatched(ResourceDefinition def, ObjectNode patched, WriteOptions o) {
        if (def.schema() == null) {
            return List.of();
        }
        String before = o.strict() ? patched.toString() : null;
        List<String> typeErrors = new ArrayList<>();
        List<String> unknown = def.schema().prune(patched, typeErrors);
        if (!typeErrors.isEmpty()) {
            throw KubeApiException.invalid("", "", "", "", List.of(StatusCause.invalid("patch", before == null
                    ? patched.toString() : before, typeErrors.get(0))));
        }
        if (unknown.isEmpty() || o.fieldValidation().equals("Ignore")) {
            return List.of();
        }
        if (o.strict()) {
            throw KubeApiException.invalid("", "", "", "", List.of(StatusCause.invalid("patch", before,
                    "strict decoding error: " + unknownFields(unknown))));
        }
        return unknown.stream().map(u -> "unknown field \"" + u + "\"").toList();
    }

    private Result apply(ResourceDefinition def, String namespace, String name, String subresource, byte[] body,
                         WriteOptions o) {
        ResourceType t = def.type();
        if (o.fieldManager() == null || o.fieldManager().isEmpty()) {
            throw KubeApiException.invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", "",
                    List.of(StatusCause.required("fieldManager", "is required for apply patch")));
        }
        JsonNode parsed;
        try {
            parsed = Json.YAML.readTree(body);
        } catch (RuntimeException e) {
            throw KubeApiException.badRequest("error decoding YAML: " + Json.firstLine(e.getMessage()));
        }
        if (parsed == null || !parsed.isObject()) {
            throw KubeApiException.badRequest("error decoding patch: the applied configuration is not an object");
        }
        ObjectNode applied = (ObjectNode) parsed;
        checkKind(t, applied);
        checkName(applied, name);
        setNamespace(t, namespace, applied);
        if (def.schema() != null) {
            List<String> typeErrors = new ArrayList<>();
            List<String> unknown = def.schema().prune(applied, typeErrors);
            String typed = "failed to create typed patch object (" + (t.namespaced() ? namespace : "") + "/" + name
                    + "; " + t.apiVersion() + ", Kind=" + t.kind() + "): ";
            if (!typeErrors.isEmpty()) {
                throw KubeApiException.internal(typed + typeErrors.get(0));
            }
            if (!unknown.isEmpty() && !o.fieldValidation().equals("Ignore")) {
                throw KubeApiException.internal(typed + "." + unknown.get(0) + ": field not declared in schema");
            }
        }
        def.strategy().applyDefaults(applied);
        String ns = t.namespaced() ? namespace : "";
        FieldManager fm = new FieldManager(ListSemantics.forType(t), t.apiVersion());
        store.lock.writeLock().lock();
        try {
            Stored cur = store.storage(t).objects.get(KubeStore.key(ns, name));
            if (cur == null) {
                if (!subresource.isEmpty()) {
                    throw KubeApiException.notFound(t, name);
                }
                ObjectNode created = fm.apply(null, applied, o.fieldManager(), o.force(), "");
                def.strategy().applyDefaults(created);
                return new Result(createLocked(def, created, o), true, List.of());
            }
            String rv = Json.text(applied.path("metadata"), "resourceVersion", "");
            if (!rv.isEmpty() && !rv.equals(Long.toString(cur.resourceVersion))) {
                throw KubeApiException.staleUpdate(t, name);
            }
            ObjectNode merged = fm.apply(cur.object, applied, o.fieldManager(), o.force(), subresource);
            def.strategy().applyDefaults(merged);
            return new Result(updateLocked(def, cur, merged, subresource, o, true), false, List.of());
        } finally {
            store.lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ delete

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

    private void afterRemoval(ResourceType t, Stored gone) {
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
