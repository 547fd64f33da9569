package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequestPolicy;
import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequestPolicyRange;
import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequirements;
import io.fabric8.kubernetes.api.model.resource.v1.Counter;
import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAllocationConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttributeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaimConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCounterConsumption;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelectorBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.OpaqueDeviceConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import io.fabric8.kubernetes.api.model.resource.v1.ResourcePool;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The object generators of Kubernetes' allocator test table ({@code allocatortesting/allocator_testing.go} in
 * kubernetes/dynamic-resource-allocation), in Java: same names, same defaults (nodes carry {@code region} and
 * {@code planet=earth} labels, classes select {@code device.driver == "<driver>"}, slices default to generation 1
 * and one slice per pool), so the scenario tests read like the Go table.
 */
final class Fixtures {
    static final String REGION1 = "region-1";
    static final String REGION2 = "region-2";
    static final String NODE1 = "node-1";
    static final String NODE2 = "node-2";
    static final String CLASS_A = "class-a";
    static final String CLASS_B = "class-b";
    static final String DRIVER_A = "driver-a";
    static final String DRIVER_B = "driver-b";
    static final String POOL1 = "pool-1";
    static final String POOL2 = "pool-2";
    static final String POOL3 = "pool-3";
    static final String POOL4 = "pool-4";
    static final String REQ0 = "req-0";
    static final String REQ1 = "req-1";
    static final String REQ2 = "req-2";
    static final String REQ3 = "req-3";
    static final String SUB0 = "subReq-0";
    static final String SUB1 = "subReq-1";
    static final String REQ0_SUB0 = "req-0/subReq-0";
    static final String REQ0_SUB1 = "req-0/subReq-1";
    static final String REQ1_SUB0 = "req-1/subReq-0";
    static final String REQ1_SUB1 = "req-1/subReq-1";
    static final String REQ2_SUB0 = "req-2/subReq-0";
    static final String REQ2_SUB1 = "req-2/subReq-1";
    static final String CLAIM0 = "claim-0";
    static final String CLAIM1 = "claim-1";
    static final String SLICE1 = "slice-1";
    static final String SLICE2 = "slice-2";
    static final String SLICE3 = "slice-3";
    static final String SLICE4 = "slice-4";
    static final String DEVICE0 = "device-0";
    static final String DEVICE1 = "device-1";
    static final String DEVICE2 = "device-2";
    static final String DEVICE3 = "device-3";
    static final String DEVICE4 = "device-4";
    static final String COUNTER_SET1 = "counter-set-1";
    static final String COUNTER_SET2 = "counter-set-2";
    static final String CAPACITY0 = "capacity-0";
    static final String CAPACITY1 = "capacity-1";
    static final String FIXED_SHARE_ID = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    static final String NODE_SELECTION_ALL = "nodeSelectionAll";
    static final String NODE_SELECTION_PER_DEVICE = "nodeSelectionPerDevice";
    static final String FROM_COUNTERS = "fromCounters";
    static final String BOOL_ATTRIBUTE = DRIVER_A + "/boolAttribute";
    static final String STRING_ATTRIBUTE = DRIVER_A + "/stringAttribute";
    static final String VERSION_ATTRIBUTE = DRIVER_A + "/driverVersion";
    static final String INT_ATTRIBUTE = DRIVER_A + "/numa";
    static final String NON_EXISTENT_ATTRIBUTE = DRIVER_A + "/NonExistentAttribute";
    static final int MAX = 32;

    private Fixtures() {
    }

    static Node node(String name, String region) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("region", region)
                .addToLabels("planet", "earth").endMetadata().build();
    }

    static DeviceClass deviceClass(String name, String driver) {
        return new DeviceClassBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withSelectors(cel("device.driver == \"" + driver + "\"")).endSpec().build();
    }

    static DeviceClass classWithAllowMultipleAllocations(String name, String driver, boolean multi) {
        return new DeviceClassBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withSelectors(cel("device.driver == \"" + driver + "\" && device.allowMultipleAllocations == " + multi))
                .endSpec().build();
    }

    static OpaqueDeviceConfiguration deviceConfiguration(String driver, String attribute) {
        return new OpaqueDeviceConfiguration(driver, Map.of(attribute, attribute + "Value"));
    }

    static DeviceClass classWithConfig(String name, String driver, String attribute) {
        DeviceClass c = deviceClass(name, driver);
        c.getSpec().setConfig(new ArrayList<>(List.of(new DeviceClassConfiguration(deviceConfiguration(driver,
                attribute)))));
        return c;
    }

    static DeviceSelector cel(String expression) {
        return new DeviceSelectorBuilder().withNewCel(expression).build();
    }

    static DeviceSelector memoryAtLeast(String driver, String quantity) {
        return cel("device.capacity[\"" + driver + "\"].memory.compareTo(quantity(\"" + quantity + "\")) >= 0");
    }

    // ------------------------------------------------------------------------------------------ claims

    static ResourceClaim claimWithRequests(String name, List<DeviceConstraint> constraints,
            DeviceRequest... requests) {
        ResourceClaim c = new ResourceClaim();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ResourceClaimSpec spec = new ResourceClaimSpec();
        DeviceClaim devices = new DeviceClaim();
        devices.setRequests(new ArrayList<>(Arrays.asList(requests)));
        devices.setConstraints(constraints == null ? new ArrayList<>() : new ArrayList<>(constraints));
        spec.setDevices(devices);
        c.setSpec(spec);
        return c;
    }

    static ResourceClaim claimWithRequest(String name, String request, String deviceClass,
            DeviceConstraint... constraints) {
        return claimWithRequests(name, List.of(constraints), request(request, deviceClass, 1));
    }

    static ResourceClaim claimWithDeviceConfig(String name, String request, String deviceClass, String driver,
            String attribute) {
        ResourceClaim c = claimWithRequest(name, request, deviceClass);
        c.getSpec().getDevices().setConfig(new ArrayList<>(List.of(new DeviceClaimConfiguration(
                deviceConfiguration(driver, attribute), new ArrayList<>()))));
        return c;
    }

    static ResourceClaim withConfigs(ResourceClaim c, DeviceClaimConfiguration... configs) {
        c.getSpec().getDevices().setConfig(new ArrayList<>(Arrays.asList(configs)));
        return c;
    }

    static DeviceClaimConfiguration claimConfig(List<String> requests, OpaqueDeviceConfiguration config) {
        return new DeviceClaimConfiguration(config, new ArrayList<>(requests));
    }

    /** Adds tolerations to every (exactly) request of the claim, as {@code withTolerations}. */
    static ResourceClaim withTolerations(ResourceClaim c, DeviceToleration... tolerations) {
        for (DeviceRequest r : c.getSpec().getDevices().getRequests()) {
            r.getExactly().getTolerations().addAll(Arrays.asList(tolerations));
        }
        return c;
    }

    static DeviceConstraint matchAttribute(String attribute, String... requests) {
        DeviceConstraint c = new DeviceConstraint();
        c.setMatchAttribute(attribute);
        c.setRequests(new ArrayList<>(Arrays.asList(requests)));
        return c;
    }

    static DeviceConstraint distinctAttribute(String attribute, String... requests) {
        DeviceConstraint c = new DeviceConstraint();
        c.setDistinctAttribute(attribute);
        c.setRequests(new ArrayList<>(Arrays.asList(requests)));
        return c;
    }

    static DeviceRequest request(String name, String deviceClass, long count, DeviceSelector... selectors) {
        ExactDeviceRequest e = new ExactDeviceRequest();
        e.setCount(count);
        e.setAllocationMode("ExactCount");
        e.setDeviceClassName(deviceClass);
        e.setSelectors(new ArrayList<>(Arrays.asList(selectors)));
        DeviceRequest r = new DeviceRequest();
        r.setName(name);
        r.setExactly(e);
        return r;
    }

    static DeviceRequest allDeviceRequest(String name, String deviceClass) {
        DeviceRequest r = request(name, deviceClass, 0);
        r.getExactly().setCount(null);
        r.getExactly().setAllocationMode("All");
        return r;
    }

    static DeviceRequest withAdminAccess(DeviceRequest r) {
        r.getExactly().setAdminAccess(true);
        return r;
    }

    static DeviceRequest withCapacityRequest(DeviceRequest r, String quantity) {
        r.getExactly().setCapacity(capacityRequests(quantity));
        return r;
    }

    static CapacityRequirements capacityRequests(String quantity) {
        CapacityRequirements c = new CapacityRequirements();
        c.setRequests(new LinkedHashMap<>(quantity == null ? Map.of() : Map.of(CAPACITY0, new Quantity(quantity))));
        return c;
    }

    static DeviceSubRequest subRequest(String name, String deviceClass, long count, Object... fields) {
        DeviceSubRequest s = new DeviceSubRequest();
        s.setName(name);
        s.setCount(count);
        s.setAllocationMode("ExactCount");
        s.setDeviceClassName(deviceClass);
        for (Object f : fields) {
            if (f instanceof DeviceSelector) {
                s.getSelectors().add((DeviceSelector) f);
            } else if (f instanceof DeviceToleration) {
                s.getTolerations().add((DeviceToleration) f);
            } else {
                throw new IllegalArgumentException("unsupported field " + f);
            }
        }
        return s;
    }

    static DeviceSubRequest allMode(DeviceSubRequest s) {
        s.setAllocationMode("All");
        s.setCount(0L);
        return s;
    }

    static DeviceSubRequest withCapacityRequest(DeviceSubRequest s, String quantity) {
        s.setCapacity(capacityRequests(quantity));
        return s;
    }

    static DeviceRequest requestWithPrioritizedList(String name, DeviceSubRequest... subs) {
        DeviceRequest r = new DeviceRequest();
        r.setName(name);
        r.setFirstAvailable(new ArrayList<>(Arrays.asList(subs)));
        return r;
    }

    // ------------------------------------------------------------------------------------------ devices and slices

    static DeviceAttribute bool(boolean v) {
        return new DeviceAttributeBuilder().withBool(v).build();
    }

    static DeviceAttribute str(String v) {
        return new DeviceAttributeBuilder().withString(v).build();
    }

    static DeviceAttribute integer(long v) {
        return new DeviceAttributeBuilder().withInt(v).build();
    }

    static DeviceAttribute version(String v) {
        return new DeviceAttributeBuilder().withVersion(v).build();
    }

    static Map<String, Object> capacity(Object... nameAndQuantity) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndQuantity.length; i += 2) {
            m.put((String) nameAndQuantity[i], nameAndQuantity[i + 1]);
        }
        return m;
    }

    static Map<String, DeviceAttribute> attributes(Object... nameAndValue) {
        Map<String, DeviceAttribute> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndValue.length; i += 2) {
            m.put((String) nameAndValue[i], (DeviceAttribute) nameAndValue[i + 1]);
        }
        return m;
    }

    /** A device; {@code capacity} is a name-to-quantity map, {@link #FROM_COUNTERS} or null. */
    static DeviceSpec device(String name, Object capacity, Map<String, DeviceAttribute> attributes) {
        Device d = new Device();
        d.setName(name);
        if (attributes != null) {
            d.setAttributes(new LinkedHashMap<>(attributes));
        }
        boolean fromCounters = FROM_COUNTERS.equals(capacity);
        if (capacity instanceof Map) {
            Map<String, DeviceCapacity> caps = new LinkedHashMap<>();
            ((Map<?, ?>) capacity).forEach((k, v) -> caps.put((String) k, deviceCapacity(String.valueOf(v))));
            d.setCapacity(caps);
        }
        return new DeviceSpec(d, fromCounters);
    }

    static DeviceCapacity deviceCapacity(String value) {
        DeviceCapacity c = new DeviceCapacity();
        c.setValue(new Quantity(value));
        return c;
    }

    /** A device under construction ({@code wrapDevice}). */
    static final class DeviceSpec {
        final Device device;
        private final boolean capacityFromCounters;

        DeviceSpec(Device device, boolean capacityFromCounters) {
            this.device = device;
            this.capacityFromCounters = capacityFromCounters;
        }

        DeviceSpec withTaints(DeviceTaint... taints) {
            device.getTaints().addAll(Arrays.asList(taints));
            return this;
        }

        DeviceSpec withCounterConsumption(DeviceCounterConsumption... consumption) {
            device.getConsumesCounters().addAll(Arrays.asList(consumption));
            if (capacityFromCounters) {
                Map<String, DeviceCapacity> caps = new LinkedHashMap<>();
                for (DeviceCounterConsumption c : device.getConsumesCounters()) {
                    c.getCounters().forEach((n, counter) -> {
                        DeviceCapacity dc = new DeviceCapacity();
                        dc.setValue(counter.getValue());
                        caps.put(n, dc);
                    });
                }
                device.setCapacity(caps);
            }
            return this;
        }

        DeviceSpec withNodeSelection(Object selection) {
            if (selection instanceof NodeSelector) {
                device.setNodeSelector((NodeSelector) selection);
            } else if (NODE_SELECTION_ALL.equals(selection)) {
                device.setAllNodes(true);
            } else {
                device.setNodeName((String) selection);
            }
            return this;
        }

        DeviceSpec withBindingConditions(List<String> conditions, List<String> failureConditions) {
            device.setBindingConditions(new ArrayList<>(conditions));
            device.setBindingFailureConditions(new ArrayList<>(failureConditions));
            return this;
        }

        DeviceSpec withBindsToNode(boolean binds) {
            device.setBindsToNode(binds);
            return this;
        }

        DeviceSpec withAllowMultipleAllocations() {
            device.setAllowMultipleAllocations(true);
            return this;
        }

        /** Capacity with the request policy default 2, range min 2, step 2, max 4. */
        DeviceSpec withCapacityRequestPolicyRange(String name, String value) {
            DeviceCapacity c = deviceCapacity(value);
            CapacityRequestPolicy p = new CapacityRequestPolicy();
            p.setDefault(new Quantity("2"));
            p.setValidRange(new CapacityRequestPolicyRange(new Quantity("4"), new Quantity("2"), new Quantity("2")));
            c.setRequestPolicy(p);
            device.getCapacity().put(name, c);
            return this;
        }

        /** Capacity whose valid values are the default and the additional ones. */
        DeviceSpec withCapacityRequestPolicyValidValues(String defaultValue, String name, String value,
                String... additional) {
            DeviceCapacity c = deviceCapacity(value);
            CapacityRequestPolicy p = new CapacityRequestPolicy();
            p.setDefault(new Quantity(defaultValue));
            List<Quantity> valid = new ArrayList<>(List.of(new Quantity(defaultValue)));
            for (String a : additional) {
                valid.add(new Quantity(a));
            }
            p.setValidValues(valid);
            c.setRequestPolicy(p);
            device.getCapacity().put(name, c);
            return this;
        }
    }

    static DeviceCounterConsumption consumption(String counterSet, Object... nameAndQuantity) {
        DeviceCounterConsumption c = new DeviceCounterConsumption();
        c.setCounterSet(counterSet);
        c.setCounters(counters(nameAndQuantity));
        return c;
    }

    static Map<String, Counter> counters(Object... nameAndQuantity) {
        Map<String, Counter> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndQuantity.length; i += 2) {
            m.put((String) nameAndQuantity[i], new Counter(new Quantity(String.valueOf(nameAndQuantity[i + 1]))));
        }
        return m;
    }

    static CounterSet counterSet(String name, Object... nameAndQuantity) {
        return new CounterSet(counters(nameAndQuantity), name);
    }

    static ResourcePool resourcePool(String name, long count) {
        ResourcePool p = new ResourcePool();
        p.setName(name);
        p.setResourceSliceCount(count);
        p.setGeneration(1L);
        return p;
    }

    /** {@code nodeSelection}: a NodeSelector, {@link #NODE_SELECTION_ALL}, {@link #NODE_SELECTION_PER_DEVICE} or a node name. */
    static ResourceSlice slice(String name, Object nodeSelection, Object pool, String driver) {
        ResourceSliceSpec spec = new ResourceSliceSpec();
        spec.setDriver(driver);
        spec.setPool(pool instanceof ResourcePool ? (ResourcePool) pool : resourcePool((String) pool, 1));
        if (nodeSelection instanceof NodeSelector) {
            spec.setNodeSelector((NodeSelector) nodeSelection);
        } else if (NODE_SELECTION_ALL.equals(nodeSelection)) {
            spec.setAllNodes(true);
        } else if (NODE_SELECTION_PER_DEVICE.equals(nodeSelection)) {
            spec.setPerDeviceNodeSelection(true);
        } else {
            spec.setNodeName((String) nodeSelection);
        }
        ResourceSlice s = new ResourceSlice();
        s.setMetadata(new ObjectMetaBuilder().withName(name).build());
        s.setSpec(spec);
        return s;
    }

    static ResourceSlice sliceWithDevices(String name, Object nodeSelection, Object pool, String driver,
            DeviceSpec... devices) {
        ResourceSlice s = slice(name, nodeSelection, pool, driver);
        for (DeviceSpec d : devices) {
            s.getSpec().getDevices().add(d.device);
        }
        return s;
    }

    static ResourceSlice sliceWithOneDevice(String name, Object nodeSelection, Object pool, String driver) {
        return sliceWithDevices(name, nodeSelection, pool, driver, device(DEVICE1, null, null));
    }

    static ResourceSlice sliceWithMultipleDevices(String name, Object nodeSelection, Object pool, String driver,
            int count) {
        DeviceSpec[] devices = new DeviceSpec[count];
        for (int i = 0; i < count; i++) {
            devices[i] = device("device-" + i, null, null);
        }
        return sliceWithDevices(name, nodeSelection, pool, driver, devices);
    }

    static ResourceSlice sliceWithCounterSets(String name, Object nodeSelection, Object pool, String driver,
            CounterSet... sets) {
        ResourceSlice s = slice(name, nodeSelection, pool, driver);
        s.getSpec().setSharedCounters(new ArrayList<>(Arrays.asList(sets)));
        return s;
    }

    static ResourceSlice withGeneration(ResourceSlice s, long generation, long count) {
        s.getSpec().getPool().setGeneration(generation);
        s.getSpec().getPool().setResourceSliceCount(count);
        return s;
    }

    // ------------------------------------------------------------------------------------------ taints

    static DeviceTaint taint(String key, String value, String effect) {
        DeviceTaint t = new DeviceTaint();
        t.setKey(key);
        t.setValue(value);
        t.setEffect(effect);
        return t;
    }

    static DeviceToleration toleration(String operator, String key, String value, String effect) {
        DeviceToleration t = new DeviceToleration();
        t.setOperator(operator);
        t.setKey(key);
        t.setValue(value);
        t.setEffect(effect);
        return t;
    }

    // ------------------------------------------------------------------------------------------ expectations

    static NodeSelector nodeLabelSelector(String key, String... values) {
        return new NodeSelectorBuilder().addNewNodeSelectorTerm().addNewMatchExpression().withKey(key)
                .withOperator("In").withValues(values).endMatchExpression().endNodeSelectorTerm().build();
    }

    static NodeSelector localNodeSelector(String node) {
        return new NodeSelectorBuilder().addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name")
                .withOperator("In").withValues(node).endMatchField().endNodeSelectorTerm().build();
    }

    static NodeSelector selector(List<NodeSelectorRequirement> expressions, List<NodeSelectorRequirement> fields) {
        NodeSelectorTerm t = new NodeSelectorTerm();
        t.setMatchExpressions(new ArrayList<>(expressions));
        t.setMatchFields(new ArrayList<>(fields));
        return new NodeSelectorBuilder().withNodeSelectorTerms(t).build();
    }

    static NodeSelectorRequirement in(String key, String... values) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(values).build();
    }

    static DeviceRequestAllocationResult result(String request, String driver, String pool, String device,
            boolean adminAccess, DeviceToleration... tolerations) {
        DeviceRequestAllocationResult r = new DeviceRequestAllocationResult();
        r.setRequest(request);
        r.setDriver(driver);
        r.setPool(pool);
        r.setDevice(device);
        if (adminAccess) {
            r.setAdminAccess(true);
        }
        r.setTolerations(new ArrayList<>(Arrays.asList(tolerations)));
        return r;
    }

    static DeviceRequestAllocationResult withBindingConditions(DeviceRequestAllocationResult r, List<String> conditions,
            List<String> failureConditions) {
        r.setBindingConditions(new ArrayList<>(conditions));
        r.setBindingFailureConditions(new ArrayList<>(failureConditions));
        return r;
    }

    /** The result with a share ID and consumed capacity ({@code withConsumedCapacity}); null capacity means none. */
    static DeviceRequestAllocationResult shared(DeviceRequestAllocationResult r, Object... nameAndQuantity) {
        r.setShareID(FIXED_SHARE_ID);
        Map<String, Quantity> consumed = new LinkedHashMap<>();
        for (int i = 0; i < nameAndQuantity.length; i += 2) {
            consumed.put((String) nameAndQuantity[i], new Quantity(String.valueOf(nameAndQuantity[i + 1])));
        }
        r.setConsumedCapacity(consumed);
        return r;
    }

    static List<DeviceRequestAllocationResult> multipleResults(String request, String driver, String pool, int count,
            int start) {
        List<DeviceRequestAllocationResult> l = new ArrayList<>();
        for (int i = start; i < start + count; i++) {
            l.add(result(request, driver, pool, "device-" + i, false));
        }
        return l;
    }

    static AllocationResult allocation(NodeSelector selector, DeviceRequestAllocationResult... results) {
        return allocation(selector, Arrays.asList(results), List.of());
    }

    static AllocationResult allocation(NodeSelector selector, List<DeviceRequestAllocationResult> results,
            List<DeviceAllocationConfiguration> configs) {
        AllocationResult a = new AllocationResult();
        a.setDevices(new DeviceAllocationResult(new ArrayList<>(configs), new ArrayList<>(results)));
        a.setNodeSelector(selector);
        return a;
    }

    static DeviceAllocationConfiguration config(String source, List<String> requests,
            OpaqueDeviceConfiguration opaque) {
        return new DeviceAllocationConfiguration(opaque, new ArrayList<>(requests), source);
    }

    /**
     * A canonical text of an allocation for comparison, as Kubernetes' matchers compare: device results in any order,
     * configs in order, node selector terms and requirements in any order, share IDs replaced by a fixed one.
     */
    static String canonical(AllocationResult a) {
        List<String> results = a.getDevices().getResults().stream().map(r -> String.join("|", r.getRequest(),
                r.getDriver(), r.getPool(), r.getDevice(), "admin=" + r.getAdminAccess(),
                "tol=" + r.getTolerations().stream().map(t -> t.getOperator() + ":" + t.getKey() + "=" + t.getValue()
                        + ":" + t.getEffect()).toList(),
                "share=" + (r.getShareID() == null ? null : FIXED_SHARE_ID),
                "consumed=" + new TreeMap<>(r.getConsumedCapacity().entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> io.mig4j.dra.Quantity.fromFabric8(e.getValue()).toString()))),
                "bc=" + r.getBindingConditions(), "bfc=" + r.getBindingFailureConditions())).sorted().toList();
        List<String> configs = a.getDevices().getConfig().stream().map(c -> c.getSource() + " " + c.getRequests()
                + " " + c.getOpaque().getDriver() + " " + c.getOpaque().getParameters()).toList();
        String selector = "null";
        if (a.getNodeSelector() != null) {
            selector = a.getNodeSelector().getNodeSelectorTerms().stream().map(t -> "exprs" + requirements(
                    t.getMatchExpressions()) + " fields" + requirements(t.getMatchFields())).sorted().toList()
                    .toString();
        }
        return "results=" + results + " configs=" + configs + " nodeSelector=" + selector;
    }

    private static List<String> requirements(List<NodeSelectorRequirement> rs) {
        return rs.stream().map(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues().stream().sorted()
                .toList()).sorted().toList();
    }
}
