package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A GPU cluster in one JVM: a {@link MockKubeApiServer}, nodes with fake GPUs ({@link FakeNvml}) registered with
 * the labels NVIDIA's GPU operator sets, NVIDIA's DeviceClasses, and per node NVIDIA's DRA driver publishing the
 * node's ResourceSlices (static or dynamic MIG) and a kubelet; plus the resourceclaim controller, kube-scheduler
 * with its DRA plugin, the Deployment/ReplicaSet/Job controllers, the garbage collector and NVIDIA's mig-manager.
 * Pods with claims get real MIG devices: allocated with Kubernetes' semantics (sdk-dra's allocator), prepared on
 * the node's fake GPUs (with dynamic MIG, created on demand through {@link MigManager}).
 *
 * {@snippet :
 * try (FakeCluster cluster = FakeCluster.builder().gpu("A100-80GB").migLayout("1g.10gb=7").start()) {
 *     KubernetesClient client = cluster.client();
 *     client.resource(template).create();
 *     client.resource(pod).create();
 *     cluster.awaitIdle();                                   // controllers run until nothing changes
 *     List<String> uuids = cluster.migDeviceUuids("default", "pod-1");
 * }
 * }
 *
 * <p>Every controller is idempotent and works like a real one: it reads informer caches (kept by a listener on the
 * API server's store, the in-process equivalent of a watch) and writes through a fabric8 client that calls the API
 * server in-process ({@link #inProcessClient()}): the same handler, admission and resourceVersions as HTTP clients
 * such as {@link #client()} or kubectl get, without sockets.
 * {@link #awaitIdle()} runs them round after round until a round writes nothing, so tests need no sleeps; with
 * {@link Builder#reconcileInBackground(boolean)} on (the default) they also run on their own, woken by watches, as
 * a cluster would for kubectl. Names the cluster generates (claims, ReplicaSets, pods, GPU UUIDs) derive from the
 * {@link Builder#seed(long) seed}.
 */
public final class FakeCluster implements AutoCloseable {
    private static final int MAX_ROUNDS = 10_000;

    private final MockKubeApiServer server;
    /** The controllers' client: in-process, no HTTP (see MockKubeApiServer#newInProcessClient). */
    private final KubernetesClient internal;
    private final List<FakeNode> nodes;
    private final Map<String, FakeKubelet> kubelets = new LinkedHashMap<>();
    private final List<Controller> controllers = new ArrayList<>();
    private final WorkloadControllers workloads;
    private final long seed;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wake = wakeLock.newCondition();
    private final ClusterCache cache;
    private Runnable wakeups;
    private final java.util.concurrent.atomic.AtomicLong retryEpoch = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean dirty = true;
    private volatile boolean closed;
    private volatile RuntimeException backgroundError;
    private Thread loop;

    private FakeCluster(Builder b) {
        this.seed = b.seed;
        this.server = MockKubeApiServer.builder().port(b.port).tls(b.tls).token(b.token).start();
        boolean ok = false;
        List<FakeNode> built = new ArrayList<>();
        try {
            KubernetesClient client = server.newInProcessClient();
            this.internal = client;
            this.cache = new ClusterCache(server.store(), client.getKubernetesSerialization());
            for (DeviceClass c : DeviceClasses.nvidiaDefaults()) {
                client.dynamicResourceAllocation().v1().deviceClasses().resource(c).create();
            }
            TreeWrites writes = new TreeWrites(server.inProcessApi(), client);
            EventRecorder events = new EventRecorder(client, writes);
            NameGenerator names = new NameGenerator(b.seed);
            int index = 0;
            for (NodeGroup group : b.groups()) {
                for (int i = 0; i < group.count; i++) {
                    index++;
                    built.add(NodeFactory.create(client, b, group, index));
                }
            }
            this.nodes = List.copyOf(built);
            controllers.add(new SlicePublisher(cache, nodes));
            controllers.add(new MigConfigManager(client, cache, nodes, events, b.migConfig));
            int i = 0;
            for (FakeNode n : nodes) {
                FakeKubelet k = new FakeKubelet(n, client, writes, cache, events, ++i, retryEpoch::get);
                kubelets.put(n.name(), k);
                controllers.add(k);
            }
            controllers.add(new ClaimController(client, writes, cache, names, events));
            controllers.add(new FakeScheduler(client, writes, cache, events, names));
            this.workloads = new WorkloadControllers(client, cache, names);
            controllers.add(workloads);
            controllers.add(new GarbageCollector(client, cache));
            awaitIdle();
            if (b.background) {
                startBackground();
            }
            ok = true;
        } finally {
            if (!ok) {
                built.forEach(n -> n.nvml().close());
                server.close();
            }
        }
    }

    /** A cluster builder: 1 node with 1 A100-80GB in static mode, MIG disabled, unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API server. */
    public MockKubeApiServer server() {
        return server;
    }

    /**
     * A fabric8 client of the API server over HTTP, as an application in the cluster would use (shared; created on
     * first use, which keeps the HTTP client's own start-up out of {@link Builder#start()}; closed with the
     * cluster).
     */
    public KubernetesClient client() {
        return server.client();
    }

    /**
     * The client the cluster's own controllers use: it calls the API server in-process, without HTTP, and sees
     * and does exactly what {@link #client()} does (same objects, resourceVersions, admission, errors, watch
     * events). For code that creates many objects and does not need to exercise HTTP, such as benchmarks.
     */
    public KubernetesClient inProcessClient() {
        return internal;
    }

    /** Writes a kubeconfig for kubectl to {@code file}. */
    public Path writeKubeconfig(Path file) {
        return server.writeKubeconfig(file);
    }

    /** The nodes, in name order. */
    public List<FakeNode> nodes() {
        return nodes;
    }

    /** A node by name. */
    public FakeNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " (nodes: "
                        + nodes.stream().map(FakeNode::name).toList() + ")"));
    }

    /** The seed of this cluster's generated names and GPU UUIDs. */
    public long seed() {
        return seed;
    }

    /**
     * Runs every controller, round after round, until a round changes nothing in the API server.
     *
     * @throws IllegalStateException when the cluster does not settle (a controller keeps writing)
     */
    public void awaitIdle() {
        lock.lock();
        try {
            retryEpoch.incrementAndGet();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                long before = server.store().resourceVersion();
                runRound();
                if (server.store().resourceVersion() == before) {
                    return;
                }
            }
            throw new IllegalStateException("the fake cluster did not settle within " + MAX_ROUNDS + " rounds");
        } finally {
            lock.unlock();
        }
    }

    private void runRound() {
        for (Controller c : controllers) {
            try {
                c.sync();
            } catch (RuntimeException e) {
                throw new IllegalStateException(c.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The MIG device UUIDs the pod's claims were prepared with on its node (empty before it runs). */
    public List<String> migDeviceUuids(String namespace, String pod) {
        return preparedDevices(namespace, pod).stream().map(PreparedDevice::migDeviceUuid)
                .filter(Objects::nonNull).distinct().toList();
    }

    /** The devices prepared for the pod's claims on its node, as the driver's checkpoint records them. */
    public List<PreparedDevice> preparedDevices(String namespace, String pod) {
        Pod p = internal.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()) {
            return List.of();
        }
        FakeNvidiaDriver driver = node(p.getSpec().getNodeName()).driver();
        Map<String, PreparedClaim> checkpoint = driver.preparedClaims();
        List<PreparedDevice> out = new ArrayList<>();
        for (String claimName : PodClaims.allClaimNames(p).values()) {
            if (claimName == null) {
                continue;
            }
            ResourceClaim c = internal.dynamicResourceAllocation().v1().resourceClaims().inNamespace(namespace)
                    .withName(claimName).get();
            PreparedClaim prepared = c == null ? null : checkpoint.get(c.getMetadata().getUid());
            if (prepared != null) {
                out.addAll(prepared.devices());
            }
        }
        return out;
    }

    /** The CDI device IDs each container of the running pod got, by container name. */
    public Map<String, List<String>> cdiDevices(String namespace, String pod) {
        Pod p = internal.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()) {
            return Map.of();
        }
        return kubelets.get(p.getSpec().getNodeName()).cdiDevices(p.getMetadata().getUid());
    }

    /** The pod's containers exit (0 when succeeded, else 1); the kubelet reports it on the next round. */
    public void finishPod(String namespace, String pod, boolean succeeded) {
        Pod p = internal.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()) {
            throw new IllegalArgumentException("pod " + namespace + "/" + pod + " is not running on a node");
        }
        kubelets.get(p.getSpec().getNodeName()).terminate(namespace, pod, succeeded);
        signal();
    }

    /** Every running pod of the Job succeeds (the Job completes once enough have). */
    public void completeJob(String namespace, String job) {
        for (Pod p : internal.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems()) {
            if ("Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase())) {
                finishPod(namespace, p.getMetadata().getName(), true);
            }
        }
    }

    /** Pods, claims, slices and events as text: what a failing test should show. */
    public String describe() {
        return ClusterDump.dump(internal, nodes);
    }

    /** The kinds whose changes wake the background loop (what the controllers' watches would be on). */
    private static final java.util.Set<String> WAKING = java.util.Set.of("/pods", "resource.k8s.io/resourceclaims",
            "resource.k8s.io/resourceclaimtemplates", "/nodes", "apps/deployments", "apps/replicasets", "batch/jobs");

    /**
     * Starts reconciling in the background from now on (as {@link Builder#reconcileInBackground(boolean)} does from
     * the start), for a cluster driven step by step with {@link #awaitIdle()} that is then handed to other clients
     * (kubectl); does nothing when it already does.
     */
    public synchronized void reconcileInBackground() {
        if (loop == null && !closed) {
            startBackground();
        }
    }

    private void startBackground() {
        wakeups = server.store().addListener(change -> {
            if (WAKING.contains(change.resource().group() + "/" + change.resource().plural())) {
                signal();
            }
        });
        loop = new Thread(this::backgroundLoop, "mig4j-fake-cluster-" + server.port());
        loop.setDaemon(true);
        loop.start();
    }

    private void signal() {
        dirty = true;
        wakeLock.lock();
        try {
            wake.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void backgroundLoop() {
        while (!closed) {
            wakeLock.lock();
            try {
                if (!dirty) {
                    // a resync now and then, as informers do, besides the watches' wake-ups
                    wake.await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                wakeLock.unlock();
            }
            dirty = false;
            if (closed) {
                return;
            }
            try {
                awaitIdle();
                backgroundError = null;
            } catch (RuntimeException e) {
                if (!closed) {
                    backgroundError = e;
                }
            }
        }
    }

    /** The last error of a background round, or null: a controller that failed there fails {@link #awaitIdle()} too. */
    public RuntimeException backgroundError() {
        return backgroundError;
    }

    /** Stops the controllers, closes the API server and every fake GPU. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        signal();
        if (wakeups != null) {
            wakeups.run();
        }
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            for (FakeNode n : nodes) {
                n.nvml().close();
            }
            cache.close();
            server.close();
        } finally {
            lock.unlock();
        }
    }

    /** Nodes of one kind. */
    record NodeGroup(int count, String product, int gpus) {
    }

    /** Builds a {@link FakeCluster}. */
    public static final class Builder {
        private int nodes = 1;
        private String product = "A100-80GB";
        private int gpusPerNode = 1;
        private final List<NodeGroup> groups = new ArrayList<>();
        private MigPartedConfig migConfig;
        private String migConfigName;
        private Boolean migEnabled;
        private boolean dynamicMig;
        private long seed = 42;
        private boolean background = true;
        private int port;
        private boolean tls;
        private String token;

        private Builder() {
        }

        /** Serve the API over HTTPS with a generated self-signed certificate (default plain HTTP). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Require {@code Authorization: Bearer <token>} on every request (default: no authentication). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The API server's port on 127.0.0.1 (default 0: any free port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** How many nodes of {@link #gpu(String)} × {@link #gpusPerNode(int)} (default 1). */
        public Builder nodes(int nodes) {
            if (nodes < 0) {
                throw new IllegalArgumentException("nodes must not be negative, got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The GPU product of the nodes, a catalog alias or name such as {@code A100-80GB} or {@code H100-80GB}. */
        public Builder gpu(String product) {
            this.product = Objects.requireNonNull(product, "product");
            return this;
        }

        /** GPUs per node (default 1). */
        public Builder gpusPerNode(int gpus) {
            if (gpus < 1) {
                throw new IllegalArgumentException("gpusPerNode must be at least 1, got " + gpus);
            }
            this.gpusPerNode = gpus;
            return this;
        }

        /**
         * Adds {@code count} nodes of another kind, for mixed clusters; once any group is added, {@link #nodes(int)}
         * no longer adds nodes of its own.
         */
        public Builder nodeGroup(int count, String product, int gpus) {
            if (count < 1 || gpus < 1) {
                throw new IllegalArgumentException("a node group needs at least 1 node and 1 GPU, got " + count
                        + " x " + gpus);
            }
            groups.add(new NodeGroup(count, Objects.requireNonNull(product, "product"), gpus));
            return this;
        }

        /**
         * Applies config {@code name} of a mig-parted file to every node at start (as mig-manager would), and sets
         * the node's {@code nvidia.com/mig.config} label to it; later label changes select other configs of it.
         */
        public Builder migConfig(MigPartedConfig config, String name) {
            this.migConfig = Objects.requireNonNull(config, "config");
            this.migConfigName = Objects.requireNonNull(name, "name");
            if (config.entries(name).isEmpty()) {
                throw new IllegalArgumentException("no config named '" + name + "' (configs: "
                        + String.join(", ", config.configNames()) + ")");
            }
            return this;
        }

        /**
         * The mig-parted file mig-manager reads, without applying any of its configs at start: nodes start labelled
         * {@code nvidia.com/mig.config=all-disabled} (as the GPU operator labels them) with MIG disabled, and setting
         * the label to a config of the file applies it then, as in the recipe's "dynamic reconfiguration" step.
         */
        public Builder migPartedFile(MigPartedConfig config) {
            this.migConfig = Objects.requireNonNull(config, "config");
            this.migConfigName = null;
            return this;
        }

        /**
         * The same MIG layout on every GPU, as {@code profile=count} pairs ({@code "1g.10gb=7"},
         * {@code "3g.40gb=1", "2g.20gb=1", "1g.10gb=1"}): shorthand for a one-config mig-parted file named
         * {@code custom}.
         */
        public Builder migLayout(String... profileCounts) {
            StringBuilder yaml = new StringBuilder("version: v1\nmig-configs:\n  custom:\n    - devices: all\n"
                    + "      mig-enabled: true\n      mig-devices:\n");
            for (String pc : profileCounts) {
                int eq = pc.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("migLayout: expected profile=count, got '" + pc + "'");
                }
                yaml.append("        \"").append(pc.substring(0, eq).trim()).append("\": ")
                        .append(pc.substring(eq + 1).trim()).append('\n');
            }
            return migConfig(MigPartedConfig.parse(yaml.toString()), "custom");
        }

        /** MIG mode at start (default: on with a MIG config or dynamic MIG, else off). */
        public Builder migEnabled(boolean enabled) {
            this.migEnabled = enabled;
            return this;
        }

        /**
         * Dynamic MIG (NVIDIA's DynamicMIG gate): slices offer every profile × placement and the driver creates the
         * instances when it prepares a claim. Default: static (the MIG devices that exist).
         */
        public Builder dynamicMig(boolean dynamic) {
            this.dynamicMig = dynamic;
            return this;
        }

        /** The seed of generated names and GPU UUIDs (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether controllers also run on their own, woken by watches (default true); off: only in awaitIdle. */
        public Builder reconcileInBackground(boolean background) {
            this.background = background;
            return this;
        }

        List<NodeGroup> groups() {
            return groups.isEmpty() ? List.of(new NodeGroup(nodes, product, gpusPerNode)) : groups;
        }

        boolean migEnabledAtStart() {
            return migEnabled != null ? migEnabled : migConfigName != null || dynamicMig;
        }

        SliceOptions.Mode mode() {
            return dynamicMig ? SliceOptions.Mode.DYNAMIC_MIG : SliceOptions.Mode.STATIC;
        }

        MigPartedConfig migConfig() {
            return migConfig;
        }

        String migConfigName() {
            return migConfigName;
        }

        long seedValue() {
            return seed;
        }

        /** Starts the cluster: API server, nodes, slices published; returns when the cluster is idle. */
        public FakeCluster start() {
            return new FakeCluster(this);
        }
    }
}
