package io.mig4j.dra.allocation;

import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.DeviceView.CapacityView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Consumable capacity (DRAConsumableCapacity), as {@code consumable_capacity.go} of the incubating allocator:
 * what a request consumes of each capacity of a device (its request, rounded up by the capacity's
 * {@code requestPolicy}; or the policy's default; or the whole capacity), whether that violates the policy, and
 * whether it still fits next to what existing shares and this attempt already consume.
 */
final class Capacities {
    private Capacities() {
    }

    /** The outcome of {@link #fits}. */
    enum Fit {
        /** Fits. */
        OK,
        /** Over the capacity or against its policy. */
        INSUFFICIENT,
        /** The request names a capacity the device does not have. */
        UNDEFINED
    }

    /** Kubernetes' {@code CmpRequestOverCapacity}. */
    static Fit fits(Map<String, Quantity> alreadyConsumed, Map<String, io.fabric8.kubernetes.api.model.Quantity> requests,
            Map<String, CapacityView> capacity, Map<String, Quantity> allocating) {
        if (requests != null) {
            for (String name : requests.keySet()) {
                if (!capacity.containsKey(name)) {
                    return Fit.UNDEFINED;
                }
            }
        }
        for (Map.Entry<String, CapacityView> e : capacity.entrySet()) {
            String name = e.getKey();
            CapacityView cap = e.getValue();
            Quantity consumed = consumed(requested(requests, name), cap);
            if (violatesPolicy(consumed, cap)) {
                return Fit.INSUFFICIENT;
            }
            Quantity total = consumed;
            if (alreadyConsumed != null && alreadyConsumed.containsKey(name)) {
                total = alreadyConsumed.get(name).add(consumed);
            }
            if (allocating != null && allocating.containsKey(name)) {
                total = total.add(allocating.get(name));
            }
            if (total.compareTo(cap.value()) > 0) {
                return Fit.INSUFFICIENT;
            }
        }
        return Fit.OK;
    }

    /** What a request consumes of every capacity of the device ({@code GetConsumedCapacityFromRequest}). */
    static Map<String, Quantity> consumedBy(Map<String, io.fabric8.kubernetes.api.model.Quantity> requests,
            Map<String, CapacityView> capacity) {
        Map<String, Quantity> consumed = new LinkedHashMap<>();
        capacity.forEach((name, cap) -> consumed.put(name, consumed(requested(requests, name), cap)));
        return consumed;
    }

    private static Quantity requested(Map<String, io.fabric8.kubernetes.api.model.Quantity> requests, String name) {
        if (requests == null) {
            return null;
        }
        io.fabric8.kubernetes.api.model.Quantity q = requests.get(name);
        return q == null ? null : DeviceView.quantity(q);
    }

    /** {@code calculateConsumedCapacity}. */
    static Quantity consumed(Quantity requested, CapacityView cap) {
        if (requested == null) {
            return cap.policyDefault() != null ? cap.policyDefault() : cap.value();
        }
        if (!cap.hasPolicy()) {
            return requested;
        }
        if (cap.hasRange() && cap.rangeMin() != null) {
            return roundUpRange(requested, cap);
        }
        if (!cap.validValues().isEmpty()) {
            for (Quantity v : cap.validValues()) {
                if (requested.compareTo(v) <= 0) {
                    return v;
                }
            }
        }
        return requested;
    }

    /** Below the minimum: the minimum; otherwise up to the next {@code min + n * step}, in bytes-style binary form. */
    private static Quantity roundUpRange(Quantity requested, CapacityView cap) {
        if (requested.compareTo(cap.rangeMin()) < 0) {
            return cap.rangeMin();
        }
        if (cap.rangeStep() == null) {
            return requested;
        }
        long step = cap.rangeStep().value();
        long min = cap.rangeMin().value();
        long added = requested.value() - min;
        long n = added / step + (added % step != 0 ? 1 : 0);
        return Quantity.of(min + step * n, Quantity.Format.BINARY_SI);
    }

    /** {@code violatesPolicy}: the default is always fine; otherwise within range and on a step, or a valid value. */
    static boolean violatesPolicy(Quantity value, CapacityView cap) {
        if (!cap.hasPolicy()) {
            return false;
        }
        if (cap.policyDefault() != null && value.equals(cap.policyDefault())) {
            return false;
        }
        if (cap.hasRange()) {
            if (cap.rangeMax() != null && value.compareTo(cap.rangeMax()) > 0) {
                return true;
            }
            if (cap.rangeStep() != null) {
                long min = cap.rangeMin() == null ? 0 : cap.rangeMin().value();
                return (value.value() - min) % cap.rangeStep().value() != 0;
            }
            return false;
        }
        if (!cap.validValues().isEmpty()) {
            for (Quantity v : cap.validValues()) {
                if (value.compareTo(v) == 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Adds {@code b} into {@code a}, name by name. */
    static void addInto(Map<String, Quantity> a, Map<String, Quantity> b) {
        b.forEach((name, q) -> a.merge(name, q, Quantity::add));
    }

    /** Subtracts {@code b} from {@code a}, name by name; names that reach zero everywhere leave the map empty. */
    static void subtractFrom(Map<String, Quantity> a, Map<String, Quantity> b) {
        b.forEach((name, q) -> a.computeIfPresent(name, (k, v) -> v.subtract(q)));
    }

    static boolean allZero(Map<String, Quantity> m) {
        for (Quantity q : m.values()) {
            if (!q.isZero()) {
                return false;
            }
        }
        return true;
    }

    static Map<String, Quantity> copy(Map<String, Quantity> m) {
        return new HashMap<>(m);
    }
}
