package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.dra.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The devices already in use in a cluster: what the allocator must not hand out again ({@code AllocatedState} of
 * Kubernetes' scheduler API). Built from allocated claims as the scheduler gathers it
 * ({@code foreachAllocatedDevice} in {@code pkg/scheduler/framework/plugins/dynamicresources}): results with
 * {@code adminAccess} do not count; a result with a {@code shareID} is a share of a multi-allocatable device whose
 * {@code consumedCapacity} adds up per device; any other result makes the device fully allocated.
 *
 * <p>Also remembers which claims hold each device, for explanations.
 *
 * @implNote Not thread-safe. An {@link Allocator} reads it while allocating; add allocations between
 *           allocations, not during one, and create a new {@code Allocator} after changing it.
 */
public final class AllocatedState {
    private final Set<DeviceId> allocated = new HashSet<>();
    private final Set<SharedDevice> shared = new HashSet<>();
    private final Set<DeviceId> sharedDevices = new HashSet<>();
    private final Map<DeviceId, Map<String, Quantity>> consumedCapacity = new HashMap<>();
    private final Map<DeviceId, List<String>> holders = new HashMap<>();
    /** Names of the devices in use in any way, per pool: what consumes a pool's counters. */
    private final Map<Pools.PoolId, Set<String>> inUseByPool = new HashMap<>();
    /**
     * Counters left per pool after the devices in use, as last computed for a pool object of a snapshot; dropped
     * when a device of the pool comes into use. Saves allocators that follow one another (one per claim or pod)
     * from recomputing pools that did not change.
     */
    private final Map<Pools.PoolId, AvailableCounters> availableCounters =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record AvailableCounters(Pools.Pool pool, Map<String, Map<String, Quantity>> counters) {
    }

    /** A share of a multi-allocatable device. */
    record SharedDevice(DeviceId device, String shareId) {
    }

    /** Nothing allocated. */
    public AllocatedState() {
    }

    /** The state of the given allocated claims (claims without {@code status.allocation} are skipped). */
    public static AllocatedState of(Collection<ResourceClaim> claims) {
        AllocatedState state = new AllocatedState();
        for (ResourceClaim claim : claims) {
            if (claim.getStatus() != null && claim.getStatus().getAllocation() != null) {
                state.add(Names.claim(claim), claim.getStatus().getAllocation());
            }
        }
        return state;
    }

    /** Marks the devices of one claim's allocation as in use. */
    public AllocatedState add(String claimName, AllocationResult allocation) {
        Objects.requireNonNull(claimName, "claimName");
        if (allocation == null || allocation.getDevices() == null) {
            return this;
        }
        for (DeviceRequestAllocationResult r : allocation.getDevices().getResults()) {
            if (Boolean.TRUE.equals(r.getAdminAccess())) {
                continue;
            }
            DeviceId id = new DeviceId(r.getDriver(), r.getPool(), r.getDevice());
            holders.computeIfAbsent(id, k -> new ArrayList<>(1)).add(claimName);
            markInUse(id);
            if (r.getShareID() != null && !r.getShareID().isEmpty()) {
                shared.add(new SharedDevice(id, r.getShareID()));
                sharedDevices.add(id);
                if (r.getConsumedCapacity() != null && !r.getConsumedCapacity().isEmpty()) {
                    Map<String, Quantity> sum = consumedCapacity.computeIfAbsent(id, k -> new HashMap<>());
                    r.getConsumedCapacity().forEach((name, q) -> sum.merge(name, Quantity.fromFabric8(q),
                            Quantity::add));
                }
            } else {
                allocated.add(id);
            }
        }
        return this;
    }

    /** Marks a device as fully allocated (for tests and tools that know device IDs only). */
    public AllocatedState addDevice(DeviceId device) {
        allocated.add(Objects.requireNonNull(device, "device"));
        markInUse(device);
        return this;
    }

    /** Records capacity consumed by a share of a multi-allocatable device. */
    public AllocatedState addConsumedCapacity(DeviceId device, String shareId, Map<String, Quantity> capacity) {
        Objects.requireNonNull(device, "device");
        markInUse(device);
        if (shareId != null) {
            shared.add(new SharedDevice(device, shareId));
            sharedDevices.add(device);
        }
        Map<String, Quantity> sum = consumedCapacity.computeIfAbsent(device, k -> new HashMap<>());
        capacity.forEach((name, q) -> sum.merge(name, q, Quantity::add));
        return this;
    }

    private void markInUse(DeviceId id) {
        Pools.PoolId pool = new Pools.PoolId(id.driver(), id.pool());
        inUseByPool.computeIfAbsent(pool, k -> new HashSet<>()).add(id.device());
        availableCounters.remove(pool);
    }

    /** The counters left in the pool as computed before for this very pool object, null when unknown. */
    Map<String, Map<String, Quantity>> cachedAvailableCounters(Pools.Pool pool) {
        AvailableCounters cached = availableCounters.get(pool.id);
        return cached != null && cached.pool() == pool ? cached.counters() : null;
    }

    void cacheAvailableCounters(Pools.Pool pool, Map<String, Map<String, Quantity>> counters) {
        availableCounters.put(pool.id, new AvailableCounters(pool, counters));
    }

    /** The names of the pool's devices that are in use in any way ({@link #isAllocated}). */
    Set<String> inUseInPool(Pools.PoolId pool) {
        return inUseByPool.getOrDefault(pool, Set.of());
    }

    /** Whether the device is allocated as a whole (not as a share). */
    public boolean isFullyAllocated(DeviceId device) {
        return allocated.contains(device);
    }

    /**
     * Whether the device is in use in any way: fully, by a share, or with consumed capacity
     * ({@code IsDeviceAllocated}); such a device consumes its counters.
     */
    public boolean isAllocated(DeviceId device) {
        return allocated.contains(device) || sharedDevices.contains(device) || consumedCapacity.containsKey(device);
    }

    /** The capacity consumed on a multi-allocatable device by existing shares, null when none. */
    Map<String, Quantity> consumedCapacity(DeviceId device) {
        return consumedCapacity.get(device);
    }

    /** Whether any share has consumed capacity on this device. */
    boolean hasConsumedCapacity(DeviceId device) {
        return consumedCapacity.containsKey(device);
    }

    /** The claims ({@code namespace/name}) that hold the device, empty when unknown. */
    public List<String> holders(DeviceId device) {
        List<String> h = holders.get(device);
        return h == null ? List.of() : Collections.unmodifiableList(h);
    }

    /** The fully allocated devices. */
    public Set<DeviceId> allocatedDevices() {
        return Collections.unmodifiableSet(allocated);
    }

    /** The number of fully allocated devices. */
    public int size() {
        return allocated.size();
    }
}
