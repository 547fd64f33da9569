package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link InProcessApi}: a write as a JSON tree has the outcome of the same request over HTTP (stored object,
 * managed fields, resourceVersions, errors, journal entries), seen by an HTTP client.
 */
@Timeout(60)
class InProcessApiTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private final MockKubeApiServer server = MockKubeApiServer.builder().start();
    private final KubernetesClient http = server.client();
    private final InProcessApi api = server.inProcessApi();
    private final String agent = http.getConfiguration().getUserAgent();

    @AfterEach
    void stop() {
        server.close();
    }

    private static ObjectNode tree(Object o) {
        return JSON.convertValue(o, ObjectNode.class);
    }

    private static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("k", value)).build();
    }

    /** The managed fields without their timestamps, which differ between two writes. */
    private static List<String> owners(ConfigMap c) {
        return c.getMetadata().getManagedFields().stream().map((ManagedFieldsEntry e) -> e.getManager() + " "
                + e.getOperation() + " " + e.getApiVersion() + " " + e.getSubresource() + " "
                + JSON.asJson(e.getFieldsV1())).toList();
    }

    @Test
    void createAndUpdateStoreWhatTheSameHttpRequestsStore() {
        ConfigMap overHttp = http.configMaps().inNamespace("default").resource(cm("http", "1")).create();
        JsonNode stored = api.create("", "v1", "configmaps", "default", tree(cm("tree", "1")), agent);
        ConfigMap viaTree = http.configMaps().inNamespace("default").withName("tree").get();

        assertThat(stored.path("metadata").path("resourceVersion").asString())
                .isEqualTo(viaTree.getMetadata().getResourceVersion());
        assertThat(Long.parseLong(viaTree.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(overHttp.getMetadata().getResourceVersion()));
        assertThat(viaTree.getMetadata().getUid()).isNotEmpty().isNotEqualTo(overHttp.getMetadata().getUid());
        assertThat(owners(viaTree)).isEqualTo(owners(overHttp)).isNotEmpty();
        assertThat(viaTree.getData()).isEqualTo(overHttp.getData());

        ConfigMap httpUpdated = http.configMaps().inNamespace("default").resource(
                new ConfigMapBuilder(overHttp).withData(Map.of("k", "2", "x", "y")).build()).update();
        ObjectNode change = tree(new ConfigMapBuilder(viaTree).withData(Map.of("k", "2", "x", "y")).build());
        ((ObjectNode) change.get("metadata")).remove("managedFields");
        api.update("", "v1", "configmaps", "default", "tree", "", change, "other-agent/1.0");
        ConfigMap treeUpdated = http.configMaps().inNamespace("default").withName("tree").get();
        assertThat(treeUpdated.getData()).isEqualTo(httpUpdated.getData());
        // the User-Agent names the manager of the update, as over HTTP
        assertThat(owners(treeUpdated)).anySatisfy(o -> assertThat(o).startsWith("other-agent Update v1"));
        assertThat(owners(treeUpdated)).anySatisfy(o -> assertThat(o).startsWith(agent.split("/")[0] + " Update"));
    }

    @Test
    void errorsAreTheApiErrors() {
        api.create("", "v1", "configmaps", "default", tree(cm("a", "1")), agent);
        assertThatThrownBy(() -> api.create("", "v1", "configmaps", "default", tree(cm("a", "1")), agent))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(409));
        ObjectNode stale = tree(cm("a", "2"));
        ((ObjectNode) stale.get("metadata")).put("resourceVersion", "1");
        assertThatThrownBy(() -> api.update("", "v1", "configmaps", "default", "a", "", stale, agent))
                .isInstanceOfSatisfying(KubeApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("the object has been modified");
                });
        assertThatThrownBy(() -> api.update("", "v1", "configmaps", "default", "missing", "", tree(cm("missing",
                "1")), agent)).isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThatThrownBy(() -> api.create("", "v1", "nothings", "default", tree(cm("b", "1")), agent))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThat(http.configMaps().inNamespace("default").withName("a").get().getData()).containsEntry("k", "1");
    }

    @Test
    void writesAreJournaledAsTheirHttpRequests() {
        server.clearRequests();
        api.create("", "v1", "configmaps", "default", tree(cm("j", "1")), agent);
        RecordedKubeRequest r = server.takeRequest();
        assertThat(r.toString()).isEqualTo("POST /api/v1/namespaces/default/configmaps -> 201");
        assertThat(List.of(r.verb(), r.resource(), r.namespace(), r.name(), r.userAgent()))
                .containsExactly("create", "configmaps", "default", "j", agent);

        Pod pod = http.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .build()).create();
        server.clearRequests();
        api.bind("default", "p", "node-1", agent);
        r = server.takeRequest();
        assertThat(r.toString()).isEqualTo("POST /api/v1/namespaces/default/pods/p/binding -> 201");
        assertThat(List.of(r.verb(), r.subresource(), r.name())).containsExactly("create", "binding", "p");
        Pod bound = http.pods().inNamespace("default").withName("p").get();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(bound.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(Long.parseLong(bound.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(pod.getMetadata().getResourceVersion()));
        server.clearRequests();
        assertThatThrownBy(() -> api.bind("default", "p", "node-2", agent))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertThat(server.takeRequest().status()).isEqualTo(409);
    }

    @Test
    void statusUpdatesGoToTheSubresource() {
        http.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("s").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().build()).create();
        Pod cached = http.pods().inNamespace("default").withName("s").get();
        Pod changed = new PodBuilder(cached).editOrNewStatus().withPhase("Running").endStatus()
                .editSpec().withNodeName("ignored-by-status").endSpec().build();
        api.update("", "v1", "pods", "default", "s", "status", tree(changed), agent);
        Pod now = http.pods().inNamespace("default").withName("s").get();
        assertThat(now.getStatus().getPhase()).isEqualTo("Running");
        assertThat(now.getSpec().getNodeName()).isNull();
        assertThat(now.getMetadata().getManagedFields()).anySatisfy(e -> assertThat(e.getSubresource())
                .isEqualTo("status"));
        assertThatThrownBy(() -> api.update("", "v1", "configmaps", "default", "s", "status", tree(cm("s", "1")),
                agent)).isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    }
}
