package io.mig4j.dra.allocation;

import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.DeviceView.CounterUse;
import io.mig4j.dra.allocation.Pools.Pool;
import io.mig4j.dra.allocation.Pools.PoolId;
import java.math.BigDecimal;
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

    private final Map<PoolId, Map<String, Map<String, Quantity>>> available;
    /** What the attempt consumes, as exact decimals (cheaper to add up than quantities). */
    private final Map<PoolId, Map<String, Map<String, BigDecimal>>> consumed = new HashMap<>();
    private final Map<PoolId, Boolean> overcommitted = new HashMap<>();

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
        Map<String, Map<String, Quantity>> known = state.cachedAvailableCounters(pool);
        if (known != null) {
            synchronized (available) {
                available.putIfAbsent(pool.id, known);
                return available.get(pool.id);
            }
        }
        // Kubernetes walks every device of the pool, asks whether it is allocated and subtracts what it consumes;
        // walking the devices in use instead finds the same ones, and subtracting each counter's sum once gives
        // the same result.
        Map<String, Map<String, BigDecimal>> used = new HashMap<>();
        for (String name : state.inUseInPool(pool.id)) {
            for (DeviceView d : pool.devicesByName().getOrDefault(name, java.util.List.of())) {
                if (!d.consumesCountersAtAll()) {
                    continue;
                }
                for (CounterUse use : d.consumesCounters()) {
                    if (!pool.counterSets.containsKey(use.counterSet())) {
                        continue;
                    }
                    Map<String, BigDecimal> sums = used.computeIfAbsent(use.counterSet(), k -> new HashMap<>());
                    use.counters().forEach((n, q) -> sums.merge(n, q.toBigDecimal(), BigDecimal::add));
                }
            }
        }
        Map<String, Map<String, Quantity>> result = new LinkedHashMap<>(pool.counterSets);
        used.forEach((set, sums) -> {
            Map<String, Quantity> left = new LinkedHashMap<>(pool.counterSets.get(set));
            sums.forEach((n, sum) -> left.computeIfPresent(n, (k, v) -> v.subtract(Quantity.of(sum, v.format()))));
            result.put(set, left);
        });
        state.cacheAvailableCounters(pool, result);
        synchronized (available) {
            available.putIfAbsent(pool.id, result);
            return available.get(pool.id);
        }
    }

    /**
     * Adds the device's consumption to the attempt's tally; if any counter of the pool would go over what is
     * available, takes it back out and returns false.
     *
     * <p>Kubernetes compares every counter of the pool after each addition. Only the counters this device consumes
     * have grown, and every other one passed the same comparison when it last grew, so comparing those is enough,
     * except for a counter that is below zero already (allocated devices consuming more than the pool has): that
     * one fails every comparison, which {@link #overcommitted} remembers per pool.
     */
    boolean consume(Pool pool, DeviceView device, AllocatedState state) {
        Map<String, Map<String, Quantity>> avail = available(pool, state);
        if (overcommitted(pool.id, avail)) {
            return false;
        }
        Map<String, Map<String, BigDecimal>> tally = consumed.computeIfAbsent(pool.id, k -> new HashMap<>());
        for (CounterUse use : device.consumesCounters()) {
            Map<String, BigDecimal> set = tally.computeIfAbsent(use.counterSet(), k -> new HashMap<>());
            use.counters().forEach((name, q) -> set.merge(name, q.toBigDecimal(), BigDecimal::add));
        }
        for (CounterUse use : device.consumesCounters()) {
            Map<String, Quantity> availableSet = avail.get(use.counterSet());
            if (availableSet == null) {
                continue;
            }
            Map<String, BigDecimal> used = tally.get(use.counterSet());
            for (String name : use.counters().keySet()) {
                Quantity a = availableSet.get(name);
                if (a != null && a.toBigDecimal().compareTo(used.get(name)) < 0) {
                    release(pool, device);
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a counter of the pool is below zero before this attempt consumes anything. */
    private boolean overcommitted(PoolId pool, Map<String, Map<String, Quantity>> avail) {
        Boolean known = overcommitted.get(pool);
        if (known == null) {
            known = false;
            for (Map<String, Quantity> set : avail.values()) {
                for (Quantity q : set.values()) {
                    if (q.sign() < 0) {
                        known = true;
                    }
                }
            }
            overcommitted.put(pool, known);
        }
        return known;
    }

    /** Takes the device's consumption back out of the attempt's tally. */
    void release(Pool pool, DeviceView device) {
        Map<String, Map<String, BigDecimal>> tally = consumed.get(pool.id);
        if (tally == null) {
            return;
        }
        for (CounterUse use : device.consumesCounters()) {
            Map<String, BigDecimal> set = tally.get(use.counterSet());
            if (set != null) {
                use.counters().forEach((name, q) -> set.computeIfPresent(name, (k, v) -> v.subtract(q.toBigDecimal())));
            }
        }
    }
}
