package io.mig4j.dra.allocation;

import static io.mig4j.dra.allocation.Fixtures.*;
import static io.mig4j.dra.allocation.TableCase.id;
import static io.mig4j.dra.allocation.TableCase.tc;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenarios from Kubernetes' allocator test table, {@code TestAllocator} in
 * {@code structured/internal/allocatortesting/allocator_testing.go} (kubernetes/dynamic-resource-allocation, master
 * 3d03671), translated case by case; each test is named after its Kubernetes case and asserts the exact
 * allocation or the error text Kubernetes asserts. This class: basic allocation, "All" requests, admin access,
 * network-attached devices, constraints, configs, errors, prioritized lists. Partitionable devices, taints, binding
 * conditions, consumable capacity and pool handling are in {@link KubernetesAllocatorTableMoreTest}.
 */
class KubernetesAllocatorTableTest {

    @TestFactory
    Stream<DynamicTest> kubernetesTable() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, c::run));
    }

    static DeviceSelector mem(String q) {
        return memoryAtLeast(DRIVER_A, q);
    }

    static List<TableCase> cases() {
        List<TableCase> t = new ArrayList<>();
        t.add(tc("empty"));
        t.add(tc("simple").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)).node(node(NODE1, REGION1))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("other-node").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_B), sliceWithOneDevice(SLICE2, NODE2, POOL2,
                        DRIVER_A)).node(node(NODE2, REGION2))
                .expect(allocation(localNodeSelector(NODE2), result(REQ0, DRIVER_A, POOL2, DEVICE1, false))));
        t.add(tc("small-and-large")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, mem("1Gi")),
                        request(REQ1, CLASS_A, 1, mem("2Gi"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "1Gi"),
                        null), device(DEVICE2, capacity("memory", "2Gi"), null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("small-and-large-backtrack-requests")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, mem("1Gi")),
                        request(REQ1, CLASS_A, 1, mem("2Gi"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE2, capacity("memory", "2Gi"),
                        null), device(DEVICE1, capacity("memory", "1Gi"), null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("small-and-large-backtrack-claims")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, mem("1Gi"))),
                        claimWithRequests(CLAIM1, null, request(REQ1, CLASS_A, 1, mem("2Gi"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE2, capacity("memory", "2Gi"),
                        null), device(DEVICE1, capacity("memory", "1Gi"), null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        allocation(localNodeSelector(NODE1), result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("devices-split-across-different-slices")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE2, NODE1, POOL2,
                        DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL2, DEVICE1, false))));
        t.add(tc("obsolete-slice").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices("slice-1-obsolete", NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, null, null)),
                        withGeneration(sliceWithDevices("slice-1-obsolete", NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                device(DEVICE2, null, null)), 2, 2)));
        ResourceSlice dupA = sliceWithOneDevice(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A);
        ResourceSlice dupB = sliceWithOneDevice(SLICE1 + "-2", NODE1, resourcePool(POOL1, 2), DRIVER_A);
        t.add(tc("duplicate-slice").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(dupA, dupB)
                .expectError("invalid resource pools were encountered"));
        t.add(tc("no-slices").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(deviceClass(CLASS_A, DRIVER_A)));
        t.add(tc("not-enough-suitable-devices")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A), claimWithRequest(CLAIM0, REQ1, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("no-classes").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("could not retrieve device class class-a"));
        t.add(tc("unknown-class").claims(claimWithRequest(CLAIM0, REQ0, "unknown-class"))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("could not retrieve device class unknown-class"));
        t.add(tc("empty-class").claims(claimWithRequest(CLAIM0, REQ0, ""))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("claim claim-0, request req-0: missing device class name (unsupported request type?)"));
        t.add(tc("no-claims-to-allocate").classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("all-devices-single").claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("all-devices-with-consumed-counters").features(Features.NONE.withPartitionableDevices(true))
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A, device(DEVICE1, null, null)
                        .withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi")))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("all-devices-many").claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE1, NODE1, POOL2,
                        DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL2, DEVICE1, false))));
        DeviceRequest allWithCount = allDeviceRequest(REQ0, CLASS_A);
        allWithCount.getExactly().setCount(1L);
        t.add(tc("all-devices-of-the-incomplete-pool").claims(claimWithRequests(CLAIM0, null, allWithCount))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A))
                .expectError("claim claim-0, request req-0: asks for all devices, but resource pool driver-a/pool-1 is"
                        + " currently being updated"));
        t.add(tc("all-devices-plus-another")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_B, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE1, NODE1, POOL1,
                        DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_B, POOL1, DEVICE1, false))));
        t.add(tc("all-devices-plus-another-reversed")
                .claims(claimWithRequests(CLAIM1, null, request(REQ0, CLASS_B, 1)),
                        claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE1, NODE1, POOL1,
                        DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_B, POOL1, DEVICE1, false)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("all-devices-many-plus-another")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_B, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)), sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, false)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_B, POOL1, DEVICE1, false))));
        t.add(tc("all-devices-no-solution")
                .claims(claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)),
                        claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("all-devices-no-solution-reversed")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)),
                        claimWithRequests(CLAIM1, null, request(REQ0, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("all-devices-slice-without-devices")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("all-devices-some-allocated")
                .claims(claimWithRequests(CLAIM0, null, allDeviceRequest(REQ0, CLASS_A)))
                .allocated(id(DRIVER_A, POOL1, DEVICE1)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null))));
        t.add(tc("all-devices-some-allocated-admin-access").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(allDeviceRequest(REQ0, CLASS_A))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, true))));
        t.add(tc("all-devices-some-allocating-admin-access").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1)),
                        withAdminAccess(allDeviceRequest(REQ1, CLASS_A))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null))));
        t.add(tc("count-devices-some-allocated-admin-access").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 2))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1)).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true),
                        result(REQ0, DRIVER_A, POOL1, DEVICE2, true))));
        t.add(tc("separate-claims-share-device-admin-access").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1))),
                        claimWithRequests(CLAIM1, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true))));
        t.add(tc("admin-access-claims-device-allocating-for-non-admin-access")
                .features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A),
                        claimWithRequests(CLAIM1, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true))));
        t.add(tc("all-devices-slice-without-devices-prioritized-list").features(Features.NONE.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 1)), subRequest(SUB1, CLASS_B, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE2, NODE1, POOL2,
                        DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_B, POOL2, DEVICE1, false))));
        t.add(tc("all-devices-some-allocated-prioritized-list").features(Features.NONE.withPrioritizedList(true))
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 1)), subRequest(SUB1, CLASS_B, 1))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)), sliceWithOneDevice(SLICE2, NODE1, POOL2, DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_B, POOL2, DEVICE1, false))));
        t.add(tc("network-attached-device").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, nodeLabelSelector("region", REGION1), POOL1, DRIVER_A))
                .expect(allocation(nodeLabelSelector("region", REGION1), result(REQ0, DRIVER_A, POOL1, DEVICE1,
                        false))));
        t.add(tc("unsuccessful-allocation-network-attached-device").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, nodeLabelSelector("region", REGION1), POOL1, DRIVER_A))
                .node(node(NODE2, REGION2)));
        t.add(tc("many-network-attached-devices").claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 4)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, nodeLabelSelector("region", REGION1), POOL1, DRIVER_A),
                        sliceWithOneDevice(SLICE1, NODE_SELECTION_ALL, POOL2, DRIVER_A),
                        sliceWithOneDevice(SLICE1, nodeLabelSelector("planet", "earth"), POOL3, DRIVER_A),
                        sliceWithOneDevice(SLICE1, localNodeSelector(NODE1), POOL4, DRIVER_A))
                .expect(allocation(selector(List.of(in("region", REGION1), in("planet", "earth")),
                        List.of(in("metadata.name", NODE1))), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL2, DEVICE1, false), result(REQ0, DRIVER_A, POOL3, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL4, DEVICE1, false))));
        t.add(tc("local-and-network-attached-devices")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, nodeLabelSelector("region", REGION1), POOL1, DRIVER_A),
                        sliceWithOneDevice(SLICE1, NODE1, POOL2, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0, DRIVER_A, POOL2, DEVICE1, false))));
        t.add(tc("several-different-drivers")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A), claimWithRequest(CLAIM0, REQ0, CLASS_B))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)), sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_B, POOL1, DEVICE1, false))));
        t.add(tc("already-allocated-devices").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .allocated(id(DRIVER_A, POOL1, DEVICE1), id(DRIVER_A, POOL1, DEVICE2))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("admin-access-disabled")
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("claim claim-0, request req-0: admin access is requested, but the feature is disabled"));
        t.add(tc("admin-access-enabled").features(Features.NONE.withAdminAccess(true))
                .claims(claimWithRequests(CLAIM0, null, withAdminAccess(request(REQ0, CLASS_A, 1))))
                .allocated(id(DRIVER_A, POOL1, DEVICE1), id(DRIVER_A, POOL1, DEVICE2))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, true))));
        addConstraintCases(t);
        addConfigAndErrorCases(t);
        addPrioritizedListCases(t);
        return t;
    }

    private static void addConstraintCases(List<TableCase> t) {
        var sameAttributes = attributes("driverVersion", version("1.0.0"), "numa", integer(1), "stringAttribute",
                str("stringAttributeValue"), "boolAttribute", bool(true));
        t.add(tc("with-constraint")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(INT_ATTRIBUTE),
                        matchAttribute(VERSION_ATTRIBUTE), matchAttribute(STRING_ATTRIBUTE),
                        matchAttribute(BOOL_ATTRIBUTE)), request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, sameAttributes),
                        device(DEVICE2, null, sameAttributes)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("with-constraint-non-existent-attribute")
                .claims(claimWithRequest(CLAIM0, REQ0, CLASS_A, matchAttribute(NON_EXISTENT_ATTRIBUTE)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)));
        t.add(tc("with-constraint-not-matching-int-attribute")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(INT_ATTRIBUTE)), request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("numa", integer(1))),
                        device(DEVICE2, null, attributes("numa", integer(2))))));
        DeviceRequest allNuma = allDeviceRequest(REQ0, CLASS_A);
        t.add(tc("with-constraint-not-matching-int-attribute-all-devices")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(INT_ATTRIBUTE)), allNuma))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("numa", integer(1))),
                        device(DEVICE2, null, attributes("numa", integer(2)))))
                .expectError("claim claim-0, request req-0: cannot add device driver-a/pool-1/device-2 because a claim"
                        + " constraint would not be satisfied"));
        t.add(tc("with-constraint-not-matching-string-attribute")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(STRING_ATTRIBUTE)),
                        request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("stringAttribute", str("stringAttributeValue"))),
                        device(DEVICE2, null, attributes("stringAttribute", str("stringAttributeValue2"))))));
        t.add(tc("with-constraint-not-matching-bool-attribute")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(BOOL_ATTRIBUTE)), request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("boolAttribute", bool(true))),
                        device(DEVICE2, null, attributes("boolAttribute", bool(false))))));
        t.add(tc("with-constraint-not-matching-version-attribute")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(VERSION_ATTRIBUTE)),
                        request(REQ0, CLASS_A, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("driverVersion", version("1.0.0"))),
                        device(DEVICE2, null, attributes("driverVersion", version("2.0.0"))))));
        t.add(tc("with-constraint-for-request")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(VERSION_ATTRIBUTE, REQ0)),
                        request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("driverVersion", version("1.0.0"))),
                        device(DEVICE2, null, attributes("driverVersion", version("2.0.0")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("with-constraint-for-request-retry")
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(VERSION_ATTRIBUTE, REQ0),
                        matchAttribute(STRING_ATTRIBUTE)), request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("driverVersion", version("1.0.0"), "stringAttribute",
                                str("a"))),
                        device(DEVICE2, null, attributes("driverVersion", version("2.0.0"), "stringAttribute",
                                str("b"))),
                        device(DEVICE3, null, attributes("driverVersion", version("3.0.0"), "stringAttribute",
                                str("b")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE2, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE3, false))));
    }

    private static void addConfigAndErrorCases(List<TableCase> t) {
        t.add(tc("with-class-device-config").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A))
                .classes(classWithConfig(CLASS_A, DRIVER_A, "classAttribute"))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        List.of(config("FromClass", List.of(), deviceConfiguration(DRIVER_A, "classAttribute"))))));
        t.add(tc("with-class-device-config-with-multiple-request-and-configs")
                .claims(claimWithRequests(CLAIM0, List.of(), request(REQ0, CLASS_A, 1), request(REQ1, CLASS_A, 1),
                        request(REQ2, CLASS_B, 1)))
                .classes(classWithConfig(CLASS_A, DRIVER_A, "classAttribute-A"),
                        classWithConfig(CLASS_B, DRIVER_B, "classAttribute-B"))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 2),
                        sliceWithOneDevice(SLICE2, NODE1, POOL1, DRIVER_B))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0, DRIVER_A, POOL1, DEVICE0, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE1, false), result(REQ2, DRIVER_B, POOL1, DEVICE1, false)),
                        List.of(config("FromClass", List.of(REQ0, REQ1), deviceConfiguration(DRIVER_A,
                                "classAttribute-A")), config("FromClass", List.of(REQ2), deviceConfiguration(DRIVER_B,
                                "classAttribute-B"))))));
        t.add(tc("with-claim-config-for-two-requests")
                .claims(withConfigs(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1),
                        request(REQ1, CLASS_A, 1), request(REQ2, CLASS_A, 1)), claimConfig(List.of(REQ0, REQ1),
                        deviceConfiguration(DRIVER_A, "deviceAttribute"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 3))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0, DRIVER_A, POOL1, DEVICE0, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE1, false), result(REQ2, DRIVER_A, POOL1, DEVICE2, false)),
                        List.of(config("FromClaim", List.of(REQ0, REQ1), deviceConfiguration(DRIVER_A,
                                "deviceAttribute"))))));
        t.add(tc("claim-with-device-config")
                .claims(claimWithDeviceConfig(CLAIM0, REQ0, CLASS_A, DRIVER_A, "deviceAttribute"))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0, DRIVER_A, POOL1, DEVICE1, false)),
                        List.of(config("FromClaim", List.of(), deviceConfiguration(DRIVER_A, "deviceAttribute"))))));
        ResourceClaim unknownSelector = claimWithRequest(CLAIM0, REQ0, CLASS_A);
        unknownSelector.getSpec().getDevices().getRequests().get(0).getExactly().setSelectors(
                new ArrayList<>(List.of(new DeviceSelector())));
        t.add(tc("unknown-selector").claims(unknownSelector).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("CEL expression empty (unsupported selector type?)"));
        ResourceClaim unknownMode = claimWithRequest(CLAIM0, REQ0, CLASS_A);
        unknownMode.getSpec().getDevices().getRequests().get(0).getExactly().setAllocationMode("future-mode");
        t.add(tc("unknown-allocation-mode").claims(unknownMode).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("unsupported count mode future-mode"));
        ResourceClaim unknownConstraint = claimWithRequest(CLAIM0, REQ0, CLASS_A,
                new io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint());
        t.add(tc("unknown-constraint").claims(unknownConstraint).classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("empty constraint (unsupported constraint type?)"));
        t.add(tc("invalid-CEL-one-device")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, cel("noSuchVar"))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("undeclared reference"));
        DeviceClass badClass = deviceClass(CLASS_A, DRIVER_A);
        badClass.getSpec().getSelectors().get(0).getCel().setExpression("noSuchVar");
        t.add(tc("invalid-CEL-one-device-class").claims(claimWithRequest(CLAIM0, REQ0, CLASS_A)).classes(badClass)
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)).expectError("undeclared reference"));
        DeviceRequest allBadCel = allDeviceRequest(REQ0, CLASS_A);
        allBadCel.getExactly().setSelectors(new ArrayList<>(List.of(cel("noSuchVar"))));
        t.add(tc("invalid-CEL-all-devices").claims(claimWithRequests(CLAIM0, null, allBadCel))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("undeclared reference"));
        t.add(tc("too-many-devices-single-request")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 500)))
                .classes(deviceClass(CLASS_A, DRIVER_A)).expectError("exceeds the claim limit"));
        t.add(tc("many-devices-okay").claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, MAX)))
                .classes(deviceClass(CLASS_A, DRIVER_A)));
        t.add(tc("too-many-devices-total")
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, MAX), request(REQ1, CLASS_A, 1)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, MAX + 1))
                .expectError("claim claim-0: number of requested devices 33 exceeds the claim limit of 32"));
        t.add(tc("max-number-devices").claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, MAX)))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, MAX))
                .expect(allocation(localNodeSelector(NODE1), multipleResults(REQ0, DRIVER_A, POOL1, MAX, 0),
                        List.of())));
    }

    private static void addPrioritizedListCases(List<TableCase> t) {
        Features pl = Features.NONE.withPrioritizedList(true);
        t.add(tc("prioritized-list-first-unavailable").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_B, 1), subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("prioritized-list-non-available").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_B, 2), subRequest(SUB1, CLASS_A, 2))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A), sliceWithOneDevice(SLICE2, NODE1, POOL2,
                        DRIVER_B)));
        t.add(tc("prioritized-list-device-config").features(pl)
                .claims(withConfigs(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1), subRequest(SUB1, CLASS_B, 2))),
                        claimConfig(List.of(REQ0_SUB0), deviceConfiguration(DRIVER_A, "foo")),
                        claimConfig(List.of(REQ0_SUB1), deviceConfiguration(DRIVER_B, "bar"))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_B, device(DEVICE1, null, attributes()),
                        device(DEVICE2, null, attributes())))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0_SUB1, DRIVER_B, POOL1, DEVICE1, false),
                        result(REQ0_SUB1, DRIVER_B, POOL1, DEVICE2, false)),
                        List.of(config("FromClaim", List.of(), deviceConfiguration(DRIVER_B, "bar"))))));
        t.add(tc("prioritized-list-class-config").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 2), subRequest(SUB1, CLASS_B, 2))))
                .classes(classWithConfig(CLASS_A, DRIVER_A, "foo"), classWithConfig(CLASS_B, DRIVER_B, "bar"))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_B, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)), sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A,
                        device(DEVICE3, null, null)))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0_SUB1, DRIVER_B, POOL1, DEVICE1, false),
                        result(REQ0_SUB1, DRIVER_B, POOL1, DEVICE2, false)),
                        List.of(config("FromClass", List.of(), deviceConfiguration(DRIVER_B, "bar"))))));
        t.add(tc("claim-config-scoped-to-subrequests-of-one-request").features(pl)
                .claims(withConfigs(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1), subRequest(SUB1, CLASS_B, 1)), request(REQ1, CLASS_A, 1)),
                        claimConfig(List.of(REQ0_SUB0, REQ0_SUB1), deviceConfiguration(DRIVER_A, "scoped"))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 2))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0_SUB0, DRIVER_A, POOL1, DEVICE0, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE1, false)),
                        List.of(config("FromClaim", List.of(REQ0_SUB0, REQ0_SUB1), deviceConfiguration(DRIVER_A,
                                "scoped"))))));
        t.add(tc("claim-config-covering-all-requests-is-cleared").features(pl)
                .claims(withConfigs(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1), subRequest(SUB1, CLASS_B, 1)), request(REQ1, CLASS_A, 1)),
                        claimConfig(List.of(REQ0_SUB0, REQ1), deviceConfiguration(DRIVER_A, "all"))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 2))
                .expect(allocation(localNodeSelector(NODE1), List.of(result(REQ0_SUB0, DRIVER_A, POOL1, DEVICE0, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE1, false)),
                        List.of(config("FromClaim", List.of(), deviceConfiguration(DRIVER_A, "all"))))));
        t.add(tc("prioritized-list-subrequests-with-expressions").features(pl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, mem("1Gi")),
                        requestWithPrioritizedList(REQ1, subRequest(SUB0, CLASS_A, 1, mem("4Gi")),
                                subRequest(SUB1, CLASS_A, 2, mem("2Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "2Gi"),
                        null), device(DEVICE2, capacity("memory", "2Gi"), null), device(DEVICE3, capacity("memory",
                        "1Gi"), null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE3, false),
                        result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE1, false), result(REQ1_SUB1, DRIVER_A, POOL1,
                                DEVICE2, false))));
        t.add(tc("prioritized-list-subrequests-with-constraints-ref-parent-request").features(pl)
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(VERSION_ATTRIBUTE, REQ0, REQ1)),
                        request(REQ0, CLASS_A, 1, mem("8Gi")), requestWithPrioritizedList(REQ1,
                                subRequest(SUB0, CLASS_A, 1, mem("2Gi")), subRequest(SUB1, CLASS_A, 1, mem("1Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "8Gi"),
                        attributes("driverVersion", version("1.0.0")))),
                        sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A, device(DEVICE2, capacity("memory", "2Gi"),
                                attributes("driverVersion", version("2.0.0"))), device(DEVICE3, capacity("memory",
                                "1Gi"), attributes("driverVersion", version("1.0.0")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1_SUB1, DRIVER_A, POOL2, DEVICE3, false))));
        t.add(tc("prioritized-list-subrequests-with-constraints-ref-sub-request").features(pl)
                .claims(claimWithRequests(CLAIM0, List.of(matchAttribute(VERSION_ATTRIBUTE, REQ0, REQ1_SUB0)),
                        request(REQ0, CLASS_A, 1, mem("8Gi")), requestWithPrioritizedList(REQ1,
                                subRequest(SUB0, CLASS_A, 1, mem("2Gi")), subRequest(SUB1, CLASS_A, 1, mem("1Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "8Gi"),
                        attributes("driverVersion", version("1.0.0")))),
                        sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A, device(DEVICE2, capacity("memory", "2Gi"),
                                attributes("driverVersion", version("2.0.0")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1_SUB1, DRIVER_A, POOL2, DEVICE2, false))));
        t.add(tc("prioritized-list-subrequests-with-allocation-mode-all").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 1)), subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).allocated(id(DRIVER_A, POOL1, DEVICE1))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("prioritized-list-allocation-mode-all-multiple-requests").features(pl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1), requestWithPrioritizedList(REQ1,
                        allMode(subRequest(SUB0, CLASS_A, 0)), subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ1_SUB1, DRIVER_A, POOL1, DEVICE2, false))));
        t.add(tc("prioritized-list-disabled")
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_A,
                        1))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expectError("claim claim-0, request req-0: has subrequests, but the DRAPrioritizedList feature is"
                        + " disabled"));
        t.add(tc("prioritized-list-multi-request").features(pl)
                .claims(claimWithRequests(CLAIM0, null, request(REQ1, CLASS_A, 1, mem("8Gi")),
                        requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_A, 1, mem("8Gi")),
                                subRequest(SUB1, CLASS_A, 1, mem("4Gi")))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "8Gi"),
                        attributes())), sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A, device(DEVICE2,
                        capacity("memory", "4Gi"), attributes())))
                .expect(allocation(localNodeSelector(NODE1), result(REQ1, DRIVER_A, POOL1, DEVICE1, false),
                        result(REQ0_SUB1, DRIVER_A, POOL2, DEVICE2, false))));
        t.add(tc("prioritized-list-with-backtracking").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_A, 1, mem("8Gi")), subRequest(SUB1, CLASS_A, 1, mem("4Gi"))),
                        request(REQ1, CLASS_A, 1, mem("8Gi"))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "8Gi"),
                        attributes())), sliceWithDevices(SLICE2, NODE1, POOL2, DRIVER_A, device(DEVICE2,
                        capacity("memory", "4Gi"), attributes())))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL2, DEVICE2, false),
                        result(REQ1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("prioritized-list-too-many-in-first-subrequest").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        subRequest(SUB0, CLASS_B, 500), subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("prioritized-list-allocation-mode-all").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 0)), subRequest(SUB1, CLASS_A, 1))))
                .classes(deviceClass(CLASS_A, DRIVER_A)).allocated(id(DRIVER_A, POOL1, DEVICE2))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null)))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        DeviceSelector v6 = cel("device.attributes[\"driver-a\"].generation == \"v6\"");
        DeviceSelector v5 = cel("device.attributes[\"driver-a\"].generation == \"v5\"");
        t.add(tc("prioritized-list-allocation-mode-all-with-selectors").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 0, v6)), allMode(subRequest(SUB1, CLASS_A, 0, v5)))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, attributes(
                        "generation", str("v5")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        t.add(tc("prioritized-list-allocation-mode-all-with-selectors-multiple-pools-across-nodes").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 0, v6)), allMode(subRequest(SUB1, CLASS_A, 0, v5)))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, attributes(
                        "generation", str("v5")))), sliceWithDevices(SLICE2, NODE2, POOL2, DRIVER_A,
                        device(DEVICE1, null, attributes("generation", str("v5"))), device(DEVICE2, null, attributes(
                                "generation", str("v6")))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE1, false))));
        DeviceClass subset = deviceClass(CLASS_A, DRIVER_A);
        subset.getSpec().getSelectors().get(0).getCel().setExpression(
                "device.driver == \"driver-a\" && device.attributes[\"driver-a\"].selected");
        t.add(tc("prioritized-list-allocation-mode-all-with-selectors-deviceclass-subset").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 0, v6)), allMode(subRequest(SUB1, CLASS_A, 0, v5)))))
                .classes(subset)
                .slices(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("generation", str("v6"), "selected", bool(false))),
                        device(DEVICE2, null, attributes("generation", str("v5"), "selected", bool(false))),
                        device(DEVICE3, null, attributes("generation", str("v5"), "selected", bool(true)))))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, DEVICE3, false))));
        List<io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult> limit = new ArrayList<>(
                multipleResults(REQ0_SUB1, DRIVER_A, POOL1, MAX / 2, 0));
        limit.addAll(multipleResults(REQ1_SUB1, DRIVER_A, POOL1, MAX / 2, MAX / 2));
        t.add(tc("prioritized-list-max-allocation-limit-request").features(pl)
                .claims(claimWithRequests(CLAIM0, null,
                        requestWithPrioritizedList(REQ0, subRequest(SUB0, CLASS_A, MAX), subRequest(SUB1, CLASS_A,
                                MAX / 2)),
                        requestWithPrioritizedList(REQ1, subRequest(SUB0, CLASS_A, MAX), subRequest(SUB1, CLASS_A,
                                MAX / 2))))
                .classes(deviceClass(CLASS_A, DRIVER_A))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, MAX * 2))
                .expect(allocation(localNodeSelector(NODE1), limit, List.of())).expectInvocations(75));
        t.add(tc("prioritized-list-max-allocation-allocation-mode-all").features(pl)
                .claims(claimWithRequests(CLAIM0, null, requestWithPrioritizedList(REQ0,
                        allMode(subRequest(SUB0, CLASS_A, 0)), subRequest(SUB1, CLASS_A, 2)),
                        request(REQ1, CLASS_B, 2)))
                .classes(deviceClass(CLASS_A, DRIVER_A), deviceClass(CLASS_B, DRIVER_B))
                .slices(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, MAX - 1),
                        sliceWithMultipleDevices(SLICE2, NODE1, POOL2, DRIVER_B, 2))
                .expect(allocation(localNodeSelector(NODE1), result(REQ0_SUB1, DRIVER_A, POOL1, "device-0", false),
                        result(REQ0_SUB1, DRIVER_A, POOL1, "device-1", false), result(REQ1, DRIVER_B, POOL2,
                                "device-0", false), result(REQ1, DRIVER_B, POOL2, "device-1", false)))
                .expectInvocations(42));
    }
}
