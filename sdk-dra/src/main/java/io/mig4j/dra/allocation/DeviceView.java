package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequestPolicy;
import io.fabric8.kubernetes.api.model.resource.v1.Counter;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCounterConsumption;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.cel.CelDevice;
import io.mig4j.dra.cel.CelRuntimeException;
import io.mig4j.dra.cel.CompiledSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One device of a {@link SliceView}: its ID, its fields, and what the allocator derives from it once (the CEL view,
 * parsed capacities and counter consumption, and the results of selectors, which depend only on the device).
 */
final class DeviceView {
    final SliceView slice;
    final int index;
    final Device device;
    final DeviceId id;
    final boolean allowMultipleAllocations;
    final boolean bindsToNode;
    final List<DeviceTaint> taints;
    final List<String> bindingConditions;
    final List<String> bindingFailureConditions;
    private volatile CelDevice cel;
    private volatile Map<String, CapacityView> capacity;
    private volatile List<CounterUse> consumesCounters;
    /** Selector results by selector; selectors are pure functions of the device, so a result never changes. */
    /** Results of the first selectors seen, as (selector, Boolean) pairs, scanned by identity; then the map. */
    private volatile Object[] firstResults = new Object[0];
    private final Map<CompiledSelector, Boolean> selectorResults = new ConcurrentHashMap<>(4);
    private static final int FIRST_RESULTS = 16;

    /** A consumption of counters from one counter set. */
    record CounterUse(String counterSet, Map<String, Quantity> counters) {
    }

    /** A capacity with its request policy. */
    record CapacityView(Quantity value, Quantity policyDefault, List<Quantity> validValues, Quantity rangeMin,
            Quantity rangeMax, Quantity rangeStep, boolean hasPolicy, boolean hasRange) {
    }

    DeviceView(SliceView slice, int index, Device device) {
        this.slice = slice;
        this.index = index;
        this.device = device;
        this.id = new DeviceId(slice.driver, slice.pool, device.getName() == null ? "" : device.getName());
        this.allowMultipleAllocations = Boolean.TRUE.equals(device.getAllowMultipleAllocations());
        this.bindsToNode = Boolean.TRUE.equals(device.getBindsToNode());
        this.taints = device.getTaints() == null ? List.of() : device.getTaints();
        this.bindingConditions = device.getBindingConditions() == null ? List.of() : device.getBindingConditions();
        this.bindingFailureConditions = device.getBindingFailureConditions() == null ? List.of()
                : device.getBindingFailureConditions();
    }

    String name() {
        return id.device();
    }

    boolean hasBindingConditions() {
        return !bindingConditions.isEmpty();
    }

    boolean consumesCountersAtAll() {
        return device.getConsumesCounters() != null && !device.getConsumesCounters().isEmpty();
    }

    CelDevice cel() {
        CelDevice c = cel;
        if (c == null) {
            c = CelDevice.of(slice.driver, device);
            cel = c;
        }
        return c;
    }

    /** Evaluates a selector, remembering the result (errors are not remembered, they abort the attempt). */
    boolean matches(CompiledSelector selector) throws CelRuntimeException {
        Object[] first = firstResults;
        for (int i = 0; i < first.length; i += 2) {
            if (first[i] == selector) {
                return (Boolean) first[i + 1];
            }
        }
        Boolean cached = first.length < 2 * FIRST_RESULTS ? null : selectorResults.get(selector);
        if (cached != null) {
            return cached;
        }
        boolean result = selector.matches(cel());
        synchronized (this) {
            Object[] current = firstResults;
            if (current.length < 2 * FIRST_RESULTS) {
                Object[] more = java.util.Arrays.copyOf(current, current.length + 2);
                more[current.length] = selector;
                more[current.length + 1] = result;
                firstResults = more;
            } else {
                selectorResults.put(selector, result);
            }
        }
        return result;
    }

    List<CounterUse> consumesCounters() {
        List<CounterUse> uses = consumesCounters;
        if (uses == null) {
            uses = new ArrayList<>();
            if (device.getConsumesCounters() != null) {
                for (DeviceCounterConsumption c : device.getConsumesCounters()) {
                    Map<String, Quantity> counters = new LinkedHashMap<>();
                    if (c.getCounters() != null) {
                        for (Map.Entry<String, Counter> e : c.getCounters().entrySet()) {
                            counters.put(e.getKey(), quantity(e.getValue() == null ? null : e.getValue().getValue()));
                        }
                    }
                    uses.add(new CounterUse(c.getCounterSet(), Collections.unmodifiableMap(counters)));
                }
            }
            uses = Collections.unmodifiableList(uses);
            consumesCounters = uses;
        }
        return uses;
    }

    Map<String, CapacityView> capacity() {
        Map<String, CapacityView> caps = capacity;
        if (caps == null) {
            caps = new LinkedHashMap<>();
            if (device.getCapacity() != null) {
                for (Map.Entry<String, DeviceCapacity> e : device.getCapacity().entrySet()) {
                    caps.put(e.getKey(), capacityView(e.getValue()));
                }
            }
            caps = Collections.unmodifiableMap(caps);
            capacity = caps;
        }
        return caps;
    }

    private static CapacityView capacityView(DeviceCapacity c) {
        Quantity value = quantity(c == null ? null : c.getValue());
        CapacityRequestPolicy p = c == null ? null : c.getRequestPolicy();
        if (p == null) {
            return new CapacityView(value, null, List.of(), null, null, null, false, false);
        }
        List<Quantity> valid = new ArrayList<>();
        if (p.getValidValues() != null) {
            p.getValidValues().forEach(v -> valid.add(quantity(v)));
        }
        boolean hasRange = p.getValidRange() != null;
        return new CapacityView(value, p.getDefault() == null ? null : quantity(p.getDefault()),
                Collections.unmodifiableList(valid),
                hasRange && p.getValidRange().getMin() != null ? quantity(p.getValidRange().getMin()) : null,
                hasRange && p.getValidRange().getMax() != null ? quantity(p.getValidRange().getMax()) : null,
                hasRange && p.getValidRange().getStep() != null ? quantity(p.getValidRange().getStep()) : null,
                true, hasRange);
    }

    static Quantity quantity(io.fabric8.kubernetes.api.model.Quantity q) {
        if (q == null || (q.getAmount() == null && q.getFormat() == null)) {
            return Quantity.parse("0");
        }
        return Quantity.fromFabric8(q);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
