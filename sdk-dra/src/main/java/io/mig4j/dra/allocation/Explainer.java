package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.DeviceView.CounterUse;
import io.mig4j.dra.allocation.Explanation.ClaimExplanation;
import io.mig4j.dra.allocation.Explanation.Finding;
import io.mig4j.dra.allocation.Explanation.Reason;
import io.mig4j.dra.allocation.Explanation.RequestExplanation;
import io.mig4j.dra.allocation.Pools.Pool;
import io.mig4j.dra.cel.CelRuntimeException;
import io.mig4j.dra.cel.CompilationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers "why not?" for claims the {@link Allocator} could not allocate, per request and per node: no such device
 * class; the class's or the request's selectors match nothing; matching devices are allocated (and to which
 * claims); shared counters are used up (which counter set, what is left, which allocated devices consume it);
 * capacity is used up; taints are not tolerated; a CEL error; the 32-device limit; a constraint that no choice
 * satisfies; or requests that fit one by one but not together. It looks at each request's candidates the way the
 * allocator does and asks the allocator what-if questions (the claim alone, the claim without constraints).
 */
public final class Explainer {
    private static final int LISTED = 5;

    private Explainer() {
    }

    /** Why the claims cannot be allocated together on this node; empty when they can. */
    public static Explanation explain(Allocator allocator, Node node, List<ResourceClaim> claims) {
        return explain(allocator, List.of(node), claims);
    }

    /**
     * Why the claims cannot be allocated together on any of these nodes; empty when they can on one of them.
     * Each request's paragraph says what stands in the way on every node, in the order given.
     */
    public static Explanation explain(Allocator allocator, List<Node> nodes, List<ResourceClaim> claims) {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(claims, "claims");
        for (Node node : nodes) {
            if (tryAllocate(allocator, node, claims)) {
                return Explanation.none();
            }
        }
        List<ClaimExplanation> result = new ArrayList<>();
        for (int c = 0; c < claims.size(); c++) {
            ResourceClaim claim = claims.get(c);
            List<DeviceRequest> requests = ClaimParts.requests(claim);
            List<List<Finding>> perRequest = new ArrayList<>();
            for (int r = 0; r < requests.size(); r++) {
                perRequest.add(new ArrayList<>());
            }
            String problem = claimProblem(claim);
            for (Node node : nodes) {
                List<Finding> findings = claimOnNode(allocator, node, claims, c);
                for (int r = 0; r < requests.size(); r++) {
                    perRequest.get(r).add(findings.get(r));
                }
            }
            List<RequestExplanation> reqs = new ArrayList<>();
            for (int r = 0; r < requests.size(); r++) {
                reqs.add(new RequestExplanation(requests.get(r).getName(), perRequest.get(r)));
            }
            result.add(new ClaimExplanation(Names.claim(claim), problem, reqs));
        }
        return new Explanation(result);
    }

    private static boolean tryAllocate(Allocator allocator, Node node, List<ResourceClaim> claims) {
        try {
            return allocator.allocate(node, claims).isPresent();
        } catch (AllocationException e) {
            return false;
        }
    }

    private static String claimProblem(ResourceClaim claim) {
        long min = 0;
        for (DeviceRequest r : ClaimParts.requests(claim)) {
            if (r.getFirstAvailable() != null && !r.getFirstAvailable().isEmpty()) {
                long m = Long.MAX_VALUE;
                for (DeviceSubRequest s : r.getFirstAvailable()) {
                    Request sub = Request.sub(s);
                    m = Math.min(m, Request.ALL.equals(sub.allocationMode()) ? 0 : sub.count());
                }
                min += m;
            } else {
                Request exact = Request.exact(r);
                min += Request.ALL.equals(exact.allocationMode()) ? 0 : exact.count();
            }
        }
        if (min > AllocationAttempt.MAX_RESULTS) {
            return "the claim asks for at least " + min + " devices, more than the limit of "
                    + AllocationAttempt.MAX_RESULTS + " devices per claim.";
        }
        return null;
    }

    /** One finding per request of claim {@code c} on the node. */
    private static List<Finding> claimOnNode(Allocator allocator, Node node, List<ResourceClaim> claims, int c) {
        ResourceClaim claim = claims.get(c);
        String nodeName = Names.name(node);
        List<DeviceRequest> requests = ClaimParts.requests(claim);
        List<Finding> findings = new ArrayList<>();
        boolean allFit = true;
        for (DeviceRequest r : requests) {
            Finding f = request(allocator, node, claim, r);
            findings.add(f);
            allFit &= f.reason() == Reason.FITS;
        }
        if (!allFit || requests.isEmpty()) {
            return findings;
        }
        // Every request fits alone: the combination is the problem.
        boolean claimAlone = tryAllocate(allocator, node, List.of(claim));
        List<Finding> out = new ArrayList<>();
        if (!claimAlone) {
            List<DeviceConstraint> constraints = ClaimParts.constraints(claim);
            boolean withoutConstraints = !constraints.isEmpty()
                    && tryAllocate(allocator, node, List.of(withoutConstraints(claim)));
            for (int r = 0; r < requests.size(); r++) {
                String name = requests.get(r).getName();
                if (withoutConstraints) {
                    List<String> names = new ArrayList<>();
                    for (DeviceConstraint dc : constraints) {
                        if (dc.getRequests() == null || dc.getRequests().isEmpty() || mentions(dc, name)) {
                            names.add(dc.getMatchAttribute() != null ? "matchAttribute " + dc.getMatchAttribute()
                                    : "distinctAttribute " + dc.getDistinctAttribute());
                        }
                    }
                    if (names.isEmpty()) {
                        out.add(findings.get(r));
                        continue;
                    }
                    out.add(new Finding(nodeName, Reason.CONSTRAINT_CONFLICT, "devices for each request exist, but "
                            + "no choice of them satisfies the claim's constraint" + (names.size() > 1 ? "s " : " ")
                            + String.join(", ", names) + ".", Map.of("constraints", names)));
                } else {
                    out.add(new Finding(nodeName, Reason.COMPETING_REQUESTS, "enough devices match this request "
                            + "alone, but not all requests of the claim together.", Map.of()));
                }
            }
            return out;
        }
        for (Finding f : findings) {
            List<String> others = new ArrayList<>();
            for (int o = 0; o < claims.size(); o++) {
                if (o != c) {
                    others.add(Names.claim(claims.get(o)));
                }
            }
            out.add(new Finding(nodeName, Reason.COMPETING_REQUESTS, "the claim fits alone, but not together with "
                    + "claim" + (others.size() > 1 ? "s " : " ") + String.join(", ", others) + ".",
                    Map.of("otherClaims", others)));
        }
        return out;
    }

    private static boolean mentions(DeviceConstraint dc, String request) {
        for (String r : dc.getRequests()) {
            if (r.equals(request) || r.startsWith(request + "/")) {
                return true;
            }
        }
        return false;
    }

    private static ResourceClaim withoutConstraints(ResourceClaim claim) {
        ResourceClaim copy = claim.toBuilder().build();
        copy.getSpec().setDevices(claim.getSpec().getDevices().toBuilder().withConstraints(new ArrayList<>()).build());
        return copy;
    }

    /** The finding for one top-level request; for {@code firstAvailable} the first alternative that fits wins. */
    private static Finding request(Allocator allocator, Node node, ResourceClaim claim, DeviceRequest r) {
        String nodeName = Names.name(node);
        Features f = allocator.features();
        List<DeviceSubRequest> subs = r.getFirstAvailable() == null ? List.of() : r.getFirstAvailable();
        if (subs.isEmpty()) {
            return one(allocator, node, claim, Request.exact(r), r.getName());
        }
        if (!f.prioritizedList()) {
            return new Finding(nodeName, Reason.INVALID_REQUEST, "the request has subrequests (firstAvailable), but "
                    + "the DRAPrioritizedList feature is disabled.", Map.of());
        }
        List<String> parts = new ArrayList<>();
        Reason first = null;
        List<Object> details = new ArrayList<>();
        for (DeviceSubRequest s : subs) {
            Finding sub = one(allocator, node, claim, Request.sub(s), r.getName() + "/" + s.getName());
            if (sub.reason() == Reason.FITS) {
                return sub;
            }
            first = first == null ? sub.reason() : first;
            parts.add("alternative " + s.getName() + ": " + sub.message());
            Map<String, Object> d = new LinkedHashMap<>(sub.details());
            d.put("subRequest", s.getName());
            d.put("reason", sub.reason().jsonName());
            details.add(d);
        }
        return new Finding(nodeName, first, "no alternative fits; " + String.join(" ", parts),
                Map.of("alternatives", details));
    }

    /** The finding for one request or subrequest considered alone. */
    private static Finding one(Allocator allocator, Node node, ResourceClaim claim, Request request, String name) {
        String nodeName = Names.name(node);
        Features f = allocator.features();
        String claimName = Names.claim(claim);
        if (!f.adminAccess() && request.hasAdminAccess()) {
            return new Finding(nodeName, Reason.INVALID_REQUEST, "admin access is requested, but the feature is "
                    + "disabled.", Map.of());
        }
        if (!f.consumableCapacity() && request.hasCapacity()) {
            return new Finding(nodeName, Reason.INVALID_REQUEST, "it has capacity requests, but the "
                    + "DRAConsumableCapacity feature is disabled.", Map.of());
        }
        if (request.deviceClassName().isEmpty()) {
            return new Finding(nodeName, Reason.INVALID_REQUEST, "the request names no device class.", Map.of());
        }
        DeviceClass deviceClass = allocator.snapshot().deviceClass(request.deviceClassName()).orElse(null);
        if (deviceClass == null) {
            return new Finding(nodeName, Reason.NO_DEVICE_CLASS, "device class " + request.deviceClassName()
                    + " does not exist.", Map.of("deviceClass", request.deviceClassName()));
        }
        String className = Names.name(deviceClass);
        String selectorProblem = compileProblem(allocator, ClaimParts.selectors(deviceClass), "class " + className)
                + compileProblem(allocator, request.selectors(), "claim " + claimName);
        if (!selectorProblem.isEmpty()) {
            return new Finding(nodeName, Reason.CEL_COMPILE_ERROR, selectorProblem.strip(), Map.of());
        }
        List<Pool> pools;
        try {
            pools = allocator.snapshot().pools(node, f);
        } catch (AllocationException e) {
            return new Finding(nodeName, Reason.INVALID_REQUEST, e.getMessage() + ".", Map.of());
        }
        Tally t = new Tally();
        List<String> poolNotes = new ArrayList<>();
        AllocatedState state = allocator.allocatedState();
        Counters counters = new Counters(allocator.availableCounters());
        for (Pool pool : pools) {
            if (pool.incomplete) {
                poolNotes.add("pool " + pool.id + " is incomplete (being updated)");
                continue;
            }
            if (pool.invalid) {
                poolNotes.add("pool " + pool.id + " is invalid (" + pool.invalidReason + ")");
                continue;
            }
            for (SliceView slice : pool.deviceSlicesTargetingNode) {
                for (DeviceView d : slice.devices) {
                    t.total++;
                    if (!f.deviceBindingAndStatus() && d.hasBindingConditions()) {
                        continue;
                    }
                    try {
                        if (!matches(allocator, d, ClaimParts.selectors(deviceClass), "class " + className)) {
                            continue;
                        }
                        t.classMatched++;
                        if (!matches(allocator, d, request.selectors(), "claim " + claimName)) {
                            continue;
                        }
                    } catch (CelRuntimeProblem e) {
                        return new Finding(nodeName, Reason.CEL_RUNTIME_ERROR, e.getMessage() + ".",
                                Map.of("device", d.id.toString()));
                    }
                    if (slice.perDeviceNodeSelection && !NodeSelection.matches(node, d.device.getNodeName(),
                            Boolean.TRUE.equals(d.device.getAllNodes()), d.device.getNodeSelector())) {
                        continue;
                    }
                    t.matched++;
                    classify(t, d, pool, request, f, state, counters);
                }
            }
        }
        return decide(nodeName, request, className, t, poolNotes);
    }

    /** Why a matching device is not free, or that it is. */
    private static void classify(Tally t, DeviceView d, Pool pool, Request request, Features f,
            AllocatedState state, Counters counters) {
        boolean multi = f.consumableCapacity() && d.allowMultipleAllocations;
        if (!request.adminAccess() && state.isFullyAllocated(d.id)) {
            t.allocated.add(d.id.device() + " (" + String.join(", ", state.holders(d.id).isEmpty()
                    ? List.of("an allocated claim") : state.holders(d.id)) + ")");
            return;
        }
        if (!f.partitionableDevices() && d.consumesCountersAtAll()) {
            t.featureOff.add(d.id.device());
            return;
        }
        if (f.partitionableDevices() && d.consumesCountersAtAll()
                && !(multi && state.hasConsumedCapacity(d.id))) {
            Map<String, Map<String, Quantity>> available = counters.available(pool, state);
            for (CounterUse use : d.consumesCounters()) {
                Map<String, Quantity> set = available.get(use.counterSet());
                for (Map.Entry<String, Quantity> need : use.counters().entrySet()) {
                    Quantity left = set == null ? null : set.get(need.getKey());
                    if (left != null && left.compareTo(need.getValue()) < 0) {
                        t.counterShort(d, pool, use.counterSet(), need.getKey(), left, need.getValue(), state);
                        return;
                    }
                }
            }
        }
        if (f.deviceTaints() && AllocationAttempt.taintPreventsAllocation(d, request)) {
            List<String> taints = new ArrayList<>();
            for (DeviceTaint taint : d.taints) {
                if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                        && !AllocationAttempt.tolerated(taint, request)) {
                    taints.add(taint.getKey() + (taint.getValue() == null || taint.getValue().isEmpty() ? ""
                            : "=" + taint.getValue()) + ":" + taint.getEffect());
                }
            }
            t.tainted.add(d.id.device() + " (" + String.join(", ", taints) + ")");
            return;
        }
        if (f.consumableCapacity() && Capacities.fits(state.consumedCapacity(d.id), request.capacityRequests(),
                d.capacity(), null) != Capacities.Fit.OK) {
            t.capacity.add(d.id.device());
            return;
        }
        t.free++;
    }

    private static Finding decide(String node, Request request, String className, Tally t, List<String> poolNotes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deviceClass", className);
        details.put("devicesOnNode", t.total);
        details.put("matchingClass", t.classMatched);
        details.put("matching", t.matched);
        details.put("free", t.free);
        String pools = poolNotes.isEmpty() ? "" : " Note: " + String.join("; ", poolNotes) + ".";
        if (!poolNotes.isEmpty()) {
            details.put("pools", poolNotes);
        }
        boolean all = Request.ALL.equals(request.allocationMode());
        long needed = all ? Math.max(1, t.matched) : request.count();
        details.put("needed", needed);
        if (t.total == 0) {
            return new Finding(node, poolNotes.isEmpty() ? Reason.NO_DEVICES : Reason.POOL_PROBLEM,
                    "no devices are published for this node in a usable resource pool." + pools, details);
        }
        if (t.classMatched == 0) {
            return new Finding(node, Reason.CLASS_SELECTOR_MATCHES_NOTHING, "device class " + className
                    + " matches none of the " + t.total + " devices." + pools, details);
        }
        if (t.matched == 0) {
            return new Finding(node, Reason.REQUEST_SELECTOR_MATCHES_NOTHING, "device class " + className
                    + " matches " + t.classMatched + " of the " + t.total + " devices, but the request's selectors"
                    + " match none of them." + pools, details);
        }
        if (all && !poolNotes.isEmpty()) {
            return new Finding(node, Reason.POOL_PROBLEM, "the request asks for all devices, but not all pools are"
                    + " usable." + pools, details);
        }
        boolean fits = all ? t.free == t.matched : t.free >= needed;
        String matched = (request.selectors().isEmpty() ? "device class " + className
                : "device class " + className + " and the request's selectors") + " match " + t.matched
                + " device" + (t.matched == 1 ? "" : "s") + ", " + t.free + " of them free";
        if (fits) {
            return new Finding(node, Reason.FITS, matched + "; the request fits alone.", details);
        }
        List<String> why = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        if (!t.allocated.isEmpty()) {
            reasons.add(Reason.ALLOCATED);
            why.add(t.allocated.size() + " allocated: " + listed(t.allocated));
            details.put("allocated", t.allocated);
        }
        if (!t.counters.isEmpty()) {
            reasons.add(Reason.COUNTERS_EXHAUSTED);
            why.add(t.counterDevices + " with shared counters used up: " + listed(new ArrayList<>(t.counters.values())));
            details.put("counters", new ArrayList<>(t.counterDetails.values()));
        }
        if (!t.tainted.isEmpty()) {
            reasons.add(Reason.TAINTS_NOT_TOLERATED);
            why.add(t.tainted.size() + " with taints the request does not tolerate: " + listed(t.tainted));
            details.put("tainted", t.tainted);
        }
        if (!t.capacity.isEmpty()) {
            reasons.add(Reason.CAPACITY_EXHAUSTED);
            why.add(t.capacity.size() + " without enough capacity left: " + listed(t.capacity));
            details.put("capacity", t.capacity);
        }
        if (!t.featureOff.isEmpty()) {
            reasons.add(Reason.INVALID_REQUEST);
            why.add(t.featureOff.size() + " consuming shared counters while DRAPartitionableDevices is off: "
                    + listed(t.featureOff));
        }
        Reason reason = reasons.size() == 1 ? reasons.get(0) : Reason.NOT_ENOUGH_DEVICES;
        String need = all ? "all of them are needed" : needed + " needed";
        return new Finding(node, reason, matched + " (" + need + "); " + String.join("; ", why) + "." + pools,
                details);
    }

    private static String listed(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }

    private static String compileProblem(Allocator allocator, List<DeviceSelector> selectors, String owner) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < selectors.size(); i++) {
            DeviceSelector s = selectors.get(i);
            if (s.getCel() == null || s.getCel().getExpression() == null) {
                sb.append(owner).append(": selector #").append(i)
                        .append(": CEL expression empty (unsupported selector type?). ");
                continue;
            }
            CompilationResult r = allocator.selectorCache().getOrCompile(s.getCel().getExpression());
            if (!r.isValid()) {
                sb.append(owner).append(": selector #").append(i).append(": CEL compile error: ")
                        .append(r.error().orElseThrow().detail()).append(' ');
            }
        }
        return sb.toString();
    }

    private static boolean matches(Allocator allocator, DeviceView d, List<DeviceSelector> selectors, String owner)
            throws CelRuntimeProblem {
        for (int i = 0; i < selectors.size(); i++) {
            CompilationResult r = allocator.selectorCache().getOrCompile(selectors.get(i).getCel().getExpression());
            try {
                if (!d.matches(r.selector())) {
                    return false;
                }
            } catch (CelRuntimeException e) {
                throw new CelRuntimeProblem(owner + ": selector #" + i + " on device " + d.id + ": CEL runtime error: "
                        + e.getMessage());
            }
        }
        return true;
    }

    /** A CEL runtime error met while explaining. */
    private static final class CelRuntimeProblem extends Exception {
        private static final long serialVersionUID = 1L;

        CelRuntimeProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** What was found among one request's devices. */
    private static final class Tally {
        int total;
        int classMatched;
        int matched;
        int free;
        final List<String> allocated = new ArrayList<>();
        final List<String> tainted = new ArrayList<>();
        final List<String> capacity = new ArrayList<>();
        final List<String> featureOff = new ArrayList<>();
        /** One sentence per counter that ran short, by counter set and counter. */
        final Map<String, String> counters = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> counterDetails = new LinkedHashMap<>();
        int counterDevices;

        void counterShort(DeviceView d, Pool pool, String set, String counter, Quantity left, Quantity needed,
                AllocatedState state) {
            counterDevices++;
            String key = pool.id + "/" + set + "/" + counter;
            if (counters.containsKey(key)) {
                return;
            }
            List<String> consumers = new ArrayList<>();
            Map<String, List<String>> holders = new HashMap<>();
            for (List<SliceView> slices : List.of(pool.deviceSlicesTargetingNode, pool.deviceSlicesNotTargetingNode)) {
                for (SliceView s : slices) {
                    for (DeviceView other : s.devices) {
                        if (!state.isAllocated(other.id)) {
                            continue;
                        }
                        for (CounterUse use : other.consumesCounters()) {
                            Quantity q = use.counterSet().equals(set) ? use.counters().get(counter) : null;
                            if (q != null && q.sign() > 0) {
                                List<String> h = state.holders(other.id);
                                consumers.add(other.id.device() + (h.isEmpty() ? "" : " (" + String.join(", ", h)
                                        + ")"));
                                holders.put(other.id.device(), h);
                            }
                        }
                    }
                }
            }
            counters.put(key, "counter set " + set + " has " + left + " " + counter + " left where " + d.id.device()
                    + " needs " + needed + (consumers.isEmpty() ? "" : ", consumed by allocated " + listed(consumers)));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("pool", pool.id.toString());
            detail.put("counterSet", set);
            detail.put("counter", counter);
            detail.put("left", left.toString());
            detail.put("needed", needed.toString());
            detail.put("device", d.id.device());
            detail.put("consumers", holders);
            counterDetails.put(key, detail);
        }
    }
}
