package io.mig4j.testkit.kube;

import static io.mig4j.testkit.kube.StoreFixture.configMap;
import static io.mig4j.testkit.kube.StoreFixture.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Lists (selectors, pages, resourceVersion semantics) and watches (initial events, resume, 410, transitions). */
class StoreListWatchTest {
    private final KubeStore store = new KubeStore(20, 1000, AdmissionValidator::basicDra, true);
    private final ResourceDefinition configMaps = def(store, "v1", "configmaps");
    private final ResourceDefinition pods = def(store, "v1", "pods");

    @AfterEach
    void close() {
        store.close();
    }

    private Stored cm(String name, String labels) {
        return store.writes.create(configMaps, "default", configMap("default", name, labels), WriteOptions.DEFAULT).stored();
    }

    private List<String> list(String labels, String fields) {
        return store.list(configMaps, "default", ListOptions.selectors(labels, fields)).items().stream()
                .map(Stored::name).toList();
    }

    private static ListOptions watchFrom(String rv, String labels) {
        return new ListOptions(labels, null, 0, null, rv, null, false, null, 0);
    }

    private static List<String> drain(Watcher w) {
        List<String> out = new ArrayList<>();
        Watcher.Item item;
        while ((item = w.pollNow()) != null) {
            switch (item.kind) {
                case EVENT:
                    out.add(item.type + " " + item.object.name() + "@" + item.resourceVersion);
                    break;
                case BOOKMARK:
                    out.add("BOOKMARK@" + item.resourceVersion + (item.initialEventsEnd ? " end" : ""));
                    break;
                case ERROR:
                    out.add("ERROR " + item.error.code() + " " + item.error.getMessage());
                    break;
                default:
                    out.add(item.kind.name());
            }
        }
        return out;
    }

    @Test
    void equalityAndSetBasedLabelSelectors() {
        cm("a", "{\"app\":\"web\",\"tier\":\"1\"}");
        cm("b", "{\"app\":\"db\"}");
        cm("c", "{}");
        assertThat(list("app=web", null)).containsExactly("a");
        assertThat(list("app==web", null)).containsExactly("a");
        assertThat(list("app!=web", null)).containsExactly("b", "c");
        assertThat(list("app in (web,db)", null)).containsExactly("a", "b");
        assertThat(list("app notin (web)", null)).containsExactly("b", "c");
        assertThat(list("app", null)).containsExactly("a", "b");
        assertThat(list("!app", null)).containsExactly("c");
        assertThat(list("tier>0", null)).containsExactly("a");
        assertThat(list("app,tier<5", null)).containsExactly("a");
        assertThat(list(null, "metadata.name=b")).containsExactly("b");
        assertThatThrownBy(() -> list("app in web", null)).isInstanceOfSatisfying(KubeApiException.class,
                e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void podFieldSelectorsAndTheirErrors() {
        ObjectNode pod = StoreFixture.json("""
                {"metadata":{"name":"p1"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}""");
        store.writes.create(pods, "default", pod, WriteOptions.DEFAULT);
        store.writes.create(pods, "default", StoreFixture.json("""
                {"metadata":{"name":"p2"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""), WriteOptions.DEFAULT);
        assertThat(store.list(pods, null, ListOptions.selectors(null, "spec.nodeName=n1")).items())
                .extracting(Stored::name).containsExactly("p1");
        assertThat(store.list(pods, "default", ListOptions.selectors(null, "spec.nodeName=,status.phase=Pending")).items())
                .extracting(Stored::name).containsExactly("p2");
        assertThat(store.list(pods, "default", ListOptions.selectors(null, "spec.host=n1")).items())
                .extracting(Stored::name).containsExactly("p1");
        assertThatThrownBy(() -> store.list(pods, "default", ListOptions.selectors(null, "spec.foo=x")))
                .hasMessage("field label not supported: spec.foo");
        assertThatThrownBy(() -> store.list(pods, "default", ListOptions.selectors(null, "spec.nodeName")))
                .hasMessage("invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'");
    }

    @Test
    void pagesAreAConsistentSnapshotUntilTheHistoryIsCompacted() {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            cm(n, "{}");
        }
        KubeStore.ListResult page1 = store.list(configMaps, "default",
                new ListOptions(null, null, 2, null, null, null, false, null, 0));
        assertThat(page1.items()).extracting(Stored::name).containsExactly("a", "b");
        assertThat(page1.remainingItemCount()).isEqualTo(3);
        store.lifecycle.delete(configMaps, "default", "c", Json.object(), false);
        cm("bb", "{}");
        KubeStore.ListResult page2 = store.list(configMaps, "default",
                new ListOptions(null, null, 2, page1.continueToken(), null, null, false, null, 0));
        assertThat(page2.resourceVersion()).isEqualTo(page1.resourceVersion());
        assertThat(page2.items()).as("the page shows the list as it was").extracting(Stored::name).containsExactly("c", "d");
        store.compact();
        assertThatThrownBy(() -> store.list(configMaps, "default",
                new ListOptions(null, null, 2, page2.continueToken(), null, null, false, null, 0)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(410);
                    assertThat(e.reason()).isEqualTo("Expired");
                    assertThat(e.getMessage()).isEqualTo("The provided continue parameter is too old to display a "
                            + "consistent list result. You can start a new list without the continue parameter.");
                });
        assertThatThrownBy(() -> store.list(configMaps, "default",
                new ListOptions(null, null, 2, "garbage", null, null, false, null, 0)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void resourceVersionSemanticsOfList() {
        Stored a = cm("a", "{}");
        cm("b", "{}");
        String rvA = Long.toString(a.resourceVersion);
        KubeStore.ListResult exact = store.list(configMaps, "default",
                new ListOptions(null, null, 0, null, rvA, "Exact", false, null, 0));
        assertThat(exact.items()).extracting(Stored::name).containsExactly("a");
        assertThat(exact.resourceVersion()).isEqualTo(a.resourceVersion);
        KubeStore.ListResult notOlder = store.list(configMaps, "default",
                new ListOptions(null, null, 0, null, rvA, "NotOlderThan", false, null, 0));
        assertThat(notOlder.items()).extracting(Stored::name).containsExactly("a", "b");
        long future = store.resourceVersion() + 100;
        assertThatThrownBy(() -> store.list(configMaps, "default",
                new ListOptions(null, null, 0, null, Long.toString(future), null, false, null, 0)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(504);
                    assertThat(e.getMessage()).isEqualTo("Too large resource version: " + future + ", current: "
                            + store.resourceVersion());
                });
        assertThatThrownBy(() -> store.list(configMaps, "default",
                new ListOptions(null, null, 0, null, null, "Exact", false, null, 0)))
                .hasMessage("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                        + "resourceVersionMatch is forbidden unless resourceVersion is provided");
    }

    @Test
    void aWatchStartsWithTheCurrentObjectsThenFollowsChangesInOrder() {
        Stored a = cm("a", "{}");
        Watcher w = store.watch(configMaps, "default", watchFrom(null, null));
        Stored b = cm("b", "{}");
        ObjectNode changed = a.object.deepCopy();
        ((ObjectNode) changed.get("data")).put("k", "2");
        Stored a2 = store.writes.update(configMaps, "default", "a", "", changed, WriteOptions.DEFAULT).stored();
        Lifecycle.Deletion d = store.lifecycle.delete(configMaps, "default", "b", Json.object(), false);
        assertThat(drain(w)).containsExactly("ADDED a@" + a.resourceVersion, "ADDED b@" + b.resourceVersion,
                "MODIFIED a@" + a2.resourceVersion, "DELETED b@" + d.stored().resourceVersion);
        w.close();
        assertThat(store.openWatches()).isZero();
    }

    @Test
    void aWatchResumesAfterAResourceVersionAndAnExpiredOneGets410() {
        Stored a = cm("a", "{}");
        Stored b = cm("b", "{}");
        Watcher resumed = store.watch(configMaps, "default", watchFrom(Long.toString(a.resourceVersion), null));
        assertThat(drain(resumed)).containsExactly("ADDED b@" + b.resourceVersion);
        for (int i = 0; i < 25; i++) {
            cm("x" + i, "{}");
        }
        Watcher old = store.watch(configMaps, "default", watchFrom(Long.toString(a.resourceVersion), null));
        List<String> events = drain(old);
        assertThat(events.get(0)).startsWith("ERROR 410 too old resource version: " + a.resourceVersion + " (");
        assertThat(events).last().isEqualTo("END");
    }

    @Test
    void objectsThatStartOrStopMatchingArriveAsAddedOrDeleted() {
        Stored a = cm("a", "{\"app\":\"web\"}");
        Watcher w = store.watch(configMaps, "default", watchFrom(Long.toString(a.resourceVersion), "app=web"));
        ObjectNode off = a.object.deepCopy();
        ((ObjectNode) off.at("/metadata/labels")).put("app", "db");
        Stored a2 = store.writes.update(configMaps, "default", "a", "", off, WriteOptions.DEFAULT).stored();
        ObjectNode on = a2.object.deepCopy();
        ((ObjectNode) on.at("/metadata/labels")).put("app", "web");
        Stored a3 = store.writes.update(configMaps, "default", "a", "", on, WriteOptions.DEFAULT).stored();
        assertThat(drain(w)).containsExactly("DELETED a@" + a2.resourceVersion, "ADDED a@" + a3.resourceVersion);
    }

    @Test
    void sendInitialEventsEndsTheInitialPhaseWithAnAnnotatedBookmark() {
        cm("a", "{}");
        Watcher w = store.watch(configMaps, "default",
                new ListOptions(null, null, 0, null, null, "NotOlderThan", true, true, 0));
        List<String> events = drain(w);
        assertThat(events).containsExactly("ADDED a@" + (store.resourceVersion()),
                "BOOKMARK@" + store.resourceVersion() + " end");
        assertThatThrownBy(() -> store.watch(configMaps, "default",
                new ListOptions(null, null, 0, null, null, null, true, true, 0)))
                .hasMessageContaining("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    }

    @Test
    void bookmarksGoToWatchesThatAskForThem() {
        Watcher with = store.watch(configMaps, "default", new ListOptions(null, null, 0, null,
                Long.toString(store.resourceVersion()), null, true, null, 0));
        Watcher without = store.watch(configMaps, "default", watchFrom(Long.toString(store.resourceVersion()), null));
        store.bookmarkAll();
        assertThat(drain(with)).containsExactly("BOOKMARK@" + store.resourceVersion());
        assertThat(drain(without)).isEmpty();
    }

    @Test
    void endedAndDroppedWatchesLeaveNothingRegistered() {
        store.watch(configMaps, "default", watchFrom(null, null));
        Watcher dropped = store.watch(configMaps, "default", watchFrom(null, null));
        assertThat(store.openWatches()).isEqualTo(2);
        store.dropWatches();
        assertThat(drain(dropped)).last().isEqualTo("DROP");
        assertThat(store.openWatches()).isZero();
    }
}
