package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API's semantics through the fabric8 client, written so that the same class runs against
 * {@link MockKubeApiServer} (the default) or, given {@code -Dmig4j.kubeconfig=<path>}, against a real API server:
 * the tests use only what a real server does, in a namespace of their own, and clean up after themselves. A pass
 * against both is the evidence that the mock behaves like the real thing.
 */
@Timeout(60)
class ApiServerConformanceTest {
    static final String KUBECONFIG_PROPERTY = "mig4j.kubeconfig";

    private static MockKubeApiServer mock;
    private static KubernetesClient client;
    private static String ns;
    private static final String PREFIX = "mig4j-conf-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void connect() throws Exception {
        String kubeconfig = System.getProperty(KUBECONFIG_PROPERTY, "");
        if (kubeconfig.isBlank()) {
            mock = MockKubeApiServer.start();
            client = mock.client();
        } else {
            Config config = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        ns = PREFIX;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(ns).delete();
            if (servesDra()) {
                client.dynamicResourceAllocation().v1().deviceClasses().withLabel("mig4j-conformance", PREFIX).delete();
                client.dynamicResourceAllocation().v1().resourcesSlices().withLabel("mig4j-conformance", PREFIX).delete();
            }
            if (mock != null) {
                mock.close();
            } else {
                client.close();
            }
        }
    }

    static boolean servesDra() {
        return client.getApiGroups().getGroups().stream().anyMatch(g -> g.getName().equals("resource.k8s.io")
                && g.getVersions().stream().anyMatch(v -> v.getVersion().equals("v1")));
    }

    @Test
    void realServerTargetIsUsedWhenAKubeconfigIsGiven() {
        assumeTrue(!System.getProperty(KUBECONFIG_PROPERTY, "").isBlank(),
                "this run used MockKubeApiServer; set -D" + KUBECONFIG_PROPERTY
                        + "=<path> to run ApiServerConformanceTest against a real API server");
        assertThat(mock).isNull();
        assertThat(client.getKubernetesVersion().getMajor()).isNotBlank();
    }

    private static ConfigMap cm(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .addToData("k", "v").build();
    }

    @Test
    void createGetUpdateDeleteAndTheStatusOfAMissingObject() {
        ConfigMap created = client.configMaps().inNamespace(ns).resource(cm("crud", Map.of())).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        ConfigMap read = client.configMaps().inNamespace(ns).withName("crud").get();
        assertThat(read.getData()).containsEntry("k", "v");
        read.getData().put("k", "w");
        ConfigMap updated = client.configMaps().inNamespace(ns).resource(read).update();
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(client.configMaps().inNamespace(ns).withName("crud").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace(ns).withName("crud").get()).isNull();
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).withName("crud").edit(c -> c))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"crud\" not found");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("configmaps");
                });
    }

    @Test
    void alreadyExistsAndStaleUpdatesAreConflicts() {
        ConfigMap v1 = client.configMaps().inNamespace(ns).resource(cm("conflict", Map.of())).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(cm("conflict", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
        client.configMaps().inNamespace(ns).withName("conflict").edit(c -> new ConfigMapBuilder(c).addToData("x", "1").build());
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(v1).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).endsWith("the object has been modified; please apply your "
                            + "changes to the latest version and try again");
                });
    }

    @Test
    void generateNameAddsFiveCharacters() {
        ConfigMap c = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withGenerateName("gen-").endMetadata().build()).create();
        assertThat(c.getMetadata().getName()).matches("gen-[a-z0-9]{5}");
    }

    @Test
    void equalityAndSetBasedLabelSelectorsAndFieldSelectors() {
        client.configMaps().inNamespace(ns).resource(cm("sel-a", Map.of("app", "web", "tier", "front"))).create();
        client.configMaps().inNamespace(ns).resource(cm("sel-b", Map.of("app", "db"))).create();
        client.configMaps().inNamespace(ns).resource(cm("sel-c", Map.of("other", "x"))).create();
        assertThat(names(client.configMaps().inNamespace(ns).withLabel("app", "web").list()))
                .containsExactly("sel-a");
        assertThat(names(client.configMaps().inNamespace(ns).withLabelIn("app", "web", "db").list()))
                .containsExactly("sel-a", "sel-b");
        assertThat(names(client.configMaps().inNamespace(ns).withLabelNotIn("app", "web").withLabel("other").list()))
                .containsExactly("sel-c");
        assertThat(names(client.configMaps().inNamespace(ns).withoutLabel("app").withLabel("other").list()))
                .containsExactly("sel-c");
        assertThat(names(client.configMaps().inNamespace(ns).withField("metadata.name", "sel-b").list()))
                .containsExactly("sel-b");
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).withField("data.k", "v").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).isEqualTo(
                            "\"data.k\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
                });
    }

    private static List<String> names(ConfigMapList list) {
        return list.getItems().stream().map(c -> c.getMetadata().getName()).filter(n -> !n.equals("kube-root-ca.crt"))
                .sorted().toList();
    }

    @Test
    void listPagesWithLimitAndContinue() {
        for (int i = 0; i < 5; i++) {
            client.configMaps().inNamespace(ns).resource(cm("page-" + i, Map.of("paged", "yes"))).create();
        }
        ConfigMapList first = client.configMaps().inNamespace(ns).withLabel("paged")
                .list(new ListOptionsBuilder().withLimit(2L).build());
        assertThat(first.getItems()).hasSize(2);
        assertThat(first.getMetadata().getContinue()).isNotBlank();
        ConfigMapList second = client.configMaps().inNamespace(ns).withLabel("paged")
                .list(new ListOptionsBuilder().withLimit(2L).withContinue(first.getMetadata().getContinue()).build());
        assertThat(second.getItems()).hasSize(2);
        assertThat(second.getItems()).extracting(c -> c.getMetadata().getName())
                .doesNotContainAnyElementsOf(first.getItems().stream().map(c -> c.getMetadata().getName()).toList());
    }

    @Test
    void aWatchSeesAddedModifiedDeletedAndResumesFromAResourceVersion() throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watcher<ConfigMap> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
        try (Watch w = client.configMaps().inNamespace(ns).withLabel("watched").watch(watcher)) {
            ConfigMap c = client.configMaps().inNamespace(ns).resource(cm("watch-a", Map.of("watched", "1"))).create();
            client.configMaps().inNamespace(ns).withName("watch-a").edit(x -> new ConfigMapBuilder(x).addToData("n", "2").build());
            client.configMaps().inNamespace(ns).withName("watch-a").delete();
            assertThat(w).as("the watch is open").isNotNull();
            assertThat(poll(events)).isEqualTo("ADDED watch-a");
            assertThat(poll(events)).isEqualTo("MODIFIED watch-a");
            assertThat(poll(events)).isEqualTo("DELETED watch-a");
            LinkedBlockingQueue<String> replay = new LinkedBlockingQueue<>();
            try (Watch resumed = client.configMaps().inNamespace(ns).withLabel("watched")
                    .withResourceVersion(c.getMetadata().getResourceVersion()).watch(new Watcher<ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {
                            replay.add(action.name());
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    })) {
                assertThat(resumed).isNotNull();
                assertThat(poll(replay)).isEqualTo("MODIFIED");
                assertThat(poll(replay)).isEqualTo("DELETED");
            }
        }
    }

    static String poll(LinkedBlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("an event within 10 s").isNotNull();
        return s;
    }

    @Test
    void jsonMergeStrategicAndServerSidePatches() {
        client.configMaps().inNamespace(ns).resource(cm("patched", Map.of("a", "1"))).create();
        ConfigMap json = client.configMaps().inNamespace(ns).withName("patched").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"1\"}]");
        assertThat(json.getData()).containsEntry("j", "1");
        ConfigMap merge = client.configMaps().inNamespace(ns).withName("patched").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"k\":null,\"m\":\"2\"}}");
        assertThat(merge.getData()).doesNotContainKey("k").containsEntry("m", "2");
        ConfigMap smp = client.configMaps().inNamespace(ns).withName("patched").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"labels\":{\"b\":\"2\"}}}");
        assertThat(smp.getMetadata().getLabels()).containsEntry("a", "1").containsEntry("b", "2");
        ConfigMap applied = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("patched").endMetadata().addToData("ssa", "1").build()).fieldManager("conformance").serverSideApply();
        assertThat(applied.getData()).containsEntry("ssa", "1").containsEntry("m", "2");
        assertThat(applied.getMetadata().getManagedFields()).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo("conformance");
            assertThat(f.getOperation()).isEqualTo("Apply");
        });
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("patched").endMetadata().addToData("ssa", "2").build()).fieldManager("rival").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).contains("conflict with \"conformance\"").contains(".data.ssa");
                });
    }

    @Test
    void finalizersDelayDeletionUntilRemoved() {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(cm("final", Map.of())).editMetadata()
                .addToFinalizers("example.com/hold").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).withName("final").delete();
        ConfigMap marked = client.configMaps().inNamespace(ns).withName("final").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
        client.configMaps().inNamespace(ns).withName("final").edit(c -> new ConfigMapBuilder(c).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        client.configMaps().inNamespace(ns).withName("final").waitUntilCondition(c -> c == null, 10, TimeUnit.SECONDS);
    }

    @Test
    void dryRunChangesNothing() {
        client.configMaps().inNamespace(ns).resource(cm("dry", Map.of())).dryRun().create();
        assertThat(client.configMaps().inNamespace(ns).withName("dry").get()).isNull();
    }

    @Test
    void deleteCollectionBySelector() {
        client.configMaps().inNamespace(ns).resource(cm("coll-1", Map.of("coll", "x"))).create();
        client.configMaps().inNamespace(ns).resource(cm("coll-2", Map.of("coll", "x"))).create();
        client.configMaps().inNamespace(ns).withLabel("coll", "x").delete();
        client.configMaps().inNamespace(ns).withLabel("coll", "x").informOnCondition(List::isEmpty);
        assertThat(client.configMaps().inNamespace(ns).withLabel("coll", "x").list().getItems()).isEmpty();
    }

    private static DeviceClass deviceClass(String name, String expression) {
        return new DeviceClassBuilder().withNewMetadata().withName(name).addToLabels("mig4j-conformance", PREFIX)
                .endMetadata().withNewSpec().addNewSelector().withNewCel().withExpression(expression).endCel()
                .endSelector().endSpec().build();
    }

    @Test
    void deviceClassGenerationFollowsItsSpecAndInvalidOnesAre422() {
        assumeTrue(servesDra(), "the server does not serve resource.k8s.io/v1");
        DeviceClass dc = client.dynamicResourceAllocation().v1().deviceClasses()
                .resource(deviceClass(PREFIX + "-gpu", "device.driver == 'gpu.nvidia.com'")).create();
        assertThat(dc.getMetadata().getGeneration()).isEqualTo(1);
        DeviceClass labelled = client.dynamicResourceAllocation().v1().deviceClasses().withName(PREFIX + "-gpu")
                .edit(d -> new DeviceClassBuilder(d).editMetadata().addToLabels("x", "y").endMetadata().build());
        assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1);
        DeviceClass changed = client.dynamicResourceAllocation().v1().deviceClasses().withName(PREFIX + "-gpu")
                .edit(d -> new DeviceClassBuilder(d).editSpec().editFirstSelector().editCel().withExpression("true")
                        .endCel().endSelector().endSpec().build());
        assertThat(changed.getMetadata().getGeneration()).isEqualTo(2);
        assertThatThrownBy(() -> client.dynamicResourceAllocation().v1().deviceClasses()
                .resource(new DeviceClassBuilder(deviceClass(PREFIX + "-bad", "x")).editSpec().editFirstSelector()
                        .withCel(null).endSelector().endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(c ->
                            assertThat(c.getField()).isEqualTo("spec.selectors[0].cel"));
                });
    }

    @Test
    void claimsAreDefaultedImmutableAndTheirStatusIsASubresource() {
        assumeTrue(servesDra(), "the server does not serve resource.k8s.io/v1");
        ResourceClaim claim = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns)
                .resource(new ResourceClaimBuilder().withNewMetadata().withName("claim").endMetadata().withNewSpec()
                        .withNewDevices().addNewRequest().withName("gpu").withNewExactly()
                        .withDeviceClassName(PREFIX + "-gpu").endExactly().endRequest().endDevices().endSpec().build())
                .create();
        assertThat(claim.getSpec().getDevices().getRequests().get(0).getExactly().getAllocationMode()).isEqualTo("ExactCount");
        assertThat(claim.getSpec().getDevices().getRequests().get(0).getExactly().getCount()).isEqualTo(1L);
        assertThatThrownBy(() -> client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns).withName("claim")
                .edit(c -> new ResourceClaimBuilder(c).editSpec().editDevices().editFirstRequest().editExactly()
                        .withCount(2L).endExactly().endRequest().endDevices().endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("field is immutable");
                });
        ResourceClaim withStatus = new ResourceClaimBuilder(claim).withNewStatus().addNewReservedFor()
                .withResource("pods").withName("p").withUid("uid-1").endReservedFor().endStatus().build();
        ResourceClaim viaMain = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns)
                .resource(withStatus).update();
        assertThat(viaMain.getStatus() == null || viaMain.getStatus().getReservedFor().isEmpty())
                .as("a write of the main resource ignores status").isTrue();
        assertThatThrownBy(() -> client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns)
                .resource(new ResourceClaimBuilder(withStatus).editMetadata().withResourceVersion(null).endMetadata()
                        .build()).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("status.reservedFor");
                });
    }

    @Test
    void slicesAreFoundByNodeAndDriver() {
        assumeTrue(servesDra(), "the server does not serve resource.k8s.io/v1");
        for (String node : List.of("n1", "n2")) {
            client.dynamicResourceAllocation().v1().resourcesSlices().resource(new ResourceSliceBuilder().withNewMetadata()
                    .withName(PREFIX + "-" + node).addToLabels("mig4j-conformance", PREFIX).endMetadata().withNewSpec()
                    .withDriver("gpu.nvidia.com").withNodeName(node).withNewPool().withName(node).withGeneration(1L)
                    .withResourceSliceCount(1L).endPool().addNewDevice().withName("gpu-0").endDevice().endSpec().build())
                    .create();
        }
        List<ResourceSlice> onN1 = client.dynamicResourceAllocation().v1().resourcesSlices()
                .withField("spec.nodeName", "n1").withLabel("mig4j-conformance", PREFIX).list().getItems();
        assertThat(onN1).extracting(s -> s.getSpec().getNodeName()).containsExactly("n1");
        assertThat(client.dynamicResourceAllocation().v1().resourcesSlices().withField("spec.driver", "gpu.nvidia.com")
                .withLabel("mig4j-conformance", PREFIX).list().getItems()).hasSize(2);
    }

}
