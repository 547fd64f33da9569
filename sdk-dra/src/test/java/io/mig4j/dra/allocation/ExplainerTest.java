package io.mig4j.dra.allocation;

import static io.mig4j.dra.allocation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.allocation.Explanation.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Why not?": one reason per request and node, in text and JSON, for each kind of obstacle. */
class ExplainerTest {
    private static final Node N1 = node(NODE1, REGION1);

    private static Explanation explain(Features f, AllocatedState state, List<DeviceClass> classes,
            List<ResourceSlice> slices, List<Node> nodes, ResourceClaim... claims) {
        Allocator a = Allocator.builder(ResourceSnapshot.of(slices, classes)).features(f).allocatedState(state)
                .build();
        return Explainer.explain(a, nodes, List.of(claims));
    }

    private static Explanation.RequestExplanation only(Explanation e) {
        assertThat(e.claims()).hasSize(1);
        assertThat(e.claims().get(0).requests()).hasSize(1);
        return e.claims().get(0).requests().get(0);
    }

    @Test
    void nothingToExplainWhenTheClaimFits() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        assertThat(e.isEmpty()).isTrue();
        assertThat(e.toText()).isEmpty();
    }

    @Test
    void noDeviceClass() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        assertThat(only(e).reason()).isEqualTo(Reason.NO_DEVICE_CLASS);
        assertThat(e.toText()).isEqualTo("Claim claim-0, request req-0: on node node-1, device class class-a does not"
                + " exist.");
    }

    @Test
    void classSelectorMatchesNothing() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_B)),
                List.of(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 3)), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        assertThat(only(e).reason()).isEqualTo(Reason.CLASS_SELECTOR_MATCHES_NOTHING);
        assertThat(e.toText()).endsWith("device class class-a matches none of the 3 devices.");
    }

    @Test
    void allocatedByWhichClaims() {
        AllocatedState state = new AllocatedState();
        ResourceClaim holder = claimWithRequest("holder", REQ0, CLASS_A);
        holder.getMetadata().setNamespace("team-a");
        state.add("team-a/holder", allocation(localNodeSelector(NODE1), result(REQ0, DRIVER_A, POOL1, DEVICE1, false)));
        Explanation e = explain(Features.NONE, state, List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        assertThat(only(e).reason()).isEqualTo(Reason.ALLOCATED);
        assertThat(e.toText()).isEqualTo("Claim claim-0, request req-0: on node node-1, device class class-a matches 1"
                + " device, 0 of them free (1 needed); 1 allocated: device-1 (team-a/holder).");
        Map<String, Object> json = e.toJson();
        assertThat(json.toString()).contains("reason=allocated", "allocated=[device-1 (team-a/holder)]",
                "needed=1", "free=0");
    }

    @Test
    void taintsNotTolerated() {
        Explanation e = explain(Features.NONE.withDeviceTaints(true), new AllocatedState(),
                List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null)
                        .withTaints(taint("gpu.nvidia.com/xid", "79", "NoSchedule")))), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        assertThat(only(e).reason()).isEqualTo(Reason.TAINTS_NOT_TOLERATED);
        assertThat(e.toText()).contains("1 with taints the request does not tolerate: device-1"
                + " (gpu.nvidia.com/xid=79:NoSchedule)");
    }

    @Test
    void severalObstaclesAddUpToNotEnoughDevices() {
        AllocatedState state = new AllocatedState().addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE1));
        Explanation e = explain(Features.NONE.withDeviceTaints(true), state, List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, null, null),
                        device(DEVICE2, null, null).withTaints(taint("k", "v", "NoExecute")),
                        device(DEVICE3, null, null))), List.of(N1),
                claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 2)));
        assertThat(only(e).reason()).isEqualTo(Reason.NOT_ENOUGH_DEVICES);
        assertThat(e.toText()).contains("matches 3 devices, 1 of them free (2 needed); 1 allocated: device-1 (an"
                + " allocated claim); 1 with taints the request does not tolerate: device-2 (k=v:NoExecute).");
    }

    @Test
    void requestSelectorMatchesNothing() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A, device(DEVICE1, capacity("memory", "1Gi"),
                        null))), List.of(N1),
                claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1, memoryAtLeast(DRIVER_A, "2Gi"))));
        assertThat(only(e).reason()).isEqualTo(Reason.REQUEST_SELECTOR_MATCHES_NOTHING);
    }

    @Test
    void celRuntimeErrorNamesTheSelectorAndDevice() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)), List.of(N1),
                claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 1,
                        cel("device.attributes[\"driver-a\"].profile == \"x\""))));
        assertThat(only(e).reason()).isEqualTo(Reason.CEL_RUNTIME_ERROR);
        assertThat(e.toText()).contains("claim claim-0: selector #0 on device driver-a/pool-1/device-1: CEL runtime"
                + " error: no such key: profile. consider using CEL optional chaining");
    }

    @Test
    void constraintConflict() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithDevices(SLICE1, NODE1, POOL1, DRIVER_A,
                        device(DEVICE1, null, attributes("numa", integer(0))),
                        device(DEVICE2, null, attributes("numa", integer(1))))), List.of(N1),
                claimWithRequests(CLAIM0, List.of(matchAttribute(INT_ATTRIBUTE)), request(REQ0, CLASS_A, 1),
                        request(REQ1, CLASS_A, 1)));
        assertThat(e.claims().get(0).requests()).extracting(Explanation.RequestExplanation::reason)
                .containsExactly(Reason.CONSTRAINT_CONFLICT, Reason.CONSTRAINT_CONFLICT);
        assertThat(e.toText()).contains("no choice of them satisfies the claim's constraint matchAttribute"
                + " driver-a/numa.");
    }

    @Test
    void claimsCompeteForTheSameDevice() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A)), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A), claimWithRequest(CLAIM1, REQ0, CLASS_A));
        assertThat(e.claims()).hasSize(2);
        assertThat(e.claims().get(0).requests().get(0).reason()).isEqualTo(Reason.COMPETING_REQUESTS);
        assertThat(e.toText()).contains("the claim fits alone, but not together with claim claim-1.");
    }

    @Test
    void claimLimit() {
        Explanation e = explain(Features.NONE, new AllocatedState(), List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithMultipleDevices(SLICE1, NODE1, POOL1, DRIVER_A, 40)), List.of(N1),
                claimWithRequests(CLAIM0, null, request(REQ0, CLASS_A, 33)));
        assertThat(e.claims().get(0).problem()).isEqualTo("the claim asks for at least 33 devices, more than the limit"
                + " of 32 devices per claim.");
        assertThat(e.toText()).startsWith("Claim claim-0: the claim asks for at least 33 devices");
    }

    @Test
    void onePragraphPerRequestAcrossNodes() {
        AllocatedState state = new AllocatedState().addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE1));
        Explanation e = explain(Features.NONE, state, List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithOneDevice(SLICE1, NODE1, POOL1, DRIVER_A),
                        sliceWithOneDevice(SLICE2, NODE2, POOL2, DRIVER_B)),
                List.of(N1, node(NODE2, REGION2)), claimWithRequest(CLAIM0, REQ0, CLASS_A));
        Explanation.RequestExplanation r = only(e);
        assertThat(r.findings()).extracting(Explanation.Finding::reason)
                .containsExactly(Reason.ALLOCATED, Reason.CLASS_SELECTOR_MATCHES_NOTHING);
        assertThat(e.toText()).doesNotContain("\n").contains("on node node-1, device class class-a matches 1 device",
                "on node node-2, device class class-a matches none of the 1 devices.");
    }

    @Test
    void countersExhaustedNamesTheCounterSetAndItsConsumers() {
        AllocatedState state = new AllocatedState().addDevice(new DeviceId(DRIVER_A, POOL1, DEVICE2));
        Explanation e = explain(Features.NONE.withPartitionableDevices(true), state,
                List.of(deviceClass(CLASS_A, DRIVER_A)),
                List.of(sliceWithDevices(SLICE1, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                        device(DEVICE1, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory", "4Gi")),
                        device(DEVICE2, null, null).withCounterConsumption(consumption(COUNTER_SET1, "memory",
                                "6Gi"))),
                        sliceWithCounterSets(SLICE2, NODE1, resourcePool(POOL1, 2), DRIVER_A,
                                counterSet(COUNTER_SET1, "memory", "8Gi"))), List.of(N1),
                claimWithRequest(CLAIM0, REQ0, CLASS_A));
        // device-2 itself is allocated, device-1 lacks counters: two obstacles together.
        assertThat(only(e).reason()).isEqualTo(Reason.NOT_ENOUGH_DEVICES);
        assertThat(e.toText()).contains("1 allocated: device-2 (an allocated claim); 1 with shared counters used up:"
                + " counter set counter-set-1 is short for device-1 (2Gi memory left, 4Gi needed), consumed by"
                + " allocated device-2.");
        assertThat(e.toJson().toString()).contains("counterSet=counter-set-1", "short={memory=");
    }
}
