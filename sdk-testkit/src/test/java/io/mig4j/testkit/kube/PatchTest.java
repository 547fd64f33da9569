package io.mig4j.testkit.kube;

import static io.mig4j.testkit.kube.StoreFixture.def;
import static io.mig4j.testkit.kube.StoreFixture.deviceClass;
import static io.mig4j.testkit.kube.StoreFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** JSON patch, merge patch, strategic merge patch (merge keys and directives) and server-side apply. */
class PatchTest {
    private final KubeStore store = KubeStore.create();
    private final ResourceDefinition deployments = def(store, "apps/v1", "deployments");
    private final ResourceDefinition classes = def(store, "resource.k8s.io/v1", "deviceclasses");

    @AfterEach
    void close() {
        store.close();
    }

    private Stored patch(ResourceDefinition d, String ns, String name, String type, String body, WriteOptions o) {
        return store.writes.patch(d, ns, name, "", type, body.getBytes(StandardCharsets.UTF_8), o).stored();
    }

    private static WriteOptions manager(String name, boolean force) {
        return new WriteOptions(false, name, "Strict", force, "test");
    }

    private void deployment() {
        store.writes.create(deployments, "default", json("""
                {"metadata":{"name":"p","finalizers":["a"]},"spec":{"template":{"spec":{"containers":[
                  {"name":"app","image":"app:1","env":[{"name":"A","value":"1"}],"ports":[{"containerPort":80}]},
                  {"name":"side","image":"side:1"}],"tolerations":[{"key":"k1"}]}}}}"""), WriteOptions.DEFAULT);
    }

    @Test
    void jsonPatchOperationsAndAFailedTestIs422() {
        store.writes.create(classes, "", deviceClass("gpu", "true"), WriteOptions.DEFAULT);
        Stored s = patch(classes, "", "gpu", Patches.JSON_PATCH, """
                [{"op":"add","path":"/metadata/labels","value":{"a":"b"}},
                 {"op":"replace","path":"/spec/selectors/0/cel/expression","value":"false"},
                 {"op":"copy","from":"/metadata/labels/a","path":"/metadata/labels/c"},
                 {"op":"test","path":"/metadata/labels/c","value":"b"}]""", WriteOptions.DEFAULT);
        assertThat(s.object.at("/metadata/labels").toString()).isEqualTo("{\"a\":\"b\",\"c\":\"b\"}");
        assertThat(s.object.at("/spec/selectors/0/cel/expression").asString()).isEqualTo("false");
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.JSON_PATCH,
                "[{\"op\":\"test\",\"path\":\"/metadata/labels/a\",\"value\":\"x\"}]", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
                });
    }

    @Test
    void mergePatchReplacesListsAndNullDeletes() {
        deployment();
        Stored s = patch(deployments, "default", "p", Patches.MERGE_PATCH,
                "{\"metadata\":{\"finalizers\":null,\"labels\":{\"x\":\"y\"}},\"spec\":{\"template\":{\"spec\":"
                        + "{\"tolerations\":[{\"key\":\"k2\"}]}}}}", WriteOptions.DEFAULT);
        assertThat(s.object.at("/metadata").has("finalizers")).isFalse();
        assertThat(s.object.at("/spec/template/spec/tolerations").toString()).isEqualTo("[{\"key\":\"k2\"}]");
        assertThat(s.object.at("/spec/template/spec/containers").size()).isEqualTo(2);
    }

    @Test
    void strategicMergePatchMergesContainersByNameAndHonoursDirectives() {
        deployment();
        Stored s = patch(deployments, "default", "p", Patches.STRATEGIC_MERGE_PATCH, """
                {"metadata":{"finalizers":["b"]},
                 "spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2","env":[{"name":"B","value":"2"}]},
                                       {"name":"side","$patch":"delete"}],
                         "tolerations":[{"key":"k2"}]}}}}""", WriteOptions.DEFAULT);
        assertThat(s.object.at("/spec/template/spec/containers").size()).isEqualTo(1);
        assertThat(s.object.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("app:2");
        assertThat(s.object.at("/spec/template/spec/containers/0/env").toString())
                .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]");
        assertThat(s.object.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(80);
        assertThat(s.object.at("/metadata/finalizers").toString()).as("finalizers merge as a set")
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(s.object.at("/spec/template/spec/tolerations").toString()).as("tolerations are atomic")
                .isEqualTo("[{\"key\":\"k2\"}]");
        Stored t = patch(deployments, "default", "p", Patches.STRATEGIC_MERGE_PATCH, """
                {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]},
                 "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],
                   "containers":[{"name":"app","env":[{"$patch":"replace"},{"name":"C"}]}]}}}}""",
                WriteOptions.DEFAULT);
        assertThat(t.object.at("/metadata/finalizers").toString()).isEqualTo("[\"b\"]");
        assertThat(t.object.at("/spec/template/spec/containers/0/env").toString()).isEqualTo("[{\"name\":\"C\"}]");
    }

    @Test
    void strictValidationOfAPatchIs422OnThePatch() {
        store.writes.create(classes, "", deviceClass("gpu", "true"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.MERGE_PATCH, "{\"spec\":{\"suitableNodes\":{}}}",
                manager("kubectl", false))).isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).startsWith(" \"\" is invalid: patch: Invalid value: \"{")
                            .endsWith("\": strict decoding error: unknown field \"spec.suitableNodes\"");
                });
    }

    @Test
    void applyCreatesOwnsConflictsAndForces() {
        String applied = "{\"apiVersion\":\"resource.k8s.io/v1\",\"kind\":\"DeviceClass\",\"metadata\":{\"name\":\"gpu\","
                + "\"labels\":{\"team\":\"a\"}},\"spec\":{\"selectors\":[{\"cel\":{\"expression\":\"true\"}}]}}";
        StoreWrites.Result created = store.writes.patch(classes, "", "gpu", "", Patches.APPLY_PATCH,
                applied.getBytes(StandardCharsets.UTF_8), manager("ops", false));
        assertThat(created.created()).isTrue();
        assertThat(created.stored().object.at("/metadata/managedFields/0").toString()).isEqualTo(
                "{\"manager\":\"ops\",\"operation\":\"Apply\",\"apiVersion\":\"resource.k8s.io/v1\",\"time\":\""
                        + created.stored().object.at("/metadata/managedFields/0/time").asString()
                        + "\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\"f:team\":{}}},"
                        + "\"f:spec\":{\"f:selectors\":{}}}}");
        String other = applied.replace("\"true\"", "\"false\"");
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.APPLY_PATCH, other, manager("dev", false)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"ops\": .spec.selectors");
                    assertThat(e.causes()).singleElement().isEqualTo(
                            new StatusCause("FieldManagerConflict", ".spec.selectors", "conflict with \"ops\""));
                });
        Stored shared = patch(classes, "", "gpu", Patches.APPLY_PATCH, applied, manager("dev", false));
        assertThat(shared.object.at("/metadata/managedFields").size()).as("same value: shared ownership").isEqualTo(2);
        Stored forced = patch(classes, "", "gpu", Patches.APPLY_PATCH, other, manager("dev", true));
        assertThat(forced.object.at("/spec/selectors/0/cel/expression").asString()).isEqualTo("false");
        String specOnly = "{\"apiVersion\":\"resource.k8s.io/v1\",\"kind\":\"DeviceClass\",\"metadata\":{\"name\":\"gpu\"},"
                + "\"spec\":{\"selectors\":[{\"cel\":{\"expression\":\"false\"}}]}}";
        Stored devDrops = patch(classes, "", "gpu", Patches.APPLY_PATCH, specOnly, manager("dev", false));
        assertThat(devDrops.object.at("/metadata/labels/team").asString()).as("ops still applies the label").isEqualTo("a");
        Stored opsDrops = patch(classes, "", "gpu", Patches.APPLY_PATCH,
                "{\"apiVersion\":\"resource.k8s.io/v1\",\"kind\":\"DeviceClass\",\"metadata\":{\"name\":\"gpu\"}}",
                manager("ops", false));
        assertThat(opsDrops.object.at("/metadata").has("labels")).as("a field nobody applies any more goes").isFalse();
        assertThat(opsDrops.object.at("/spec/selectors/0/cel/expression").asString())
                .as("fields another manager still applies stay").isEqualTo("false");
    }

    @Test
    void applyNeedsAFieldManagerAndForceOnlyMeansSomethingForApply() {
        String applied = "{\"apiVersion\":\"resource.k8s.io/v1\",\"kind\":\"DeviceClass\",\"metadata\":{\"name\":\"gpu\"}}";
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.APPLY_PATCH, applied, WriteOptions.DEFAULT))
                .hasMessage("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        store.writes.create(classes, "", deviceClass("gpu", "true"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.MERGE_PATCH, "{}", manager("x", true)))
                .hasMessage("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
        assertThatThrownBy(() -> patch(classes, "", "gpu", Patches.APPLY_PATCH,
                applied.replace("}}", "},\"spec\":{\"suitableNodes\":{}}}"), manager("x", false)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("failed to create typed patch object (/gpu; resource.k8s.io/v1, "
                            + "Kind=DeviceClass): .spec.suitableNodes: field not declared in schema");
                });
    }

    @Test
    void updatesRecordTheFieldsTheyChangeAndTakeThemFromOthers() {
        ObjectNode o = deviceClass("gpu", "true");
        Stored v1 = store.writes.create(classes, "", o, new WriteOptions(false, "creator", null, false, "t")).stored();
        ObjectNode labelled = v1.object.deepCopy();
        Json.ensureObject(Json.metadata(labelled), "labels").put("a", "b");
        Stored v2 = store.writes.update(classes, "", "gpu", "", labelled, new WriteOptions(false, "labeller", null, false, "t"))
                .stored();
        assertThat(v2.object.at("/metadata/managedFields").toString())
                .contains("\"manager\":\"creator\"").contains("\"manager\":\"labeller\"")
                .contains("\"f:labels\":{\".\":{},\"f:a\":{}}");
        ObjectNode spec = v2.object.deepCopy();
        ((ObjectNode) spec.at("/spec/selectors/0/cel")).put("expression", "false");
        Stored v3 = store.writes.update(classes, "", "gpu", "", spec, new WriteOptions(false, "labeller", null, false, "t"))
                .stored();
        assertThat(v3.object.at("/metadata/managedFields").size()).as("creator lost its only field").isEqualTo(1);
    }
}
