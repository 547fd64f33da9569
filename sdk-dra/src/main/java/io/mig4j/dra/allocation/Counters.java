package io.mig4j.dra.allocation;

import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.DeviceView.CounterUse;
import io.mig4j.dra.allocation.Pools.Pool;
import io.mig4j.dra.allocation.Pools.PoolId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared counters of partitionable devices ({@code checkAvailableCounters} and {@code deallocateCountersForDevice}
 * in {@code allocator_incubating.go}). What is available in a pool is its counter sets minus what already
 * allocated devices consume, counting every slice of the pool, also slices for other nodes; it is computed once per
 * {@link Allocator}. What the current attempt consumes is a running tally: a device is checked by adding its
 * consumption and comparing every counter of the pool, and undone by subtracting it again.
 */
final class Counters {
    private static final Quantity ZERO = Quantity.parse("0");

    private final Map<PoolId, Map<String, Map<String, Quantity>>> available;
    private final Map<PoolId, Map<String, Map<String, Quantity>>> consumed = new HashMap<>();

    Counters(Map<PoolId, Map<String, Map<String, Quantity>>> availableCache) {
        this.available = availableCache;
    }

    /** The pool's counters left after the devices that are already allocated. */
    Map<String, Map<String, Quantity>> available(Pool pool, AllocatedState state) {
        synchronized (available) {
            Map<String, Map<String, Quantity>> a = available.get(pool.id);
            if (a != null) {
                return a;
            }
        }
        Map<String, Map<String, Quantity>> result = new LinkedHashMap<>();
        pool.counterSets.forEach((set, counters) -> result.put(set, new LinkedHashMap<>(counters)));
        for (java.util.List<SliceView> slices : java.util.List.of(pool.deviceSlicesTargetingNode,
                pool.deviceSlicesNotTargetingNode)) {
            for (SliceView slice : slices) {
                for (DeviceView d : slice.devices) {
                    if (!d.consumesCountersAtAll() || !state.isAllocated(d.id)) {
                        continue;
                    }
                    for (CounterUse use : d.consumesCounters()) {
                        Map<String, Quantity> set = result.get(use.counterSet());
                        if (set == null) {
                            continue;
                        }
                        use.counters().forEach((name, q) -> set.computeIfPresent(name, (k, v) -> v.subtract(q)));
                    }
                }
            }
        }
        synchronized (available) {
            available.putIfAbsent(pool.id, result);
            return available.get(pool.id);
        }
    }

    /**
     * Adds the device's consumption to the attempt's tally; if any counter of the pool would go over what is
     * available, takes it back out and returns false.
     */
    boolean consume(Pool pool, DeviceView device, AllocatedState state) {
        Map<String, Map<String, Quantity>> avail = available(pool, state);
        Map<String, Map<String, Quantity>> tally = consumed.computeIfAbsent(pool.id, k -> new HashMap<>());
        for (CounterUse use : device.consumesCounters()) {
            Map<String, Quantity> set = tally.computeIfAbsent(use.counterSet(), k -> new HashMap<>());
            use.counters().forEach((name, q) -> set.merge(name, q, Quantity::add));
        }
        for (Map.Entry<String, Map<String, Quantity>> set : avail.entrySet()) {
            Map<String, Quantity> used = tally.get(set.getKey());
            for (Map.Entry<String, Quantity> counter : set.getValue().entrySet()) {
                Quantity u = used == null ? ZERO : used.getOrDefault(counter.getKey(), ZERO);
                if (counter.getValue().compareTo(u) < 0) {
                    release(pool, device);
                    return false;
                }
            }
        }
        return true;
    }

    /** Takes the device's consumption back out of the attempt's tally. */
    void release(Pool pool, DeviceView device) {
        Map<String, Map<String, Quantity>> tally = consumed.get(pool.id);
        if (tally == null) {
            return;
        }
        for (CounterUse use : device.consumesCounters()) {
            Map<String, Quantity> set = tally.get(use.counterSet());
            if (set != null) {
                use.counters().forEach((name, q) -> set.computeIfPresent(name, (k, v) -> v.subtract(q)));
            }
        }
    }

    /** What the attempt has consumed so far of a counter set (for explanations). */
    Map<String, Quantity> consumedSoFar(PoolId pool, String counterSet) {
        Map<String, Map<String, Quantity>> tally = consumed.get(pool);
        return tally == null || tally.get(counterSet) == null ? Map.of() : tally.get(counterSet);
    }
}
