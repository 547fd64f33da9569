package io.mig4j.testkit.kube;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes semantics of {@link MockKubeApiServer}, without HTTP: objects by resource, namespace and name; one
 * cluster-wide resourceVersion counter; a bounded history of changes that watches resume from; watchers; and one
 * {@link KindStrategy} per kind for what differs between kinds. Shaped like client-go's {@code ObjectTracker}
 * ({@code k8s.io/client-go/testing/fixture.go}) over the generic registry store
 * ({@code k8s.io/apiserver/pkg/registry/generic/registry/store.go}).
 *
 * <p>Writes are serialized by one lock, so the resourceVersion order is the order every watcher sees; reads of a
 * single object take no lock, lists a shared one (a list and its resourceVersion are consistent).
 *
 * <p>The public methods let a test seed or inspect state directly; everything the HTTP API can do goes through the
 * same code.
 */
public final class KubeStore implements AutoCloseable {

    /** The objects of one group-resource, shared by every served version of it. */
    static final class Storage {
        final String groupResource;
        volatile ResourceDefinition definition;
        final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
        final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

        Storage(String groupResource, ResourceDefinition definition) {
            this.groupResource = groupResource;
            this.definition = definition;
        }

        KindStrategy strategy() {
            return definition.strategy();
        }

        ResourceType type() {
            return definition.type();
        }
    }

    /** One change, kept in the history for watches that resume and for consistent list pages. */
    static final class Event {
        final long rv;
        final Storage storage;
        final String type;
        final Stored object;
        final Stored prev;

        Event(long rv, Storage storage, String type, Stored object, Stored prev) {
            this.rv = rv;
            this.storage = storage;
            this.type = type;
            this.object = object;
            this.prev = prev;
        }
    }

    /** A page of a list. */
    record ListResult(long resourceVersion, List<Stored> items, String continueToken, Long remainingItemCount) {
    }

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long revision;
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private long compactedRevision;
    private final int historySize;
    final int maxWatchQueue;
    private final Map<String, ResourceDefinition> byGroupVersionResource = new ConcurrentHashMap<>();
    private final Map<String, Storage> storages = new ConcurrentHashMap<>();
    private final Map<String, List<ResourceDefinition>> crdDefinitions = new ConcurrentHashMap<>();
    private final List<Runnable> definitionListeners = new CopyOnWriteArrayList<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    final StoreWrites writes;
    final Lifecycle lifecycle;
    private volatile boolean closed;

    KubeStore(int historySize, int maxWatchQueue, Supplier<AdmissionValidator> admission, boolean poolNameSelectable) {
        this.historySize = historySize;
        this.maxWatchQueue = maxWatchQueue;
        for (ResourceDefinition d : BuiltinResources.all(admission, poolNameSelectable)) {
            register(d);
        }
        this.writes = new StoreWrites(this);
        this.lifecycle = new Lifecycle(this);
        for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            ObjectNode o = Json.object();
            o.put("apiVersion", "v1");
            o.put("kind", "Namespace");
            o.putObject("metadata").put("name", ns);
            writes.create(definition("", "v1", "namespaces"), "", o, WriteOptions.DEFAULT);
        }
    }

    /** A store with the default history (10,000 changes) and the {@link AdmissionValidator#dra()} admission. */
    public static KubeStore create() {
        AdmissionValidator dra = AdmissionValidator.dra();
        return new KubeStore(10_000, 100_000, () -> dra, true);
    }

    // ------------------------------------------------------------------ registry

    void register(ResourceDefinition d) {
        ResourceType t = d.type();
        byGroupVersionResource.put(t.key(), d);
        storages.compute(t.group() + "/" + t.plural(), (k, existing) -> {
            if (existing == null) {
                return new Storage(k, d);
            }
            existing.definition = d;
            return existing;
        });
        definitionListeners.forEach(Runnable::run);
    }

    void unregister(ResourceType t) {
        byGroupVersionResource.remove(t.key());
        boolean anyVersionLeft = byGroupVersionResource.values().stream()
                .anyMatch(d -> d.type().group().equals(t.group()) && d.type().plural().equals(t.plural()));
        if (!anyVersionLeft) {
            Storage s = storages.remove(t.group() + "/" + t.plural());
            if (s != null) {
                s.watchers.forEach(Watcher::end);
            }
        }
        definitionListeners.forEach(Runnable::run);
    }

    /** Replaces the resources a CRD serves (after its create or update); empty unregisters them. */
    void serveCrd(String crdName, List<ResourceDefinition> defs) {
        List<ResourceDefinition> old = crdDefinitions.remove(crdName);
        if (old != null) {
            for (ResourceDefinition d : old) {
                if (defs.stream().noneMatch(n -> n.type().key().equals(d.type().key()))) {
                    unregister(d.type());
                }
            }
        }
        if (!defs.isEmpty()) {
            crdDefinitions.put(crdName, defs);
            defs.forEach(this::register);
        }
    }

    void onDefinitionsChanged(Runnable listener) {
        definitionListeners.add(listener);
    }

    ResourceDefinition definition(String group, String version, String plural) {
        return byGroupVersionResource.get((group.isEmpty() ? version : group + "/" + version) + "/" + plural);
    }

    Collection<ResourceDefinition> definitions() {
        return byGroupVersionResource.values();
    }

    Storage storage(ResourceType type) {
        Storage s = storages.get(type.group() + "/" + type.plural());
        if (s == null) {
            throw KubeApiException.pathNotFound();
        }
        return s;
    }

    Collection<Storage> storages() {
        return storages.values();
    }

    /** Every served resource. */
    public List<ResourceType> resources() {
        return byGroupVersionResource.values().stream().map(ResourceDefinition::type).toList();
    }

    /** The served resource {@code plural} of {@code apiVersion} ({@code v1}, {@code resource.k8s.io/v1}). */
    public Optional<ResourceType> resource(String apiVersion, String plural) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        ResourceDefinition d = definition(group, version, plural);
        return Optional.ofNullable(d).map(ResourceDefinition::type);
    }

    // ------------------------------------------------------------------ revisions and history

    /** The cluster-wide resourceVersion: that of the last write. */
    public long resourceVersion() {
        return revision;
    }

    /** Called under the write lock: the next resourceVersion. */
    long nextRevision() {
        return revision + 1;
    }

    /** Called under the write lock: records a change and tells the watchers. */
    void commit(Event e) {
        revision = e.rv;
        history.addLast(e);
        while (history.size() > historySize) {
            compactedRevision = history.removeFirst().rv;
        }
        for (Watcher w : e.storage.watchers) {
            w.onEvent(e);
        }
        if (!listeners.isEmpty()) {
            StoreChange change = new StoreChange(e.storage.type(), e.type, e.object, e.rv);
            for (StoreListener l : listeners) {
                l.changed(change);
            }
        }
    }

    /**
     * Registers a listener that sees every committed change synchronously, in resourceVersion order, before the
     * write returns: in-process controllers keep their caches with it as informers do from watches, without a
     * socket or a queue, so a cache is never behind the writes its own controller made.
     *
     * @return removes the listener again
     */
    public Runnable addListener(StoreListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Forgets the history up to now, as an etcd compaction does: watches and list pages that resume from an older
     * resourceVersion get {@code 410 Gone} and must start over.
     */
    public void compact() {
        lock.writeLock().lock();
        try {
            history.clear();
            compactedRevision = revision;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long compactedRevision() {
        return compactedRevision;
    }

    // ------------------------------------------------------------------ reads

    static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    Stored get(ResourceDefinition def, String namespace, String name, String resourceVersion) {
        Storage s = storage(def.type());
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
            long rv = parseResourceVersion(resourceVersion);
            if (rv > revision) {
                throw KubeApiException.tooLargeResourceVersion(rv, revision);
            }
        }
        Stored st = s.objects.get(key(namespace, name));
        if (st == null) {
            throw KubeApiException.notFound(def.type(), name);
        }
        return st;
    }

    static long parseResourceVersion(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw KubeApiException.badRequest("invalid resource version: " + rv);
        }
    }

    ListResult list(ResourceDefinition def, String namespace, ListOptions o) {
        Storage s = storage(def.type());
        LabelSelector labels = LabelSelector.parse(o.labelSelector());
        FieldSelector fields = FieldSelector.parse(o.fieldSelector(), def.strategy(), def.type());
        ListOptionsValidation.validate(o, false);
        lock.readLock().lock();
        try {
            long current = revision;
            long snapshot = current;
            String start = null;
            if (o.continueToken() != null && !o.continueToken().isEmpty()) {
                long[] rvOut = new long[1];
                start = decodeContinue(o.continueToken(), rvOut);
                snapshot = rvOut[0];
                if (snapshot < compactedRevision) {
                    throw KubeApiException.gone("The provided continue parameter is too old to display a consistent "
                            + "list result. You can start a new list without the continue parameter.");
                }
            } else if (o.resourceVersion() != null && !o.resourceVersion().isEmpty() && !o.resourceVersion().equals("0")) {
                long rv = parseResourceVersion(o.resourceVersion());
                boolean exact = "Exact".equals(o.resourceVersionMatch())
                        || (o.resourceVersionMatch() == null && o.limit() > 0);
                if (rv > current) {
                    throw KubeApiException.tooLargeResourceVersion(rv, current);
                }
                if (exact) {
                    if (rv < compactedRevision) {
                        throw KubeApiException.gone("The resourceVersion for the provided list is too old.");
                    }
                    snapshot = rv;
                }
            }
            NavigableMap<String, Stored> view = namespace == null || namespace.isEmpty() ? s.objects
                    : s.objects.subMap(namespace + "/", true, namespace + "0", false);
            if (start != null) {
                view = view.tailMap(start, false);
            }
            if (snapshot < current) {
                view = atRevision(s, view, snapshot, namespace, start);
            }
            List<Stored> items = new ArrayList<>();
            String lastKey = null;
            long remaining = 0;
            boolean more = false;
            boolean filter = !labels.isEmpty() || !fields.isEmpty();
            for (Stored st : view.values()) {
                if (filter && !(labels.matches(st.object)
                        && (fields.isEmpty() || fields.matches(def.strategy().selectableFields(def.type(), st.object))))) {
                    continue;
                }
                if (o.limit() > 0 && items.size() >= o.limit()) {
                    more = true;
                    remaining++;
                    continue;
                }
                items.add(st);
                lastKey = st.key;
            }
            String cont = more ? encodeContinue(snapshot, lastKey) : null;
            return new ListResult(snapshot, items, cont, more && !filter ? remaining : null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects of {@code view} as they were at {@code rv}: current state with later changes undone. */
    private NavigableMap<String, Stored> atRevision(Storage s, NavigableMap<String, Stored> view, long rv,
                                                    String namespace, String start) {
        TreeMap<String, Stored> copy = new TreeMap<>(view);
        Iterator<Event> it = history.descendingIterator();
        while (it.hasNext()) {
            Event e = it.next();
            if (e.rv <= rv) {
                break;
            }
            if (e.storage != s) {
                continue;
            }
            String k = (e.prev != null ? e.prev : e.object).key;
            if (namespace != null && !namespace.isEmpty() && !k.startsWith(namespace + "/")) {
                continue;
            }
            if (start != null && k.compareTo(start) <= 0) {
                continue;
            }
            if (e.type.equals("ADDED")) {
                copy.remove(k);
            } else {
                copy.put(k, e.prev);
            }
        }
        return copy;
    }

    private static String encodeContinue(long rv, String start) {
        ObjectNode t = Json.object();
        t.put("v", "meta.k8s.io/v1");
        t.put("rv", rv);
        t.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(t));
    }

    private static String decodeContinue(String token, long[] rv) {
        try {
            JsonNode t = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
            if (!"meta.k8s.io/v1".equals(Json.text(t, "v", "")) || !t.has("rv") || !t.has("start")) {
                throw new IllegalArgumentException();
            }
            rv[0] = t.get("rv").asLong();
            return t.get("start").asString();
        } catch (RuntimeException e) {
            throw KubeApiException.badRequest("continue key is not valid: incorrect encoded start resourceVersion "
                    + "(version meta.k8s.io/v1)");
        }
    }

    // ------------------------------------------------------------------ watch

    /**
     * Opens a watch: the initial ADDED events (none when resuming from a resourceVersion), the replay of history
     * after the requested resourceVersion, then live events, all queued in order on the returned watcher.
     */
    Watcher watch(ResourceDefinition def, String namespace, ListOptions o) {
        Storage s = storage(def.type());
        LabelSelector labels = LabelSelector.parse(o.labelSelector());
        FieldSelector fields = FieldSelector.parse(o.fieldSelector(), def.strategy(), def.type());
        ListOptionsValidation.validate(o, true);
        String ns = namespace == null || namespace.isEmpty() ? null : namespace;
        Watcher[] self = new Watcher[1];
        Watcher w = new Watcher(s, def.type(), ns, labels, fields, o.allowWatchBookmarks(), maxWatchQueue,
                () -> s.watchers.remove(self[0]));
        self[0] = w;
        lock.readLock().lock();
        try {
            if (closed) {
                w.end();
                return w;
            }
            String rvParam = o.resourceVersion();
            boolean initial = Boolean.TRUE.equals(o.sendInitialEvents())
                    || (o.sendInitialEvents() == null && (rvParam == null || rvParam.isEmpty() || rvParam.equals("0")));
            long from = revision;
            if (!initial && rvParam != null && !rvParam.isEmpty() && !rvParam.equals("0")) {
                long rv = parseResourceVersion(rvParam);
                if (rv > revision) {
                    w.error(KubeApiException.tooLargeResourceVersion(rv, revision));
                    return w;
                }
                if (rv < compactedRevision) {
                    w.error(KubeApiException.gone("too old resource version: " + rv + " (" + (compactedRevision + 1) + ")"));
                    return w;
                }
                from = rv;
            }
            if (initial) {
                NavigableMap<String, Stored> view = ns == null ? s.objects
                        : s.objects.subMap(ns + "/", true, ns + "0", false);
                for (Stored st : view.values()) {
                    if (w.matches(st)) {
                        w.offer("ADDED", st);
                    }
                }
                if (Boolean.TRUE.equals(o.sendInitialEvents()) && o.allowWatchBookmarks()) {
                    w.bookmark(revision, true);
                }
            } else {
                for (Event e : history) {
                    if (e.rv > from && e.storage == s) {
                        w.onEvent(e);
                    }
                }
            }
            s.watchers.add(w);
        } finally {
            lock.readLock().unlock();
        }
        return w;
    }

    /** Queues a BOOKMARK at the current resourceVersion on every watch that allows bookmarks. */
    void bookmarkAll() {
        lock.readLock().lock();
        try {
            for (Storage s : storages.values()) {
                for (Watcher w : s.watchers) {
                    if (w.bookmarks) {
                        w.bookmark(revision, false);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ends every open watch cleanly (as at {@code timeoutSeconds}); clients resume from their last version. */
    public void endWatches() {
        for (Storage s : storages.values()) {
            s.watchers.forEach(Watcher::end);
        }
    }

    /** Cuts every open watch without a clean end, as a dropped connection does. */
    public void dropWatches() {
        for (Storage s : storages.values()) {
            s.watchers.forEach(Watcher::drop);
        }
    }

    /**
     * Ends every open watch with an ERROR event {@code 410 Gone} ("too old resource version"), as the real server
     * does to a watcher that fell too far behind: clients must list again.
     */
    public void expireWatches() {
        lock.readLock().lock();
        try {
            for (Storage s : storages.values()) {
                for (Watcher w : s.watchers) {
                    w.error(KubeApiException.gone("too old resource version: " + compactedRevision + " ("
                            + (compactedRevision + 1) + ")"));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The number of open watches. */
    public int openWatches() {
        return storages.values().stream().mapToInt(s -> s.watchers.size()).sum();
    }

    // ------------------------------------------------------------------ the public seeding API

    private ResourceDefinition require(ResourceType type) {
        ResourceDefinition d = definition(type.group(), type.version(), type.plural());
        if (d == null) {
            throw KubeApiException.pathNotFound();
        }
        return d;
    }

    /** Creates an object as a POST would; returns the stored object. */
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
        return writes.create(require(type), namespace, object.deepCopy(), WriteOptions.DEFAULT).stored().object.deepCopy();
    }

    /** Replaces an object as a PUT would; returns the stored object. */
    public ObjectNode update(ResourceType type, String namespace, ObjectNode object) {
        String name = Json.text(object.path("metadata"), "name", "");
        return writes.update(require(type), namespace, name, "", object.deepCopy(), WriteOptions.DEFAULT)
                .stored().object.deepCopy();
    }

    /** The object, if present. */
    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        Stored s = storage(require(type).type()).objects.get(key(type.namespaced() ? namespace : "", name));
        return Optional.ofNullable(s).map(st -> st.object.deepCopy());
    }

    /** The objects matching the selectors (either may be null), in key order. */
    public List<ObjectNode> list(ResourceType type, String namespace, String labelSelector, String fieldSelector) {
        return list(require(type), namespace, ListOptions.selectors(labelSelector, fieldSelector)).items().stream()
                .map(s -> s.object.deepCopy()).toList();
    }

    /** Deletes an object as a DELETE would (finalizers keep it, marked for deletion). */
    public void delete(ResourceType type, String namespace, String name) {
        lifecycle.delete(require(type), namespace, name, Json.object(), false);
    }

    /** Ends every watch; the store refuses new watches afterwards. */
    @Override
    public void close() {
        closed = true;
        endWatches();
    }
}
