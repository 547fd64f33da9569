package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What only the mock has: its lifecycle, TLS and token, limits, the journal, and the raw wire format. */
@Timeout(60)
class MockKubeApiServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(MockKubeApiServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("qtp") || n.startsWith("mig4j-kube-apiserver")).collect(Collectors.toSet());
    }

    @Test
    void closeFreesThePortAndEveryThreadItStarted() throws Exception {
        Set<String> before = serverThreads();
        MockKubeApiServer server = MockKubeApiServer.start();
        int port = server.port();
        server.client().configMaps().inNamespace("default").watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.ConfigMap resource) {
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        });
        assertThat(serverThreads()).hasSizeGreaterThan(before.size());
        server.close();
        assertThat(server.isClosed()).isTrue();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!before.containsAll(serverThreads()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(before).containsAll(serverThreads());
        assertThatThrownBy(server::newClient).hasMessage("the server is closed");
        server.close();
    }

    @Test
    void tlsWithATokenAndAKubeconfigThatCarriesBoth(@TempDir Path dir) throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.builder().tls(true).token("s3cret").start()) {
            assertThat(server.url().getScheme()).isEqualTo("https");
            assertThat(server.client().namespaces().withName("default").get()).isNotNull();
            Path kubeconfig = server.writeKubeconfig(dir.resolve("kube/config"));
            String text = Files.readString(kubeconfig);
            assertThat(text).contains("server: " + server.url()).contains("certificate-authority-data: ")
                    .contains("token: s3cret").contains("current-context: mig4j");
            assertThat(server.certificateAuthorityPem()).startsWith("-----BEGIN CERTIFICATE-----");
            java.security.cert.X509Certificate ca = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
                            server.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII)));
            assertThat(ca.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                    .containsExactlyInAnyOrder("127.0.0.1", "localhost");
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(server.url().resolve("/api")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"reason\":\"Unauthorized\"");
            HttpResponse<String> authorized = https.send(HttpRequest.newBuilder(server.url().resolve("/api"))
                    .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authorized.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        try (MockKubeApiServer server = MockKubeApiServer.builder().maxRequestBodyBytes(1024).start()) {
            assertThatThrownBy(() -> server.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("big").endMetadata().addToData("k", "x".repeat(2000)).build()).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(413);
                        assertThat(e.getStatus().getMessage()).isEqualTo("Request entity too large: limit is 1024");
                    });
        }
    }

    @Test
    void theJournalTellsWhatAControllerAsked() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            server.client().dynamicResourceAllocation().v1().resourcesSlices().withField("spec.nodeName", "node-1").list();
            RecordedKubeRequest r = server.takeRequest();
            assertThat(r.verb()).isEqualTo("list");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.resource()).isEqualTo("resourceslices.resource.k8s.io");
            assertThat(r.queryParameter("fieldSelector")).isEqualTo("spec.nodeName=node-1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.userAgent()).startsWith("fabric8-kubernetes-client/");
            assertThat(server.takeRequest(Duration.ofMillis(50))).isNull();
            server.client().configMaps().inNamespace("default").withName("nope").get();
            assertThat(server.requests()).singleElement().satisfies(req -> {
                assertThat(req.toString()).isEqualTo("GET /api/v1/namespaces/default/configmaps/nope -> 404");
                assertThat(req.namespace()).isEqualTo("default");
                assertThat(req.name()).isEqualTo("nope");
            });
            server.clearRequests();
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void discoveryIsAggregatedOnlyWhenAskedForAndCachedByETag() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            String accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                    + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
            HttpResponse<String> aggregated = get(server, "/apis", "Accept", accept);
            assertThat(aggregated.headers().firstValue("Content-Type")).hasValue(Discovery.AGGREGATED_V2);
            JsonNode doc = Json.MAPPER.readTree(aggregated.body());
            assertThat(doc.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
            JsonNode resource = findResource(doc, "resource.k8s.io", "resourceclaims");
            assertThat(resource.path("scope").asString()).isEqualTo("Namespaced");
            assertThat(resource.at("/responseKind/kind").asString()).isEqualTo("ResourceClaim");
            assertThat(resource.at("/subresources/0/subresource").asString()).isEqualTo("status");
            String etag = aggregated.headers().firstValue("ETag").orElseThrow();
            assertThat(get(server, "/apis", "Accept", accept, "If-None-Match", etag).statusCode()).isEqualTo(304);
            HttpResponse<String> legacy = get(server, "/apis");
            assertThat(legacy.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(legacy.body()).startsWith("{\"kind\":\"APIGroupList\"").contains("\"name\":\"resource.k8s.io\"");
            JsonNode list = Json.MAPPER.readTree(get(server, "/api/v1").body());
            JsonNode pods = null;
            for (JsonNode r : list.path("resources")) {
                if (r.path("name").asString().equals("pods/binding")) {
                    pods = r;
                }
            }
            assertThat(pods).isNotNull();
            assertThat(pods.path("kind").asString()).isEqualTo("Binding");
            assertThat(pods.path("verbs").toString()).isEqualTo("[\"create\"]");
            assertThat(get(server, "/version").body()).contains("\"gitVersion\":\"v1.37.0\"");
        }
    }

    private static JsonNode findResource(JsonNode doc, String group, String plural) {
        for (JsonNode g : doc.path("items")) {
            if (g.at("/metadata/name").asString().equals(group)) {
                for (JsonNode r : g.at("/versions/0/resources")) {
                    if (r.path("resource").asString().equals(plural)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError(plural + " not in discovery");
    }

    @Test
    void openApiLetsKubectlLeaveValidationToTheServer() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            JsonNode index = Json.MAPPER.readTree(get(server, "/openapi/v3").body());
            String url = index.at("/paths/apis~1resource.k8s.io~1v1/serverRelativeURL").asString();
            assertThat(url).startsWith("/openapi/v3/apis/resource.k8s.io/v1?hash=");
            HttpResponse<String> gv = get(server, url);
            assertThat(gv.headers().firstValue("Cache-Control")).hasValue("public, immutable");
            JsonNode doc = Json.MAPPER.readTree(gv.body());
            JsonNode patch = doc.at("/paths/~1apis~1resource.k8s.io~1v1~1deviceclasses~1{name}/patch");
            assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asString()).isEqualTo("DeviceClass");
            assertThat(patch.path("parameters").toString()).contains("\"name\":\"fieldValidation\"");
            JsonNode schema = doc.at("/components/schemas/io.k8s.api.resource.v1.DeviceClass");
            assertThat(schema.at("/x-kubernetes-group-version-kind/0/version").asString()).isEqualTo("v1");
            assertThat(schema.at("/properties/spec/allOf/0/$ref").asString())
                    .isEqualTo("#/components/schemas/io.k8s.api.resource.v1.DeviceClassSpec");
            assertThat(get(server, "/openapi/v2").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void unknownPathsAndMethodsGetStatusBodies() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            HttpResponse<String> missing = get(server, "/apis/nope.example.com/v1/things");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":"
                    + "\"Failure\",\"message\":\"the server could not find the requested resource\",\"reason\":"
                    + "\"NotFound\",\"details\":{},\"code\":404}");
            HttpResponse<String> smp = HTTP.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/namespaces/default"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/yaml").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(smp.statusCode()).isEqualTo(415);
        }
    }

    @Test
    void kubectlsTableRequestsGetTables() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            HttpResponse<String> table = get(server, "/api/v1/namespaces?limit=500",
                    "Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
            JsonNode t = Json.MAPPER.readTree(table.body());
            assertThat(t.path("kind").asString()).isEqualTo("Table");
            assertThat(t.at("/columnDefinitions/1/name").asString()).isEqualTo("Status");
            assertThat(t.at("/rows/0/cells/0").asString()).isEqualTo("default");
            assertThat(t.at("/rows/0/object/kind").asString()).isEqualTo("PartialObjectMetadata");
        }
    }

    @Test
    void aPlainHttpWatchStreamsOneLinePerEventAndLeaksNothingWhenTheClientLeaves() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            HttpResponse<InputStream> watch = HTTP.send(HttpRequest.newBuilder(
                    server.url().resolve("/api/v1/namespaces/default/configmaps?watch=true")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(watch.statusCode()).isEqualTo(200);
            assertThat(watch.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(watch.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            server.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("w").endMetadata().build()).create();
            BufferedReader lines = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            assertThat(line).startsWith("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"");
            assertThat(server.openWatches()).isEqualTo(1);
            watch.body().close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int i = 0;
            while (server.openWatches() > 0 && System.nanoTime() < deadline) {
                server.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("after-" + i++).endMetadata().build()).create();
                Thread.sleep(20);
            }
            assertThat(server.openWatches()).as("the server noticed the client left").isZero();
        }
    }

    @Test
    void aWatchEndsAtItsTimeout() throws Exception {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            long start = System.nanoTime();
            HttpResponse<String> watch = get(server, "/api/v1/namespaces?watch=1&timeoutSeconds=1&resourceVersion="
                    + server.store().resourceVersion());
            assertThat(watch.statusCode()).isEqualTo(200);
            assertThat(watch.body()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(server.openWatches()).isZero();
        }
    }

    @Test
    void customResourcesAreServedOnceTheirDefinitionIsCreated() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            KubernetesClient c = server.client();
            c.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName("gpus.example.com").endMetadata().withNewSpec().withGroup("example.com")
                    .withScope("Cluster").withNewNames().withKind("Gpu").withPlural("gpus").endNames().addNewVersion()
                    .withName("v1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema()
                    .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                    .endVersion().endSpec().build()).create();
            ResourceDefinitionContext gpus = new ResourceDefinitionContext.Builder().withGroup("example.com")
                    .withVersion("v1").withPlural("gpus").withKind("Gpu").withNamespaced(false).build();
            GenericKubernetesResource created = c.genericKubernetesResources(gpus).resource(
                    new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Gpu")
                            .withNewMetadata().withName("h100").endMetadata()
                            .addToAdditionalProperties("spec", java.util.Map.of("memory", "80Gi")).build()).create();
            assertThat(created.getMetadata().getGeneration()).isEqualTo(1);
            assertThat(c.genericKubernetesResources(gpus).list().getItems()).hasSize(1);
            assertThat(c.getApiResources("example.com/v1").getResources()).extracting(r -> r.getName()).contains("gpus");
            c.apiextensions().v1().customResourceDefinitions().withName("gpus.example.com").delete();
            assertThatThrownBy(() -> c.genericKubernetesResources(gpus).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        }
    }

    @Test
    void podsAreBoundThroughTheBindingSubresource() {
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            KubernetesClient c = server.client();
            c.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build())
                    .create();
            c.bindings().inNamespace("default").resource(new BindingBuilder().withNewMetadata().withName("p").endMetadata()
                    .withNewTarget().withKind("Node").withName("node-1").endTarget().build()).create();
            assertThat(c.pods().inNamespace("default").withName("p").get().getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(c.pods().inNamespace("default").withField("spec.nodeName", "node-1").list().getItems()).hasSize(1);
        }
    }
}
