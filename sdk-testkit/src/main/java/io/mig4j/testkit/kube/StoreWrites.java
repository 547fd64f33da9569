package io.mig4j.testkit.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
            new FieldManager(def).update(null, body, manager, "");
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
                    new FieldManager(def).update(null, body, o.manager(), "");
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
                new FieldManager(def).update(old, obj, o.manager(), subresource);
            }
        }
        meta.put("resourceVersion", Long.toString(cur.resourceVersion));
        if (sameIgnoringManagedFieldTimes(obj, old)) {
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
            store.lifecycle.afterRemoval(t, gone);
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

    /**
     * Whether an update changes nothing but the times of managed fields (then it is a no-op that keeps the
     * resourceVersion); compared in place, without copying either object.
     */
    private static boolean sameIgnoringManagedFieldTimes(ObjectNode a, ObjectNode b) {
        return sameProperties(a, b, null, (key, x, y) -> key.equals("metadata") && x.isObject() && y.isObject()
                ? sameProperties(x, y, null, StoreWrites::sameManagedFieldsExceptTimes) : Json.same(x, y));
    }

    /** {@code managedFields} equal but for each entry's {@code time}; any other metadata key plainly equal. */
    private static boolean sameManagedFieldsExceptTimes(String key, JsonNode a, JsonNode b) {
        if (!key.equals("managedFields") || !a.isArray() || !b.isArray()) {
            return Json.same(a, b);
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            JsonNode y = b.get(i);
            if (!(x.isObject() && y.isObject() ? sameProperties(x, y, "time", (k, v, w) -> Json.same(v, w))
                    : Json.same(x, y))) {
                return false;
            }
        }
        return true;
    }

    /** Compares one property's values; the key says how. */
    private interface PropertyComparison {
        boolean same(String key, JsonNode a, JsonNode b);
    }

    /**
     * Whether two objects have the same keys (but {@code ignored}, when not null) with values {@code comparison}
     * finds the same.
     */
    private static boolean sameProperties(JsonNode a, JsonNode b, String ignored, PropertyComparison comparison) {
        int sizeA = a.size() - (ignored != null && a.has(ignored) ? 1 : 0);
        int sizeB = b.size() - (ignored != null && b.has(ignored) ? 1 : 0);
        if (sizeA != sizeB) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            if (e.getKey().equals(ignored)) {
                continue;
            }
            JsonNode other = b.get(e.getKey());
            if (other == null || !comparison.same(e.getKey(), e.getValue(), other)) {
                return false;
            }
        }
        return true;
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

    static boolean hasFinalizers(JsonNode obj) {
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
        FieldManager fm = new FieldManager(def);
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

}
