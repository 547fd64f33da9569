package io.mig4j.testkit.kube;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * One open watch: its filter (namespace, label and field selectors, with the real server's transitions: an object
 * that starts matching arrives as ADDED, one that stops matching as DELETED) and the queue its stream drains.
 * Events are offered under the store's write lock, so every watcher sees them in resourceVersion order.
 */
final class Watcher implements AutoCloseable {
    /** What a stream reads next. */
    static final class Item {
        enum Kind { EVENT, BOOKMARK, ERROR, END, DROP }

        final Kind kind;
        final String type;
        final Stored object;
        final long resourceVersion;
        final boolean initialEventsEnd;
        final KubeApiException error;

        private Item(Kind kind, String type, Stored object, long resourceVersion, boolean initialEventsEnd,
                     KubeApiException error) {
            this.kind = kind;
            this.type = type;
            this.object = object;
            this.resourceVersion = resourceVersion;
            this.initialEventsEnd = initialEventsEnd;
            this.error = error;
        }
    }

    private static final Item END = new Item(Item.Kind.END, null, null, 0, false, null);
    private static final Item DROP = new Item(Item.Kind.DROP, null, null, 0, false, null);

    final KubeStore.Storage storage;
    final ResourceType type;
    final String namespace;
    final LabelSelector labels;
    final FieldSelector fields;
    final String name;
    final boolean bookmarks;
    private final int maxQueued;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private final Runnable onClose;

    Watcher(KubeStore.Storage storage, ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
            boolean bookmarks, int maxQueued, Runnable onClose) {
        this.storage = storage;
        this.type = type;
        this.namespace = namespace;
        this.labels = labels;
        this.fields = fields;
        this.name = fields.requiredValue("metadata.name");
        this.bookmarks = bookmarks;
        this.maxQueued = maxQueued;
        this.onClose = onClose;
    }

    boolean matches(Stored s) {
        if (s == null) {
            return false;
        }
        if (namespace != null && !namespace.equals(s.namespace())) {
            return false;
        }
        if (name != null && !name.equals(s.name())) {
            return false;
        }
        if (!labels.matches(s.object)) {
            return false;
        }
        return fields.isEmpty() || fields.matches(storage.strategy().selectableFields(type, s.object));
    }

    /** Called under the store's write lock for every change of the watched resource. */
    void onEvent(KubeStore.Event e) {
        if (closed) {
            return;
        }
        switch (e.type) {
            case "ADDED":
                if (matches(e.object)) {
                    offer("ADDED", e.object);
                }
                break;
            case "MODIFIED": {
                boolean now = matches(e.object);
                boolean before = matches(e.prev);
                if (now && before) {
                    offer("MODIFIED", e.object);
                } else if (now) {
                    offer("ADDED", e.object);
                } else if (before) {
                    offer("DELETED", withResourceVersion(e.prev, e.rv));
                }
                break;
            }
            case "DELETED":
                if (matches(e.prev)) {
                    offer("DELETED", e.object);
                }
                break;
            default:
                break;
        }
    }

    static Stored withResourceVersion(Stored s, long rv) {
        ObjectNode copy = s.object.deepCopy();
        Json.metadata(copy).put("resourceVersion", Long.toString(rv));
        return new Stored(s.key, copy, rv);
    }

    void offer(String eventType, Stored object) {
        if (closed) {
            return;
        }
        if (queue.size() >= maxQueued) {
            // A watcher too slow to keep up is closed, as the real server closes one whose buffer is full;
            // the client resumes from its last resourceVersion.
            queue.clear();
            finish(END);
            return;
        }
        queue.add(new Item(Item.Kind.EVENT, eventType, object, object.resourceVersion, false, null));
    }

    void bookmark(long rv, boolean initialEventsEnd) {
        if (!closed) {
            queue.add(new Item(Item.Kind.BOOKMARK, "BOOKMARK", null, rv, initialEventsEnd, null));
        }
    }

    /** Sends an ERROR event and ends the stream (a watch that cannot continue, e.g. 410 Gone). */
    void error(KubeApiException error) {
        if (!closed) {
            queue.add(new Item(Item.Kind.ERROR, "ERROR", null, 0, false, error));
            finish(END);
        }
    }

    /** Ends the stream cleanly, as the real server does at {@code timeoutSeconds}. */
    void end() {
        finish(END);
    }

    /** Cuts the connection without a clean end of stream (a dropped connection). */
    void drop() {
        finish(DROP);
    }

    private void finish(Item last) {
        if (!closed) {
            closed = true;
            queue.add(last);
            onClose.run();
        }
    }

    /** The next item, or null after {@code timeoutMillis}. */
    Item poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next item if one is queued. */
    Item pollNow() {
        return queue.poll();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        finish(END);
    }
}
