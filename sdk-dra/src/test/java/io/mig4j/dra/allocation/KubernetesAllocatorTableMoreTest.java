package io.mig4j.dra.allocation;

import static io.mig4j.dra.allocation.Fixtures.*;
import static io.mig4j.dra.allocation.TableCase.id;
import static io.mig4j.dra.allocation.TableCase.tc;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * More scenarios from Kubernetes' allocator test table ({@code TestAllocator} in
 * {@code structured/internal/allocatortesting/allocator_testing.go}, master 3d03671, and
 * {@code TestLexicographicalAllocator} in {@code lexicographical_testing.go}): partitionable devices, device
 * taints, binding conditions, consumable capacity, distinct and list-attribute constraints, multi-host pools,
 * invalid pools, and the combination counts ({@code check-combinations-*}, asserting the number of
 * {@code allocateOne} steps Kubernetes asserts for its incubating allocator). Each test is named after its case.
 */
class KubernetesAllocatorTableMoreTest {
    private static final String TAINT_KEY = "taint-key";
    private static final DeviceTaint TAINT_NONE = taint(TAINT_KEY, "taint-value", "None");
    private static final DeviceTaint TAINT_NO_SCHEDULE = taint(TAINT_KEY, "taint-value", "NoSchedule");
    private static final DeviceTaint TAINT_NO_EXECUTE = taint(TAINT_KEY, "taint-value-2", "NoExecute");
    private static final DeviceToleration TOLERATION_NO_SCHEDULE = toleration("Exists", TAINT_KEY, null, "NoSchedule");
    private static final DeviceToleration TOLERATION_NO_EXECUTE = toleration("Equal", TAINT_KEY, "taint-value-2",
            "NoExecute");
    private static final DeviceToleration TOLERATION_KEY1 = toleration("Exists", "key1", null, "NoSchedule");

    @TestFactory
    Stream<DynamicTest> kubernetesTable() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, c::run));
    }

    static DeviceSelector mem(String q) {
        return memoryAtLeast(DRIVER_A, q);
    }

    static List<TableCase> cases() {
        List<TableCase> t = new ArrayList<>();
        addPartitionable(t);
        addTaints(t);
        addBindingConditions(t);
        addConsumableCapacity(t);
        addPoolsAndCombinations(t);
        return t;
    }

    private static void addPartitionable(List<TableCase> t) {
        Features part = Features.NONE.withPartitionableDevices(true);
        Features partPl = part.withPrioritizedList(true);
        t.add(tc("partitionable-devices-single-device").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("partitionable-devices-prioritized-list").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), requestWithPrioritizedList(REQ1,
                        subRequest(SUB0, CLASS_A, 1, mem("6Gi")), subRequest(SUB1, CLASS_A, 1, mem("4Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-multiple-devices").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-multiple-capacity-pools").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), requestWithPrioritizedList(REQ1,
                        subRequest(SUB0, CLASS_A, 1, mem("6Gi")), subRequest(SUB1, CLASS_A, 1, mem("4Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"), consumption(COUNTER_SET2, "cpus", "4")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi"), consumption(COUNTER_SET2, "cpus", "6")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"), consumption(COUNTER_SET2, "cpus", "4"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "18Gi"), counterSet(COUNTER_SET2, "cpus", "8")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-multiple-counters").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(
                                consumption(COUNTER_SET1, "memory", "4Gi", "cpus", "6"),
                                consumption(COUNTER_SET2, "cpus", "4", "memory", "2Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(
                                consumption(COUNTER_SET1, "memory", "6Gi", "cpus", "4"),
                                consumption(COUNTER_SET2, "cpus", "6", "memory", "6Gi")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(
                                consumption(COUNTER_SET1, "memory", "4Gi", "cpus", "4"),
                                consumption(COUNTER_SET2, "cpus", "4", "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "cpus", "8", "memory", "18Gi"),
                                counterSet(COUNTER_SET2, "cpus", "12", "memory", "18Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-multiple-pools").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                "cpus", "6", "memory", "4Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                "cpus", "4", "memory", "6Gi")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                "cpus", "4", "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "cpus", "8", "memory", "18Gi")),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL2, 2), DRIVER_A,
                                device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "cpus", "6", "memory", "4Gi")),
                                device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "cpus", "1", "memory", "7Gi")),
                                device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "cpus", "1", "memory", "7Gi"))),
                        sliceWithCounterSets(SLICE4, NODE1, resourcePool(POOL2, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "cpus", "8", "memory", "18Gi")))
                .allocated(id(DRIVER_A, POOL1, DEVICE2), id(DRIVER_A, POOL1, DEVICE3), id(DRIVER_A, POOL2, DEVICE1))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL2, DEVICE2, false),
                        result(REQ1, DRIVER_A, POOL2, DEVICE3, false))));
        t.add(tc("partitionable-devices-unused-counters-in-counter-set").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory", "5Gi")),
                        device(DEVICE2, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi")),
                        device(DEVICE3, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi", "unused", "1Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ0, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-no-capacity-available").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "16Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, POOL1, DRIVER_A, counterSet(COUNTER_SET1, "memory", "18Gi")))
                .allocated(id(DRIVER_A, POOL1, DEVICE2)));
        t.add(tc("partitionable-devices-overallocated-capacity-pool").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "20Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, POOL1, DRIVER_A, counterSet(COUNTER_SET1, "memory", "18Gi")))
                .allocated(id(DRIVER_A, POOL1, DEVICE2)));
        t.add(tc("partitionable-devices-disabled-device-consumes-counters")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, POOL1, DRIVER_A, counterSet(COUNTER_SET1, "memory",
                                "18Gi"))));
        t.add(tc("partitionable-devices-disabled-other-device-do-not-consume-counters")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi")), device(DEVICE2, null,
                        null)),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "18Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("partitionable-devices-disabled-per-device-node-selection")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE_SELECTION_PER_DEVICE, POOL1, DRIVER_A,
                        device(DEVICE2, null, null).withNodeSelection(NODE1))));
        t.add(tc("partitionable-devices-per-device-node-selection-nodename").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1, mem("6Gi")), subRequest(SUB1, CLASS_A, 1, mem("4Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withNodeSelection(NODE1),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi")).withNodeSelection(NODE2)),
                        sliceWithCounterSets(SLICE2, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "18Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("partitionable-devices-per-device-node-selection-node-selector").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withNodeSelection(nodeLabelSelector("region", REGION1))),
                        sliceWithCounterSets(SLICE2, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "18Gi")))
                .expect(allocation(nodeLabelSelector("region", REGION1), result(REQ0, DRIVER_A, POOL1, DEVICE1,
                        false))));
        t.add(tc("partitionable-devices-per-device-node-selection-node-selector-multiple-devices").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 3), request(REQ1, CLASS_B, 3)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withNodeSelection(nodeLabelSelector("region", REGION1)),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withNodeSelection(NODE1),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withNodeSelection(NODE_SELECTION_ALL)),
                        sliceWithCounterSets(SLICE2, NODE_SELECTION_PER_DEVICE, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "18Gi")),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL2, 2), DRIVER_B,
                                device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET2,
                                        "memory", "4Gi")),
                                device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET2,
                                        "memory", "4Gi")),
                                device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET2,
                                        "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE4, NODE1, resourcePool(POOL2, 2), DRIVER_B,
                                counterSet(COUNTER_SET2, "memory", "12Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, false), result(REQ0, DRIVER_A, POOL1, DEVICE3, false),
                        result(REQ1, DRIVER_B, POOL2, DEVICE1, false), result(REQ1, DRIVER_B, POOL2, DEVICE2, false),
                        result(REQ1, DRIVER_B, POOL2, DEVICE3, false))));
        t.add(tc("partitionable-devices-with-attribute-selector").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2), request(REQ1, CLASS_A, 1,
                        cel("device.attributes[\"driver-a\"].special"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, null, attributes("special", bool(true))).withCounterConsumption(
                                consumption(COUNTER_SET1, "cpu1", "1"), consumption(COUNTER_SET2, "mem", "10Gi")),
                        device(DEVICE2, null, attributes("special", bool(false))).withCounterConsumption(
                                consumption(COUNTER_SET1, "cpu2", "1"), consumption(COUNTER_SET2, "mem", "10Gi")),
                        device(DEVICE3, null, attributes("special", bool(false))).withCounterConsumption(
                                consumption(COUNTER_SET1, "cpu3", "1"), consumption(COUNTER_SET2, "mem", "10Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "cpu1", "1", "cpu2", "1", "cpu3", "1"),
                                counterSet(COUNTER_SET2, "mem", "30Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ0, DRIVER_A, POOL1, DEVICE3, false), result(REQ1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("partitionable-devices-same-counter-set-name-in-different-resource-slices").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 4), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 4), DRIVER_A, counterSet(COUNTER_SET1)),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL1, 4), DRIVER_A, device(DEVICE2, null, null)),
                        sliceWithCounterSets(SLICE4, NODE1, resourcePool(POOL1, 4), DRIVER_A,
                                counterSet(COUNTER_SET1)))
                .expectError("invalid resource pools were encountered"));
        t.add(tc("partitionable-devices-device-counter-consumption-references-unknown-counter-set").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET2))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1)))
                .expectError("invalid resource pools were encountered"));
        t.add(tc("partitionable-devices-device-counter-consumption-references-unknown-counter-in-counter-set")
                .features(part).claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "8Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "other-memory", "8Gi")))
                .expectError("invalid resource pools were encountered"));
        t.add(tc("partitionable-devices-device-counter-consumption-references-counter-set-in-other-pool")
                .features(part).claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "8Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, POOL2, DRIVER_A, counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expectError("invalid resource pools were encountered"));
        t.add(tc("partitionable-devices-devices-on-different-nodes-consume-same-counter-set").features(partPl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1, mem("6Gi")), subRequest(SUB1, CLASS_A, 1, mem("2Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithCounterSets(SLICE1, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                        counterSet(COUNTER_SET1, "memory", "8Gi")),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "6Gi")),
                                device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "2Gi"))),
                        sliceWithDevices(SLICE3, NODE2, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE3, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                        "6Gi"))))
                .allocated(id(DRIVER_A, POOL1, DEVICE3))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("partitionable-devices-devices-consume-counter-set-in-different-nodes").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithCounterSets(SLICE1, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                        counterSet(COUNTER_SET1, "memory", "8Gi")),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "6Gi"))),
                        sliceWithDevices(SLICE3, NODE2, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "6Gi")),
                                device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "2Gi"))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1)).node(node(NODE2, REGION1))
                .expect(allocation(localNodeSelector(NODE2), result(REQ0, DRIVER_A, POOL1, DEVICE3, false))));
        t.add(tc("partitionable-devices-validation-error-on-non-targeting-slice").features(part)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithCounterSets(SLICE1, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                        counterSet(COUNTER_SET1, "memory", "8Gi")),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1,
                                        "memory", "6Gi"))),
                        sliceWithDevices(SLICE3, NODE2, resourcePool(POOL1, 3), DRIVER_A,
                                device(DEVICE3, null, null).withCounterConsumption(consumption(COUNTER_SET2, "memory",
                                        "6Gi"))))
                .expectError("invalid resource pools were encountered"));
    }

    private static void addTaints(List<TableCase> t) {
        Features taints = Features.NONE.withDeviceTaints(true);
        t.add(tc("tainted-two-devices").features(taints).claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE), device(DEVICE2, null, null).withTaints(TAINT_NO_EXECUTE))));
        t.add(tc("tainted-one-device-two-taints").features(taints).claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE, TAINT_NO_EXECUTE))));
        t.add(tc("tainted-two-devices-tolerated").features(taints)
                .claims(withTolerations(claimWithRequest(CLAIM0, REQ0, CLASS_A), TOLERATION_NO_EXECUTE))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE), device(DEVICE2, null, null).withTaints(TAINT_NO_EXECUTE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false,
                        TOLERATION_NO_EXECUTE))));
        t.add(tc("tainted-two-devices-prioritized-list-tolerated").features(taints.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_A, 1),
                        subRequest(SUB1, CLASS_A, 1, TOLERATION_NO_EXECUTE))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE), device(DEVICE2, null, null).withTaints(TAINT_NO_EXECUTE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE2, false,
                        TOLERATION_NO_EXECUTE))));
        t.add(tc("tainted-no-effect").features(taints).claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NONE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("tainted-one-device-two-taints-both-tolerated").features(taints)
                .claims(withTolerations(claimWithRequest(CLAIM0, REQ0, CLASS_A), TOLERATION_NO_SCHEDULE,
                        TOLERATION_NO_EXECUTE))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE, TAINT_NO_EXECUTE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false,
                        TOLERATION_NO_SCHEDULE, TOLERATION_NO_EXECUTE))));
        t.add(tc("tainted-disabled").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE, TAINT_NO_EXECUTE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("tainted-prioritized-list").features(taints.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_B, 1),
                        subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE))));
        t.add(tc("tainted-prioritized-list-disabled").features(Features.NONE.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_B, 1),
                        subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("tainted-admin-access").features(taints.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1), id(DRIVER_A, POOL1, DEVICE2))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE))));
        t.add(tc("tainted-admin-access-disabled").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1), id(DRIVER_A, POOL1, DEVICE2))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true))));
        t.add(tc("tainted-all-devices-single").features(taints)
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE))));
        t.add(tc("tainted-all-devices-single-disabled")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(TAINT_NO_SCHEDULE)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
    }

    private static void addBindingConditions(List<TableCase> t) {
        Features binding = Features.NONE.withDeviceBindingAndStatus(true);
        t.add(tc("device-binding-conditions").features(binding)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withBindingConditions(List.of("IsPrepare"), List.of("BindingFailed"))))
                .expect(allocation(localNodeSelector(NODE1), withBindingConditions(result(REQ0, DRIVER_A, POOL1,
                        DEVICE1, false), List.of("IsPrepare"), List.of("BindingFailed")))));
        t.add(tc("binding-conditions-multiple-devices").features(binding)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, null).withBindingConditions(List.of("IsPrepare"), List.of(
                                "BindingFailed")),
                        device(DEVICE2, null, null).withBindingConditions(List.of("IsPrepare2"), List.of(
                                "BindingFailed2")),
                        device(DEVICE3, null, null).withBindingConditions(List.of("IsPrepare3"), List.of(
                                "BindingFailed3"))))
                .expect(allocation(localNodeSelector(NODE1),
                        withBindingConditions(result(REQ0, DRIVER_A, POOL1, DEVICE1, false), List.of("IsPrepare"),
                                List.of("BindingFailed")),
                        withBindingConditions(result(REQ0, DRIVER_A, POOL1, DEVICE2, false), List.of("IsPrepare2"),
                                List.of("BindingFailed2")),
                        withBindingConditions(result(REQ1, DRIVER_A, POOL1, DEVICE3, false), List.of("IsPrepare3"),
                                List.of("BindingFailed3")))));
        t.add(tc("binding-conditions-with-and-without").features(binding)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null).withBindingConditions(List.of("IsPrepare"), List.of(
                                "BindingFailed"))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        withBindingConditions(result(REQ1, DRIVER_A, POOL1, DEVICE2, false), List.of("IsPrepare"),
                                List.of("BindingFailed")))));
        t.add(tc("binding-conditions-without-feature-gate")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withBindingConditions(List.of("IsPrepare"), List.of("BindingFailed")))));
        t.add(tc("node-restriction").features(binding).claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, nodeLabelSelector("planet", "earth"), POOL1, DRIVER_A,
                        device(DEVICE1, null, null).withBindsToNode(true)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("partitionable-devices-with-binding-conditions-some-devices-no-conditions")
                .features(binding.withPartitionableDevices(true))
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 3)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "2Gi")).withBindingConditions(List.of("IsPrepare"), List.of("BindingFailed")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "2Gi")),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withBindingConditions(List.of("IsReady"), List.of("BindingTimeout"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1),
                        withBindingConditions(result(REQ0, DRIVER_A, POOL1, DEVICE1, false), List.of("IsPrepare"),
                                List.of("BindingFailed")),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        withBindingConditions(result(REQ0, DRIVER_A, POOL1, DEVICE3, false), List.of("IsReady"),
                                List.of("BindingTimeout")))));
        t.add(tc("partitionable-devices-with-binding-conditions-and-taints-tolerated")
                .features(binding.withPartitionableDevices(true).withDeviceTaints(true))
                .claims(withTolerations(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)), TOLERATION_KEY1))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withBindingConditions(List.of("IsPrepare"), List.of("BindingFailed"))
                                .withTaints(taint("key1", "value1", "NoSchedule")),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1),
                        withBindingConditions(result(REQ0, DRIVER_A, POOL1, DEVICE1, false, TOLERATION_KEY1),
                                List.of("IsPrepare"), List.of("BindingFailed")),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, false, TOLERATION_KEY1))));
        t.add(tc("lexicographical-sorting-pools")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, resourcePool(POOL3, 1), DRIVER_A),
                        sliceWithOneDevice(SLICE2, NODE1, resourcePool(POOL2, 1), DRIVER_A),
                        sliceWithOneDevice(SLICE3, NODE1, resourcePool(POOL1, 1), DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL2, DEVICE1, false))));
        t.add(tc("lexicographical-sorting-pools-with-binding-conditions").features(binding)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 1), DRIVER_A, device(DEVICE1, null, null)
                        .withBindingConditions(List.of("IsPrepare"), List.of("BindingFailed"))),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL3, 1), DRIVER_A, device(DEVICE3, null, null)),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL2, 1), DRIVER_A, device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL2, DEVICE2, false),
                        result(REQ0, DRIVER_A, POOL3, DEVICE3, false))));
        t.add(tc("lexicographical-sorting-slices")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE3, NODE1, resourcePool(POOL1, 3), DRIVER_A, device(DEVICE3, null, null)),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 3), DRIVER_A, device(DEVICE2, null, null)),
                        sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 3), DRIVER_A, device(DEVICE1, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, false))));
    }

    private static void addConsumableCapacity(List<TableCase> t) {
        Features cc = Features.NONE.withConsumableCapacity(true);
        t.add(tc("consumable-capacity-disabled-feature").features(Features.NONE.withDeviceBindingAndStatus(true))
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("claim claim-0, request req-0: has capacity requests, but the DRAConsumableCapacity"
                        + " feature is disabled"));
        t.add(tc("consumable-capacity-disabled-feature-with-prioritized-list")
                .features(Features.NONE.withPrioritizedList(true).withDeviceBindingAndStatus(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        withCapacityRequest(subRequest(SUB0, CLASS_A, 1), "1"),
                        withCapacityRequest(subRequest(SUB1, CLASS_A, 1), "1"))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("claim claim-0, subrequest subReq-0: has capacity requests, but the"
                        + " DRAConsumableCapacity feature is disabled"));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-missing-capacity-request").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity(CAPACITY1, "1"),
                        null).withAllowMultipleAllocations())));
        t.add(tc("consumable-capacity-multi-allocatable-device-without-capacity-without-capacity-request")
                .features(cc)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false))),
                        allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false)))));
        t.add(tc("consumable-capacity-multi-allocatable-device-without-policy-without-capacity-request")
                .features(cc)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, capacity(CAPACITY0, "1"), null).withAllowMultipleAllocations(),
                        device(DEVICE2, capacity(CAPACITY0, "1"), null).withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "1")), allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1,
                        DEVICE2, false), CAPACITY0, "1"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-without-policy-without-capacity-request-block")
                .features(cc)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, capacity(CAPACITY0, "2"), null).withAllowMultipleAllocations())));
        t.add(tc("consumable-capacity-multi-allocatable-device-without-policy-with-capacity-request").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")),
                        claimWithRequests(CLAIM1, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, capacity(CAPACITY0, "2"), null).withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "1")), allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1,
                        DEVICE1, false), CAPACITY0, "1"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-policy-without-capacity-request").features(cc)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "4")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "2")), allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1,
                        DEVICE1, false), CAPACITY0, "2"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-zero-request-policy").features(cc)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyValidValues("0", CAPACITY0, "1")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "0")), allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1,
                        DEVICE1, false), CAPACITY0, "0"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-violates-zero-request-policy").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyValidValues("0", CAPACITY0, "1"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-range-policy-step").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "3")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "4")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "4"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-valid-values-policy-round-up").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "2")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyValidValues("1", CAPACITY0, "3",
                                "3")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "3"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-allocated-capacity-use-remaining").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "2")))
                .allocatedCapacity(id(DRIVER_A, POOL1, DEVICE1), null, CAPACITY0, "2")
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "4")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        CAPACITY0, "2"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-with-allocated-capacity-next-device").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "2")))
                .allocatedCapacity(id(DRIVER_A, POOL1, DEVICE1), null, CAPACITY0, "2")
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, null).withAllowMultipleAllocations()
                                .withCapacityRequestPolicyRange(CAPACITY0, "2"),
                        device(DEVICE2, null, null).withAllowMultipleAllocations()
                                .withCapacityRequestPolicyRange(CAPACITY0, "2")))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        CAPACITY0, "2"))));
        t.add(tc("consumable-capacity-with-multi-allocatable-device-backtrack").features(cc)
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(STRING_ATTRIBUTE)),
                        withCapacityRequest(request(REQ0, CLASS_A, 1), "2"),
                        withCapacityRequest(request(REQ1, CLASS_A, 1), "2")),
                        claimWithRequests(CLAIM1, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "2")))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE2, null, attributes("stringAttribute", str("stringAttributeValue1")))
                                .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "2"),
                        device(DEVICE1, null, attributes("stringAttribute", str("stringAttributeValue2")))
                                .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "4")))
                .expect(allocation(localNodeSelector(NODE1),
                        shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false), CAPACITY0, "2"),
                        shared(result(REQ1, DRIVER_A, POOL1, DEVICE1, false), CAPACITY0, "2")),
                        allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                                CAPACITY0, "2"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-allocation-mode-all-allocating-sufficient")
                .features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1"),
                        withCapacityRequest(allDeviceRequest(REQ1, CLASS_A), "1")))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, capacity(CAPACITY0, "2"), null).withAllowMultipleAllocations(),
                        device(DEVICE2, capacity(CAPACITY0, "1"), null).withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1),
                        shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false), CAPACITY0, "1"),
                        shared(result(REQ1, DRIVER_A, POOL1, DEVICE1, false), CAPACITY0, "1"),
                        shared(result(REQ1, DRIVER_A, POOL1, DEVICE2, false), CAPACITY0, "1"))));
        t.add(tc("consumable-capacity-multi-allocatable-device-allocation-mode-all-in-use-insufficient").features(cc)
                .allocatedCapacity(id(DRIVER_A, POOL1, DEVICE1), null, CAPACITY0, "1")
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(allDeviceRequest(REQ0, CLASS_A), "1")))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, capacity(CAPACITY0, "1"), null).withAllowMultipleAllocations(),
                        device(DEVICE2, capacity(CAPACITY0, "1"), null).withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        CAPACITY0, "1"))));
        t.add(tc("consumable-capacity-dedicated-device-with-consumable-capacity-request").features(cc)
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, false))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity(CAPACITY0, "1"),
                        null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("allow-multiple-allocations-not-allocate-multi-allocatable-device-which-already-dedicated")
                .features(cc).allocated(id(DRIVER_A, POOL1, DEVICE1))
                .claims(claimWithRequests(CLAIM0, null, withCapacityRequest(request(REQ0, CLASS_A, 1), "1")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withAllowMultipleAllocations().withCapacityRequestPolicyRange(CAPACITY0, "2"))));
        t.add(tc("allow-multiple-allocations-with-partitionable-device")
                .features(cc.withPrioritizedList(true).withPartitionableDevices(true))
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), requestWithPrioritizedList(REQ1,
                        subRequest(SUB0, CLASS_A, 1, mem("6Gi")), subRequest(SUB1, CLASS_A, 1, mem("4Gi")))))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withAllowMultipleAllocations(),
                        device(DEVICE2, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi")).withAllowMultipleAllocations(),
                        device(DEVICE3, FROM_COUNTERS, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "4Gi")).withAllowMultipleAllocations()),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1),
                        shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false), "memory", "4Gi"),
                        shared(result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE3, false), "memory", "4Gi"))));
        t.add(tc("with-distinct-constraints").features(cc)
                .claims(claimWithRequests(CLAIM0, List.of(distinctAttribute(BOOL_ATTRIBUTE, REQ0, REQ1),
                        distinctAttribute(VERSION_ATTRIBUTE, REQ0, REQ1, REQ2),
                        distinctAttribute(INT_ATTRIBUTE, REQ0, REQ1, REQ2, REQ3)), request(REQ0, CLASS_A, 1),
                        request(REQ1, CLASS_A, 1), request(REQ2, CLASS_A, 1), request(REQ3, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("driverVersion", version("1.0.0"), "numa", integer(0),
                                "boolAttribute", bool(true))).withAllowMultipleAllocations(),
                        device(DEVICE2, null, attributes("driverVersion", version("1.0.1"), "numa", integer(1),
                                "boolAttribute", bool(false))).withAllowMultipleAllocations(),
                        device(DEVICE3, null, attributes("driverVersion", version("1.0.2"), "numa", integer(2),
                                "boolAttribute", bool(true))).withAllowMultipleAllocations(),
                        device(DEVICE4, null, attributes("driverVersion", version("1.0.0"), "numa", integer(3),
                                "boolAttribute", bool(true))).withAllowMultipleAllocations()))
                .expect(allocation(localNodeSelector(NODE1), shared(result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        shared(result(REQ1, DRIVER_A, POOL1, DEVICE2, false)),
                        shared(result(REQ2, DRIVER_A, POOL1, DEVICE3, false)),
                        shared(result(REQ3, DRIVER_A, POOL1, DEVICE4, false)))));
        t.add(tc("with-distinct-constraints-unknown-type-attribute").features(cc)
                .claims(claimWithRequests(CLAIM0, List.of(distinctAttribute(BOOL_ATTRIBUTE, REQ0)),
                        request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, attributes(
                        "boolAttribute", new io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute()))
                        .withAllowMultipleAllocations()))
                .expectError("unsupported attribute value"));
        t.add(tc("distinct-constraint-one-multi-allocatable-device-with-distinct-constraint").features(cc)
                .claims(claimWithRequests(CLAIM0, List.of(distinctAttribute(STRING_ATTRIBUTE)),
                        withCapacityRequest(request(REQ0, CLASS_A, 1), "1"),
                        withCapacityRequest(request(REQ1, CLASS_A, 1), "1")))
                .classes(classWithAllowMultipleAllocations(CLASS_A, DRIVER_A, true))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, attributes(
                        "stringAttribute", str("stringAttributeValue"))).withAllowMultipleAllocations()
                        .withCapacityRequestPolicyRange(CAPACITY0, "2"))));
        Features lists = Features.NONE.withListTypeAttributes(true);
        t.add(tc("list-attributes-match-constaint-list-of-string-values-with-common-elements").features(lists)
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(STRING_ATTRIBUTE)), request(REQ0, CLASS_A, 1),
                        request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("stringAttribute", strings("a", "b"))),
                        device(DEVICE2, null, attributes("stringAttribute", strings("b", "c")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("list-attributes-disabled-match-constraint-with-lists")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(STRING_ATTRIBUTE)), request(REQ0, CLASS_A, 1),
                        request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("stringAttribute", strings("a", "b"))),
                        device(DEVICE2, null, attributes("stringAttribute", strings("b", "c"))))));
        t.add(tc("list-attributes-distinct-constraint-list-of-string-values-with-common-elements").features(lists)
                .claims(claimWithRequests(CLAIM0, List.of(distinctAttribute(STRING_ATTRIBUTE)),
                        request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("stringAttribute", strings("a", "b"))),
                        device(DEVICE2, null, attributes("stringAttribute", strings("b", "c"))))));
    }

    static io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute strings(String... values) {
        return new io.fabric8.kubernetes.api.model.resource.v1.DeviceAttributeBuilder().withStrings(values).build();
    }

    private static void addPoolsAndCombinations(List<TableCase> t) {
        t.add(tc("allocation-mode-all-with-multi-host-resource-pool")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE2, NODE2, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("multi-host-resource-pool-with-stale-slice-for-current-node")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(withGeneration(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)),
                        1, 2), withGeneration(sliceWithDevices(SLICE2, NODE2, POOL1, DRIVER_A, device(DEVICE2, null,
                        null)), 2, 2)));
        t.add(tc("multi-host-resource-pool-complete-update-from-node-1-to-node-2")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(withGeneration(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)),
                        1, 2), withGeneration(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE2, null,
                        null)), 1, 2), withGeneration(sliceWithDevices(SLICE2, NODE2, POOL1, DRIVER_A, device(DEVICE1,
                        null, null)), 2, 2), withGeneration(sliceWithDevices(SLICE2, NODE2, POOL1, DRIVER_A,
                        device(DEVICE2, null, null)), 2, 2))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("multi-host-resource-pool-incomplete-update-from-node-2-to-node-1")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(withGeneration(sliceWithDevices(SLICE1, NODE2, POOL1, DRIVER_A, device(DEVICE1, null, null)),
                        1, 2), withGeneration(sliceWithDevices(SLICE1, NODE2, POOL1, DRIVER_A, device(DEVICE2, null,
                        null)), 1, 2), withGeneration(sliceWithDevices(SLICE2, NODE1, POOL1, DRIVER_A, device(DEVICE1,
                        null, null)), 2, 2)));
        t.add(tc("different-resourceslices-in-pool-can-target-different-nodes")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE2, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("invalid-pool-is-ok-if-devices-can-be-allocated-from-other")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL2, 1), DRIVER_A, device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL2, DEVICE2, false))));
        t.add(tc("invalid-pool-is-error-if-no-other-device-can-be-allocated")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE3, NODE1, resourcePool(POOL2, 1), DRIVER_A, device(DEVICE2, null, null)))
                .allocated(id(DRIVER_A, POOL2, DEVICE2)).expectError("invalid resource pools were encountered"));
        t.add(tc("no-allocation-from-incomplete-pools")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null,
                        null))));
        t.add(tc("check-combinations-within-single-request-single-pool-single-slice")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 5)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null), device(DEVICE3, null, null), device(DEVICE4, null, null)))
                .expectInvocations(16));
        t.add(tc("check-combinations-within-single-request-many-pools")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 5)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)),
                        sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A, device(DEVICE2, null, null)),
                        sliceWithDevices(SLICE3, NODE1, POOL3, DRIVER_A, device(DEVICE3, null, null)),
                        sliceWithDevices(SLICE4, NODE1, POOL4, DRIVER_A, device(DEVICE4, null, null)))
                .expectInvocations(16));
        DeviceSelector typeX = cel("device.attributes[\"driver-a\"].type == \"X\"");
        DeviceSelector typeY = cel("device.attributes[\"driver-a\"].type == \"Y\"");
        t.add(tc("check-combinations-with-backtracking")
                .claims(claimWithRequests(CLAIM0, null, request(REQ1, CLASS_A, 2), request(REQ2, CLASS_A, 1, typeX)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("type", str("X"))),
                        device(DEVICE2, null, attributes("type", str("Y"))),
                        device(DEVICE3, null, attributes("type", str("Y")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ1, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE3, false), result(REQ2, DRIVER_A, POOL1, DEVICE1, false)))
                .expectInvocations(12));
        t.add(tc("check-combinations-with-prioritized-list").features(Features.NONE.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null,
                        requestWithPrioritizedList(REQ1, subRequest(SUB0, CLASS_A, 3, typeY),
                                subRequest(SUB1, CLASS_A, 2)),
                        requestWithPrioritizedList(REQ2, subRequest(SUB0, CLASS_A, 2),
                                subRequest(SUB1, CLASS_A, 1, typeX))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("type", str("X"))),
                        device(DEVICE2, null, attributes("type", str("Y"))),
                        device(DEVICE3, null, attributes("type", str("Y")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE3, false),
                        result(REQ2_SUB1, DRIVER_A, POOL1, DEVICE1, false)))
                .expectInvocations(26));
    }
}
