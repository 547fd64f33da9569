package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.DeviceView.CounterUse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the resource pools a node can use, as {@code GatherPools} in {@code pools_incubating.go}
 * (kubernetes/dynamic-resource-allocation) does: slices grouped by driver and pool, only the newest generation kept,
 * pools with missing slices marked incomplete (or dropped when a newer generation exists elsewhere), pools with
 * duplicate device names, duplicate counter sets or consumption of unknown counters marked invalid, pools ordered
 * by driver and pool name and their slices by name, pools with binding conditions last.
 */
final class Pools {
    private Pools() {
    }

    /** A pool's identity. */
    record PoolId(String driver, String pool) {
        @Override
        public String toString() {
            return driver + "/" + pool;
        }
    }

    /** One pool as the allocator uses it; immutable. */
    static final class Pool {
        final PoolId id;
        final boolean incomplete;
        final boolean invalid;
        final String invalidReason;
        final List<SliceView> deviceSlicesTargetingNode;
        final List<SliceView> deviceSlicesNotTargetingNode;
        /** Counter sets by name; empty unless partitionable devices are enabled. */
        final Map<String, Map<String, Quantity>> counterSets;

        Pool(PoolId id, boolean incomplete, boolean invalid, String invalidReason, List<SliceView> targeting,
                List<SliceView> notTargeting, Map<String, Map<String, Quantity>> counterSets) {
            this.id = id;
            this.incomplete = incomplete;
            this.invalid = invalid;
            this.invalidReason = invalidReason;
            this.deviceSlicesTargetingNode = targeting;
            this.deviceSlicesNotTargetingNode = notTargeting;
            this.counterSets = counterSets;
        }

        static Pool incomplete(PoolId id) {
            return new Pool(id, true, false, null, List.of(), List.of(), Map.of());
        }

        static Pool invalid(PoolId id, String reason) {
            return new Pool(id, false, true, reason, List.of(), List.of(), Map.of());
        }

        private volatile Map<String, List<DeviceView>> devicesByName;

        /** Every device of the pool (slices for this node and others) by name; built on first use. */
        Map<String, List<DeviceView>> devicesByName() {
            Map<String, List<DeviceView>> m = devicesByName;
            if (m == null) {
                m = new java.util.HashMap<>();
                for (List<SliceView> slices : List.of(deviceSlicesTargetingNode, deviceSlicesNotTargetingNode)) {
                    for (SliceView slice : slices) {
                        for (DeviceView d : slice.devices) {
                            m.computeIfAbsent(d.id.device(), k -> new java.util.ArrayList<>(1)).add(d);
                        }
                    }
                }
                devicesByName = m;
            }
            return m;
        }

        boolean hasBindingConditions() {
            for (SliceView s : deviceSlicesTargetingNode) {
                for (DeviceView d : s.devices) {
                    if (d.device.getBindingConditions() != null && !d.device.getBindingConditions().isEmpty()) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return id.toString();
        }
    }

    static List<Pool> gather(List<SliceView> slicesForNode, Node node, boolean partitionable,
            List<SliceView> allSlices) throws AllocationException {
        Map<PoolId, List<SliceView>> byPool = new LinkedHashMap<>();
        for (SliceView slice : slicesForNode) {
            if (!partitionable && (slice.perDeviceNodeSelectionSet || !slice.sharedCounters.isEmpty())) {
                continue;
            }
            boolean relevant;
            try {
                if (slice.hasNodeName() || slice.allNodes || slice.nodeSelector != null) {
                    relevant = NodeSelection.matches(node, slice.nodeName, slice.allNodes, slice.nodeSelector);
                } else if (slice.perDeviceNodeSelection) {
                    relevant = false;
                    for (DeviceView d : slice.devices) {
                        if (NodeSelection.matches(node, d.device.getNodeName(),
                                Boolean.TRUE.equals(d.device.getAllNodes()), d.device.getNodeSelector())) {
                            relevant = true;
                            break;
                        }
                    }
                } else {
                    // Some future node selection this allocator does not know: other pools may still do.
                    continue;
                }
            } catch (IllegalArgumentException e) {
                throw new AllocationException("gather pool information: failed to perform node selection for slice "
                        + slice.name + ": " + e.getMessage());
            }
            if (relevant) {
                add(byPool, slice);
            }
        }

        List<Pool> result = new ArrayList<>();
        List<Pool> withBindingConditions = new ArrayList<>();
        for (Map.Entry<PoolId, List<SliceView>> e : byPool.entrySet()) {
            PoolId id = e.getKey();
            List<SliceView> slices = e.getValue();
            Pool pool;
            if (slices.size() == slices.get(0).sliceCount) {
                pool = build(id, slices, partitionable, null);
            } else {
                List<SliceView> all = allSlicesOfGeneration(allSlices, id, slices.get(0).generation);
                if (all == null) {
                    // A newer generation exists on other nodes: the driver is replacing this one.
                    continue;
                }
                if (all.size() != slices.get(0).sliceCount) {
                    result.add(Pool.incomplete(id));
                    continue;
                }
                pool = build(id, slices, partitionable, all);
            }
            (pool.hasBindingConditions() ? withBindingConditions : result).add(pool);
        }
        Comparator<Pool> byId = Comparator.comparing((Pool p) -> p.id.driver()).thenComparing(p -> p.id.pool());
        result.sort(byId);
        withBindingConditions.sort(byId);
        result.addAll(withBindingConditions);
        return result;
    }

    private static void add(Map<PoolId, List<SliceView>> byPool, SliceView slice) {
        PoolId id = new PoolId(slice.driver, slice.pool);
        List<SliceView> slices = byPool.get(id);
        if (slices == null || slice.generation > slices.get(0).generation) {
            slices = new ArrayList<>();
            slices.add(slice);
            byPool.put(id, slices);
        } else if (slice.generation == slices.get(0).generation) {
            slices.add(slice);
        }
    }

    /** The slices of the pool at this generation, or null when some slice has a newer one ({@code checkSlicesInPool}). */
    private static List<SliceView> allSlicesOfGeneration(List<SliceView> allSlices, PoolId id, long generation) {
        List<SliceView> result = new ArrayList<>();
        for (SliceView s : allSlices) {
            if (!s.driver.equals(id.driver()) || !s.pool.equals(id.pool())) {
                continue;
            }
            if (s.generation == generation) {
                result.add(s);
            } else if (s.generation > generation) {
                return null;
            }
        }
        return result;
    }

    private static Pool build(PoolId id, List<SliceView> slices, boolean partitionable, List<SliceView> allSlices) {
        List<SliceView> sorted = new ArrayList<>(slices);
        sorted.sort(Comparator.comparing(s -> s.name));
        List<SliceView> deviceSlices = new ArrayList<>();
        List<SliceView> counterSlices = new ArrayList<>();
        List<SliceView> notTargeting = new ArrayList<>();
        for (SliceView s : sorted) {
            (partitionable && !s.sharedCounters.isEmpty() ? counterSlices : deviceSlices).add(s);
        }
        if (allSlices != null && sorted.size() < allSlices.size()) {
            Set<SliceView> targeting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            targeting.addAll(sorted);
            for (SliceView s : allSlices) {
                if (targeting.contains(s)) {
                    continue;
                }
                (partitionable && !s.sharedCounters.isEmpty() ? counterSlices : notTargeting).add(s);
            }
        }
        Set<String> names = new HashSet<>();
        for (SliceView s : deviceSlices) {
            for (DeviceView d : s.devices) {
                if (!names.add(d.name())) {
                    return Pool.invalid(id, "duplicate device name " + d.name());
                }
            }
        }
        if (!partitionable) {
            return new Pool(id, false, false, null, List.copyOf(deviceSlices), List.of(), Map.of());
        }
        Map<String, Map<String, Quantity>> counterSets = new LinkedHashMap<>();
        for (SliceView s : counterSlices) {
            for (Map.Entry<String, Map<String, Quantity>> cs : s.counterSets().entrySet()) {
                if (counterSets.containsKey(cs.getKey())) {
                    return Pool.invalid(id, "duplicate counter set name " + cs.getKey());
                }
                counterSets.put(cs.getKey(), cs.getValue());
            }
            if (s.counterSets().size() < s.sharedCounters.size()) {
                return Pool.invalid(id, "duplicate counter set name " + duplicateWithin(s));
            }
        }
        String problem = validateConsumption(counterSets, deviceSlices);
        if (problem == null) {
            problem = validateConsumption(counterSets, notTargeting);
        }
        if (problem != null) {
            return Pool.invalid(id, problem);
        }
        return new Pool(id, false, false, null, List.copyOf(deviceSlices), List.copyOf(notTargeting), counterSets);
    }

    private static String duplicateWithin(SliceView s) {
        Set<String> seen = new HashSet<>();
        for (var cs : s.sharedCounters) {
            if (!seen.add(cs.getName())) {
                return cs.getName();
            }
        }
        return "";
    }

    private static String validateConsumption(Map<String, Map<String, Quantity>> counterSets, List<SliceView> slices) {
        for (SliceView s : slices) {
            for (DeviceView d : s.devices) {
                for (CounterUse use : d.consumesCounters()) {
                    Map<String, Quantity> set = counterSets.get(use.counterSet());
                    if (set == null) {
                        return "counter set " + use.counterSet() + " not found";
                    }
                    for (String counter : use.counters().keySet()) {
                        if (!set.containsKey(counter)) {
                            return "counter " + counter + " not found in counter set " + use.counterSet();
                        }
                    }
                }
            }
        }
        return null;
    }
}
