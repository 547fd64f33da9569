package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodExtendedResourceClaimStatus;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.dra.allocation.AllocatedState;
import io.mig4j.dra.allocation.AllocationException;
import io.mig4j.dra.allocation.Allocator;
import io.mig4j.dra.allocation.Explainer;
import io.mig4j.dra.allocation.ResourceSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-scheduler with its DynamicResources plugin, for pending pods: PreEnqueue waits for the pod's claims to
 * exist; PreFilter rejects claims being deleted; Filter checks node selector and affinity, taints,
 * unschedulable nodes, the node selector of already allocated claims and runs sdk-dra's {@link Allocator} on
 * each node (nodes in name order, the first that fits wins); PreBind adds the delete-protection finalizer and
 * writes {@code status.allocation} and {@code reservedFor}; the binder POSTs {@code pods/<name>/binding}.
 *
 * <p>A pod that does not fit gets the scheduler's {@code FitError} text (in {@code framework/types.go}'s format,
 * with DynamicResources' PostFilter "still not schedulable" and DefaultPreemption's "Preemption is not helpful")
 * followed by sdk-dra's {@link Explainer} text, as a {@code FailedScheduling} Warning event and the pod's
 * {@code PodScheduled=False} condition. It is tried again when slices, classes, nodes or claims change (the
 * plugin's queueing hints), not otherwise.
 */
final class FakeScheduler implements Controller {
    private static final String SCHEDULER = "default-scheduler";
    private static final String CANNOT_ALLOCATE = "cannot allocate all claims";
    private final KubernetesClient client;
    private final TreeWrites writes;
    private final ClusterCache cache;
    private final EventRecorder events;
    private final NameGenerator names;
    private final Map<String, Long> lastFailure = new HashMap<>();
    private final Map<String, Long> firstSeen = new HashMap<>();
    private long seen;
    /** The allocator's view of slices and classes, rebuilt only when either changed. */
    private ResourceSnapshot snapshot;
    private long snapshotSlices = -1;
    private long snapshotClasses = -1;
    /**
     * Within one sync: the outcome of allocating a set of claim specs on a node that did not fit. The allocated
     * state only grows during a sync and a fit never appears by taking devices away, so the answer stays the same
     * for the rest of the sync; pods of one template then skip the nodes that are full already instead of
     * searching them again (the allocator's semantics are unchanged, only repeated work is skipped).
     */
    private final Map<List<ResourceClaimSpec>, Misfits> misfits = new HashMap<>();

    /** The nodes a set of claim specs did not fit on in this sync, with why; how many leading nodes are among them. */
    private static final class Misfits {
        final Map<String, String> byNode = new HashMap<>();
        int prefix;
    }

    FakeScheduler(KubernetesClient client, TreeWrites writes, ClusterCache cache, EventRecorder events,
                  NameGenerator names) {
        this.client = client;
        this.writes = writes;
        this.cache = cache;
        this.events = events;
        this.names = names;
    }

    @Override
    public String name() {
        return SCHEDULER;
    }

    @Override
    public void sync() {
        List<Pod> pending = new ArrayList<>();
        for (Pod p : cache.podsOn("")) {
            if ((p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
                    && p.getMetadata().getDeletionTimestamp() == null && !PodClaims.isTerminal(p)
                    && (p.getSpec().getSchedulerName() == null || SCHEDULER.equals(p.getSpec().getSchedulerName()))) {
                pending.add(p);
            }
        }
        if (pending.isEmpty()) {
            lastFailure.clear();
            firstSeen.clear();
            return;
        }
        for (Pod p : pending) {
            firstSeen.computeIfAbsent(p.getMetadata().getUid(), u -> seen++);
        }
        // the scheduling queue is FIFO: creation time, then the order the scheduler first saw the pods
        pending.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> firstSeen.get(p.getMetadata().getUid())));
        List<Node> nodes = new ArrayList<>(cache.nodes.list());
        nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        if (snapshot == null || snapshotSlices != cache.slices.changes() || snapshotClasses != cache.classes.changes()) {
            snapshotSlices = cache.slices.changes();
            snapshotClasses = cache.classes.changes();
            snapshot = ResourceSnapshot.of(cache.slices.list(), cache.classes.list());
        }
        long world = fingerprint();
        AllocatedState state = AllocatedState.of(cache.claims.list());
        ExtendedResources extended = ExtendedResources.of(cache.classes.list());
        misfits.clear();
        for (Pod pod : pending) {
            String key = PodClaims.key(pod);
            if (Long.valueOf(world).equals(lastFailure.get(key))) {
                continue;
            }
            List<ResourceClaim> podClaims = new ArrayList<>();
            boolean missing = false;
            for (String claimName : PodClaims.claimNames(pod).values()) {
                ResourceClaim c = claimName == null ? null
                        : cache.claims.get(PodClaims.key(pod.getMetadata().getNamespace(), claimName));
                if (c == null) {
                    missing = true; // PreEnqueue: "ResourceClaim not created yet", no attempt and no event
                    break;
                }
                podClaims.add(c);
            }
            if (missing) {
                continue;
            }
            boolean usesExtended = extended.usedBy(pod);
            if (usesExtended) {
                ResourceClaim stale = ExtendedResources.find(pod, cache.claims.list());
                if (stale != null) {
                    // a special claim of an earlier cycle of an unbound pod: PostFilter deletes it, the pod is retried
                    deleteClaim(stale);
                    continue;
                }
            }
            Optional<String> failure = schedule(pod, podClaims, nodes, snapshot, state, extended, usesExtended);
            if (failure.isPresent()) {
                lastFailure.put(key, world);
                fail(pod, failure.get());
            } else {
                lastFailure.remove(key);
            }
        }
        misfits.clear();
        // sets, not lists: retainAll asks the argument about every key, thousands of times on a big queue
        lastFailure.keySet().retainAll(pending.stream().map(PodClaims::key).collect(Collectors.toSet()));
        firstSeen.keySet().retainAll(pending.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet()));
    }

    /**
     * The pods' failure record is keyed on everything the plugin's queueing hints listen to: any change of nodes,
     * slices, classes or claims (their caches count changes).
     */
    private long fingerprint() {
        long h = 17;
        for (ClusterCache.Kind<?> k : List.of(cache.nodes, cache.slices, cache.classes, cache.claims)) {
            h = h * 1_000_003 + k.changes();
        }
        return h;
    }

    /** Schedules one pod; empty on success, else the FitError message. */
    private Optional<String> schedule(Pod pod, List<ResourceClaim> podClaims, List<Node> nodes,
                                      ResourceSnapshot snapshot, AllocatedState state, ExtendedResources extended,
                                      boolean usesExtended) {
        boolean asksExtended = ExtendedResources.asksExtendedResources(pod);
        int n = nodes.size();
        String notHelpful = "preemption: 0/" + n + " nodes are available: " + n
                + " Preemption is not helpful for scheduling.";
        for (ResourceClaim c : podClaims) {
            if (c.getMetadata().getDeletionTimestamp() != null) {
                return Optional.of("0/" + n + " nodes are available: resourceclaim \"" + c.getMetadata().getName()
                        + "\" is being deleted. " + notHelpful);
            }
        }
        List<ResourceClaim> toAllocate = podClaims.stream().filter(c -> !PodClaims.allocated(c)).toList();
        Allocator allocator = Allocator.builder(snapshot).allocatedState(state).build();
        Misfits known = toAllocate.isEmpty() ? new Misfits() : misfits.computeIfAbsent(
                toAllocate.stream().map(ResourceClaim::getSpec).toList(), k -> new Misfits());
        Map<String, String> nodeMisfits = known.byNode;
        // the nodes before the first that is not a known misfit for these claims cannot take the pod whatever its
        // filters say, so a first pass starts after them: a pod that fits is bound where a full pass would bind it,
        // and only a pod that fits nowhere gets the full pass its FitError message counts every node in
        int skip = 0;
        if (!asksExtended) {
            while (known.prefix < n && nodeMisfits.containsKey(nodes.get(known.prefix).getMetadata().getName())) {
                known.prefix++;
            }
            skip = known.prefix;
        }
        Map<String, Integer> reasons = new TreeMap<>();
        List<Node> draCandidates = new ArrayList<>();
        List<ResourceClaim> explained = toAllocate;
        for (int i = skip; i < n || skip > 0; i++) {
            if (i == n) {
                i = skip = 0;
                reasons.clear();
                draCandidates.clear();
                explained = toAllocate;
            }
            Node node = nodes.get(i);
            String reason = filter(pod, node, podClaims);
            ExtendedResources.NodeClaim special = null;
            if (reason == null && asksExtended) {
                ExtendedResources.NodeFit fit = extended.forNode(pod, node);
                reason = fit.reason();
                special = fit.claim();
            }
            if (reason != null) {
                reasons.merge(reason, 1, Integer::sum);
                continue;
            }
            List<ResourceClaim> nodeClaims = toAllocate;
            if (special != null) {
                nodeClaims = new ArrayList<>(toAllocate);
                nodeClaims.add(special.claim());
            }
            if (nodeClaims.isEmpty()) {
                bind(pod, node, podClaims, List.of(), state, null);
                return Optional.empty();
            }
            // an extended-resource claim differs per pod and node: only template claims share a misfit
            String misfit = special == null ? nodeMisfits.get(node.getMetadata().getName()) : null;
            if (misfit != null) {
                reasons.merge(misfit, 1, Integer::sum);
                if (misfit.equals(CANNOT_ALLOCATE)) {
                    draCandidates.add(node);
                }
                continue;
            }
            Optional<List<AllocationResult>> results;
            try {
                results = allocator.allocate(node, nodeClaims);
            } catch (AllocationException e) {
                if (!e.nodeLocal()) {
                    return Optional.of("0/" + n + " nodes are available: " + e.getMessage() + ". " + notHelpful);
                }
                reasons.merge(e.getMessage(), 1, Integer::sum);
                nodeMisfits.put(node.getMetadata().getName(), e.getMessage());
                continue;
            }
            if (results.isPresent()) {
                bind(pod, node, podClaims, results.get(), state, special);
                return Optional.empty();
            }
            reasons.merge(CANNOT_ALLOCATE, 1, Integer::sum);
            if (special == null) {
                nodeMisfits.put(node.getMetadata().getName(), CANNOT_ALLOCATE);
            }
            if (draCandidates.isEmpty()) {
                explained = nodeClaims;
            }
            draCandidates.add(node);
        }
        List<String> parts = new ArrayList<>();
        reasons.forEach((r, count) -> parts.add(count + " " + r));
        parts.sort(null);
        // the in-memory special claim counts as one of the pod's claims for DynamicResources' PostFilter
        String postFilter = podClaims.isEmpty() && !usesExtended ? "no new claims to deallocate"
                : "still not schedulable";
        String message = "0/" + n + " nodes are available: " + String.join(", ", parts) + ". " + postFilter + ", "
                + notHelpful;
        if (!draCandidates.isEmpty()) {
            String why = Explainer.explain(allocator, draCandidates, explained).toText().replace("\n\n", " ")
                    .replace('\n', ' ');
            if (!why.isBlank()) {
                message = message + " " + why;
            }
        }
        return Optional.of(message);
    }

    /** The non-DRA filters and the node selector of claims allocated already; null when the node passes. */
    private static String filter(Pod pod, Node node, List<ResourceClaim> podClaims) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return "node(s) were unschedulable";
        }
        if (!NodeMatching.matchesPod(pod, node)) {
            return "node(s) didn't match Pod's node affinity/selector";
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                if (("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                        && !tolerated(pod, t)) {
                    return "node(s) had untolerated taint(s)";
                }
            }
        }
        for (ResourceClaim c : podClaims) {
            if (PodClaims.allocated(c) && c.getStatus().getAllocation().getNodeSelector() != null
                    && !NodeMatching.matches(c.getStatus().getAllocation().getNodeSelector(), node)) {
                return "resourceclaim not available on the node";
            }
        }
        return null;
    }

    private static boolean tolerated(Pod pod, Taint t) {
        if (pod.getSpec().getTolerations() == null) {
            return false;
        }
        for (Toleration tol : pod.getSpec().getTolerations()) {
            boolean effect = tol.getEffect() == null || tol.getEffect().isEmpty() || tol.getEffect().equals(t.getEffect());
            boolean key = tol.getKey() == null || tol.getKey().isEmpty() || tol.getKey().equals(t.getKey());
            boolean value = "Exists".equals(tol.getOperator())
                    || (tol.getValue() == null ? "" : tol.getValue()).equals(t.getValue() == null ? "" : t.getValue());
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }

    /**
     * PreBind (the special claim created, finalizer, allocation, reservation, the pod's
     * {@code extendedResourceClaimStatus}) and bind.
     */
    private void bind(Pod pod, Node node, List<ResourceClaim> podClaims, List<AllocationResult> results,
                      AllocatedState state, ExtendedResources.NodeClaim special) {
        var ops = client.dynamicResourceAllocation().v1().resourceClaims()
                .inNamespace(pod.getMetadata().getNamespace());
        ResourceClaim created = null;
        if (special != null) {
            ResourceClaim claim = special.claim();
            claim.getMetadata().setName(names.generate(claim.getMetadata().getGenerateName()));
            claim.getMetadata().setUid(null);
            created = ops.resource(claim).create();
            podClaims = new ArrayList<>(podClaims);
            podClaims.add(created);
        }
        int next = 0;
        for (ResourceClaim c : podClaims) {
            AllocationResult allocation = null;
            if (!PodClaims.allocated(c)) {
                allocation = results.get(next++);
            } else if (PodClaims.reservedFor(c, pod.getMetadata().getUid())) {
                continue;
            }
            // PreBind edits the cached claim's tree: no fabric8 copy of the claim to make and convert back, twice
            String version = c.getMetadata().getResourceVersion();
            if (c.getMetadata().getFinalizers() == null
                    || !c.getMetadata().getFinalizers().contains(PodClaims.DELETE_PROTECTION)) {
                // at the version the pod was scheduled with; after a conflict once more on the newest one
                version = CachedWrites.edit(writes, TreeWrites.CLAIMS, cache.claims, c, false, body -> {
                    ArrayNode finalizers = ((ObjectNode) body.get("metadata")).withArray("finalizers");
                    for (JsonNode f : finalizers) {
                        if (PodClaims.DELETE_PROTECTION.equals(f.asString())) {
                            return;
                        }
                    }
                    finalizers.add(PodClaims.DELETE_PROTECTION);
                });
            }
            if (allocation != null) {
                state.add(PodClaims.key(c), allocation);
            }
            ObjectNode allocationTree = allocation == null ? null : writes.tree(allocation);
            writes.edit(TreeWrites.CLAIMS, cache.claims.tree(c), version, true, body -> {
                ObjectNode status = body.withObject("status");
                if (allocationTree != null) {
                    status.set("allocation", allocationTree);
                }
                status.withArray("reservedFor").addObject().put("resource", "pods")
                        .put("name", pod.getMetadata().getName()).put("uid", pod.getMetadata().getUid());
            });
        }
        if (created != null && !extendedResourceClaimStatus(pod, created, special)) {
            return; // the pod is gone: the garbage collector removes the claim
        }
        postBinding(pod, node.getMetadata().getName());
        events.record(pod, "Normal", "Scheduled", "Binding", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to "
                + node.getMetadata().getName(), SCHEDULER, null);
    }

    /** Records the special claim and its request mappings in the pod's status; false when the pod is gone. */
    private boolean extendedResourceClaimStatus(Pod pod, ResourceClaim claim, ExtendedResources.NodeClaim special) {
        PodExtendedResourceClaimStatus status = new PodExtendedResourceClaimStatus();
        status.setResourceClaimName(claim.getMetadata().getName());
        status.setRequestMappings(special.mappings());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(p -> {
                        p.getStatus().setExtendedResourceClaimStatus(status);
                        return p;
                    });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            return false;
        }
    }

    /** Removes the delete-protection finalizer of a special claim and deletes it ({@code deleteClaim}). */
    private void deleteClaim(ResourceClaim claim) {
        var ops = client.dynamicResourceAllocation().v1().resourceClaims()
                .inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName());
        try {
            if (claim.getMetadata().getFinalizers() != null
                    && claim.getMetadata().getFinalizers().contains(PodClaims.DELETE_PROTECTION)) {
                ops.edit(c -> {
                    List<String> f = new ArrayList<>(c.getMetadata().getFinalizers());
                    f.remove(PodClaims.DELETE_PROTECTION);
                    c.getMetadata().setFinalizers(f);
                    return c;
                });
            }
            ops.delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void postBinding(Pod pod, String node) {
        try {
            writes.bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void fail(Pod pod, String message) {
        events.record(pod, "Warning", "FailedScheduling", "Scheduling", message, SCHEDULER, null);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(p -> {
                        List<PodCondition> conditions = p.getStatus().getConditions() == null ? new ArrayList<>()
                                : new ArrayList<>(p.getStatus().getConditions());
                        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
                        PodCondition c = new PodCondition();
                        c.setType("PodScheduled");
                        c.setStatus("False");
                        c.setReason("Unschedulable");
                        c.setMessage(message);
                        c.setLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                        conditions.add(c);
                        p.getStatus().setConditions(conditions);
                        if (p.getStatus().getPhase() == null) {
                            p.getStatus().setPhase("Pending");
                        }
                        return p;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Node selection as {@code component-helpers/scheduling/corev1/nodeaffinity} matches it, for labels and name. */
    static final class NodeMatching {
        private NodeMatching() {
        }

        static boolean matchesPod(Pod pod, Node node) {
            Map<String, String> labels = labels(node);
            if (pod.getSpec().getNodeSelector() != null) {
                for (var e : pod.getSpec().getNodeSelector().entrySet()) {
                    if (!e.getValue().equals(labels.get(e.getKey()))) {
                        return false;
                    }
                }
            }
            var affinity = pod.getSpec().getAffinity();
            if (affinity != null && affinity.getNodeAffinity() != null
                    && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                return matches(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), node);
            }
            return true;
        }

        static boolean matches(io.fabric8.kubernetes.api.model.NodeSelector selector, Node node) {
            if (selector.getNodeSelectorTerms() == null || selector.getNodeSelectorTerms().isEmpty()) {
                return false;
            }
            for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
                if (matches(term, node)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(NodeSelectorTerm term, Node node) {
            boolean any = false;
            Map<String, String> labels = labels(node);
            if (term.getMatchExpressions() != null) {
                for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                    any = true;
                    if (!requirement(r, labels.get(r.getKey()))) {
                        return false;
                    }
                }
            }
            if (term.getMatchFields() != null) {
                for (NodeSelectorRequirement r : term.getMatchFields()) {
                    any = true;
                    String value = "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null;
                    if (!requirement(r, value)) {
                        return false;
                    }
                }
            }
            return any;
        }

        private static boolean requirement(NodeSelectorRequirement r, String value) {
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            switch (r.getOperator()) {
                case "In":
                    return value != null && values.contains(value);
                case "NotIn":
                    return value == null || !values.contains(value);
                case "Exists":
                    return value != null;
                case "DoesNotExist":
                    return value == null;
                case "Gt":
                case "Lt":
                    if (value == null || values.size() != 1) {
                        return false;
                    }
                    try {
                        long v = Long.parseLong(value);
                        long limit = Long.parseLong(values.get(0));
                        return "Gt".equals(r.getOperator()) ? v > limit : v < limit;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                default:
                    return false;
            }
        }

        private static Map<String, String> labels(Node node) {
            return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        }
    }
}
