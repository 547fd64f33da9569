package io.mig4j.dra.allocation;

import static io.mig4j.dra.allocation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Shared counters across allocators that follow one another over one {@link AllocatedState}, and the rule of
 * {@code checkAvailableCounters} in {@code allocator_incubating.go} that every counter of the pool is compared, so a
 * pool already overcommitted by allocated devices takes no further partitionable device.
 */
class CountersTest {
    private static final Node NODE = node(NODE1, REGION1);
    private static final Features PARTITIONABLE = Features.NONE.withPartitionableDevices(true);

    private static List<ResourceSlice> slices(String memory) {
        return List.of(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi")),
                        device(DEVICE2, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi")),
                        device(DEVICE3, null, null).withCounterConsumption(consumption(COUNTER_SET2, "cpus", "1"))),
                sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        counterSet(COUNTER_SET1, "memory", memory), counterSet(COUNTER_SET2, "cpus", "4")));
    }

    private static Optional<List<AllocationResult>> allocate(ResourceSnapshot snapshot, AllocatedState state,
            String claim) throws AllocationException {
        ResourceClaim c = claimWithRequests(claim, null, request(REQ0, CLASS_A, 1));
        return Allocator.builder(snapshot).features(PARTITIONABLE).allocatedState(state).build()
                .allocate(NODE, List.of(c));
    }

    private static String deviceOf(Optional<List<AllocationResult>> r) {
        assertThat(r).isPresent();
        List<DeviceRequestAllocationResult> results = r.get().get(0).getDevices().getResults();
        return results.get(0).getDevice();
    }

    @Test
    void eachAllocatorSeesTheCountersTheEarlierOnesConsumed() throws AllocationException {
        ResourceSnapshot snapshot = ResourceSnapshot.of(slices("8Gi"), List.of(deviceClass(CLASS_A, DRIVER_A)));
        AllocatedState state = new AllocatedState();
        Optional<List<AllocationResult>> first = allocate(snapshot, state, "first");
        assertThat(deviceOf(first)).isEqualTo(DEVICE1);
        // Computed and remembered for the pool; the next allocator over the unchanged state reuses it.
        assertThat(allocate(snapshot, state, "again")).map(r -> r.get(0).getDevices().getResults().get(0)
                .getDevice()).contains(DEVICE1);
        state.add("first", first.get().get(0));
        assertThat(deviceOf(allocate(snapshot, state, "second"))).isEqualTo(DEVICE2);
        state.addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE2));
        // memory is used up: only the device on the other counter set is left.
        assertThat(deviceOf(allocate(snapshot, state, "third"))).isEqualTo(DEVICE3);
        state.addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE3));
        assertThat(allocate(snapshot, state, "fourth")).isEmpty();
    }

    @Test
    void aPoolOvercommittedByAllocatedDevicesTakesNoMoreDevicesEvenOnOtherCounterSets()
            throws AllocationException {
        // The slices shrank the memory counter after DEVICE1 and DEVICE2 were allocated: 8Gi used of 4Gi.
        ResourceSnapshot snapshot = ResourceSnapshot.of(slices("4Gi"), List.of(deviceClass(CLASS_A, DRIVER_A)));
        AllocatedState state = new AllocatedState().addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE1))
                .addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE2));
        assertThat(allocate(snapshot, state, "claim")).isEmpty();
        // Without the overcommitment the same device fits.
        AllocatedState one = new AllocatedState().addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE1));
        assertThat(deviceOf(allocate(snapshot, one, "claim"))).isEqualTo(DEVICE3);
    }
}
