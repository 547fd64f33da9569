package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.Pools.Pool;
import io.mig4j.dra.allocation.Pools.PoolId;
import io.mig4j.dra.cel.SelectorCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Kubernetes' structured-parameters allocator in Java: which devices would kube-scheduler give these claims on this
 * node? Mirrors {@code structured.NewAllocator} + {@code Allocate} of kubernetes/dynamic-resource-allocation
 * (the "incubating" implementation, which the scheduler of Kubernetes 1.36 and 1.37 runs with default gates), with
 * each optional behaviour behind a {@link Features} switch:
 * <pre>{@code
 * Allocator allocator = Allocator.builder(ResourceSnapshot.of(slices, classes))
 *         .allocatedState(AllocatedState.of(allocatedClaims))
 *         .build();
 * Optional<List<AllocationResult>> results = allocator.allocate(node, List.of(claim));
 * }</pre>
 * The answer is the first solution of a deterministic depth-first search (pools by driver and name, slices by name,
 * devices in slice order), one {@code status.allocation} per claim exactly as Kubernetes would store it; empty when
 * the claims do not fit on the node ({@link Explainer} tells why); an {@link AllocationException} for bad input
 * (unknown class, CEL errors, too many devices...) in Kubernetes' wording.
 *
 * @implSpec Cheap to create: build one per scheduling attempt (allocated state), share the {@link ResourceSnapshot}.
 *           {@link #allocate} may run on several threads at once as long as nobody changes the
 *           {@link AllocatedState} meanwhile.
 */
public final class Allocator {
    private final ResourceSnapshot snapshot;
    private final Features features;
    private final AllocatedState allocatedState;
    private final SelectorCache selectorCache;
    private final Supplier<String> shareIds;
    private final Duration timeout;
    private final Map<PoolId, Map<String, Map<String, Quantity>>> availableCounters = new HashMap<>();
    private final AtomicLong allocateOneInvocations = new AtomicLong();
    private final ThreadLocal<Long> deadline = new ThreadLocal<>();

    private Allocator(Builder b) {
        this.snapshot = b.snapshot;
        this.features = b.features;
        this.allocatedState = b.allocatedState;
        this.selectorCache = b.selectorCache != null ? b.selectorCache : SharedCache.INSTANCE;
        this.shareIds = b.shareIds;
        this.timeout = b.timeout;
    }

    /** The cache used when none is given: one per JVM, over the stored-expressions environment. */
    private static final class SharedCache {
        static final SelectorCache INSTANCE = SelectorCache.forScheduler();
    }

    /** A builder over the given slices and classes. */
    public static Builder builder(ResourceSnapshot snapshot) {
        return new Builder(snapshot);
    }

    /** Configures an {@link Allocator}. */
    public static final class Builder {
        private final ResourceSnapshot snapshot;
        private Features features = Features.newest();
        private AllocatedState allocatedState = new AllocatedState();
        private SelectorCache selectorCache;
        private Supplier<String> shareIds = () -> UUID.randomUUID().toString();
        private Duration timeout;

        private Builder(ResourceSnapshot snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        }

        /** The feature switches; default {@link Features#newest()}. */
        public Builder features(Features features) {
            this.features = Objects.requireNonNull(features, "features");
            return this;
        }

        /** The devices already in use; default none. */
        public Builder allocatedState(AllocatedState allocatedState) {
            this.allocatedState = Objects.requireNonNull(allocatedState, "allocatedState");
            return this;
        }

        /** The compiled-selector cache; default one shared cache for the stored-expressions environment. */
        public Builder selectorCache(SelectorCache selectorCache) {
            this.selectorCache = Objects.requireNonNull(selectorCache, "selectorCache");
            return this;
        }

        /** Where share IDs of multi-allocatable devices come from; default random UUIDs, as Kubernetes. */
        public Builder shareIds(Supplier<String> shareIds) {
            this.shareIds = Objects.requireNonNull(shareIds, "shareIds");
            return this;
        }

        /**
         * The longest one {@link #allocate} call may search (Kubernetes' DRASchedulerFilterTimeout, 10 s by
         * default there); none by default.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The allocator. */
        public Allocator build() {
            return new Allocator(this);
        }
    }

    /**
     * Allocates devices for all claims on one node, all or nothing.
     *
     * @param node   the node, with its name and labels (node selectors of slices are matched against them)
     * @param claims the claims to allocate together (for example a pod's), in order
     * @return one allocation per claim, in claim order; empty when they cannot all be allocated on this node
     * @throws AllocationException for input Kubernetes would reject at this point, in its wording; see
     *                             {@link AllocationException#nodeLocal()}
     */
    public Optional<List<AllocationResult>> allocate(Node node, List<ResourceClaim> claims)
            throws AllocationException {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(claims, "claims");
        AllocationAttempt attempt = attempt(node, claims);
        boolean done;
        try {
            done = attempt.search();
        } finally {
            allocateOneInvocations.addAndGet(attempt.invocations);
            deadline.remove();
        }
        if (!done) {
            for (Pool pool : attempt.pools) {
                if (pool.invalid) {
                    throw new AllocationException("invalid resource pools were encountered", true);
                }
            }
            return Optional.empty();
        }
        return Optional.of(ResultAssembler.assemble(attempt));
    }

    /**
     * Allocates the claims on the first of the nodes where they fit, trying the nodes in the order given. An error
     * that concerns one node only ({@link AllocationException#nodeLocal()}) rules out that node, as the scheduler
     * treats it; any other error stops the search.
     *
     * @return the node and the allocations, empty when no node fits
     */
    public Optional<NodeAllocation> allocateOnFirstFit(List<Node> nodes, List<ResourceClaim> claims)
            throws AllocationException {
        Objects.requireNonNull(nodes, "nodes");
        for (Node node : nodes) {
            Optional<List<AllocationResult>> results;
            try {
                results = allocate(node, claims);
            } catch (AllocationException e) {
                if (e.nodeLocal()) {
                    continue;
                }
                throw e;
            }
            if (results.isPresent()) {
                return Optional.of(new NodeAllocation(Names.name(node), results.get()));
            }
        }
        return Optional.empty();
    }

    /** Gathers pools and validates the claims: the part of {@link #allocate} before the search. */
    AllocationAttempt attempt(Node node, List<ResourceClaim> claims) throws AllocationException {
        if (timeout != null) {
            deadline.set(System.nanoTime() + timeout.toNanos());
        }
        List<Pool> pools;
        try {
            pools = snapshot.pools(node, features);
        } catch (AllocationException e) {
            deadline.remove();
            throw e;
        }
        AllocationAttempt attempt = new AllocationAttempt(this, node, claims, pools);
        try {
            attempt.prepare();
        } catch (AllocationException | RuntimeException e) {
            deadline.remove();
            throw e;
        }
        return attempt;
    }

    void checkDeadline() throws AllocationException {
        Long d = deadline.get();
        if (d != null && System.nanoTime() - d > 0) {
            throw new AllocationException("filter operation aborted: context deadline exceeded");
        }
    }

    /** How often the search step ran over the life of this allocator (Kubernetes' {@code NumAllocateOneInvocations}). */
    public long allocateOneInvocations() {
        return allocateOneInvocations.get();
    }

    /** The feature switches. */
    public Features features() {
        return features;
    }

    /** The slices and classes. */
    public ResourceSnapshot snapshot() {
        return snapshot;
    }

    /** The devices already in use. */
    public AllocatedState allocatedState() {
        return allocatedState;
    }

    SelectorCache selectorCache() {
        return selectorCache;
    }

    Map<PoolId, Map<String, Map<String, Quantity>>> availableCounters() {
        return availableCounters;
    }

    String newShareId() {
        return shareIds.get();
    }
}
