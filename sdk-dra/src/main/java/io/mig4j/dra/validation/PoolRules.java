package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCounterConsumption;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pool-level consistency as the scheduler's allocator checks it when it gathers pools ({@code pools_incubating.go}
 * in {@code structured/internal/} of kubernetes/dynamic-resource-allocation): only the newest generation counts, a
 * pool with fewer slices than {@code resourceSliceCount} is incomplete, duplicate device names or unknown counter
 * references make the pool invalid. The API server does not check these, so they are warnings.
 */
final class PoolRules {
    private PoolRules() {
    }

    static List<List<ValidationWarning>> check(List<ResourceSlice> slices, KubernetesVersion version) {
        List<List<ValidationWarning>> out = new ArrayList<>();
        Map<String, List<Integer>> pools = new LinkedHashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            out.add(new ArrayList<>());
            ResourceSlice s = slices.get(i);
            if (s.getSpec() == null || s.getSpec().getPool() == null) {
                continue;
            }
            String key = s.getSpec().getDriver() + "/" + s.getSpec().getPool().getName();
            pools.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> pool : pools.entrySet()) {
            checkPool(pool.getKey(), pool.getValue(), slices, out);
        }
        return out;
    }

    private static void checkPool(String name, List<Integer> members, List<ResourceSlice> slices,
                                  List<List<ValidationWarning>> out) {
        long generation = 0;
        for (int i : members) {
            generation = Math.max(generation, gen(slices.get(i)));
        }
        List<Integer> current = new ArrayList<>();
        for (int i : members) {
            if (gen(slices.get(i)) < generation) {
                out.get(i).add(new ValidationWarning("spec.pool.generation", "pool " + name + " has generation "
                        + generation + " elsewhere, so the scheduler ignores this slice of generation "
                        + gen(slices.get(i))));
            } else {
                current.add(i);
            }
        }
        for (int i : current) {
            Long count = slices.get(i).getSpec().getPool().getResourceSliceCount();
            if (count != null && count != current.size()) {
                out.get(i).add(new ValidationWarning("spec.pool.resourceSliceCount", "pool " + name + " says "
                        + count + " slices but " + current.size() + " of generation " + generation
                        + " are here: the scheduler treats an incomplete pool as unusable"));
            }
        }
        Map<String, Integer> deviceOwner = new HashMap<>();
        Map<String, Set<String>> counterSets = new HashMap<>();
        for (int i : current) {
            List<CounterSet> sets = slices.get(i).getSpec().getSharedCounters();
            for (int k = 0; sets != null && k < sets.size(); k++) {
                CounterSet cs = sets.get(k);
                if (counterSets.put(cs.getName(), cs.getCounters() == null ? Set.of() : cs.getCounters().keySet())
                        != null) {
                    out.get(i).add(new ValidationWarning("spec.sharedCounters[" + k + "].name", "counter set "
                            + FieldError.goQuote(cs.getName()) + " is defined more than once in pool " + name
                            + ", which makes the pool invalid"));
                }
            }
        }
        for (int i : current) {
            List<Device> devices = slices.get(i).getSpec().getDevices();
            for (int k = 0; devices != null && k < devices.size(); k++) {
                Device d = devices.get(k);
                Integer previous = deviceOwner.putIfAbsent(d.getName(), i);
                if (previous != null && previous != i) {
                    out.get(i).add(new ValidationWarning("spec.devices[" + k + "].name", "device "
                            + FieldError.goQuote(d.getName()) + " is published twice in pool " + name
                            + ", which makes the pool invalid"));
                }
                List<DeviceCounterConsumption> uses = d.getConsumesCounters();
                for (int u = 0; uses != null && u < uses.size(); u++) {
                    DeviceCounterConsumption c = uses.get(u);
                    Set<String> known = counterSets.get(c.getCounterSet());
                    String at = "spec.devices[" + k + "].consumesCounters[" + u + "]";
                    if (known == null) {
                        out.get(i).add(new ValidationWarning(at + ".counterSet", "counter set "
                                + FieldError.goQuote(c.getCounterSet()) + " is not published in pool " + name
                                + ", which makes the pool invalid"));
                    } else if (c.getCounters() != null) {
                        for (String counter : c.getCounters().keySet()) {
                            if (!known.contains(counter)) {
                                out.get(i).add(new ValidationWarning(at + ".counters[" + counter + "]", "counter "
                                        + FieldError.goQuote(counter) + " is not in counter set "
                                        + FieldError.goQuote(c.getCounterSet()) + ", which makes the pool invalid"));
                            }
                        }
                    }
                }
            }
        }
    }

    private static long gen(ResourceSlice s) {
        Long g = s.getSpec().getPool().getGeneration();
        return g == null ? 0 : g;
    }
}
