package io.mig4j.testkit.kube;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-JVM Kubernetes API server for tests: real enough that the real {@code kubectl} and fabric8's clients and
 * informers work against it (discovery, OpenAPI, create/get/list/update/patch/apply/delete, watch, field and label
 * selectors, status subresources, resourceVersion conflicts, finalizers, admission of {@code resource.k8s.io}
 * objects), and fast enough to start in every test.
 *
 * {@snippet :
 * try (MockKubeApiServer server = MockKubeApiServer.start()) {
 *     KubernetesClient client = server.client();
 *     client.namespaces().resource(namespace).create();
 *     RecordedKubeRequest request = server.takeRequest();   // POST /api/v1/namespaces -> 201
 * }
 * }
 *
 * <p>The semantics live in {@link #store()} (no HTTP); this class adds loopback HTTP or HTTPS on WireMock, a bearer
 * token check, a request body limit, a request journal and kubeconfig files. {@link #close()} ends every watch and
 * frees the port and every thread it started.
 */
public final class MockKubeApiServer implements AutoCloseable {
    private final KubeStore store;
    private final WireMockServer wireMock;
    private final WireMockBridge bridge;
    private final InProcessHttpClient.Factory inProcess;
    private final InProcessApi inProcessApi;
    private final ScheduledExecutorService bookmarks;
    private final SelfSignedCertificate certificate;
    private final Path keyStore;
    private final String token;
    private final int journalSize;
    private final ArrayDeque<RecordedKubeRequest> journal = new ArrayDeque<>();
    private final Object journalLock = new Object();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private KubernetesClient client;
    private volatile boolean closed;

    private MockKubeApiServer(Builder b) {
        AdmissionValidator admission = b.admission != null ? b.admission : new DraValidatorAdmission(
                io.mig4j.dra.validation.DraValidator.builder().version(draVersion(b.kubernetesVersion)).build());
        this.store = new KubeStore(b.watchHistorySize, b.maxWatchQueue, () -> admission,
                supportsPoolNameSelector(b.kubernetesVersion));
        this.token = b.token;
        this.journalSize = b.journalSize;
        ApiHandler handler = new ApiHandler(store, b.kubernetesVersion, b.token, b.maxRequestBodyBytes);
        this.bridge = new WireMockBridge(handler, this::record);
        this.inProcess = new InProcessHttpClient.Factory(handler, this::record);
        this.inProcessApi = new InProcessApi(store, this::record);
        WireMockBridge.StreamingJettyFactory jetty = new WireMockBridge.StreamingJettyFactory();
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .containerThreads(b.containerThreads)
                .jettyAcceptors(1)
                .jettyIdleTimeout(TimeUnit.HOURS.toMillis(1))
                .jettyStopTimeout(1000L)
                .maxLoggedResponseSize(0)
                .gzipDisabled(true)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .templatingEnabled(false)
                .http2PlainDisabled(true)
                .http2TlsDisabled(true)
                .mappingSource(new NoMappings())
                .httpServerFactory(jetty)
                .extensions(bridge);
        try {
            if (b.tls) {
                certificate = SelfSignedCertificate.generate();
                keyStore = certificate.writeKeyStore(Files.createTempFile("mig4j-kube-apiserver", ".p12"));
                options.httpDisabled(true).httpsPort(b.port).keystorePath(keyStore.toString())
                        .keystorePassword(SelfSignedCertificate.password())
                        .keyManagerPassword(SelfSignedCertificate.password()).keystoreType("PKCS12");
            } else {
                certificate = null;
                keyStore = null;
                options.port(b.port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.wireMock = new WireMockServer(options);
        try {
            wireMock.start();
        } catch (RuntimeException e) {
            deleteKeyStore();
            throw e;
        }
        handler.serverAddress("127.0.0.1:" + port());
        this.bookmarks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mig4j-kube-apiserver-bookmarks-" + port());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, b.bookmarkInterval.toMillis());
        bookmarks.scheduleAtFixedRate(store::bookmarkAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** sdk-dra's rules for the served version, or its newest when it does not know that version. */
    private static io.mig4j.dra.validation.KubernetesVersion draVersion(String version) {
        io.mig4j.dra.validation.KubernetesVersion v = io.mig4j.dra.validation.KubernetesVersion.DEFAULT;
        for (io.mig4j.dra.validation.KubernetesVersion known : io.mig4j.dra.validation.KubernetesVersion.supported()) {
            if (version.startsWith(known.toString().replaceFirst("^v", "") + ".")) {
                v = known;
            }
        }
        return v;
    }

    private static boolean supportsPoolNameSelector(String version) {
        String[] mm = version.split("\\.");
        return Integer.parseInt(mm[0]) > 1 || Integer.parseInt(mm[1]) >= 37;
    }

    /** Starts a server with the defaults: HTTP on a free loopback port, no token, Kubernetes 1.37. */
    public static MockKubeApiServer start() {
        return builder().start();
    }

    /** A builder for a server with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create((certificate == null ? "http" : "https") + "://127.0.0.1:" + port());
    }

    /** The TCP port. */
    public int port() {
        return certificate == null ? wireMock.port() : wireMock.httpsPort();
    }

    /** The server's CA certificate in PEM, or null over plain HTTP. */
    public String certificateAuthorityPem() {
        return certificate == null ? null : certificate.pem();
    }

    /** The store behind the HTTP API: seed and inspect objects without a client. */
    public KubeStore store() {
        return store;
    }

    /** A fabric8 client configuration that points at this server (namespace {@code default}). */
    public Config clientConfig() {
        ConfigBuilder c = new ConfigBuilder(Config.empty()).withMasterUrl(url().toString()).withNamespace("default")
                .withRequestTimeout(30_000).withConnectionTimeout(10_000).withWatchReconnectInterval(200)
                .withWatchReconnectLimit(-1);
        if (certificate != null) {
            c.withCaCertData(Base64.getEncoder().encodeToString(certificate.pem().getBytes(StandardCharsets.UTF_8)));
        }
        if (token != null) {
            c.withOauthToken(token);
        }
        return c.build();
    }

    /** The shared fabric8 client of this server, created on first use and closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A new fabric8 client; the server closes it when it closes. */
    public synchronized KubernetesClient newClient() {
        checkOpen();
        KubernetesClient c = new KubernetesClientBuilder().withConfig(clientConfig()).build();
        clients.add(c);
        return c;
    }

    /**
     * A new fabric8 client that calls the API in-process, without a socket: for controllers that run in this JVM
     * (the fake cluster's). It sees and does exactly what an HTTP client does (same handler, admission,
     * resourceVersions, watch events, errors, journal entries) at a fraction of the cost; watches stream over plain
     * HTTP semantics. The server closes it when it closes.
     */
    public synchronized KubernetesClient newInProcessClient() {
        checkOpen();
        Config config = new ConfigBuilder(clientConfig()).withOnlyHttpWatches(true).build();
        KubernetesClient c = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(inProcess).build();
        clients.add(c);
        return c;
    }

    /**
     * Writes as JSON trees straight to the store, for controllers in this JVM that need not pay even the in-process
     * client's serialization: same semantics, events and journal entries as the HTTP requests (see
     * {@link InProcessApi}).
     */
    public InProcessApi inProcessApi() {
        checkOpen();
        return inProcessApi;
    }

    /** A kubeconfig (YAML) that points kubectl at this server, with context {@code mig4j}. */
    public String kubeconfig() {
        StringBuilder b = new StringBuilder();
        b.append("apiVersion: v1\nkind: Config\nclusters:\n- name: mig4j\n  cluster:\n    server: ").append(url()).append('\n');
        if (certificate != null) {
            b.append("    certificate-authority-data: ")
                    .append(Base64.getEncoder().encodeToString(certificate.pem().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
        }
        b.append("contexts:\n- name: mig4j\n  context:\n    cluster: mig4j\n    user: mig4j\n    namespace: default\n")
                .append("current-context: mig4j\nusers:\n- name: mig4j\n  user:");
        if (token != null) {
            b.append("\n    token: ").append(token).append('\n');
        } else {
            b.append(" {}\n");
        }
        b.append("preferences: {}\n");
        return b.toString();
    }

    /** Writes {@link #kubeconfig()} to {@code file} (readable by the owner only where the file system allows). */
    public Path writeKubeconfig(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, kubeconfig());
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions stay
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ journal

    private void record(ApiExchange x) {
        if (journalSize <= 0) {
            return;
        }
        record(new RecordedKubeRequest(x.method, x.path, x.rawQuery, x.verb, x.resource,
                x.namespace, x.name, x.subresource, x.status, Objects.toString(x.header("user-agent"), ""),
                x.queryParameters()));
    }

    private void record(RecordedKubeRequest r) {
        if (journalSize <= 0) {
            return;
        }
        synchronized (journalLock) {
            if (journal.size() >= journalSize) {
                journal.removeFirst();
            }
            journal.addLast(r);
            journalLock.notifyAll();
        }
    }

    /** The oldest request not yet taken, waiting for one if none is there (at most 10 s: then it fails). */
    public RecordedKubeRequest takeRequest() {
        RecordedKubeRequest r = takeRequest(Duration.ofSeconds(10));
        if (r == null) {
            throw new IllegalStateException("no request reached the server within 10 s");
        }
        return r;
    }

    /** The oldest request not yet taken, or null if none arrives within {@code timeout}. */
    public RecordedKubeRequest takeRequest(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (journalLock) {
            while (journal.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(journalLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return journal.removeFirst();
        }
    }

    /** The requests not yet taken, oldest first, without taking them. */
    public List<RecordedKubeRequest> requests() {
        synchronized (journalLock) {
            return List.copyOf(journal);
        }
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        synchronized (journalLock) {
            journal.clear();
        }
    }

    // ------------------------------------------------------------------ faults

    /** Ends every open watch cleanly, as the real server does at a watch's timeout; clients re-watch. */
    public void endWatches() {
        store.endWatches();
    }

    /** Cuts every open watch mid-stream, as a dropped connection does; clients reconnect. */
    public void dropWatches() {
        store.dropWatches();
    }

    /** Forgets the change history: clients that resume from an older resourceVersion get 410 Gone and relist. */
    public void compactHistory() {
        store.compact();
    }

    /** Ends every open watch with {@code 410 Gone}, as for a watcher that fell too far behind: clients relist. */
    public void expireWatches() {
        store.expireWatches();
    }

    /** The number of watches open now. */
    public int openWatches() {
        return store.openWatches();
    }

    // ------------------------------------------------------------------ lifecycle

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the server is closed");
        }
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the clients it made, ends every watch, stops Jetty (port and threads), removes temporary files. */
    @Override
    public void close() {
        List<KubernetesClient> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(clients);
            clients.clear();
            client = null;
        }
        toClose.forEach(KubernetesClient::close);
        bookmarks.shutdownNow();
        store.close();
        bridge.closePending();
        wireMock.stop();
        deleteKeyStore();
        synchronized (journalLock) {
            journalLock.notifyAll();
        }
    }

    private void deleteKeyStore() {
        if (keyStore != null) {
            try {
                Files.deleteIfExists(keyStore);
            } catch (IOException e) {
                keyStore.toFile().deleteOnExit();
            }
        }
    }

    /** Settings of a {@link MockKubeApiServer}. */
    public static final class Builder {
        private int port;
        private boolean tls;
        private String token;
        private long maxRequestBodyBytes = 3 * 1024 * 1024;
        private AdmissionValidator admission;
        private int watchHistorySize = 10_000;
        private int maxWatchQueue = 100_000;
        private String kubernetesVersion = "1.37.0";
        private Duration bookmarkInterval = Duration.ofSeconds(30);
        private int containerThreads = 200;
        private int journalSize = 10_000;

        private Builder() {
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** HTTPS with a generated self-signed certificate (see {@link #certificateAuthorityPem()}). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Requires {@code Authorization: Bearer <token>} on every request (401 otherwise); null for none. */
        public Builder token(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.token = token;
            return this;
        }

        /** Requests with a larger body get 413 (default 3 MiB, as the real server). */
        public Builder maxRequestBodyBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive, got " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * The validator of {@code resource.k8s.io} objects (default: sdk-dra's {@code DraValidator} for the served
         * Kubernetes version, see {@link DraValidatorAdmission}).
         */
        public Builder admission(AdmissionValidator admission) {
            this.admission = Objects.requireNonNull(admission, "admission");
            return this;
        }

        /** How many changes watches can resume from (default 10,000); older resourceVersions get 410 Gone. */
        public Builder watchHistorySize(int changes) {
            if (changes < 1) {
                throw new IllegalArgumentException("watchHistorySize must be at least 1, got " + changes);
            }
            this.watchHistorySize = changes;
            return this;
        }

        /** Events queued for one slow watch before the server closes it (default 100,000). */
        public Builder maxWatchQueue(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("maxWatchQueue must be at least 1, got " + events);
            }
            this.maxWatchQueue = events;
            return this;
        }

        /** The version {@code /version} reports, {@code major.minor.patch} (default 1.37.0). */
        public Builder kubernetesVersion(String version) {
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IllegalArgumentException("kubernetesVersion must be major.minor.patch, got " + version);
            }
            this.kubernetesVersion = version;
            return this;
        }

        /** How often watches that allow bookmarks get one (default 30 s). */
        public Builder bookmarkInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("bookmarkInterval must be positive, got " + interval);
            }
            this.bookmarkInterval = interval;
            return this;
        }

        /** Jetty's thread limit (default 200); each open watch holds one thread. */
        public Builder containerThreads(int threads) {
            if (threads < 8) {
                throw new IllegalArgumentException("containerThreads must be at least 8, got " + threads);
            }
            this.containerThreads = threads;
            return this;
        }

        /** How many requests the journal keeps (default 10,000; 0 records none). */
        public Builder journalSize(int requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("journalSize must not be negative, got " + requests);
            }
            this.journalSize = requests;
            return this;
        }

        /** Starts the server. */
        public MockKubeApiServer start() {
            return new MockKubeApiServer(this);
        }
    }

    /** No stub mappings: every request is answered by the API filter. */
    private static final class NoMappings implements MappingsSource {
        @Override
        public void loadMappingsInto(StubMappings stubMappings) {
        }

        @Override
        public void save(List<StubMapping> stubMappings) {
        }

        @Override
        public void save(StubMapping stubMapping) {
        }

        @Override
        @SuppressWarnings("removal")
        public void remove(StubMapping stubMapping) {
        }

        @Override
        public void removeAll() {
        }
    }
}
