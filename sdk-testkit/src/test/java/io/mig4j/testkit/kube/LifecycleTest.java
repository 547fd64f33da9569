package io.mig4j.testkit.kube;

import static io.mig4j.testkit.kube.StoreFixture.configMap;
import static io.mig4j.testkit.kube.StoreFixture.def;
import static io.mig4j.testkit.kube.StoreFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Finalizers, namespace deletion, pods (binding, graceful deletion) and CRDs served at runtime. */
class LifecycleTest {
    private final KubeStore store = KubeStore.create();
    private final ResourceDefinition configMaps = def(store, "v1", "configmaps");
    private final ResourceDefinition namespaces = def(store, "v1", "namespaces");
    private final ResourceDefinition pods = def(store, "v1", "pods");
    private final ResourceDefinition crds = def(store, "apiextensions.k8s.io/v1", "customresourcedefinitions");

    @AfterEach
    void close() {
        store.close();
    }

    private Stored create(ResourceDefinition d, String ns, ObjectNode o) {
        return store.writes.create(d, ns, o, WriteOptions.DEFAULT).stored();
    }

    private void namespace(String name) {
        create(namespaces, "", json("{\"metadata\":{\"name\":\"" + name + "\"}}"));
    }

    @Test
    void aNamespaceGetsItsFinalizerPhaseAndNameLabel() {
        namespace("team-a");
        Stored ns = store.get(namespaces, "", "team-a", null);
        assertThat(ns.object.at("/spec/finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        assertThat(ns.object.at("/status/phase").asString()).isEqualTo("Active");
        assertThat(ns.object.at("/metadata/labels/kubernetes.io~1metadata.name").asString()).isEqualTo("team-a");
    }

    @Test
    void finalizersKeepADeletedObjectUntilTheLastOneIsRemoved() {
        ObjectNode o = configMap("default", "a", "{}");
        Json.metadata(o).putArray("finalizers").add("example.com/cleanup");
        create(configMaps, "default", o);
        Lifecycle.Deletion d = store.lifecycle.delete(configMaps, "default", "a", Json.object(), false);
        assertThat(d.removed()).isFalse();
        Stored marked = store.get(configMaps, "default", "a", null);
        assertThat(marked.object.path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(marked.object.at("/metadata/deletionGracePeriodSeconds").asLong()).isZero();
        ObjectNode more = marked.object.deepCopy();
        ((ArrayNode) more.at("/metadata/finalizers")).add("example.com/other");
        assertThatThrownBy(() -> store.writes.update(configMaps, "default", "a", "", more, WriteOptions.DEFAULT))
                .hasMessage("ConfigMap \"a\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added "
                        + "if the object is being deleted, found new finalizers []string{\"example.com/other\"}");
        ObjectNode none = marked.object.deepCopy();
        Json.metadata(none).remove("finalizers");
        store.writes.update(configMaps, "default", "a", "", none, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> store.get(configMaps, "default", "a", null)).hasMessage("configmaps \"a\" not found");
    }

    @Test
    void deletingANamespaceDeletesItsContentThenItself() {
        namespace("team-a");
        create(configMaps, "team-a", configMap("team-a", "plain", "{}"));
        ObjectNode held = configMap("team-a", "held", "{}");
        Json.metadata(held).putArray("finalizers").add("example.com/hold");
        create(configMaps, "team-a", held);
        store.lifecycle.delete(namespaces, "", "team-a", Json.object(), false);
        Stored ns = store.get(namespaces, "", "team-a", null);
        assertThat(ns.object.at("/status/phase").asString()).isEqualTo("Terminating");
        assertThat(store.list(configMaps, "team-a", ListOptions.ALL).items()).extracting(Stored::name).containsExactly("held");
        assertThatThrownBy(() -> create(configMaps, "team-a", configMap("team-a", "late", "{}")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new content "
                            + "in namespace team-a because it is being terminated");
                    assertThat(e.causes()).extracting(StatusCause::reason).containsExactly("NamespaceTerminating");
                });
        ObjectNode release = store.get(configMaps, "team-a", "held", null).object.deepCopy();
        Json.metadata(release).remove("finalizers");
        store.writes.update(configMaps, "team-a", "held", "", release, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> store.get(namespaces, "", "team-a", null)).hasMessage("namespaces \"team-a\" not found");
    }

    @Test
    void contentNeedsAnExistingNamespace() {
        assertThatThrownBy(() -> create(configMaps, "nowhere", configMap("nowhere", "a", "{}")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
    }

    private Stored pod(String name, String node) {
        return create(pods, "default", json("""
                {"metadata":{"name":"%s"},"spec":{%s"containers":[{"name":"c","image":"busybox:1.36",
                 "resources":{"requests":{"cpu":"1"},"limits":{"cpu":"1"}}}]}}"""
                .formatted(name, node == null ? "" : "\"nodeName\":\"" + node + "\",")));
    }

    @Test
    void podsAreDefaultedAndStartPending() {
        Stored p = pod("p", null);
        assertThat(p.object.at("/status/phase").asString()).isEqualTo("Pending");
        assertThat(p.object.at("/status/qosClass").asString()).isEqualTo("Burstable");
        assertThat(p.object.at("/spec/restartPolicy").asString()).isEqualTo("Always");
        assertThat(p.object.at("/spec/schedulerName").asString()).isEqualTo("default-scheduler");
        assertThat(p.object.at("/spec/containers/0/imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(p.object.at("/metadata/generation").asLong()).isEqualTo(1);
    }

    @Test
    void bindingAssignsANodeOnceAndOnlyOnce() {
        pod("p", null);
        store.lifecycle.bind(pods, "default", "p", json("{\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}"));
        Stored bound = store.get(pods, "default", "p", null);
        assertThat(bound.object.at("/spec/nodeName").asString()).isEqualTo("n1");
        assertThat(bound.object.at("/status/conditions/0/type").asString()).isEqualTo("PodScheduled");
        assertThatThrownBy(() -> store.lifecycle.bind(pods, "default", "p", json("{\"target\":{\"name\":\"n2\"}}")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on pods/binding \"p\": "
                            + "pod p is already assigned to node \"n1\"");
                });
        ObjectNode moved = bound.object.deepCopy();
        ((ObjectNode) moved.get("spec")).put("nodeName", "n2");
        assertThatThrownBy(() -> store.writes.update(pods, "default", "p", "", moved, WriteOptions.DEFAULT))
                .hasMessageStartingWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than");
    }

    @Test
    void aBoundPodIsDeletedGracefullyAndAZeroGracePeriodFinishesIt() {
        pod("p", "n1");
        Lifecycle.Deletion graceful = store.lifecycle.delete(pods, "default", "p", Json.object(), false);
        assertThat(graceful.removed()).isFalse();
        assertThat(graceful.stored().object.at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        Lifecycle.Deletion again = store.lifecycle.delete(pods, "default", "p", Json.object(), false);
        assertThat(again.stored().resourceVersion).as("a second delete changes nothing")
                .isEqualTo(graceful.stored().resourceVersion);
        Lifecycle.Deletion now = store.lifecycle.delete(pods, "default", "p", json("{\"gracePeriodSeconds\":0}"), false);
        assertThat(now.removed()).isTrue();
        pod("unbound", null);
        assertThat(store.lifecycle.delete(pods, "default", "unbound", Json.object(), false).removed()).isTrue();
    }

    private static ObjectNode gpuCrd() {
        return json("""
                {"metadata":{"name":"gpus.example.com"},"spec":{"group":"example.com","scope":"Namespaced",
                 "names":{"plural":"gpus","kind":"Gpu","shortNames":["g"]},
                 "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                   "selectableFields":[{"jsonPath":".spec.model"}],
                   "schema":{"openAPIV3Schema":{"type":"object","properties":{
                     "spec":{"type":"object","properties":{"model":{"type":"string"},"memory":{"type":"integer"}}},
                     "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}""");
    }

    @Test
    void aCrdServesItsResourceUntilDeleted() {
        Stored crd = create(crds, "", gpuCrd());
        assertThat(crd.object.at("/status/conditions/1/type").asString()).isEqualTo("Established");
        assertThat(crd.object.at("/spec/names/listKind").asString()).isEqualTo("GpuList");
        ResourceDefinition gpus = def(store, "example.com/v1", "gpus");
        assertThat(gpus).isNotNull();
        assertThat(gpus.type().shortNames()).containsExactly("g");
        StoreWrites.Result r = store.writes.create(gpus, "default", json("""
                {"apiVersion":"example.com/v1","kind":"Gpu","metadata":{"name":"g1"},
                 "spec":{"model":"H100","memory":80,"color":"green"},"status":{"ready":true}}"""), WriteOptions.DEFAULT);
        assertThat(r.warnings()).containsExactly("unknown field \"spec.color\"");
        assertThat(r.stored().object.has("status")).as("status subresource: create resets status").isFalse();
        assertThat(store.list(gpus, "default", ListOptions.selectors(null, "spec.model=H100")).items()).hasSize(1);
        store.lifecycle.delete(crds, "", "gpus.example.com", Json.object(), false);
        assertThat(def(store, "example.com/v1", "gpus")).isNull();
    }

    @Test
    void aCrdMustBeNamedAfterItsPluralAndGroup() {
        ObjectNode bad = gpuCrd();
        Json.metadata(bad).put("name", "gpus");
        assertThatThrownBy(() -> create(crds, "", bad)).hasMessageContaining(
                "metadata.name: Invalid value: \"gpus\": must be spec.names.plural+\".\"+spec.group");
    }
}
