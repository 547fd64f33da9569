package io.mig4j.testkit.kube;

import static io.mig4j.testkit.kube.StoreFixture.claim;
import static io.mig4j.testkit.kube.StoreFixture.def;
import static io.mig4j.testkit.kube.StoreFixture.deviceClass;
import static io.mig4j.testkit.kube.StoreFixture.json;
import static io.mig4j.testkit.kube.StoreFixture.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * resource.k8s.io/v1 as the real server handles it: defaulting (pkg/apis/resource/v1/defaults.go), immutability,
 * the status subresource, field selectors of ResourceSlices, and admission through the {@link AdmissionValidator}
 * seam.
 */
class DraSemanticsTest {
    private final AtomicReference<AdmissionValidator> admission = new AtomicReference<>(AdmissionValidator.dra());
    private final KubeStore store = new KubeStore(1000, 1000, admission::get, true);
    private final ResourceDefinition claims = def(store, "resource.k8s.io/v1", "resourceclaims");
    private final ResourceDefinition templates = def(store, "resource.k8s.io/v1", "resourceclaimtemplates");
    private final ResourceDefinition slices = def(store, "resource.k8s.io/v1", "resourceslices");
    private final ResourceDefinition classes = def(store, "resource.k8s.io/v1", "deviceclasses");

    @AfterEach
    void close() {
        store.close();
    }

    private Stored create(ResourceDefinition d, String ns, ObjectNode o) {
        return store.writes.create(d, ns, o, WriteOptions.DEFAULT).stored();
    }

    @Test
    void requestsAreDefaultedToOneDeviceExactly() {
        Stored c = create(claims, "default", claim("default", "c1", "gpu.nvidia.com"));
        assertThat(c.object.at("/spec/devices/requests/0/exactly").toString())
                .isEqualTo("{\"deviceClassName\":\"gpu.nvidia.com\",\"allocationMode\":\"ExactCount\",\"count\":1}");
        ObjectNode t = json("""
                {"metadata":{"name":"t"},"spec":{"spec":{"devices":{"requests":[{"name":"gpu","firstAvailable":[
                  {"name":"big","deviceClassName":"gpu.nvidia.com","tolerations":[{"key":"k"}]},
                  {"name":"all","deviceClassName":"gpu.nvidia.com","allocationMode":"All"}]}]}}}}""");
        Stored template = create(templates, "default", t);
        assertThat(template.object.at("/spec/spec/devices/requests/0/firstAvailable/0/count").asLong()).isEqualTo(1);
        assertThat(template.object.at("/spec/spec/devices/requests/0/firstAvailable/0/tolerations/0/operator").asString())
                .isEqualTo("Equal");
        assertThat(template.object.at("/spec/spec/devices/requests/0/firstAvailable/1").has("count")).isFalse();
    }

    @Test
    void aRequestWithoutDeviceClassIsInvalidWithTheRealServersWording() {
        ObjectNode c = claim("default", "c1", "x");
        ((ObjectNode) c.at("/spec/devices/requests/0/exactly")).remove("deviceClassName");
        assertThatThrownBy(() -> create(claims, "default", c)).isInstanceOfSatisfying(KubeApiException.class, e -> {
            assertThat(e.code()).isEqualTo(422);
            assertThat(e.status().toString()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                    + "\"status\":\"Failure\",\"message\":\"ResourceClaim.resource.k8s.io \\\"c1\\\" is invalid: "
                    + "spec.devices.requests[0].exactly.deviceClassName: Required value\",\"reason\":\"Invalid\","
                    + "\"details\":{\"name\":\"c1\",\"group\":\"resource.k8s.io\",\"kind\":\"ResourceClaim\",\"causes\":"
                    + "[{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\","
                    + "\"field\":\"spec.devices.requests[0].exactly.deviceClassName\"}]},\"code\":422}");
        });
    }

    @Test
    void theFlatV1beta1RequestShapeOfTheRecipeFailsOnV1() {
        ObjectNode c = json("""
                {"metadata":{"name":"c1"},"spec":{"devices":{"requests":[
                  {"name":"mig","deviceClassName":"nvidia.com/mig-1g.10gb","count":1}]}}}""");
        assertThatThrownBy(() -> store.writes.create(claims, "default", c.deepCopy(),
                new WriteOptions(false, null, "Strict", false, "kubectl"))).hasMessage(
                "ResourceClaim in version \"v1\" cannot be handled as a ResourceClaim: strict decoding error: "
                        + "unknown field \"spec.devices.requests[0].deviceClassName\", unknown field "
                        + "\"spec.devices.requests[0].count\"");
        assertThatThrownBy(() -> create(claims, "default", c.deepCopy())).hasMessage(
                "ResourceClaim.resource.k8s.io \"c1\" is invalid: spec.devices.requests[0]: Required value: "
                        + "exactly one of `exactly` or `firstAvailable` is required");
    }

    @Test
    void severalCausesAreListedInBrackets() {
        ObjectNode c = json("""
                {"metadata":{"name":"c1"},"spec":{"devices":{"requests":[
                  {"name":"a","exactly":{"deviceClassName":"x","allocationMode":"Some"}},
                  {"name":"a","exactly":{"deviceClassName":"x","count":-1}}]}}}""");
        assertThatThrownBy(() -> create(claims, "default", c)).isInstanceOfSatisfying(KubeApiException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("ResourceClaim.resource.k8s.io \"c1\" is invalid: ["
                    + "spec.devices.requests[0].exactly.allocationMode: Unsupported value: \"Some\": supported values: "
                    + "\"All\", \"ExactCount\", spec.devices.requests[1].exactly.count: Invalid value: -1: must be "
                    + "greater than zero, spec.devices.requests[1]: Duplicate value: \"a\"]");
            assertThat(e.causes()).extracting(StatusCause::reason)
                    .containsExactly("FieldValueNotSupported", "FieldValueInvalid", "FieldValueDuplicate");
        });
    }

    @Test
    void theSpecOfAClaimAndOfATemplateIsImmutable() {
        Stored c = create(claims, "default", claim("default", "c1", "gpu.nvidia.com"));
        ObjectNode changed = c.object.deepCopy();
        ((ObjectNode) changed.at("/spec/devices/requests/0/exactly")).put("deviceClassName", "other");
        assertThatThrownBy(() -> store.writes.update(claims, "default", "c1", "", changed, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.causes()).singleElement().satisfies(cause -> {
                        assertThat(cause.field()).isEqualTo("spec");
                        assertThat(cause.reason()).isEqualTo("FieldValueInvalid");
                        assertThat(cause.message()).startsWith("Invalid value: {\"devices\"").endsWith(": field is immutable");
                    });
                });
        ObjectNode labelled = c.object.deepCopy();
        Json.ensureObject(Json.metadata(labelled), "labels").put("team", "a");
        assertThat(store.writes.update(claims, "default", "c1", "", labelled, WriteOptions.DEFAULT).stored().object
                .at("/metadata/labels/team").asString()).isEqualTo("a");
    }

    @Test
    void theMainResourceIgnoresStatusAndTheStatusSubresourceIgnoresSpec() {
        ObjectNode withStatus = claim("default", "c1", "gpu.nvidia.com");
        withStatus.putObject("status").putArray("reservedFor");
        Stored c = create(claims, "default", withStatus);
        assertThat(c.object.has("status")).as("create resets status").isFalse();
        ObjectNode allocated = c.object.deepCopy();
        allocated.set("status", json("""
                {"allocation":{"devices":{"results":[{"request":"gpu","driver":"gpu.nvidia.com","pool":"n1","device":"gpu-0"}]}},
                 "reservedFor":[{"resource":"pods","name":"p","uid":"u1"}]}"""));
        ((ObjectNode) allocated.at("/spec/devices/requests/0/exactly")).put("deviceClassName", "ignored");
        Json.ensureObject(Json.metadata(allocated), "labels").put("ignored", "true");
        Stored s = store.writes.update(claims, "default", "c1", "status", allocated, WriteOptions.DEFAULT).stored();
        assertThat(s.object.at("/status/reservedFor/0/uid").asString()).isEqualTo("u1");
        assertThat(s.object.at("/spec/devices/requests/0/exactly/deviceClassName").asString()).isEqualTo("gpu.nvidia.com");
        assertThat(s.object.path("metadata").has("labels")).as("status writes keep labels").isFalse();
        ObjectNode overwrite = s.object.deepCopy();
        overwrite.remove("status");
        Stored main = store.writes.update(claims, "default", "c1", "", overwrite, WriteOptions.DEFAULT).stored();
        assertThat(main.object.at("/status/reservedFor/0/uid").asString()).as("a PUT keeps the status").isEqualTo("u1");
    }

    @Test
    void anAllocationIsImmutableAndReservationsNeedOne() {
        Stored c = create(claims, "default", claim("default", "c1", "gpu.nvidia.com"));
        ObjectNode reserved = c.object.deepCopy();
        reserved.set("status", json("{\"reservedFor\":[{\"resource\":\"pods\",\"name\":\"p\",\"uid\":\"u1\"}]}"));
        assertThatThrownBy(() -> store.writes.update(claims, "default", "c1", "status", reserved, WriteOptions.DEFAULT))
                .hasMessage("ResourceClaim.resource.k8s.io \"c1\" is invalid: status.reservedFor: Forbidden: may not be "
                        + "specified when `allocated` is not set");
        ObjectNode allocated = c.object.deepCopy();
        allocated.set("status", json("""
                {"allocation":{"devices":{"results":[{"request":"gpu","driver":"gpu.nvidia.com","pool":"n1","device":"gpu-0"}]}}}"""));
        Stored a = store.writes.update(claims, "default", "c1", "status", allocated, WriteOptions.DEFAULT).stored();
        ObjectNode moved = a.object.deepCopy();
        ((ObjectNode) moved.at("/status/allocation/devices/results/0")).put("device", "gpu-1");
        assertThatThrownBy(() -> store.writes.update(claims, "default", "c1", "status", moved, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.causes()).singleElement()
                        .satisfies(cause -> {
                            assertThat(cause.field()).isEqualTo("status.allocation");
                            assertThat(cause.message()).endsWith("field is immutable");
                        }));
    }

    @Test
    void driverPoolAndNodeOfASliceAreImmutable() {
        Stored s = create(slices, "", slice("n1-gpu", "n1", "gpu.nvidia.com", "n1"));
        ObjectNode moved = s.object.deepCopy();
        ((ObjectNode) moved.get("spec")).put("nodeName", "n2");
        assertThatThrownBy(() -> store.writes.update(slices, "", "n1-gpu", "", moved, WriteOptions.DEFAULT))
                .hasMessage("ResourceSlice.resource.k8s.io \"n1-gpu\" is invalid: spec.nodeName: Invalid value: \"n2\": "
                        + "field is immutable");
        ObjectNode more = s.object.deepCopy();
        ((ObjectNode) more.at("/spec/pool")).put("generation", 2);
        Stored v2 = store.writes.update(slices, "", "n1-gpu", "", more, WriteOptions.DEFAULT).stored();
        assertThat(Json.text(v2.object, "metadata.generation")).isEqualTo("2");
    }

    @Test
    void slicesAreSelectableByNodeDriverAndPoolAndNothingElse() {
        create(slices, "", slice("a", "n1", "gpu.nvidia.com", "p1"));
        create(slices, "", slice("b", "n2", "gpu.nvidia.com", "p2"));
        create(slices, "", slice("c", "n1", "other.example.com", "p3"));
        assertThat(names(store.list(slices, "", ListOptions.selectors(null, "spec.nodeName=n1")))).containsExactly("a", "c");
        assertThat(names(store.list(slices, "", ListOptions.selectors(null, "spec.nodeName=n1,spec.driver=gpu.nvidia.com"))))
                .containsExactly("a");
        assertThat(names(store.list(slices, "", ListOptions.selectors(null, "spec.driver!=gpu.nvidia.com"))))
                .containsExactly("c");
        assertThat(names(store.list(slices, "", ListOptions.selectors(null, "spec.pool.name=p2")))).containsExactly("b");
        assertThatThrownBy(() -> store.list(slices, "", ListOptions.selectors(null, "spec.devices=x")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo(
                            "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: spec.devices");
                });
        assertThatThrownBy(() -> store.list(claims, "default", ListOptions.selectors(null, "spec.x=y"))).hasMessage(
                "\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    @Test
    void beforeKubernetes137PoolNameIsNotASelectableField() {
        KubeStore old = new KubeStore(100, 100, AdmissionValidator::basicDra, false);
        try {
            assertThatThrownBy(() -> old.list(def(old, "resource.k8s.io/v1", "resourceslices"), "",
                    ListOptions.selectors(null, "spec.pool.name=p"))).hasMessage(
                    "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: spec.pool.name");
        } finally {
            old.close();
        }
    }

    @Test
    void theAdmissionSeamDecidesAndItsCausesBecome422() {
        admission.set(request -> request.resource().kind().equals("DeviceClass")
                && request.object().at("/spec/selectors/0/cel/expression").asString().contains("!!")
                ? List.of(StatusCause.invalid("spec.selectors[0].cel.expression", "!!", "compilation failed"))
                : List.of());
        assertThatThrownBy(() -> create(classes, "", deviceClass("bad", "!!")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("DeviceClass.resource.k8s.io \"bad\" is invalid: "
                            + "spec.selectors[0].cel.expression: Invalid value: \"!!\": compilation failed");
                });
        assertThat(create(classes, "", deviceClass("good", "true")).name()).isEqualTo("good");
    }

    @Test
    void admissionSeesTheObjectAfterDefaultingAndTheOldObjectOnUpdate() {
        AtomicReference<AdmissionRequest> seen = new AtomicReference<>();
        admission.set(request -> {
            seen.set(request);
            return List.of();
        });
        Stored c = create(classes, "", deviceClass("gpu", "true"));
        assertThat(seen.get().operation()).isEqualTo(AdmissionRequest.Operation.CREATE);
        assertThat(seen.get().oldObject()).isNull();
        assertThat(seen.get().objectAs(io.fabric8.kubernetes.api.model.resource.v1.DeviceClass.class).getSpec()
                .getSelectors().get(0).getCel().getExpression()).isEqualTo("true");
        ObjectNode changed = c.object.deepCopy();
        ((ObjectNode) changed.at("/spec/selectors/0/cel")).put("expression", "false");
        store.writes.update(classes, "", "gpu", "", changed, WriteOptions.DEFAULT);
        assertThat(seen.get().operation()).isEqualTo(AdmissionRequest.Operation.UPDATE);
        assertThat(seen.get().oldObject().at("/spec/selectors/0/cel/expression").asString()).isEqualTo("true");
    }

    @Test
    void sdkDrasValidatorAdmitsThroughTheServerAndABadDeviceClassGets422WithItsFieldPath() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            io.fabric8.kubernetes.client.KubernetesClient client = server.client();
            io.fabric8.kubernetes.api.model.resource.v1.DeviceClass bad =
                    new io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder().withNewMetadata()
                            .withName("bad").endMetadata().withNewSpec().addNewConfig().withNewOpaque()
                            .withDriver("nvidia.com/gpu").withParameters(java.util.Map.of("a", "b")).endOpaque()
                            .endConfig().endSpec().build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    client.dynamicResourceAllocation().v1().deviceClasses().resource(bad).create())
                    .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getDetails().getKind()).isEqualTo("DeviceClass");
                        assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(c -> {
                            assertThat(c.getField()).isEqualTo("spec.config[0].opaque.driver");
                            assertThat(c.getReason()).isEqualTo("FieldValueInvalid");
                            assertThat(c.getMessage()).startsWith("Invalid value: \"nvidia.com/gpu\"");
                        });
                    });
        }
    }

    @Test
    void theBasicAdmissionNeedsNothingFromSdkDra() {
        admission.set(AdmissionValidator.basicDra());
        ObjectNode c = claim("default", "c1", "x");
        ((ObjectNode) c.at("/spec/devices/requests/0/exactly")).put("count", -1).put("allocationMode", "ExactCount");
        assertThatThrownBy(() -> create(claims, "default", c)).hasMessage("ResourceClaim.resource.k8s.io \"c1\" is "
                + "invalid: spec.devices.requests[0].exactly.count: Invalid value: -1: must be greater than zero");
    }

    private static List<String> names(KubeStore.ListResult r) {
        return r.items().stream().map(Stored::name).toList();
    }
}
