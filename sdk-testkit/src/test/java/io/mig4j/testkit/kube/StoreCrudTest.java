package io.mig4j.testkit.kube;

import static io.mig4j.testkit.kube.StoreFixture.configMap;
import static io.mig4j.testkit.kube.StoreFixture.def;
import static io.mig4j.testkit.kube.StoreFixture.deviceClass;
import static io.mig4j.testkit.kube.StoreFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Create, get, update and delete on the store alone, with the real server's metadata rules and error bodies. */
class StoreCrudTest {
    private final KubeStore store = KubeStore.create();
    private final ResourceDefinition deviceClasses = def(store, "resource.k8s.io/v1", "deviceclasses");
    private final ResourceDefinition configMaps = def(store, "v1", "configmaps");

    @AfterEach
    void close() {
        store.close();
    }

    private Stored create(ResourceDefinition d, String ns, ObjectNode o) {
        return store.writes.create(d, ns, o, WriteOptions.DEFAULT).stored();
    }

    @Test
    void oneResourceVersionCounterForEveryKind() {
        long before = store.resourceVersion();
        Stored cm = create(configMaps, "default", configMap("default", "a", "{}"));
        Stored dc = create(deviceClasses, "", deviceClass("gpu", "true"));
        assertThat(cm.resourceVersion).isEqualTo(before + 1);
        assertThat(dc.resourceVersion).isEqualTo(before + 2);
        assertThat(store.resourceVersion()).isEqualTo(before + 2);
        assertThat(store.list(configMaps, "default", ListOptions.ALL).resourceVersion()).isEqualTo(before + 2);
    }

    @Test
    void createSetsTheServerOwnedMetadata() {
        Stored dc = create(deviceClasses, "", deviceClass("gpu", "true"));
        Stored cm = create(configMaps, "default", configMap("default", "a", "{}"));
        assertThat(Json.text(dc.object, "metadata.uid")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Json.text(dc.object, "metadata.creationTimestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Json.text(dc.object, "metadata.generation")).isEqualTo("1");
        assertThat(Json.text(dc.object, "metadata.resourceVersion")).isEqualTo(Long.toString(dc.resourceVersion));
        assertThat(cm.object.path("metadata").has("generation")).as("ConfigMaps have no generation").isFalse();
        assertThat(Json.text(cm.object, "metadata.namespace")).isEqualTo("default");
    }

    @Test
    void generateNameAppendsFiveRandomCharactersFromTheServersAlphabet() {
        ObjectNode o = json("{\"metadata\":{\"generateName\":\"claim-\"},\"data\":{}}");
        Stored s = create(configMaps, "default", o);
        assertThat(s.name()).matches("claim-[bcdfghjklmnpqrstvwxz2456789]{5}");
    }

    @Test
    void aNameIsRequiredAndValidated() {
        assertThatThrownBy(() -> create(configMaps, "default", json("{\"metadata\":{}}")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo(
                            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required");
                });
        assertThatThrownBy(() -> create(deviceClasses, "", deviceClass("nvidia.com/mig-1g.10gb", "true")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.getMessage()).startsWith(
                        "DeviceClass.resource.k8s.io \"nvidia.com/mig-1g.10gb\" is invalid: metadata.name: Invalid value: "
                                + "\"nvidia.com/mig-1g.10gb\": a lowercase RFC 1123 subdomain must consist of"));
    }

    @Test
    void createWithAResourceVersionIsAPlainServerError() {
        ObjectNode o = configMap("default", "a", "{}");
        Json.metadata(o).put("resourceVersion", "7");
        assertThatThrownBy(() -> create(configMaps, "default", o)).isInstanceOfSatisfying(KubeApiException.class, e -> {
            assertThat(e.code()).isEqualTo(500);
            assertThat(e.reason()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("resourceVersion should not be set on objects to be created");
        });
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        create(deviceClasses, "", deviceClass("gpu", "true"));
        assertThatThrownBy(() -> create(deviceClasses, "", deviceClass("gpu", "true")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("AlreadyExists");
                    assertThat(e.getMessage()).isEqualTo("deviceclasses.resource.k8s.io \"gpu\" already exists");
                    assertThat(e.status().path("details").toString())
                            .isEqualTo("{\"name\":\"gpu\",\"group\":\"resource.k8s.io\",\"kind\":\"deviceclasses\"}");
                });
    }

    @Test
    void getOfAMissingObjectIsNotFoundShapedLikeTheRealServer() {
        assertThatThrownBy(() -> store.get(deviceClasses, "", "gpu", null)).isInstanceOfSatisfying(KubeApiException.class,
                e -> assertThat(e.status().toString()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                        + "\"status\":\"Failure\",\"message\":\"deviceclasses.resource.k8s.io \\\"gpu\\\" not found\","
                        + "\"reason\":\"NotFound\",\"details\":{\"name\":\"gpu\",\"group\":\"resource.k8s.io\","
                        + "\"kind\":\"deviceclasses\"},\"code\":404}"));
        assertThatThrownBy(() -> store.get(configMaps, "default", "x", null)).isInstanceOfSatisfying(KubeApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("configmaps \"x\" not found"));
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsAConflict() {
        Stored v1 = create(configMaps, "default", configMap("default", "a", "{}"));
        ObjectNode first = v1.object.deepCopy();
        ((ObjectNode) first.get("data")).put("k", "first");
        store.writes.update(configMaps, "default", "a", "", first, WriteOptions.DEFAULT);
        ObjectNode second = v1.object.deepCopy();
        ((ObjectNode) second.get("data")).put("k", "second");
        assertThatThrownBy(() -> store.writes.update(configMaps, "default", "a", "", second, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"a\": the object "
                            + "has been modified; please apply your changes to the latest version and try again");
                });
        Json.metadata(second).remove("resourceVersion");
        Stored unconditional = store.writes.update(configMaps, "default", "a", "", second, WriteOptions.DEFAULT).stored();
        assertThat(Json.text(unconditional.object, "data.k")).isEqualTo("second");
    }

    @Test
    void generationFollowsSpecChangesOnly() {
        Stored v1 = create(deviceClasses, "", deviceClass("gpu", "true"));
        ObjectNode labelled = v1.object.deepCopy();
        Json.ensureObject(Json.metadata(labelled), "labels").put("a", "b");
        Stored v2 = store.writes.update(deviceClasses, "", "gpu", "", labelled, WriteOptions.DEFAULT).stored();
        assertThat(Json.text(v2.object, "metadata.generation")).isEqualTo("1");
        assertThat(v2.resourceVersion).isGreaterThan(v1.resourceVersion);
        ObjectNode changed = v2.object.deepCopy();
        ((ObjectNode) changed.at("/spec/selectors/0/cel")).put("expression", "false");
        Stored v3 = store.writes.update(deviceClasses, "", "gpu", "", changed, WriteOptions.DEFAULT).stored();
        assertThat(Json.text(v3.object, "metadata.generation")).isEqualTo("2");
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        Stored v1 = create(configMaps, "default", configMap("default", "a", "{}"));
        Stored same = store.writes.update(configMaps, "default", "a", "", v1.object.deepCopy(), WriteOptions.DEFAULT).stored();
        assertThat(same.resourceVersion).isEqualTo(v1.resourceVersion);
        assertThat(store.resourceVersion()).isEqualTo(v1.resourceVersion);
        // managed fields that differ only in their time are no change either
        ObjectNode olderTimes = v1.object.deepCopy();
        assertThat(olderTimes.at("/metadata/managedFields").isArray()).as(olderTimes.toString()).isTrue();
        olderTimes.at("/metadata/managedFields").forEach(f -> ((ObjectNode) f).put("time", "2020-01-01T00:00:00Z"));
        Stored stillSame = store.writes.update(configMaps, "default", "a", "", olderTimes, WriteOptions.DEFAULT).stored();
        assertThat(stillSame.resourceVersion).isEqualTo(v1.resourceVersion);
        // a change anywhere else is written
        ObjectNode changed = v1.object.deepCopy();
        ((ObjectNode) changed.get("data")).put("k", "changed");
        assertThat(store.writes.update(configMaps, "default", "a", "", changed, WriteOptions.DEFAULT).stored()
                .resourceVersion).isGreaterThan(v1.resourceVersion);
    }

    @Test
    void metadataTheServerOwnsCannotBeChangedByAnUpdate() {
        Stored v1 = create(configMaps, "default", configMap("default", "a", "{}"));
        ObjectNode forged = v1.object.deepCopy();
        Json.metadata(forged).put("uid", "forged").put("creationTimestamp", "2000-01-01T00:00:00Z");
        Stored v2 = store.writes.update(configMaps, "default", "a", "", forged, WriteOptions.DEFAULT).stored();
        assertThat(Json.text(v2.object, "metadata.uid")).isEqualTo(Json.text(v1.object, "metadata.uid"));
        assertThat(Json.text(v2.object, "metadata.creationTimestamp"))
                .isEqualTo(Json.text(v1.object, "metadata.creationTimestamp"));
    }

    @Test
    void anUpdateNamingAnotherObjectIsABadRequest() {
        Stored v1 = create(configMaps, "default", configMap("default", "a", "{}"));
        ObjectNode other = v1.object.deepCopy();
        Json.metadata(other).put("name", "b");
        assertThatThrownBy(() -> store.writes.update(configMaps, "default", "a", "", other, WriteOptions.DEFAULT))
                .hasMessage("the name of the object (b) does not match the name on the URL (a)");
    }

    @Test
    void dryRunValidatesAndAnswersButStoresNothing() {
        long before = store.resourceVersion();
        Stored s = store.writes.create(configMaps, "default", configMap("default", "a", "{}"),
                new WriteOptions(true, null, null, false, "test")).stored();
        assertThat(s.name()).isEqualTo("a");
        assertThat(store.resourceVersion()).isEqualTo(before);
        assertThat(store.list(configMaps, "default", ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void strictFieldValidationRefusesUnknownFieldsWithTheRealMessageAndWarnDropsThem() {
        ObjectNode recipe = deviceClass("gpu", "true");
        ((ObjectNode) recipe.get("spec")).putObject("suitableNodes");
        assertThatThrownBy(() -> store.writes.create(deviceClasses, "", recipe.deepCopy(),
                new WriteOptions(false, null, "Strict", false, "kubectl")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).isEqualTo("DeviceClass in version \"v1\" cannot be handled as a DeviceClass: "
                            + "strict decoding error: unknown field \"spec.suitableNodes\"");
                });
        StoreWrites.Result warned = store.writes.create(deviceClasses, "", recipe.deepCopy(), WriteOptions.DEFAULT);
        assertThat(warned.warnings()).containsExactly("unknown field \"spec.suitableNodes\"");
        assertThat(warned.stored().object.path("spec").has("suitableNodes")).isFalse();
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAsGoDecodingRefusesIt() {
        ObjectNode claim = StoreFixture.claim("default", "c", "gpu");
        ((ObjectNode) claim.at("/spec/devices/requests/0/exactly")).put("count", "one");
        assertThatThrownBy(() -> store.writes.create(def(store, "resource.k8s.io/v1", "resourceclaims"), "default", claim,
                WriteOptions.DEFAULT)).hasMessage("ResourceClaim in version \"v1\" cannot be handled as a ResourceClaim: "
                + "json: cannot unmarshal string into Go struct field ExactDeviceRequest.spec.devices.requests.exactly.count "
                + "of type int64");
    }

    @Test
    void deleteWithoutFinalizersRemovesTheObjectAtOnce() {
        create(configMaps, "default", configMap("default", "a", "{}"));
        Lifecycle.Deletion d = store.lifecycle.delete(configMaps, "default", "a", Json.object(), false);
        assertThat(d.removed()).isTrue();
        assertThat(d.stored().resourceVersion).isEqualTo(store.resourceVersion());
        assertThatThrownBy(() -> store.get(configMaps, "default", "a", null)).hasMessage("configmaps \"a\" not found");
    }

    @Test
    void deletePreconditionsAreChecked() {
        create(configMaps, "default", configMap("default", "a", "{}"));
        assertThatThrownBy(() -> store.lifecycle.delete(configMaps, "default", "a",
                json("{\"preconditions\":{\"uid\":\"other\"}}"), false)).isInstanceOfSatisfying(KubeApiException.class,
                e -> assertThat(e.getMessage()).startsWith("Operation cannot be fulfilled on configmaps \"a\": "
                        + "Precondition failed: UID in precondition: other, UID in object meta: "));
    }

    @Test
    void publicSeedingApiReturnsCopies() {
        ResourceType type = store.resource("v1", "configmaps").orElseThrow();
        ObjectNode created = store.create(type, "default", configMap("default", "a", "{\"app\":\"x\"}"));
        created.put("kind", "tampered");
        assertThat(store.get(type, "default", "a").orElseThrow().path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(store.list(type, "default", "app=x", null)).hasSize(1);
        store.delete(type, "default", "a");
        assertThat(store.get(type, "default", "a")).isEmpty();
        assertThat(store.resources()).extracting(ResourceType::plural).contains("pods", "deviceclasses", "leases");
        assertThat(List.of("v1", "resource.k8s.io/v1")).allSatisfy(v -> assertThat(store.resource(v, "nope")).isEmpty());
    }
}
