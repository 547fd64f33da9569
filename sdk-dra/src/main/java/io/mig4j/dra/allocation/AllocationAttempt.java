package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.Constraints.Constraint;
import io.mig4j.dra.allocation.Pools.Pool;
import io.mig4j.dra.allocation.RequestData.Candidate;
import io.mig4j.dra.cel.CelRuntimeException;
import io.mig4j.dra.cel.CompilationResult;
import io.mig4j.dra.cel.CompiledSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of {@link Allocator#allocate}: the per-call state and the depth-first search with backtracking
 * ({@code allocator} and {@code allocateOne} in {@code allocator_incubating.go}, kubernetes/dynamic-resource-allocation,
 * master 3d03671). Claims are taken in order, then their requests, then for each needed device the pools, slices
 * and devices in order; the first complete solution wins. Within one request only combinations are tried, not
 * permutations (a device is only followed by devices after it).
 */
final class AllocationAttempt {
    /** {@code AllocationResultsMaxSize}: devices per claim. */
    static final int MAX_RESULTS = 32;
    static final int SUCCESS = 1;
    static final int FAILURE = 0;
    /** {@code errAllocationResultMaxSizeExceeded}: too many devices in one claim on this path. */
    static final int MAX_SIZE_EXCEEDED = -1;

    final Allocator allocator;
    final Features features;
    final Node node;
    final List<ResourceClaim> claims;
    final List<Pool> pools;
    /** [claim][request][subrequest]; a plain request has one entry. */
    final RequestData[][][] requests;
    final List<List<Constraint>> constraints = new ArrayList<>();
    final Counters counters;
    /** Devices picked in this attempt, and for which claims (multi-allocatable ones have no claims here). */
    final Map<DeviceId, List<Integer>> allocating = new HashMap<>();
    final Map<DeviceId, Map<String, Quantity>> allocatingCapacity = new HashMap<>();
    /** Shares of multi-allocatable devices picked in this attempt, per device. */
    final Map<DeviceId, Integer> allocatingShares = new HashMap<>();
    final List<List<DeviceResult>> results = new ArrayList<>();
    long invocations;

    /** One picked device. */
    record DeviceResult(RequestData request, DeviceView device, String shareId, Map<String, Quantity> consumed) {
    }

    AllocationAttempt(Allocator allocator, Node node, List<ResourceClaim> claims, List<Pool> pools) {
        this.allocator = allocator;
        this.features = allocator.features();
        this.node = node;
        this.claims = claims;
        this.pools = pools;
        this.requests = new RequestData[claims.size()][][];
        this.counters = new Counters(allocator.availableCounters());
        for (int i = 0; i < claims.size(); i++) {
            results.add(new ArrayList<>());
        }
    }

    // ------------------------------------------------------------------------------------------ preparation

    /** Validates every request and builds the constraints ({@code Allocate} before the search). */
    void prepare() throws AllocationException {
        for (int c = 0; c < claims.size(); c++) {
            ResourceClaim claim = claims.get(c);
            String claimName = Names.claim(claim);
            List<DeviceRequest> reqs = ClaimParts.requests(claim);
            requests[c] = new RequestData[reqs.size()][];
            int minDevices = 0;
            for (int r = 0; r < reqs.size(); r++) {
                DeviceRequest request = reqs.get(r);
                List<DeviceSubRequest> subs = request.getFirstAvailable() == null ? List.of()
                        : request.getFirstAvailable();
                if (!features.prioritizedList() && !subs.isEmpty()) {
                    throw new AllocationException("claim " + claimName + ", request " + request.getName()
                            + ": has subrequests, but the DRAPrioritizedList feature is disabled");
                }
                if (!features.consumableCapacity()) {
                    if (request.getExactly() != null && request.getExactly().getCapacity() != null) {
                        throw new AllocationException("claim " + claimName + ", request " + request.getName()
                                + ": has capacity requests, but the DRAConsumableCapacity feature is disabled");
                    }
                    for (DeviceSubRequest sub : subs) {
                        if (sub.getCapacity() != null) {
                            throw new AllocationException("claim " + claimName + ", subrequest " + sub.getName()
                                    + ": has capacity requests, but the DRAConsumableCapacity feature is disabled");
                        }
                    }
                }
                if (!subs.isEmpty()) {
                    Request parent = Request.exact(request);
                    requests[c][r] = new RequestData[subs.size()];
                    int min = Integer.MAX_VALUE;
                    for (int s = 0; s < subs.size(); s++) {
                        RequestData data = new RequestData(c, r, s, Request.sub(subs.get(s)), parent);
                        validate(data, claimName);
                        requests[c][r][s] = data;
                        min = Math.min(min, data.numDevices);
                    }
                    minDevices += min;
                } else {
                    RequestData data = new RequestData(c, r, 0, Request.exact(request), null);
                    validate(data, claimName);
                    requests[c][r] = new RequestData[] {data};
                    minDevices += data.numDevices;
                }
            }
            if (minDevices > MAX_RESULTS) {
                throw new AllocationException("claim " + claimName + ": number of requested devices " + minDevices
                        + " exceeds the claim limit of " + MAX_RESULTS);
            }
            List<Constraint> cs = new ArrayList<>();
            List<DeviceConstraint> specConstraints = ClaimParts.constraints(claim);
            for (int i = 0; i < specConstraints.size(); i++) {
                DeviceConstraint dc = specConstraints.get(i);
                if (dc.getMatchAttribute() != null) {
                    cs.add(new Constraints.MatchAttribute(dc.getRequests(), dc.getMatchAttribute(),
                            features.listTypeAttributes()));
                } else if (dc.getDistinctAttribute() != null) {
                    cs.add(new Constraints.DistinctAttribute(dc.getRequests(), dc.getDistinctAttribute(),
                            features.listTypeAttributes()));
                } else {
                    throw new AllocationException("claim " + claimName + ", constraint #" + i
                            + ": empty constraint (unsupported constraint type?)");
                }
            }
            constraints.add(cs);
        }
    }

    /** {@code validateDeviceRequest}. */
    private void validate(RequestData data, String claimName) throws AllocationException {
        Request request = data.request;
        List<DeviceSelector> selectors = request.selectors();
        for (int i = 0; i < selectors.size(); i++) {
            if (selectors.get(i).getCel() == null) {
                throw new AllocationException("claim " + claimName + ", request " + request.name() + ", selector #" + i
                        + ": CEL expression empty (unsupported selector type?)");
            }
        }
        if (!features.adminAccess() && request.hasAdminAccess()) {
            throw new AllocationException("claim " + claimName + ", request " + request.name()
                    + ": admin access is requested, but the feature is disabled");
        }
        if (request.deviceClassName().isEmpty()) {
            throw new AllocationException("claim " + claimName + ", request " + request.name()
                    + ": missing device class name (unsupported request type?)");
        }
        DeviceClass deviceClass = allocator.snapshot().deviceClass(request.deviceClassName()).orElse(null);
        if (deviceClass == null) {
            throw new AllocationException("claim " + claimName + ", request " + request.name()
                    + ": could not retrieve device class " + request.deviceClassName()
                    + ": deviceclass.resource.k8s.io \"" + request.deviceClassName() + "\" not found");
        }
        data.deviceClass = deviceClass;
        switch (request.allocationMode()) {
            case Request.EXACT_COUNT:
                if (request.count() > Integer.MAX_VALUE) {
                    throw new AllocationException("claim " + claimName + ", request " + request.name()
                            + ": exact count " + request.count() + " is too large");
                }
                data.numDevices = (int) request.count();
                break;
            case Request.ALL:
                data.startAllDevices();
                for (Pool pool : pools) {
                    if (pool.incomplete) {
                        throw new AllocationException("claim " + claimName + ", request " + request.name()
                                + ": asks for all devices, but resource pool " + pool.id + " is currently being updated");
                    }
                    if (pool.invalid) {
                        throw new AllocationException("claim " + claimName + ", request " + request.name()
                                + ": asks for all devices, but resource pool " + pool.id + " is currently invalid");
                    }
                    for (SliceView slice : pool.deviceSlicesTargetingNode) {
                        for (DeviceView device : slice.devices) {
                            if (!isSelectable(data, device)) {
                                continue;
                            }
                            if (features.consumableCapacity()
                                    && capacityFit(data.request, device) != Capacities.Fit.OK) {
                                continue;
                            }
                            data.allDevices.add(new Candidate(device, pool));
                        }
                    }
                }
                data.numDevices = data.allDevices.size();
                break;
            default:
                throw new AllocationException("claim " + claimName + ", request " + request.name()
                        + ": unsupported count mode " + request.allocationMode());
        }
    }

    // ------------------------------------------------------------------------------------------ search

    /** Runs the search from the beginning; true when every claim got its devices. */
    boolean search() throws AllocationException {
        return allocateOne(0, 0, 0, 0, false, 0, 0, 0) == SUCCESS;
    }

    /**
     * Allocates the {@code deviceIndex}-th device of a request, then recurses for the rest; returns
     * {@link #SUCCESS}, {@link #FAILURE} or {@link #MAX_SIZE_EXCEEDED}. {@code allocateSubRequest} is true while
     * working on one particular subrequest; the start location makes a request try devices only after the one it
     * picked before.
     */
    int allocateOne(int claimIndex, int requestIndex, int subIndex, int deviceIndex, boolean allocateSubRequest,
            int poolStart, int sliceStart, int deviceStart) throws AllocationException {
        invocations++;
        allocator.checkDeadline();
        if (claimIndex >= claims.size()) {
            return SUCCESS;
        }
        RequestData[][] claimRequests = requests[claimIndex];
        if (requestIndex >= claimRequests.length) {
            int status = allocateOne(claimIndex + 1, 0, 0, 0, false, 0, 0, 0);
            // Another subrequest of an earlier claim may need fewer devices: not a reason to stop everything.
            return status == MAX_SIZE_EXCEEDED ? FAILURE : status;
        }
        RequestData data = claimRequests[requestIndex][subIndex];
        if (!allocateSubRequest && data.parent != null) {
            boolean allExceeded = true;
            for (int s = 0; s < claimRequests[requestIndex].length; s++) {
                int status = allocateOne(claimIndex, requestIndex, s, deviceIndex, true, 0, 0, 0);
                if (status == MAX_SIZE_EXCEEDED) {
                    continue;
                }
                allExceeded = false;
                if (status == SUCCESS) {
                    claimRequests[requestIndex][0].selectedSubRequestIndex = s;
                    return SUCCESS;
                }
            }
            return allExceeded ? MAX_SIZE_EXCEEDED : FAILURE;
        }
        boolean all = data.allMode();
        if (all && data.allDevices.isEmpty()) {
            return FAILURE;
        }
        if (deviceIndex >= data.numDevices) {
            return allocateOne(claimIndex, requestIndex + 1, 0, 0, false, 0, 0, 0);
        }
        if (results.get(claimIndex).size() + data.numDevices - deviceIndex > MAX_RESULTS) {
            return MAX_SIZE_EXCEEDED;
        }
        if (all) {
            Candidate candidate = data.allDevices.get(deviceIndex);
            Runnable undo = allocateDevice(data, candidate.device(), candidate.pool(), true);
            if (undo == null) {
                return FAILURE;
            }
            int status;
            try {
                status = allocateOne(claimIndex, requestIndex, subIndex, deviceIndex + 1, allocateSubRequest, 0, 0, 0);
            } catch (AllocationException | RuntimeException e) {
                undo.run();
                throw e;
            }
            if (status != SUCCESS) {
                undo.run();
            }
            return status;
        }
        Request request = data.request;
        for (int p = poolStart; p < pools.size(); p++) {
            Pool pool = pools.get(p);
            if (pool.incomplete || pool.invalid) {
                continue;
            }
            List<SliceView> slices = pool.deviceSlicesTargetingNode;
            for (int s = p == poolStart ? sliceStart : 0; s < slices.size(); s++) {
                List<DeviceView> devices = slices.get(s).devices;
                for (int d = p == poolStart && s == sliceStart ? deviceStart : 0; d < devices.size(); d++) {
                    DeviceView device = devices.get(d);
                    if (request.adminAccess() ? allocatingForClaim(device.id, claimIndex) : inUse(device.id)) {
                        continue;
                    }
                    if (!isSelectable(data, device)) {
                        continue;
                    }
                    if (features.consumableCapacity() && capacityFit(request, device) != Capacities.Fit.OK) {
                        continue;
                    }
                    Runnable undo = allocateDevice(data, device, pool, false);
                    if (undo == null) {
                        continue;
                    }
                    int status;
                    try {
                        status = allocateOne(claimIndex, requestIndex, subIndex, deviceIndex + 1, allocateSubRequest,
                                p, s, d + 1);
                    } catch (AllocationException | RuntimeException e) {
                        undo.run();
                        throw e;
                    }
                    if (status == SUCCESS) {
                        return SUCCESS;
                    }
                    undo.run();
                    if (status == MAX_SIZE_EXCEEDED) {
                        return MAX_SIZE_EXCEEDED;
                    }
                }
            }
        }
        return FAILURE;
    }

    private int devicesOnNode = -1;

    /** How many devices the node's pools offer (sizes the per-request match caches). */
    private int devicesOnNode() {
        if (devicesOnNode < 0) {
            int n = 0;
            for (Pool pool : pools) {
                for (SliceView slice : pool.deviceSlicesTargetingNode) {
                    n += slice.devices.size();
                }
            }
            devicesOnNode = Math.max(n, 4);
        }
        return devicesOnNode;
    }

    /** Whether the device matches the class's and the request's selectors and, per device, the node. */
    boolean isSelectable(RequestData data, DeviceView device) throws AllocationException {
        if (!features.deviceBindingAndStatus() && device.hasBindingConditions()) {
            return false;
        }
        if (data.matches == null) {
            data.matches = new java.util.IdentityHashMap<>(devicesOnNode());
        }
        Boolean cached = data.matches.get(device);
        if (cached != null) {
            return cached;
        }
        boolean match = selectorsMatch(data, device, true) && selectorsMatch(data, device, false);
        if (match && device.slice.perDeviceNodeSelection) {
            try {
                match = NodeSelection.matches(node, device.device.getNodeName(),
                        Boolean.TRUE.equals(device.device.getAllNodes()), device.device.getNodeSelector());
            } catch (IllegalArgumentException e) {
                throw new AllocationException("failed to parse node selector of device " + device.id + ": "
                        + e.getMessage());
            }
        }
        data.matches.put(device, match);
        return match;
    }

    private boolean selectorsMatch(RequestData data, DeviceView device, boolean ofClass) throws AllocationException {
        List<DeviceSelector> selectors = ofClass ? ClaimParts.selectors(data.deviceClass) : data.request.selectors();
        if (selectors.isEmpty()) {
            return true;
        }
        CompiledSelector[] compiled = ofClass ? data.classSelectors : data.requestSelectors;
        if (compiled == null) {
            compiled = new CompiledSelector[selectors.size()];
            if (ofClass) {
                data.classSelectors = compiled;
            } else {
                data.requestSelectors = compiled;
            }
        }
        for (int i = 0; i < selectors.size(); i++) {
            CompiledSelector selector = compiled[i];
            if (selector == null) {
                DeviceSelector s = selectors.get(i);
                if (s.getCel() == null || s.getCel().getExpression() == null) {
                    throw new AllocationException(owner(data, ofClass) + ": selector #" + i
                            + ": CEL expression empty (unsupported selector type?)");
                }
                CompilationResult result = allocator.selectorCache().getOrCompile(s.getCel().getExpression());
                if (!result.isValid()) {
                    throw new AllocationException(owner(data, ofClass) + ": selector #" + i + ": CEL compile error: "
                            + result.error().orElseThrow().detail());
                }
                selector = result.selector();
                compiled[i] = selector;
            }
            boolean matches;
            try {
                matches = device.matches(selector);
            } catch (CelRuntimeException e) {
                throw new AllocationException(owner(data, ofClass) + ": selector #" + i + " on device " + device.id
                        + ": CEL runtime error: " + e.getMessage());
            }
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private String owner(RequestData data, boolean ofClass) {
        return ofClass ? "class " + Names.name(data.deviceClass) : "claim " + Names.claim(claims.get(data.claimIndex));
    }

    /** Kubernetes' {@code CmpRequestOverCapacity} for a device, counting existing shares and this attempt. */
    Capacities.Fit capacityFit(Request request, DeviceView device) {
        return Capacities.fits(allocator.allocatedState().consumedCapacity(device.id), request.capacityRequests(),
                device.capacity(), allocatingCapacity.get(device.id));
    }

    /**
     * Checks availability, counters, taints and constraints for one candidate and, when it fits, records it.
     * Returns how to undo that, or null when the device cannot be used. With {@code must} (devices of an
     * {@code All} request) a violated constraint is an error, as in Kubernetes.
     *
     * <p>Whatever a rejected candidate reserved (counters, constraint entries, the in-use mark) is given back at
     * once, and the undo of an accepted one gives back everything, counters of multi-allocatable devices included:
     * Kubernetes' fix for leaked reservations (kubernetes/kubernetes#140436, PR #140431, in master and 1.36).
     */
    Runnable allocateDevice(RequestData data, DeviceView device, Pool pool, boolean must)
            throws AllocationException {
        int claimIndex = data.claimIndex;
        Request request = data.request;
        boolean multi = features.consumableCapacity() && device.allowMultipleAllocations;
        if (!multi && request.adminAccess() && allocatingForClaim(device.id, claimIndex)) {
            return null;
        }
        if (!request.adminAccess() && inUse(device.id)) {
            return null;
        }
        if (!features.partitionableDevices() && device.consumesCountersAtAll()) {
            return null;
        }
        boolean skipCounters = multi && capacityInUse(device.id);
        boolean countersReserved = false;
        if (!skipCounters && device.consumesCountersAtAll()) {
            if (!counters.consume(pool, device, allocator.allocatedState())) {
                return null;
            }
            countersReserved = true;
        }
        Reservation reservation = new Reservation(data, device, pool, countersReserved);
        if (features.deviceTaints() && taintPreventsAllocation(device, request)) {
            reservation.rollback();
            return null;
        }
        List<Constraint> claimConstraints = constraints.get(claimIndex);
        for (Constraint c : claimConstraints) {
            if (!c.add(data.baseName(), data.subName(), device)) {
                reservation.rollback();
                if (must) {
                    throw new AllocationException("claim " + Names.claim(claims.get(claimIndex)) + ", request "
                            + request.name() + ": cannot add device " + device.id
                            + " because a claim constraint would not be satisfied");
                }
                return null;
            }
            reservation.constraintsAdded++;
        }
        if (!multi) {
            allocating.computeIfAbsent(device.id, k -> new ArrayList<>(1)).add(claimIndex);
            reservation.marked = true;
        }
        if (features.consumableCapacity()) {
            if (capacityFit(request, device) != Capacities.Fit.OK) {
                reservation.rollback();
                return null;
            }
            if (multi) {
                reservation.consumed = Capacities.consumedBy(request.capacityRequests(), device.capacity());
                reservation.shareId = allocator.newShareId();
                Capacities.addInto(allocatingCapacity.computeIfAbsent(device.id, k -> new HashMap<>()),
                        reservation.consumed);
                allocatingShares.merge(device.id, 1, Integer::sum);
                reservation.shared = true;
            }
        }
        List<DeviceResult> claimResults = results.get(claimIndex);
        reservation.previousResults = claimResults.size();
        claimResults.add(new DeviceResult(data, device, reservation.shareId, reservation.consumed));
        return reservation::rollback;
    }

    /** What one candidate reserved, and how to give it back. */
    private final class Reservation {
        final RequestData data;
        final DeviceView device;
        final Pool pool;
        final boolean countersReserved;
        int constraintsAdded;
        boolean marked;
        boolean shared;
        String shareId;
        Map<String, Quantity> consumed;
        int previousResults = -1;

        Reservation(RequestData data, DeviceView device, Pool pool, boolean countersReserved) {
            this.data = data;
            this.device = device;
            this.pool = pool;
            this.countersReserved = countersReserved;
        }

        void rollback() {
            List<Constraint> claimConstraints = constraints.get(data.claimIndex);
            for (int i = 0; i < constraintsAdded; i++) {
                claimConstraints.get(i).remove(data.baseName(), data.subName(), device);
            }
            if (marked) {
                allocating.get(device.id).remove(Integer.valueOf(data.claimIndex));
            }
            if (shared) {
                Map<String, Quantity> m = allocatingCapacity.get(device.id);
                Capacities.subtractFrom(m, consumed);
                // Another share of the device still in this attempt keeps the "capacity in use" mark.
                if (allocatingShares.merge(device.id, -1, Integer::sum) <= 0) {
                    allocatingShares.remove(device.id);
                    allocatingCapacity.remove(device.id);
                }
            }
            if (countersReserved) {
                counters.release(pool, device);
            }
            if (previousResults >= 0) {
                List<DeviceResult> claimResults = results.get(data.claimIndex);
                while (claimResults.size() > previousResults) {
                    claimResults.remove(claimResults.size() - 1);
                }
            }
        }
    }

    static boolean taintPreventsAllocation(DeviceView device, Request request) {
        for (DeviceTaint taint : device.taints) {
            String effect = taint.getEffect();
            if (("NoSchedule".equals(effect) || "NoExecute".equals(effect)) && !tolerated(taint, request)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ToleratesTaint} in {@code resourceclaim/devicetoleration.go}. */
    static boolean tolerated(DeviceTaint taint, Request request) {
        for (DeviceToleration t : request.tolerations()) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
                continue;
            }
            String op = t.getOperator() == null ? "" : t.getOperator();
            if (op.isEmpty() || op.equals("Equal")) {
                if (String.valueOf(t.getValue() == null ? "" : t.getValue())
                        .equals(taint.getValue() == null ? "" : taint.getValue())) {
                    return true;
                }
            } else if (op.equals("Exists")) {
                return true;
            }
        }
        return false;
    }

    boolean inUse(DeviceId id) {
        if (allocator.allocatedState().isFullyAllocated(id)) {
            return true;
        }
        List<Integer> holders = allocating.get(id);
        return holders != null && !holders.isEmpty();
    }

    private boolean allocatingForClaim(DeviceId id, int claimIndex) {
        List<Integer> holders = allocating.get(id);
        return holders != null && holders.contains(claimIndex);
    }

    private boolean capacityInUse(DeviceId id) {
        return allocator.allocatedState().hasConsumedCapacity(id) || allocatingCapacity.containsKey(id);
    }
}
