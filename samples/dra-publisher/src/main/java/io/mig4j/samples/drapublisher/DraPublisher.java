package io.mig4j.samples.drapublisher;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.nvml.MigManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A node's DRA publisher: keeps the node's {@code gpu.nvidia.com} ResourceSlices in sync with its MIG inventory and
 * applies the mig-parted config the node's {@code nvidia.com/mig.config} label names (then republishes with the next
 * pool generation).
 *
 * <p>Replicas of it (a rolling update, or a standby) elect one leader through a {@code coordination.k8s.io/v1} Lease
 * with fabric8's {@code LeaderElector}; only the leader watches and writes. The leader's informers on the Node and on
 * the node's ResourceSlices trigger a reconcile (a label changed, a slice was deleted or edited by someone else), and
 * a periodic resync catches what has no event (instances changed by {@code nvidia-smi}, a failed config to retry).
 * Reconciles run one at a time on one thread; events that arrive meanwhile fold into one more reconcile.
 *
 * <pre>{@code
 * try (DraPublisher publisher = DraPublisher.builder(client, migManager, "gpu-node-1")
 *         .migPartedConfig(config).identity(podName).build()) {
 *     publisher.start();
 *     ...                                          // until shutdown; close() releases the Lease
 * }
 * }</pre>
 */
public final class DraPublisher implements AutoCloseable {
    private final KubernetesClient client;
    private final MigManager manager;
    private final String nodeName;
    private final String identity;
    private final Builder settings;
    private final SliceSync slices;
    private final MigConfigApplier migConfig;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong sliceWrites = new AtomicLong();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile boolean leading;
    private volatile String leader;
    private volatile long generation;
    private CompletableFuture<?> election;
    private ScheduledFuture<?> resync;

    private DraPublisher(Builder b) {
        this.client = b.client;
        this.manager = b.manager;
        this.nodeName = b.nodeName;
        this.identity = b.identity;
        this.settings = b;
        this.slices = new SliceSync(client, b.sliceOptions);
        this.migConfig = new MigConfigApplier(client, manager, b.config, b.leaseNamespace);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dra-publisher-" + identity);
            t.setDaemon(true);
            return t;
        });
    }

    /** A publisher for the node, writing through the client and reading and changing GPUs through the manager. */
    public static Builder builder(KubernetesClient client, MigManager manager, String nodeName) {
        return new Builder(client, manager, nodeName);
    }

    /** Starts taking part in the leader election; the leader starts publishing. Returns at once. */
    public synchronized void start() {
        if (election != null) {
            throw new IllegalStateException("already started");
        }
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("mig4j-dra-publisher-" + nodeName)
                .withLock(new LeaseLock(settings.leaseNamespace, settings.leaseName(), identity))
                .withLeaseDuration(settings.leaseDuration)
                .withRenewDeadline(settings.renewDeadline)
                .withRetryPeriod(settings.retryPeriod)
                .withReleaseOnCancel(true)   // a replica that stops hands over at once, not after the lease runs out
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading, l -> leader = l))
                .build()).build().start();
    }

    /** Whether this replica holds the Lease and publishes. */
    public boolean isLeader() {
        return leading;
    }

    /** The identity of the replica holding the Lease as this replica last saw it, or null before it knows. */
    public String currentLeader() {
        return leader;
    }

    /** The pool generation this replica published or found published last (0 before its first reconcile). */
    public long generation() {
        return generation;
    }

    /** How many times this replica wrote the node's slices (a new generation each time). */
    public long sliceWrites() {
        return sliceWrites.get();
    }

    /** Stops: releases the Lease (another replica takes over), stops the informers and the worker. */
    @Override
    public void close() {
        CompletableFuture<?> running;
        synchronized (this) {
            running = election;
        }
        // outside this object's lock: cancelling calls back into stopLeading on fabric8's thread
        if (running != null) {
            running.cancel(true);
        }
        stopLeading();
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startLeading() {
        synchronized (informers) {
            leading = true;
            ResourceEventHandler<Node> onNode = handler(n -> reconcileSoon());
            ResourceEventHandler<ResourceSlice> onSlice = handler(s -> reconcileSoon());
            long resyncMillis = settings.resyncPeriod.toMillis();
            informers.add(client.nodes().withName(nodeName).inform(onNode, resyncMillis));
            informers.add(client.dynamicResourceAllocation().v1().resourcesSlices().withField("spec.nodeName", nodeName)
                    .withField("spec.driver", NvidiaDra.DRIVER).inform(onSlice, resyncMillis));
            try {
                resync = worker.scheduleWithFixedDelay(() -> reconcile(true), 0, resyncMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                leading = false;   // elected while closing
            }
        }
    }

    /** Called by fabric8 when the Lease is lost or released, and by {@link #close()}; never with our lock held. */
    private void stopLeading() {
        synchronized (informers) {
            leading = false;
            informers.forEach(SharedIndexInformer::stop);
            informers.clear();
            if (resync != null) {
                resync.cancel(false);
                resync = null;
            }
        }
    }

    private void reconcileSoon() {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    reconcile(false);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false);   // closing
            }
        }
    }

    /** One pass: the label's config first (it may change the GPUs), then the slices for the GPUs as they are. */
    private void reconcile(boolean periodic) {
        if (!leading) {
            return;
        }
        try {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                return;   // no Node, no slices: they would have no owner and no node to be scheduled on
            }
            migConfig.reconcile(node, periodic);
            if (!leading) {
                return;   // lost the Lease while applying: the new leader publishes
            }
            SliceSync.Result r = slices.sync(manager.inventory(), node.getMetadata().getUid());
            generation = r.generation();
            if (r.published()) {
                sliceWrites.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // the API server or NVML failed this pass; the next event or resync tries again. A pass cut short by
            // close() or by losing the Lease is no failure.
            if (leading && !worker.isShutdown()) {
                settings.errors.accept(e);
            }
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }

    /** Settings of a {@link DraPublisher}; the defaults are client-go's leader-election defaults. */
    public static final class Builder {
        private final KubernetesClient client;
        private final MigManager manager;
        private final String nodeName;
        private MigPartedConfig config;
        private String identity = "dra-publisher-" + ProcessHandle.current().pid();
        private String leaseNamespace = "default";
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Duration resyncPeriod = Duration.ofSeconds(30);
        private SliceOptions sliceOptions;
        private Consumer<RuntimeException> errors = e -> System.err.println("dra-publisher: " + e.getMessage());

        private Builder(KubernetesClient client, MigManager manager, String nodeName) {
            this.client = Objects.requireNonNull(client, "client");
            this.manager = Objects.requireNonNull(manager, "manager");
            this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
            this.sliceOptions = SliceOptions.forNode(nodeName);
        }

        /** The mig-parted file whose configs the node label names; without one the label is ignored. */
        public Builder migPartedConfig(MigPartedConfig config) {
            this.config = config;
            return this;
        }

        /** This replica's name in the Lease (the pod name in a cluster). */
        public Builder identity(String identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** Where the Lease (and the Warning events) live. */
        public Builder leaseNamespace(String namespace) {
            this.leaseNamespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** Lease timing: how long a lease lasts, by when the leader must renew it, how often replicas try. */
        public Builder leaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            this.leaseDuration = leaseDuration;
            this.renewDeadline = renewDeadline;
            this.retryPeriod = retryPeriod;
            return this;
        }

        /** How often the leader reconciles without an event (and retries a failed config). */
        public Builder resyncPeriod(Duration period) {
            this.resyncPeriod = period;
            return this;
        }

        /** How the slices are published (mode, Kubernetes version, driver release); the node name must match. */
        public Builder sliceOptions(SliceOptions options) {
            if (!options.nodeName().equals(nodeName)) {
                throw new IllegalArgumentException("sliceOptions.nodeName: '" + options.nodeName()
                        + "' differs from the publisher's node '" + nodeName + "'");
            }
            this.sliceOptions = options;
            return this;
        }

        /** Where a failed reconcile pass is reported (stderr by default). */
        public Builder onError(Consumer<RuntimeException> errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        String leaseName() {
            return "mig4j-dra-publisher-" + nodeName;
        }

        /** The publisher; call {@link DraPublisher#start()} to run it. */
        public DraPublisher build() {
            return new DraPublisher(this);
        }
    }
}
