package io.mig4j.testkit.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.layout.LayoutRule;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The GPU instances of one fake GPU. Which instance may be created where (legal placement, free memory slices, the
 * profile's instance count, the {@code +me.all}/{@code -me} exclusivity) is sdk-api's
 * {@link MigLayout#gpuInstanceConflict}: the fake keeps no second copy of those rules. What is NVML's own behaviour
 * is here:
 * <ul>
 * <li>Error codes: an illegal placement is {@code ERROR_INVALID_ARGUMENT}, any other refusal
 *     {@code ERROR_INSUFFICIENT_RESOURCES}; a profile ID the GPU does not have is {@code ERROR_INVALID_ARGUMENT}
 *     in every call that takes one (a real H200 answered so for unknown IDs in the placement and capacity
 *     queries: docs/nvml-probe-h200-580.159.04.txt; it answered {@code NOT_SUPPORTED} or an empty success for a
 *     few IDs of other products' profiles, which is not modelled).</li>
 * <li>Auto-placement ({@code nvmlDeviceCreateGpuInstance}): the free placement that removes the fewest
 *     still-creatable placements of the other profiles, ties to the lowest start. This one rule reproduces every
 *     published {@code nvidia-smi} transcript on 8-slice GPUs (1g fills slots 6, 4, 5, 0, 1, 2, 3; 2g 4:2, 0:2,
 *     2:2; 3g 4:4 then 0:4; the two-slice 1g 6:2 first; the MIG User Guide's {@code -cgi 19,14,5},
 *     {@code 9,19,14,19} and the failing {@code 19,19,14,9}) and fills an A30 from its lowest slot; other
 *     products (RTX PRO 6000's 12 units, B200, ...) follow from their catalog placements.</li>
 * <li>IDs follow the placement, as on real GPUs: a placement of {@code size} units at {@code start} on a GPU of
 *     {@code U} units is node {@code U/size - 1 + start/size} of the binary tree of placement units (7g 0; the
 *     halves 1, 2; quarters 3..6; single slots 7..13 on A100/H100; A30 0, 1-2, 3-6; RTX PRO 6000 0, 1-2, 3-6). A
 *     product whose placements form no such tree gets the lowest free ID from 1. The same placement always gets
 *     the same ID back after a destroy.</li>
 * <li>Remaining capacity: how many more fit when created one after the other at the lowest free placement
 *     (answered with MIG disabled too: the full counts, as a real H100 and H200 did).</li>
 * </ul>
 */
final class MigState {
    final FakeGpu gpu;
    final TreeMap<Integer, FakeGpuInstance> gpuInstances = new TreeMap<>();
    private final Handles handles;
    private final long seed;
    private final boolean sliceTree;
    private long migCreations;

    MigState(FakeGpu gpu, Handles handles, long seed) {
        this.gpu = gpu;
        this.handles = handles;
        this.seed = seed;
        this.sliceTree = sliceTree(gpu.product);
    }

    static List<Placement> sorted(List<Placement> placements) {
        return placements.stream().sorted().toList();
    }

    /** The GPU's GPU instances (and their compute instances) as a layout of its product, by ID. */
    MigLayout layout() {
        return new MigLayout(gpu.product, gpuInstances.values().stream().map(FakeGpuInstance::placed).toList());
    }

    /** The GPU instance profile with this ID; see the class comment for an ID the GPU does not have. */
    GpuInstanceProfile profile(int profileId) {
        return gpu.product.profileById(profileId).orElseThrow(() -> new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT));
    }

    List<Placement> possiblePlacements(int profileId) {
        return sorted(profile(profileId).placements());
    }

    int remainingCapacity(int profileId) {
        GpuInstanceProfile p = profile(profileId);
        List<PlacedGpuInstance> gis = new ArrayList<>(layout().gpuInstances());
        int n = 0;
        for (Placement pl : sorted(p.placements())) {
            if (new MigLayout(gpu.product, gis).gpuInstanceConflict(p, pl).isEmpty()) {
                gis.add(new PlacedGpuInstance(p, pl));
                n++;
            }
        }
        return n;
    }

    FakeGpuInstance create(int profileId) {
        GpuInstanceProfile p = profile(profileId);
        MigLayout now = layout();
        List<PlacedGpuInstance> creatable = new ArrayList<>();
        for (GpuInstanceProfile q : gpu.product.gpuInstanceProfiles()) {
            if (q != p) {
                for (Placement x : q.placements()) {
                    if (now.gpuInstanceConflict(q, x).isEmpty()) {
                        creatable.add(new PlacedGpuInstance(q, x));
                    }
                }
            }
        }
        Placement best = null;
        int bestCost = Integer.MAX_VALUE;
        for (Placement candidate : sorted(p.placements())) {
            if (now.gpuInstanceConflict(p, candidate).isPresent()) {
                continue;
            }
            List<PlacedGpuInstance> gis = new ArrayList<>(now.gpuInstances());
            gis.add(new PlacedGpuInstance(p, candidate));
            MigLayout after = new MigLayout(gpu.product, gis);
            int cost = 0;
            for (PlacedGpuInstance other : creatable) {
                if (after.gpuInstanceConflict(other.profile(), other.placement()).isPresent()) {
                    cost++;
                }
            }
            if (cost < bestCost) {
                best = candidate;
                bestCost = cost;
            }
        }
        if (best == null) {
            throw new NvmlRefusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        }
        return add(p, best);
    }

    FakeGpuInstance create(int profileId, Placement pl) {
        GpuInstanceProfile p = profile(profileId);
        Optional<LayoutRule> why = layout().gpuInstanceConflict(p, pl);
        if (why.isPresent()) {
            throw new NvmlRefusal(why.get() == LayoutRule.ILLEGAL_PLACEMENT ? NvmlReturn.ERROR_INVALID_ARGUMENT
                    : NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        }
        return add(p, pl);
    }

    List<FakeGpuInstance> list(int profileId) {
        GpuInstanceProfile p = profile(profileId);
        return gpuInstances.values().stream().filter(gi -> gi.profile.id() == p.id()).toList();
    }

    FakeGpuInstance byId(int id) {
        if (id < 0) {
            throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
        FakeGpuInstance gi = gpuInstances.get(id);
        if (gi == null) {
            throw new NvmlRefusal(NvmlReturn.ERROR_NOT_FOUND);
        }
        return gi;
    }

    /** A GPU instance that still has compute instances is {@code IN_USE}. */
    void destroy(FakeGpuInstance gi) {
        if (!gi.computeInstances.isEmpty()) {
            throw new NvmlRefusal(NvmlReturn.ERROR_IN_USE);
        }
        gpuInstances.remove(gi.id);
        handles.forget(gi);
    }

    /** The MIG devices (compute instances) in NVML's index order: by GPU instance ID, then compute instance ID. */
    List<FakeComputeInstance> migDevices() {
        return gpuInstances.values().stream().flatMap(gi -> gi.computeInstances.values().stream()).toList();
    }

    /** Every instance is gone (a reset or mode change); their handles are stale. */
    void wipe() {
        for (FakeGpuInstance gi : gpuInstances.values()) {
            gi.computeInstances.values().forEach(handles::forget);
            handles.forget(gi);
        }
        gpuInstances.clear();
    }

    /**
     * A new MIG device with a new UUID: re-creating the same geometry changes the UUIDs, as on real GPUs.
     *
     * @param uuid the UUID to keep (a node restored from a file), or null for a new one
     */
    FakeComputeInstance newComputeInstance(FakeGpuInstance gi, int id, ComputeInstanceProfile c, Placement pl,
                                           String uuid) {
        migCreations++;
        FakeComputeInstance ci = new FakeComputeInstance(gi, id, c, pl, new ComputeInstanceHandle(handles.next()),
                new DeviceHandle(handles.next()), uuid != null ? uuid : "MIG-" + Identity.uuid(seed,
                Identity.MIG_DEVICE, gpu.index, migCreations, true));
        handles.add(ci);
        return ci;
    }

    void forget(FakeComputeInstance ci) {
        handles.forget(ci);
    }

    private FakeGpuInstance add(GpuInstanceProfile p, Placement pl) {
        int id;
        if (sliceTree) {
            id = gpu.product.placementUnits() / pl.size() - 1 + pl.start() / pl.size();
        } else {
            id = 1;
            while (gpuInstances.containsKey(id)) {
                id++;
            }
        }
        FakeGpuInstance gi = new FakeGpuInstance(this, id, p, pl, new GpuInstanceHandle(handles.next()));
        gpuInstances.put(id, gi);
        handles.add(gi);
        return gi;
    }

    /** Whether every placement of the product is a node of a binary tree of its placement units. */
    private static boolean sliceTree(GpuProduct product) {
        int units = product.placementUnits();
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            for (Placement pl : p.placements()) {
                int size = pl.size();
                if (units % size != 0 || Integer.bitCount(units / size) != 1 || pl.start() % size != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
