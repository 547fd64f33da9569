package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The MIG behaviour every {@link Nvml} implementation shows, mutations included: where instances land and which
 * IDs they get, what capacity and placement queries answer, destroy order, pending MIG mode. One suite, three
 * implementations that must agree: {@code FakeNvml} (sdk-testkit extends this class) and the C test double of
 * libnvidia-ml through the FFM binding (JDK 22+) and the JNA binding (JDK 17 and 25), via
 * {@link NvmlBindingContractTest}. A changed answer in any of them fails here.
 *
 * <p>Node: GPU 0 an NVIDIA H100 80GB HBM3 (PCI device 0x2330) with MIG enabled and no instance; GPU 1 an NVIDIA
 * A100-SXM4-40GB (0x20B0) with MIG disabled, whose mode change takes effect at once when idle (as
 * {@code nvidia-smi -mig 1} achieves on bare metal by resetting the GPU). GPU instance profile IDs on both: 1g 19,
 * 1g+me 20, 1g with two memory slices 15, 2g 14, 3g 9, 4g 5, 7g 0.
 *
 * <p>Sources of the expected answers:
 * <ul>
 * <li>NVIDIA Multi-Instance GPU User Guide, "Getting Started with MIG", instance geometry examples on an
 *     A100-SXM4-40GB: {@code nvidia-smi mig -cgi 19,14,5} creates GPU instances 13, 5 and 1;
 *     {@code -cgi 9,19,14,19} creates 2, 7, 4 and 8; {@code -cgi 19,19,14,9} creates 13, 11 and 3 and then fails
 *     with "Insufficient Resources", keeping the three.</li>
 * <li>Published {@code nvidia-smi mig -cgi}/{@code -lgi} transcripts on A100 and H100 boards (for example
 *     NVIDIA/go-nvml issue #146, kubernetes-sigs/dra-driver-nvidia-gpu issue #933 and pull request #1018): GPU
 *     instance IDs follow the placement (7g 0; the halves 1 = 0:4, 2 = 4:4; the quarters 3..6 = 0:2..6:2; single
 *     slices 7..13 = slots 0..6) and auto-placement fills 1g slots 6, 4, 5, 0, 1, 2, 3; 2g 4:2, 0:2, 2:2; 3g 4:4
 *     then 0:4; the two-slice 1g profile 6:2 first. One rule reproduces them all (and is what FakeNvml and the
 *     double implement): take the free placement that removes the fewest still-creatable placements of the
 *     other profiles, ties to the lowest start.</li>
 * <li>nvml.h (NVML API 13, as vendored in NVIDIA/go-nvml {@code gen/nvml/nvml.h}): possible placements are "all
 *     the possible placements for the given profile regardless of whether MIG is enabled or not"; an invalid
 *     {@code profileId} is {@code NVML_ERROR_INVALID_ARGUMENT}. What a real H200 (driver 580.159.04) answered for
 *     profile IDs it does not have, and its full remaining capacities with MIG disabled:
 *     {@code docs/nvml-probe-h200-580.159.04.txt}.</li>
 * <li>Compute instance IDs: 0, 1, 2, ... in creation order within a GPU instance, the lowest free ID after a
 *     destroy (the driver's capability nodes stop at {@code ci7} per GPU instance, MIG User Guide "Device Nodes
 *     and Capabilities", so IDs are reused rather than counted up); the default compute instance
 *     ({@code -C}) is the full-size one, ID 0 at placement 0.</li>
 * </ul>
 */
public abstract class MigBehaviourContract {

    protected static final int ID_1G = 19;
    protected static final int ID_1G_ME = 20;
    protected static final int ID_1G_2SLICE = 15;
    protected static final int ID_2G = 14;
    protected static final int ID_3G = 9;
    protected static final int ID_4G = 5;
    protected static final int ID_7G = 0;
    /** A GPU instance profile ID no GPU has. */
    protected static final int UNKNOWN_ID = 99;

    /** A node in the state the class comment describes, with NVML initialized. */
    protected abstract Nvml freshNode();

    /**
     * Makes GPU {@code index} busy (a client holds it: a MIG mode change stays pending with activation status
     * {@code ERROR_IN_USE}) or idle again.
     */
    protected abstract void setBusy(Nvml nvml, int index, boolean busy);

    private static void assertFails(ThrowingCallable call, NvmlReturn code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NvmlException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(code));
    }

    /** Creates GPU instances without placement, one per profile ID, as {@code nvidia-smi mig -cgi a,b,c} does. */
    private static List<String> cgi(Nvml nvml, DeviceHandle gpu, int... profileIds) {
        List<String> out = new ArrayList<>();
        for (int id : profileIds) {
            try {
                NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(nvml.deviceCreateGpuInstance(gpu, id));
                assertThat(info.profileId()).isEqualTo(id);
                out.add(info.id() + "@" + info.placement());
            } catch (NvmlException e) {
                out.add(e.result().name());
                break; // nvidia-smi stops at the first failure; what it created stays
            }
        }
        return out;
    }

    /** The GPU's instances as {@code id@start:size}, by ID. */
    private static List<String> gpuInstances(Nvml nvml, DeviceHandle gpu) {
        List<NvmlGpuInstanceInfo> all = new ArrayList<>();
        for (int profile : new int[] {ID_1G, ID_1G_ME, ID_1G_2SLICE, ID_2G, ID_3G, ID_4G, ID_7G}) {
            for (GpuInstanceHandle gi : nvml.deviceGetGpuInstances(gpu, profile)) {
                all.add(nvml.gpuInstanceGetInfo(gi));
            }
        }
        all.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return all.stream().map(i -> i.id() + "@" + i.placement()).toList();
    }

    private static DeviceHandle a100WithMig(Nvml nvml) {
        DeviceHandle a100 = nvml.deviceGetHandleByIndex(1);
        assertThat(nvml.deviceSetMigMode(a100, MigModeInfo.ENABLE).activated()).isTrue();
        return a100;
    }

    // ------------------------------------------------------------------------------------------------
    // auto-placement and GPU instance IDs: published transcripts

    @Test
    void migGuideExample_19_14_5_givesInstances13_5_1() {
        Nvml nvml = freshNode();
        assertThat(cgi(nvml, a100WithMig(nvml), ID_1G, ID_2G, ID_4G)).containsExactly("13@6:1", "5@4:2", "1@0:4");
    }

    @Test
    void migGuideExample_9_19_14_19_givesInstances2_7_4_8() {
        Nvml nvml = freshNode();
        assertThat(cgi(nvml, a100WithMig(nvml), ID_3G, ID_1G, ID_2G, ID_1G))
                .containsExactly("2@4:4", "7@0:1", "4@2:2", "8@1:1");
    }

    @Test
    void migGuideExample_19_19_14_9_failsAtTheThreeSliceInstanceAndKeepsTheOthers() {
        Nvml nvml = freshNode();
        DeviceHandle a100 = a100WithMig(nvml);
        assertThat(cgi(nvml, a100, ID_1G, ID_1G, ID_2G, ID_3G))
                .containsExactly("13@6:1", "11@4:1", "3@0:2", "ERROR_INSUFFICIENT_RESOURCES");
        assertThat(gpuInstances(nvml, a100)).containsExactly("3@0:2", "11@4:1", "13@6:1");
    }

    @Test
    void oneSliceInstancesFillSlotsSixFourFiveThenZeroToThree() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        assertThat(cgi(nvml, h100, ID_1G, ID_1G, ID_1G, ID_1G, ID_1G, ID_1G, ID_1G, ID_1G)).containsExactly(
                "13@6:1", "11@4:1", "12@5:1", "7@0:1", "8@1:1", "9@2:1", "10@3:1", "ERROR_INSUFFICIENT_RESOURCES");
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, ID_1G)).isZero();
    }

    @Test
    void twoSliceInstancesFillFourZeroTwo() {
        Nvml nvml = freshNode();
        assertThat(cgi(nvml, nvml.deviceGetHandleByIndex(0), ID_2G, ID_2G, ID_2G, ID_2G))
                .containsExactly("5@4:2", "3@0:2", "4@2:2", "ERROR_INSUFFICIENT_RESOURCES");
    }

    @Test
    void threeSliceInstancesTakeTheUpperHalfFirst() {
        Nvml nvml = freshNode();
        assertThat(cgi(nvml, nvml.deviceGetHandleByIndex(0), ID_3G, ID_3G, ID_3G))
                .containsExactly("2@4:4", "1@0:4", "ERROR_INSUFFICIENT_RESOURCES");
    }

    @Test
    void aThreeSliceInstanceTakesTheLowerHalfWhenTheUpperIsBlocked() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(5, 1));
        assertThat(cgi(nvml, h100, ID_3G)).containsExactly("1@0:4");
    }

    @Test
    void theTwoSliceOneGProfileTakesSlotsSixAndSevenFirst() {
        Nvml nvml = freshNode();
        // the first placement is published; the next three follow from the same rule
        assertThat(cgi(nvml, nvml.deviceGetHandleByIndex(0), ID_1G_2SLICE, ID_1G_2SLICE, ID_1G_2SLICE,
                ID_1G_2SLICE, ID_1G_2SLICE)).containsExactly("6@6:2", "5@4:2", "3@0:2", "4@2:2",
                "ERROR_INSUFFICIENT_RESOURCES");
    }

    @Test
    void theFullInstanceIsIdZeroAndTheFourSliceInstanceIdOne() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        assertThat(cgi(nvml, h100, ID_7G, ID_1G)).containsExactly("0@0:8", "ERROR_INSUFFICIENT_RESOURCES");
        nvml.gpuInstanceDestroy(nvml.deviceGetGpuInstanceById(h100, 0));
        assertThat(cgi(nvml, h100, ID_4G, ID_3G)).containsExactly("1@0:4", "2@4:4");
    }

    @Test
    void idsFollowThePlacementNotTheOrderOfCreation() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        int[] starts = {3, 0, 6, 2, 5};
        List<Integer> ids = new ArrayList<>();
        for (int start : starts) {
            ids.add(nvml.gpuInstanceGetInfo(
                    nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(start, 1))).id());
        }
        assertThat(ids).containsExactly(10, 7, 13, 9, 12);
        assertThat(gpuInstances(nvml, h100)).containsExactly("7@0:1", "9@2:1", "10@3:1", "12@5:1", "13@6:1");
    }

    @Test
    void recreatingAtTheSamePlacementGivesTheSameId() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        GpuInstanceHandle first = nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_2G, new Placement(2, 2));
        assertThat(nvml.gpuInstanceGetInfo(first).id()).isEqualTo(4);
        nvml.gpuInstanceDestroy(first);
        GpuInstanceHandle again = nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_2G, new Placement(2, 2));
        assertThat(nvml.gpuInstanceGetInfo(again).id()).isEqualTo(4);
        assertThat(nvml.deviceGetGpuInstanceById(h100, 4)).isEqualTo(again);
    }

    // ------------------------------------------------------------------------------------------------
    // creation rules

    @Test
    void aPlacementTheProfileDoesNotHaveIsInvalidArgumentAndAnOccupiedOneInsufficientResources() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_3G, new Placement(4, 4));
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_2G, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(7, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(2, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_4G, new Placement(4, 4)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(5, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_7G, new Placement(0, 8)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(gpuInstances(nvml, h100)).containsExactly("2@4:4");
    }

    @Test
    void aProfilesInstanceCountIsACap() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G_ME, new Placement(0, 1));
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, ID_1G_ME)).isZero();
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G_ME, new Placement(3, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertFails(() -> nvml.deviceCreateGpuInstance(h100, ID_1G_ME), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, ID_1G)).isEqualTo(6);
    }

    /** nvml.h lists an invalid placement as INVALID_ARGUMENT: arguments are checked before resources. */
    @Test
    void anIllegalPlacementIsInvalidEvenWhenTheProfileHasNoRoomLeft() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G_ME, new Placement(0, 1));
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G_ME, new Placement(7, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G_ME, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_3G, new Placement(4, 4));
        nvml.gpuInstanceCreateComputeInstance(gi, 2);
        assertFails(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 2, new Placement(0, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 2, new Placement(0, 3)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    /** A real H200 answered INVALID_ARGUMENT for IDs no GPU has, in both queries (docs/nvml-probe-h200-...). */
    @Test
    void aGpuInstanceProfileIdTheGpuDoesNotHaveIsInvalidArgumentEverywhere() {
        Nvml nvml = freshNode();
        for (DeviceHandle gpu : List.of(nvml.deviceGetHandleByIndex(0), nvml.deviceGetHandleByIndex(1))) {
            for (int id : new int[] {UNKNOWN_ID, 1, 4, 1000}) {
                assertFails(() -> nvml.deviceGetGpuInstancePossiblePlacements(gpu, id),
                        NvmlReturn.ERROR_INVALID_ARGUMENT);
                assertFails(() -> nvml.deviceGetGpuInstanceRemainingCapacity(gpu, id),
                        NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
        }
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        assertFails(() -> nvml.deviceCreateGpuInstance(h100, UNKNOWN_ID), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceCreateGpuInstanceWithPlacement(h100, UNKNOWN_ID, new Placement(0, 1)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceGetGpuInstances(h100, UNKNOWN_ID), NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void aComputeInstanceProfileIdTheGpuInstanceDoesNotOfferIsInvalidArgumentEverywhere() {
        Nvml nvml = freshNode();
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(nvml.deviceGetHandleByIndex(0), ID_3G,
                new Placement(0, 4));
        for (int id : new int[] {4, 3, UNKNOWN_ID}) { // 7c and 4c are not offered inside a 3g instance
            assertFails(() -> nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, id),
                    NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertFails(() -> nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, id),
                    NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertFails(() -> nvml.gpuInstanceCreateComputeInstance(gi, id), NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertFails(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, id, new Placement(0, 1)),
                    NvmlReturn.ERROR_INVALID_ARGUMENT);
            assertFails(() -> nvml.gpuInstanceGetComputeInstances(gi, id), NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // placements and capacity

    @Test
    void possiblePlacementsIgnoreOccupancyAndMigMode() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        DeviceHandle a100 = nvml.deviceGetHandleByIndex(1);
        List<Placement> halves = List.of(new Placement(0, 4), new Placement(4, 4));
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(a100, ID_3G)).isEqualTo(halves);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_3G, new Placement(4, 4));
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(h100, ID_3G)).isEqualTo(halves);
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(h100, ID_1G_2SLICE)).containsExactly(
                new Placement(0, 2), new Placement(2, 2), new Placement(4, 2), new Placement(6, 2));
        assertThat(nvml.deviceGetGpuInstancePossiblePlacements(h100, ID_1G_ME)).hasSize(7);
    }

    /** With MIG disabled the capacities are the full instance counts, as the H200 answered (docs/nvml-probe-...). */
    @Test
    void remainingCapacityFollowsOccupancyAndIsFullWithMigDisabled() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        DeviceHandle a100 = nvml.deviceGetHandleByIndex(1);
        int[] ids = {ID_1G, ID_1G_ME, ID_1G_2SLICE, ID_2G, ID_3G, ID_4G, ID_7G};
        assertThat(capacities(nvml, a100, ids)).containsExactly(7, 1, 4, 3, 2, 1, 1);
        assertThat(capacities(nvml, h100, ids)).containsExactly(7, 1, 4, 3, 2, 1, 1);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_3G, new Placement(4, 4));
        assertThat(capacities(nvml, h100, ids)).containsExactly(4, 1, 2, 2, 1, 1, 0);
        nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_1G, new Placement(1, 1));
        assertThat(capacities(nvml, h100, ids)).containsExactly(3, 1, 1, 1, 0, 0, 0);
    }

    private static List<Integer> capacities(Nvml nvml, DeviceHandle gpu, int... ids) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            out.add(nvml.deviceGetGpuInstanceRemainingCapacity(gpu, id));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // compute instances

    @Test
    void theDefaultComputeInstanceIsTheFullSizeOneWithIdZeroAtPlacementZero() {
        Nvml nvml = freshNode();
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(nvml.deviceGetHandleByIndex(0), ID_3G);
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(gi, 2); // 3c: the 3g instance whole
        NvmlComputeInstanceInfo info = nvml.computeInstanceGetInfo(ci);
        assertThat(info.id()).isZero();
        assertThat(info.profileId()).isEqualTo(2);
        assertThat(info.placement()).isEqualTo(new Placement(0, 3));
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)).isZero();
        assertFails(() -> nvml.gpuInstanceCreateComputeInstance(gi, 0), NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    @Test
    void computeInstanceIdsCountUpInCreationOrderAndTheLowestFreeIdIsReused() {
        Nvml nvml = freshNode();
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(nvml.deviceGetHandleByIndex(0), ID_7G);
        List<ComputeInstanceHandle> cis = new ArrayList<>();
        cis.add(nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(5, 1)));
        cis.add(nvml.gpuInstanceCreateComputeInstance(gi, 0));
        cis.add(nvml.gpuInstanceCreateComputeInstance(gi, 1)); // 2c
        cis.add(nvml.gpuInstanceCreateComputeInstance(gi, 0));
        assertThat(cis.stream().map(nvml::computeInstanceGetInfo).map(i -> i.id() + "@" + i.placement()))
                .containsExactly("0@5:1", "1@0:1", "2@2:2", "3@1:1");
        nvml.computeInstanceDestroy(cis.get(1));
        nvml.computeInstanceDestroy(cis.get(0));
        NvmlComputeInstanceInfo again = nvml.computeInstanceGetInfo(nvml.gpuInstanceCreateComputeInstance(gi, 0));
        assertThat(again.id() + "@" + again.placement()).isEqualTo("0@0:1");
        assertFails(() -> nvml.gpuInstanceGetComputeInstanceById(gi, 1), NvmlReturn.ERROR_NOT_FOUND);
        NvmlComputeInstanceInfo next = nvml.computeInstanceGetInfo(nvml.gpuInstanceCreateComputeInstance(gi, 0));
        assertThat(next.id() + "@" + next.placement()).isEqualTo("1@4:1");
    }

    @Test
    void computeInstancesFollowTheRulesOfTheirGpuInstance() {
        Nvml nvml = freshNode();
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(nvml.deviceGetHandleByIndex(0), ID_4G,
                new Placement(0, 4));
        assertThat(nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, 1))
                .containsExactly(new Placement(0, 2), new Placement(2, 2));
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 1, new Placement(2, 2));
        assertFails(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 1, new Placement(1, 2)),
                NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, 0, new Placement(3, 1)),
                NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 0)).isEqualTo(2);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 1)).isEqualTo(1);
        assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, 3)).isZero();
    }

    // ------------------------------------------------------------------------------------------------
    // destroy order, MIG devices

    @Test
    void aGpuInstanceIsDestroyedOnlyAfterItsComputeInstancesAndStaleHandlesAreInvalid() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(h100, ID_3G, new Placement(4, 4));
        ComputeInstanceHandle ci = nvml.gpuInstanceCreateComputeInstance(gi, 2);
        assertFails(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_IN_USE);
        assertThat(gpuInstances(nvml, h100)).containsExactly("2@4:4");
        nvml.computeInstanceDestroy(ci);
        assertFails(() -> nvml.computeInstanceGetInfo(ci), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.computeInstanceDestroy(ci), NvmlReturn.ERROR_INVALID_ARGUMENT);
        nvml.gpuInstanceDestroy(gi);
        assertFails(() -> nvml.gpuInstanceGetInfo(gi), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.gpuInstanceDestroy(gi), NvmlReturn.ERROR_INVALID_ARGUMENT);
        assertFails(() -> nvml.deviceGetGpuInstanceById(h100, 2), NvmlReturn.ERROR_NOT_FOUND);
        assertThat(gpuInstances(nvml, h100)).isEmpty();
        assertThat(nvml.deviceGetGpuInstanceRemainingCapacity(h100, ID_7G)).isEqualTo(1);
    }

    @Test
    void migDevicesAreIndexedByGpuInstanceIdThenComputeInstanceId() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        GpuInstanceHandle upper = nvml.deviceCreateGpuInstance(h100, ID_3G); // ID 2
        GpuInstanceHandle quarter = nvml.deviceCreateGpuInstance(h100, ID_2G); // ID 3 at 0:2
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(upper, 0, new Placement(2, 1));
        nvml.gpuInstanceCreateComputeInstanceWithPlacement(upper, 1, new Placement(0, 2));
        nvml.gpuInstanceCreateComputeInstance(quarter, 1);
        List<String> seen = new ArrayList<>();
        for (int index = 0; index < nvml.deviceGetMaxMigDeviceCount(h100); index++) {
            try {
                DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(h100, index);
                assertThat(nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)).isEqualTo(h100);
                seen.add(nvml.deviceGetGpuInstanceId(mig) + "/" + nvml.deviceGetComputeInstanceId(mig));
            } catch (NvmlException e) {
                assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_NOT_FOUND);
            }
        }
        assertThat(seen).containsExactly("2/0", "2/1", "3/0");
    }

    // ------------------------------------------------------------------------------------------------
    // MIG mode

    @Test
    void aModeChangeOnABusyGpuStaysPendingAndInstancesNeedTheCurrentMode() {
        Nvml nvml = freshNode();
        DeviceHandle a100 = nvml.deviceGetHandleByIndex(1);
        assertFails(() -> nvml.deviceCreateGpuInstance(a100, ID_1G), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertFails(() -> nvml.deviceGetGpuInstances(a100, ID_1G), NvmlReturn.ERROR_NOT_SUPPORTED);
        assertThat(nvml.deviceGetMaxMigDeviceCount(a100)).isZero();
        setBusy(nvml, 1, true);
        SetMigModeResult pending = nvml.deviceSetMigMode(a100, MigModeInfo.ENABLE);
        assertThat(pending.activated()).isFalse();
        assertThat(pending.activationStatus()).isEqualTo(NvmlReturn.ERROR_IN_USE);
        assertThat(nvml.deviceGetMigMode(a100)).isEqualTo(new MigModeInfo(MigModeInfo.DISABLE, MigModeInfo.ENABLE));
        assertFails(() -> nvml.deviceCreateGpuInstance(a100, ID_1G), NvmlReturn.ERROR_NOT_SUPPORTED);
        setBusy(nvml, 1, false);
        assertThat(nvml.deviceSetMigMode(a100, MigModeInfo.ENABLE).activated()).isTrue();
        assertThat(nvml.deviceGetMigMode(a100)).isEqualTo(new MigModeInfo(MigModeInfo.ENABLE, MigModeInfo.ENABLE));
        assertThat(nvml.deviceGetMaxMigDeviceCount(a100)).isEqualTo(7);
        assertThat(cgi(nvml, a100, ID_1G)).containsExactly("13@6:1");
    }

    /** MIG User Guide: GPU instances are destroyed before MIG mode is disabled; the driver refuses otherwise. */
    @Test
    void migModeIsNotDisabledWhileGpuInstancesExist() {
        Nvml nvml = freshNode();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(h100, ID_7G);
        assertFails(() -> nvml.deviceSetMigMode(h100, MigModeInfo.DISABLE), NvmlReturn.ERROR_IN_USE);
        assertThat(nvml.deviceGetMigMode(h100)).isEqualTo(new MigModeInfo(MigModeInfo.ENABLE, MigModeInfo.ENABLE));
        assertThat(gpuInstances(nvml, h100)).containsExactly("0@0:8");
        nvml.gpuInstanceDestroy(gi);
        assertThat(nvml.deviceSetMigMode(h100, MigModeInfo.DISABLE).activated()).isTrue();
        assertThat(nvml.deviceGetMigMode(h100)).isEqualTo(new MigModeInfo(MigModeInfo.DISABLE, MigModeInfo.DISABLE));
    }
}
