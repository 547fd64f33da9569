package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.resource.v1.CELDeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaimConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.OpaqueDeviceConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The rules for a {@code ResourceClaimSpec} (claims and claim templates), following {@code validateDeviceClaim} and
 * the functions it calls in {@code pkg/apis/resource/validation/validation.go} of kubernetes/kubernetes.
 */
final class ClaimRules {
    static final List<String> ALLOCATION_MODES = List.of("All", "ExactCount");
    static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");
    /** Sorted, as Kubernetes lists a set. */
    static final List<String> TAINT_EFFECTS = List.of("NoExecute", "NoSchedule", "None");
    private static final String REQUEST_REF = "must be the name of a request in the claim or the name of a request and"
            + " a subrequest separated by '/'";

    private ClaimRules() {
    }

    static void claimSpec(ResourceClaimSpec spec, FieldPath path, Problems p) {
        DeviceClaim devices = spec == null ? null : spec.getDevices();
        if (devices == null) {
            return;
        }
        FieldPath dp = path.child("devices");
        Map<String, Set<String>> names = requestNames(devices.getRequests());
        set(devices.getRequests(), Limits.DEVICE_REQUESTS_MAX, dp.child("requests"), p,
                (r, rp) -> request(r, rp, p), DeviceRequest::getName);
        slice(devices.getConstraints(), Limits.CONSTRAINTS_MAX, dp.child("constraints"), p,
                (c, cp) -> constraint(c, cp, names, p));
        slice(devices.getConfig(), Limits.CONFIG_MAX, dp.child("config"), p,
                (c, cp) -> claimConfig(c, cp, names, p));
    }

    private static Map<String, Set<String>> requestNames(List<DeviceRequest> requests) {
        Map<String, Set<String>> names = new HashMap<>();
        if (requests != null) {
            for (DeviceRequest r : requests) {
                Set<String> subs = new HashSet<>();
                if (r.getFirstAvailable() != null) {
                    for (DeviceSubRequest s : r.getFirstAvailable()) {
                        subs.add(s.getName());
                    }
                }
                names.put(r.getName(), subs);
            }
        }
        return names;
    }

    private static void request(DeviceRequest r, FieldPath rp, Problems p) {
        p.addAll(Names.dns1123Label(nz(r.getName()), rp.child("name")));
        boolean first = r.getFirstAvailable() != null && !r.getFirstAvailable().isEmpty();
        boolean exactly = r.getExactly() != null;
        if (!first && !exactly) {
            p.add(FieldError.required(rp, "exactly one of `exactly` or `firstAvailable` is required"));
        } else if (first && exactly) {
            p.add(FieldError.invalid(rp, null, "exactly one of `exactly` or `firstAvailable` is required, but multiple"
                    + " fields are set"));
        } else if (first) {
            set(r.getFirstAvailable(), Limits.FIRST_AVAILABLE_MAX, rp.child("firstAvailable"), p,
                    (s, sp) -> subRequest(s, sp, p), DeviceSubRequest::getName);
        } else {
            exact(r.getExactly(), rp.child("exactly"), p);
        }
    }

    private static void exact(ExactDeviceRequest r, FieldPath ep, Problems p) {
        deviceClass(r.getDeviceClassName(), ep.child("deviceClassName"), p);
        selectors(r.getSelectors(), ep.child("selectors"), p);
        allocationMode(r.getAllocationMode(), r.getCount(), ep, p);
        tolerations(r.getTolerations(), ep.child("tolerations"), p);
        if (r.getCapacity() != null && r.getCapacity().getRequests() != null
                && !r.getCapacity().getRequests().isEmpty()) {
            p.dropped(ep.child("capacity"), Features.CONSUMABLE_CAPACITY);
        }
        if (r.getDerivedAttributes() != null && !r.getDerivedAttributes().isEmpty()) {
            p.dropped(ep.child("derivedAttributes"), Features.DERIVED_ATTRIBUTES);
        }
    }

    private static void subRequest(DeviceSubRequest s, FieldPath sp, Problems p) {
        p.addAll(Names.dns1123Label(nz(s.getName()), sp.child("name")));
        deviceClass(s.getDeviceClassName(), sp.child("deviceClassName"), p);
        selectors(s.getSelectors(), sp.child("selectors"), p);
        allocationMode(s.getAllocationMode(), s.getCount(), sp, p);
        tolerations(s.getTolerations(), sp.child("tolerations"), p);
        if (s.getCapacity() != null && s.getCapacity().getRequests() != null
                && !s.getCapacity().getRequests().isEmpty()) {
            p.dropped(sp.child("capacity"), Features.CONSUMABLE_CAPACITY);
        }
        if (s.getDerivedAttributes() != null && !s.getDerivedAttributes().isEmpty()) {
            p.dropped(sp.child("derivedAttributes"), Features.DERIVED_ATTRIBUTES);
        }
    }

    static void deviceClass(String name, FieldPath path, Problems p) {
        if (name == null || name.isEmpty()) {
            p.add(FieldError.required(path, ""));
        } else {
            p.addAll(Names.dns1123Subdomain(name, path));
        }
    }

    private static void allocationMode(String mode, Long count, FieldPath parent, Problems p) {
        long c = count == null ? 0 : count;
        if ("All".equals(mode)) {
            if (c != 0) {
                p.add(FieldError.invalid(parent.child("count"), c, "must not be specified when allocationMode is 'All'"));
            }
        } else if ("ExactCount".equals(mode)) {
            if (c <= 0) {
                p.add(FieldError.invalid(parent.child("count"), c, "must be greater than zero"));
            }
        } else {
            p.add(FieldError.notSupported(parent.child("allocationMode"), nz(mode), ALLOCATION_MODES));
        }
    }

    static void selectors(List<DeviceSelector> selectors, FieldPath path, Problems p) {
        slice(selectors, Limits.SELECTORS_MAX, path, p, (s, sp) -> selector(s, sp, p));
    }

    private static void selector(DeviceSelector s, FieldPath sp, Problems p) {
        CELDeviceSelector cel = s == null ? null : s.getCel();
        if (cel == null) {
            p.add(FieldError.required(sp.child("cel"), ""));
            return;
        }
        FieldPath ep = sp.child("cel").child("expression");
        String expression = nz(cel.getExpression());
        p.addAll(p.cel.check(expression, ep.toString(), p.version));
        SelectorLint.lint(expression, ep, p);
    }

    private static void tolerations(List<DeviceToleration> tolerations, FieldPath path, Problems p) {
        if (tolerations == null || tolerations.isEmpty()) {
            return;
        }
        p.dropped(path, Features.DEVICE_TAINTS);
        slice(tolerations, Limits.TOLERATIONS_MAX, path, p, (t, tp) -> toleration(t, tp, p));
    }

    private static void toleration(DeviceToleration t, FieldPath tp, Problems p) {
        if (t.getKey() != null && !t.getKey().isEmpty()) {
            p.addAll(Names.labelName(t.getKey(), tp.child("key")));
        }
        String op = nz(t.getOperator());
        switch (op) {
            case "Exists" -> {
                if (t.getValue() != null && !t.getValue().isEmpty()) {
                    p.add(FieldError.invalid(tp.child("value"), t.getValue(), "must be empty for operator `Exists`"));
                }
            }
            case "Equal" -> p.addAll(Names.labelValue(nz(t.getValue()), tp.child("value")));
            case "" -> p.add(FieldError.required(tp.child("operator"), ""));
            default -> p.add(FieldError.notSupported(tp.child("operator"), op, TOLERATION_OPERATORS));
        }
        String effect = nz(t.getEffect());
        if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
            p.add(FieldError.notSupported(tp.child("effect"), effect, TAINT_EFFECTS));
        }
    }

    private static void constraint(DeviceConstraint c, FieldPath cp, Map<String, Set<String>> names, Problems p) {
        set(c.getRequests(), Limits.DEVICE_REQUESTS_MAX, cp.child("requests"), p,
                (n, np) -> requestRef(n, np, names, p), Function.identity());
        if (c.getMatchAttribute() != null) {
            p.addAll(Names.deviceFullyQualifiedName(c.getMatchAttribute(), cp.child("matchAttribute")));
        } else if (c.getDistinctAttribute() != null) {
            p.addAll(Names.deviceFullyQualifiedName(c.getDistinctAttribute(), cp.child("distinctAttribute")));
            p.dropped(cp.child("distinctAttribute"), Features.CONSUMABLE_CAPACITY);
        } else if (Features.CONSUMABLE_CAPACITY.enabledByDefault(p.version)) {
            p.add(FieldError.required(cp, "exactly one of \"matchAttribute\" or \"distinctAttribute\" is required, but"
                    + " multiple fields are set"));
        } else {
            p.add(FieldError.required(cp.child("matchAttribute"), ""));
        }
    }

    private static void claimConfig(DeviceClaimConfiguration c, FieldPath cp, Map<String, Set<String>> names,
                                    Problems p) {
        set(c.getRequests(), Limits.DEVICE_REQUESTS_MAX, cp.child("requests"), p,
                (n, np) -> requestRef(n, np, names, p), Function.identity());
        opaque(c.getOpaque(), cp, p);
    }

    static void opaque(OpaqueDeviceConfiguration o, FieldPath parent, Problems p) {
        FieldPath op = parent.child("opaque");
        if (o == null) {
            p.add(FieldError.required(op, ""));
            return;
        }
        p.addAll(Names.driverName(o.getDriver(), op.child("driver")));
        RawExtensions.validate(o.getParameters(), op.child("parameters"), Limits.OPAQUE_PARAMETERS_MAX_BYTES, p);
        if (NvidiaConfigCheck.DRIVER.equals(o.getDriver()) && o.getParameters() != null) {
            NvidiaConfigCheck.check(RawExtensions.plain(o.getParameters()), op.child("parameters"), p);
        }
    }

    private static void requestRef(String name, FieldPath np, Map<String, Set<String>> names, Problems p) {
        String[] segments = nz(name).split("/", -1);
        if (segments.length > 2) {
            p.add(FieldError.invalid(np, name, REQUEST_REF));
            return;
        }
        for (String s : segments) {
            p.addAll(Names.dns1123Label(s, np));
        }
        Set<String> subs = names.get(segments[0]);
        boolean found = subs != null && (segments.length == 1 || subs.contains(segments[1]));
        if (!found) {
            p.add(FieldError.invalid(np, name, REQUEST_REF));
        }
    }

    // ------------------------------------------------------------------ list helpers (validateSlice / validateSet)

    static <T> void slice(List<T> items, int max, FieldPath path, Problems p, BiConsumer<T, FieldPath> each) {
        if (items == null) {
            return;
        }
        if (max >= 0 && items.size() > max) {
            p.add(FieldError.tooMany(path, items.size(), max));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            each.accept(items.get(i), path.index(i));
        }
    }

    static <T, K> void set(List<T> items, int max, FieldPath path, Problems p, BiConsumer<T, FieldPath> each,
                           Function<T, K> key) {
        if (items == null) {
            return;
        }
        if (max >= 0 && items.size() > max) {
            p.add(FieldError.tooMany(path, items.size(), max));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            each.accept(items.get(i), path.index(i));
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object k = key.apply(items.get(i));
            if (!seen.add(k == null ? "" : k)) {
                p.add(FieldError.duplicate(path.index(i), k == null ? "" : k));
            }
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
