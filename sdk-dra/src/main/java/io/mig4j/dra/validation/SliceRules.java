package io.mig4j.dra.validation;

import static io.mig4j.dra.validation.ClaimRules.nz;
import static io.mig4j.dra.validation.ClaimRules.set;
import static io.mig4j.dra.validation.ClaimRules.slice;

import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCounterConsumption;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaintRuleSpec;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaintSelector;
import io.fabric8.kubernetes.api.model.resource.v1.ResourcePool;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for a {@code ResourceSliceSpec}: {@code validateResourceSliceSpec} and {@code validateDevice} in
 * {@code pkg/apis/resource/validation/validation.go} of kubernetes/kubernetes, with the 1.34 counter rules (counters
 * and devices in one slice, totals per slice) and the 1.35+ rules (counters in their own slice, at most 8 sets and 2
 * consumptions per device, 64 devices when devices have taints or consume counters).
 */
final class SliceRules {
    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
            + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?$");
    /** Versions already checked (devices of a node repeat the same few); bounded so input cannot grow it. */
    private static final java.util.Map<String, Boolean> SEMVER_SEEN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KEY_TRUNCATE = Names.DEVICE_MAX_DOMAIN_LENGTH + 1 + Names.DEVICE_MAX_ID_LENGTH;

    private SliceRules() {
    }

    static void sliceSpec(ResourceSliceSpec spec, FieldPath sp, Problems p) {
        if (spec == null) {
            p.add(FieldError.required(sp.child("driver"), ""));
            return;
        }
        p.addAll(Names.driverName(spec.getDriver(), sp.child("driver")));
        pool(spec.getPool(), sp.child("pool"), p);
        if (spec.getPartitionTypeAttribute() != null) {
            p.dropped(sp.child("partitionTypeAttribute"), Features.PARTITIONABLE_DEVICES_TYPE);
        }
        if (spec.getSkipNodeOperations() != null && !spec.getSkipNodeOperations().isEmpty()) {
            p.dropped(sp.child("skipNodeOperations"), Features.OPTIONAL_NODE_OPERATIONS);
        }
        nodeSelection(spec, sp, p);

        List<Device> devices = empty(spec.getDevices()) ? null : spec.getDevices();
        List<CounterSet> sets = empty(spec.getSharedCounters()) ? null : spec.getSharedCounters();
        boolean v134 = p.version.before(KubernetesVersion.V1_35);
        if (!v134 && devices != null && sets != null) {
            p.add(FieldError.invalid(sp, "", "only one of `sharedCounters` or `devices` is allowed"));
        }
        int max = Limits.SLICE_DEVICES_MAX;
        // ResourceSliceMaxDevicesWithAdvancedFeatures: taints, counters, and from 1.36 list attributes
        boolean v136 = p.version.atLeast(KubernetesVersion.V1_36);
        if (!v134 && devices != null && devices.stream().anyMatch(d -> !empty(d.getTaints())
                || !empty(d.getConsumesCounters()) || v136 && hasListAttribute(d))) {
            max = Limits.SLICE_DEVICES_MAX_ADVANCED;
        }
        Map<String, Set<String>> localSets = counterSetNames(sets);
        Boolean perDevice = spec.getPerDeviceNodeSelection();
        set(devices, max, sp.child("devices"), p, (d, dp) -> device(d, dp, perDevice, localSets, p), Device::getName);
        if (sets != null) {
            p.dropped(sp.child("sharedCounters"), Features.PARTITIONABLE_DEVICES);
            if (v134) {
                sharedCountersV134(sets, sp.child("sharedCounters"), p);
            } else {
                set(sets, Limits.COUNTER_SETS_MAX, sp.child("sharedCounters"), p, (c, cp) -> counterSet(c, cp, p),
                        CounterSet::getName);
            }
        }
        if (v134 && devices != null) {
            int total = 0;
            for (Device d : devices) {
                total += counterCount(d.getConsumesCounters());
            }
            if (total > Limits.SLICE_DEVICE_COUNTERS_V134_MAX) {
                p.add(FieldError.invalid(sp.child("devices"), total, "the total number of counters in devices must not"
                        + " exceed " + Limits.SLICE_DEVICE_COUNTERS_V134_MAX));
            }
        }
    }

    private static void pool(ResourcePool pool, FieldPath pp, Problems p) {
        ResourcePool pl = pool == null ? new ResourcePool() : pool;
        p.addAll(Names.poolName(pl.getName(), pp.child("name")));
        long count = pl.getResourceSliceCount() == null ? 0 : pl.getResourceSliceCount();
        if (count <= 0) {
            p.add(FieldError.invalid(pp.child("resourceSliceCount"), count, "must be greater than zero"));
        }
        long generation = pl.getGeneration() == null ? 0 : pl.getGeneration();
        if (generation < 0) {
            p.add(FieldError.invalid(pp.child("generation"), generation, "must be greater than or equal to zero"));
        }
    }

    private static void nodeSelection(ResourceSliceSpec spec, FieldPath sp, Problems p) {
        List<String> set = new ArrayList<>();
        if (spec.getNodeName() != null) {
            if (!spec.getNodeName().isEmpty()) {
                set.add("`nodeName`");
                for (String m : Names.dns1123Subdomain(spec.getNodeName())) {
                    p.add(FieldError.invalid(sp.child("nodeName"), spec.getNodeName(), m));
                }
            } else {
                p.add(FieldError.invalid(sp.child("nodeName"), "", "must be either unset or set to a non-empty string"));
            }
        }
        if (spec.getNodeSelector() != null) {
            set.add("`nodeSelector`");
            NodeSelectors.validate(spec.getNodeSelector(), sp.child("nodeSelector"), p);
            int terms = spec.getNodeSelector().getNodeSelectorTerms() == null ? 0
                    : spec.getNodeSelector().getNodeSelectorTerms().size();
            if (terms != 1) {
                p.add(FieldError.invalid(sp.child("nodeSelector", "nodeSelectorTerms"),
                        spec.getNodeSelector().getNodeSelectorTerms(), "must have exactly one node selector term"));
            }
        }
        if (spec.getAllNodes() != null) {
            if (spec.getAllNodes()) {
                set.add("`allNodes`");
            } else {
                p.add(FieldError.invalid(sp.child("allNodes"), false, "must be either unset or set to true"));
            }
        }
        if (spec.getPerDeviceNodeSelection() != null) {
            if (spec.getPerDeviceNodeSelection()) {
                set.add("`perDeviceNodeSelection`");
                p.dropped(sp.child("perDeviceNodeSelection"), Features.PARTITIONABLE_DEVICES);
            } else {
                p.add(FieldError.invalid(sp.child("perDeviceNodeSelection"), false,
                        "must be either unset or set to true"));
            }
        }
        if (set.isEmpty()) {
            p.add(FieldError.required(sp, "exactly one of `nodeName`, `nodeSelector`, `allNodes`,"
                    + " `perDeviceNodeSelection` is required"));
        } else if (set.size() > 1) {
            p.add(FieldError.invalid(sp, "{" + String.join(", ", set) + "}", "exactly one of `nodeName`,"
                    + " `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required, but multiple fields are set"));
        }
    }

    private static void device(Device d, FieldPath dp, Boolean perDevice, Map<String, Set<String>> localSets,
                               Problems p) {
        p.addAll(Names.dns1123Label(nz(d.getName()), dp.child("name")));
        Map<String, DeviceAttribute> attrs = d.getAttributes() == null ? Map.of() : d.getAttributes();
        Map<String, DeviceCapacity> caps = d.getCapacity() == null ? Map.of() : d.getCapacity();
        int total = attrs.size() + caps.size();
        if (total > Limits.ATTRIBUTES_AND_CAPACITIES_MAX) {
            p.add(FieldError.invalid(dp, total, "the total number of attributes and capacities must not exceed "
                    + Limits.ATTRIBUTES_AND_CAPACITIES_MAX));
        }
        int values = attributeValues(attrs);
        if (p.version.atLeast(KubernetesVersion.V1_36) && values > Limits.ATTRIBUTE_VALUES_MAX) {
            p.add(FieldError.invalid(dp, values, "the total number of attribute values must not exceed "
                    + Limits.ATTRIBUTE_VALUES_MAX));
        }
        if (d.getNodeAllocatableResources() != null && !d.getNodeAllocatableResources().isEmpty()) {
            p.dropped(dp.child("nodeAllocatableResources"), Features.NODE_ALLOCATABLE_RESOURCES);
        }
        for (Map.Entry<String, DeviceAttribute> e : attrs.entrySet()) {
            FieldPath kp = dp.child("attributes").key(truncate(e.getKey()));
            p.addAll(Names.deviceQualifiedName(e.getKey(), keyErrorPath(dp.child("attributes"), kp, p)));
            attribute(e.getValue(), kp, p);
        }
        boolean multi = Boolean.TRUE.equals(d.getAllowMultipleAllocations());
        if (d.getAllowMultipleAllocations() != null) {
            p.dropped(dp.child("allowMultipleAllocations"), Features.CONSUMABLE_CAPACITY);
        }
        for (Map.Entry<String, DeviceCapacity> e : caps.entrySet()) {
            FieldPath kp = dp.child("capacity").key(truncate(e.getKey()));
            p.addAll(Names.deviceQualifiedName(e.getKey(), keyErrorPath(dp.child("capacity"), kp, p)));
            if (e.getValue() != null && e.getValue().getRequestPolicy() != null && !multi) {
                p.add(FieldError.forbidden(kp.child("requestPolicy"), "allowMultipleAllocations must be true"));
            }
        }
        if (!empty(d.getTaints())) {
            p.dropped(dp.child("taints"), Features.DEVICE_TAINTS);
            slice(d.getTaints(), Limits.taintsPerDevice(p.version), dp.child("taints"), p, (t, tp) -> taint(t, tp, p));
        }
        if (!empty(d.getConsumesCounters())) {
            p.dropped(dp.child("consumesCounters"), Features.PARTITIONABLE_DEVICES);
            if (p.version.before(KubernetesVersion.V1_35)) {
                consumesV134(d.getConsumesCounters(), dp, localSets, p);
            } else {
                set(d.getConsumesCounters(), Limits.COUNTER_CONSUMPTIONS_PER_DEVICE_MAX, dp.child("consumesCounters"),
                        p, (c, cp) -> consumption(c, cp, p), DeviceCounterConsumption::getCounterSet);
            }
        }
        perDeviceNodeSelection(d, dp, perDevice, p);
        if (Boolean.TRUE.equals(d.getBindsToNode()) || !empty(d.getBindingConditions())
                || !empty(d.getBindingFailureConditions())) {
            p.dropped(dp.child("bindingConditions"), Features.BINDING_CONDITIONS);
        }
        bindingParameters(d.getBindingConditions(), d.getBindingFailureConditions(), dp, p);
    }

    private static void attribute(DeviceAttribute a, FieldPath kp, Problems p) {
        int n = 0;
        if (a == null) {
            p.add(FieldError.invalid(kp, "", "exactly one value must be specified"));
            return;
        }
        if (a.getBool() != null) {
            n++;
        }
        if (a.getInt() != null) {
            n++;
        }
        if (a.getString() != null) {
            n++;
            if (Names.bytes(a.getString()) > Limits.ATTRIBUTE_VALUE_MAX) {
                p.add(FieldError.tooLong(kp.child("string"), Limits.ATTRIBUTE_VALUE_MAX));
            }
        }
        if (a.getVersion() != null) {
            n++;
            if (!isSemver(a.getVersion())) {
                p.add(FieldError.invalid(kp.child("version"), a.getVersion(),
                        "must be a string compatible with semver.org spec 2.0.0"));
            }
            if (Names.bytes(a.getVersion()) > Limits.ATTRIBUTE_VALUE_MAX) {
                p.add(FieldError.tooLong(kp.child("version"), Limits.ATTRIBUTE_VALUE_MAX));
            }
        }
        if (!p.version.before(KubernetesVersion.V1_36)) {
            n += listValue(a.getBools(), kp.child("bools"), p) + listValue(a.getInts(), kp.child("ints"), p)
                    + listValue(a.getStrings(), kp.child("strings"), p)
                    + listValue(a.getVersions(), kp.child("versions"), p);
            if (a.getStrings() != null) {
                for (int i = 0; i < a.getStrings().size(); i++) {
                    if (Names.bytes(nz(a.getStrings().get(i))) > Limits.ATTRIBUTE_VALUE_MAX) {
                        p.add(FieldError.tooLong(kp.child("strings").index(i), Limits.ATTRIBUTE_VALUE_MAX));
                    }
                }
            }
            if (a.getVersions() != null) {
                for (int i = 0; i < a.getVersions().size(); i++) {
                    String v = nz(a.getVersions().get(i));
                    if (!isSemver(v)) {
                        p.add(FieldError.invalid(kp.child("versions").index(i), v,
                                "must be a string compatible with semver.org spec 2.0.0"));
                    }
                    if (Names.bytes(v) > Limits.ATTRIBUTE_VALUE_MAX) {
                        p.add(FieldError.tooLong(kp.child("versions").index(i), Limits.ATTRIBUTE_VALUE_MAX));
                    }
                }
            }
        }
        if (n == 0) {
            p.add(FieldError.invalid(kp, "", "exactly one value must be specified"));
        } else if (n > 1) {
            p.add(FieldError.invalid(kp, a, "exactly one value must be specified"));
        }
    }

    private static boolean isSemver(String v) {
        Boolean known = SEMVER_SEEN.get(v);
        if (known != null) {
            return known;
        }
        boolean ok = SEMVER.matcher(v).matches();
        if (SEMVER_SEEN.size() < 4096) {
            SEMVER_SEEN.put(v, ok);
        }
        return ok;
    }

    /**
     * A list value of 1.36 ({@code validateDeviceAttribute}), guarded by the DRAListTypeAttributes gate (alpha), so a
     * default API server drops it. fabric8 decodes an absent list as an empty one, so an empty list counts as unset
     * here and is reported as an attribute without a value (Kubernetes says "must not be empty if specified").
     */
    private static int listValue(List<?> l, FieldPath path, Problems p) {
        if (l == null || l.isEmpty()) {
            return 0;
        }
        p.dropped(path, Features.LIST_TYPE_ATTRIBUTES);
        return 1;
    }

    private static boolean hasListAttribute(Device d) {
        return d.getAttributes() != null && d.getAttributes().values().stream().anyMatch(a -> a != null
                && (!empty(a.getBools()) || !empty(a.getInts()) || !empty(a.getStrings()) || !empty(a.getVersions())));
    }

    /** numEntriesDeviceAttribute: a scalar counts one, a list each of its items. */
    private static int attributeValues(Map<String, DeviceAttribute> attrs) {
        int n = 0;
        for (DeviceAttribute a : attrs.values()) {
            int items = a == null ? 0 : size(a.getBools()) + size(a.getInts()) + size(a.getStrings())
                    + size(a.getVersions());
            n += items == 0 ? 1 : items;
        }
        return n;
    }

    private static int size(List<?> l) {
        return l == null ? 0 : l.size();
    }

    /** {@code validateDeviceTaintRuleSpec}: the selector's names and the taint, as on a device. */
    static void deviceTaintRuleSpec(DeviceTaintRuleSpec spec, FieldPath sp, Problems p) {
        if (spec == null) {
            p.add(FieldError.required(sp.child("taint", "key"), ""));
            p.add(FieldError.required(sp.child("taint", "effect"), ""));
            return;
        }
        DeviceTaintSelector s = spec.getDeviceSelector();
        if (s != null) {
            FieldPath dp = sp.child("deviceSelector");
            if (s.getDriver() != null) {
                p.addAll(Names.driverName(s.getDriver(), dp.child("driver")));
            }
            if (s.getPool() != null) {
                p.addAll(Names.poolName(s.getPool(), dp.child("pool")));
            }
            if (s.getDevice() != null) {
                p.addAll(Names.dns1123Label(s.getDevice(), dp.child("device")));
            }
        }
        taint(spec.getTaint() == null ? new DeviceTaint() : spec.getTaint(), sp.child("taint"), p);
    }

    private static void taint(DeviceTaint t, FieldPath tp, Problems p) {
        p.addAll(Names.labelName(nz(t.getKey()), tp.child("key")));
        if (t.getValue() != null && !t.getValue().isEmpty()) {
            p.addAll(Names.labelValue(t.getValue(), tp.child("value")));
        }
        String effect = nz(t.getEffect());
        if (effect.isEmpty()) {
            p.add(FieldError.required(tp.child("effect"), ""));
        } else if (!ClaimRules.TAINT_EFFECTS.contains(effect)) {
            p.add(FieldError.notSupported(tp.child("effect"), effect, ClaimRules.TAINT_EFFECTS));
        }
    }

    private static void consumption(DeviceCounterConsumption c, FieldPath cp, Problems p) {
        if (nz(c.getCounterSet()).isEmpty()) {
            p.add(FieldError.required(cp.child("counterSet"), ""));
        } else {
            p.addAll(Names.dns1123Label(c.getCounterSet(), cp.child("counterSet")));
        }
        counters(c.getCounters() == null ? null : c.getCounters().keySet(), Limits.COUNTERS_PER_CONSUMPTION_MAX,
                cp.child("counters"), p);
    }

    private static void consumesV134(List<DeviceCounterConsumption> list, FieldPath dp,
                                     Map<String, Set<String>> localSets, Problems p) {
        int total = counterCount(list);
        if (total > Limits.DEVICE_COUNTERS_V134_MAX) {
            p.add(FieldError.invalid(dp, total, "the total number of counters must not exceed "
                    + Limits.DEVICE_COUNTERS_V134_MAX));
        }
        for (int i = 0; i < list.size(); i++) {
            DeviceCounterConsumption c = list.get(i);
            FieldPath cp = dp.child("consumesCounters").index(i);
            String setName = nz(c.getCounterSet());
            if (setName.isEmpty()) {
                p.add(FieldError.required(cp.child("counterSet"), ""));
            }
            Set<String> known = localSets.get(setName);
            if (known == null) {
                p.add(FieldError.invalid(cp.child("counterSet"), setName,
                        "must reference a counterSet defined in the ResourceSlice sharedCounters"));
            }
            if (c.getCounters() == null || c.getCounters().isEmpty()) {
                p.add(FieldError.required(cp.child("counters"), ""));
            } else if (known != null) {
                for (String counter : c.getCounters().keySet()) {
                    if (!known.contains(counter)) {
                        p.add(FieldError.invalid(cp.child("counters"), counter,
                                "must reference a counter defined in the ResourceSlice sharedCounters"));
                    }
                }
            }
        }
    }

    private static void sharedCountersV134(List<CounterSet> sets, FieldPath path, Problems p) {
        int total = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sets.size(); i++) {
            CounterSet s = sets.get(i);
            FieldPath cp = path.index(i);
            if (nz(s.getName()).isEmpty()) {
                p.add(FieldError.required(cp.child("name"), ""));
            } else {
                p.addAll(Names.dns1123Label(s.getName(), cp.child("name")));
                if (!names.add(s.getName())) {
                    p.add(FieldError.duplicate(cp.child("name"), s.getName()));
                }
            }
            counters(s.getCounters() == null ? null : s.getCounters().keySet(), -1, cp.child("counters"), p);
            total += s.getCounters() == null ? 0 : s.getCounters().size();
        }
        if (total > Limits.SHARED_COUNTERS_V134_MAX) {
            p.add(FieldError.invalid(path, total, "the total number of shared counters must not exceed "
                    + Limits.SHARED_COUNTERS_V134_MAX));
        }
    }

    private static void counterSet(CounterSet s, FieldPath cp, Problems p) {
        if (nz(s.getName()).isEmpty()) {
            p.add(FieldError.required(cp.child("name"), ""));
        } else {
            p.addAll(Names.dns1123Label(s.getName(), cp.child("name")));
        }
        counters(s.getCounters() == null ? null : s.getCounters().keySet(), Limits.COUNTERS_PER_SET_MAX,
                cp.child("counters"), p);
    }

    private static void counters(Set<String> names, int max, FieldPath path, Problems p) {
        if (names == null || names.isEmpty()) {
            p.add(FieldError.required(path, ""));
            return;
        }
        if (max >= 0 && names.size() > max) {
            p.add(FieldError.tooMany(path, names.size(), max));
            return;
        }
        for (String n : names) {
            p.addAll(Names.dns1123Label(n, keyErrorPath(path, path.key(n), p)));
        }
    }

    /**
     * Where a bad map key is reported: at the key up to 1.35, at the map itself from 1.36, since map keys are
     * validated declaratively ({@code +k8s:eachKey}, kubernetes/kubernetes#136079; {@code validateMap} of
     * pkg/apis/resource/validation/validation.go passes the map's path to the key check).
     */
    private static FieldPath keyErrorPath(FieldPath map, FieldPath key, Problems p) {
        return p.version.atLeast(KubernetesVersion.V1_36) ? map : key;
    }

    private static void perDeviceNodeSelection(Device d, FieldPath dp, Boolean perDevice, Problems p) {
        if (Boolean.TRUE.equals(perDevice)) {
            List<String> set = new ArrayList<>();
            if (d.getNodeName() != null) {
                if (!d.getNodeName().isEmpty()) {
                    set.add("`nodeName`");
                    for (String m : Names.dns1123Subdomain(d.getNodeName())) {
                        p.add(FieldError.invalid(dp.child("nodeName"), d.getNodeName(), m));
                    }
                } else {
                    p.add(FieldError.invalid(dp.child("nodeName"), "", "must not be empty"));
                }
            }
            if (d.getNodeSelector() != null) {
                set.add("`nodeSelector`");
                NodeSelectors.validate(d.getNodeSelector(), dp.child("nodeSelector"), p);
            }
            if (d.getAllNodes() != null) {
                if (d.getAllNodes()) {
                    set.add("`allNodes`");
                } else {
                    p.add(FieldError.invalid(dp.child("allNodes"), false, "must be either unset or set to true"));
                }
            }
            String why = "exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when"
                    + " `perDeviceNodeSelection` is set to true in the ResourceSlice spec";
            if (set.isEmpty()) {
                p.add(FieldError.required(dp, why));
            } else if (set.size() > 1) {
                p.add(FieldError.invalid(dp, "{" + String.join(", ", set) + "}", why));
            }
        } else if (d.getNodeName() != null || d.getNodeSelector() != null || d.getAllNodes() != null) {
            p.add(FieldError.invalid(dp, null, "`nodeName`, `nodeSelector` and `allNodes` can only be set if"
                    + " `perDeviceNodeSelection` is set to true in the ResourceSlice spec"));
        }
    }

    private static void bindingParameters(List<String> conditions, List<String> failures, FieldPath dp, Problems p) {
        List<String> c = conditions == null ? List.of() : conditions;
        List<String> f = failures == null ? List.of() : failures;
        slice(c, Limits.BINDING_CONDITIONS_MAX, dp.child("bindingConditions"), p,
                (s, sp) -> p.addAll(Names.labelName(s, sp)));
        slice(f, Limits.BINDING_CONDITIONS_MAX, dp.child("bindingFailureConditions"), p,
                (s, sp) -> p.addAll(Names.labelName(s, sp)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < c.size(); i++) {
            if (!seen.add(c.get(i))) {
                p.add(FieldError.duplicate(dp.child("bindingConditions").index(i), c.get(i)));
            }
        }
        Set<String> seenFailures = new HashSet<>();
        for (int i = 0; i < f.size(); i++) {
            if (!seenFailures.add(f.get(i))) {
                p.add(FieldError.duplicate(dp.child("bindingFailureConditions").index(i), f.get(i)));
            }
            if (c.contains(f.get(i))) {
                p.add(FieldError.invalid(dp.child("bindingFailureConditions").index(i), f.get(i),
                        "bindingFailureConditions must not overlap with bindingConditions"));
            }
        }
        if (c.isEmpty() && !f.isEmpty()) {
            p.add(FieldError.invalid(dp.child("bindingConditions"), c, "bindingConditions are required to use"
                    + " bindingFailureConditions"));
        }
        if (f.isEmpty() && !c.isEmpty()) {
            p.add(FieldError.invalid(dp.child("bindingFailureConditions"), f, "bindingFailureConditions are required to"
                    + " use bindingConditions"));
        }
    }

    private static Map<String, Set<String>> counterSetNames(List<CounterSet> sets) {
        Map<String, Set<String>> out = new HashMap<>();
        if (sets != null) {
            for (CounterSet s : sets) {
                out.put(nz(s.getName()), s.getCounters() == null ? Set.of() : s.getCounters().keySet());
            }
        }
        return out;
    }

    private static int counterCount(List<DeviceCounterConsumption> list) {
        int n = 0;
        if (list != null) {
            for (DeviceCounterConsumption c : list) {
                n += c.getCounters() == null ? 0 : c.getCounters().size();
            }
        }
        return n;
    }

    static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }

    /** {@code truncateIfTooLong}: long keys are shortened in the middle in error paths. */
    static String truncate(String key) {
        int max = Math.max(KEY_TRUNCATE, 16);
        if (key.length() <= max) {
            return key;
        }
        int remaining = max - 3;
        return key.substring(0, (remaining + 1) / 2) + "..." + key.substring(key.length() - remaining / 2);
    }
}
