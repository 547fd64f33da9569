package io.mig4j.testkit.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.Placement;
import io.mig4j.api.layout.LayoutRule;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A GPU instance of a fake GPU and its compute instances. Which compute instance may be created where comes from
 * sdk-api's {@link MigLayout#computeInstanceConflict}; what is left here is NVML's behaviour around those rules:
 * the error codes, auto-placement (the free legal placement with the lowest start), IDs (the lowest free from 0,
 * so a destroyed compute instance's ID is reused: the driver's capability nodes stop at {@code ci7}, MIG User Guide
 * "Device Nodes and Capabilities") and remaining capacity.
 */
final class FakeGpuInstance {
    /** {@code NVML_COMPUTE_INSTANCE_PROFILE_COUNT} of the NVML 13 header. */
    static final int COMPUTE_INSTANCE_PROFILE_COUNT = 0x9;

    final MigState mig;
    final int id;
    final GpuInstanceProfile profile;
    final Placement placement;
    final GpuInstanceHandle handle;
    final TreeMap<Integer, FakeComputeInstance> computeInstances = new TreeMap<>();

    FakeGpuInstance(MigState mig, int id, GpuInstanceProfile profile, Placement placement, GpuInstanceHandle handle) {
        this.mig = mig;
        this.id = id;
        this.profile = profile;
        this.placement = placement;
        this.handle = handle;
    }

    FakeGpu gpu() {
        return mig.gpu;
    }

    /** This GPU instance with its compute instances (sorted by placement), as a layout entry. */
    PlacedGpuInstance placed() {
        List<PlacedComputeInstance> cis = computeInstances.values().stream().map(FakeComputeInstance::placed)
                .sorted(Comparator.comparing(PlacedComputeInstance::placement)).toList();
        return new PlacedGpuInstance(profile, placement, cis);
    }

    /**
     * {@code nvmlGpuInstanceGetComputeInstanceProfileInfoV}: by NVML index; an index past the header's table or an
     * engine profile other than 0 is {@code INVALID_ARGUMENT} (the end of enumeration), an index this GPU instance
     * does not offer {@code NOT_SUPPORTED}.
     */
    ComputeInstanceProfileInfo profileInfo(int index, int engineProfile) {
        if (engineProfile != 0 || index < 0 || index >= COMPUTE_INSTANCE_PROFILE_COUNT) {
            throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
        ComputeInstanceProfile c = profile.computeInstanceProfiles().stream().filter(x -> x.index() == index)
                .findFirst().orElseThrow(() -> new NvmlRefusal(NvmlReturn.ERROR_NOT_SUPPORTED));
        int sms = c.multiprocessors() != null ? c.multiprocessors()
                : profile.multiprocessors() * c.slices() / profile.slices();
        return new ComputeInstanceProfileInfo(2, c.id(), c.slices(), c.maxInstances(), sms, profile.copyEngines(),
                profile.decoders(), profile.encoders(), profile.jpegEngines(), profile.ofaEngines(), "MIG " + c.name());
    }

    /**
     * The compute instance profile with this ID; one the GPU instance does not offer is {@code INVALID_ARGUMENT}
     * in every call that takes a profile ID, as for GPU instance profile IDs (see {@link MigState#profile}).
     */
    ComputeInstanceProfile computeProfile(int profileId) {
        for (ComputeInstanceProfile c : profile.computeInstanceProfiles()) {
            if (c.id() == profileId) {
                return c;
            }
        }
        throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
    }

    List<Placement> possiblePlacements(int profileId) {
        return MigState.sorted(computeProfile(profileId).placements());
    }

    /** How many more fit: created one after the other at the lowest free placement, until none does. */
    int remainingCapacity(int profileId) {
        ComputeInstanceProfile c = computeProfile(profileId);
        List<PlacedComputeInstance> cis = new ArrayList<>(placed().computeInstances());
        int n = 0;
        for (Placement pl : MigState.sorted(c.placements())) {
            if (conflict(cis, c, pl).isEmpty()) {
                cis.add(new PlacedComputeInstance(c, pl));
                n++;
            }
        }
        return n;
    }

    FakeComputeInstance create(int profileId) {
        ComputeInstanceProfile c = computeProfile(profileId);
        List<PlacedComputeInstance> cis = placed().computeInstances();
        for (Placement pl : MigState.sorted(c.placements())) {
            if (conflict(cis, c, pl).isEmpty()) {
                return add(c, pl);
            }
        }
        throw new NvmlRefusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
    }

    FakeComputeInstance create(int profileId, Placement pl) {
        ComputeInstanceProfile c = computeProfile(profileId);
        Optional<LayoutRule> why = conflict(placed().computeInstances(), c, pl);
        if (why.isPresent()) {
            throw new NvmlRefusal(why.get() == LayoutRule.CI_ILLEGAL_PLACEMENT ? NvmlReturn.ERROR_INVALID_ARGUMENT
                    : NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
        }
        return add(c, pl);
    }

    /**
     * A compute instance created again with the ID and MIG device UUID it had ({@link FakeNvmlState}), under the
     * same placement rules as {@link #create(int, Placement)}: a node saved after a destroy has gaps in its IDs that
     * creating in ID order would close.
     */
    FakeComputeInstance restore(int ciId, int profileId, Placement pl, String uuid) {
        ComputeInstanceProfile c = computeProfile(profileId);
        Optional<LayoutRule> why = conflict(placed().computeInstances(), c, pl);
        if (why.isPresent() || ciId < 0 || computeInstances.containsKey(ciId)) {
            throw new NvmlRefusal(why.isPresent() && why.get() != LayoutRule.CI_ILLEGAL_PLACEMENT
                    ? NvmlReturn.ERROR_INSUFFICIENT_RESOURCES : NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
        FakeComputeInstance ci = mig.newComputeInstance(this, ciId, c, pl, uuid);
        computeInstances.put(ciId, ci);
        return ci;
    }

    List<FakeComputeInstance> list(int profileId) {
        ComputeInstanceProfile c = computeProfile(profileId);
        return computeInstances.values().stream().filter(ci -> ci.profile.id() == c.id()).toList();
    }

    FakeComputeInstance byId(int ciId) {
        if (ciId < 0) {
            throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
        FakeComputeInstance ci = computeInstances.get(ciId);
        if (ci == null) {
            throw new NvmlRefusal(NvmlReturn.ERROR_NOT_FOUND);
        }
        return ci;
    }

    /** A compute instance that runs processes is {@code IN_USE}. */
    void destroy(FakeComputeInstance ci) {
        if (ci.processes > 0) {
            throw new NvmlRefusal(NvmlReturn.ERROR_IN_USE);
        }
        computeInstances.remove(ci.id);
        mig.forget(ci);
    }

    /** sdk-api's rule for one more compute instance in this GPU instance. */
    private Optional<LayoutRule> conflict(List<PlacedComputeInstance> cis, ComputeInstanceProfile c, Placement pl) {
        MigLayout alone = new MigLayout(gpu().product, List.of(new PlacedGpuInstance(profile, placement, cis)));
        return alone.computeInstanceConflict(0, c, pl);
    }

    private FakeComputeInstance add(ComputeInstanceProfile c, Placement pl) {
        int ciId = 0;
        while (computeInstances.containsKey(ciId)) {
            ciId++;
        }
        FakeComputeInstance ci = mig.newComputeInstance(this, ciId, c, pl, null);
        computeInstances.put(ciId, ci);
        return ci;
    }
}
