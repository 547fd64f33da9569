package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.testkit.nvml.FakeNvml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA DRA driver's kubelet plugin of one fake node: publishes the node's ResourceSlices with sdk-dra's
 * {@link NvidiaResourceSlices} from the node's GPUs (read through {@link MigManager}), and prepares and unprepares
 * claims the way {@code cmd/gpu-kubelet-plugin} of kubernetes-sigs/dra-driver-nvidia-gpu (main 95932046) does:
 * CDI device IDs {@code k8s.gpu.nvidia.com/claim=<claimUID>-<device>} ({@code cdi.go}); with dynamic MIG, the GPU
 * instance and its default compute instance are created at the allocated profile × placement on prepare and
 * destroyed on unprepare ({@code nvlib.go createMigDevice}/{@code deleteMigDevice}); an already prepared claim is
 * answered from the checkpoint.
 *
 * <p>Publishing follows the ResourceSlice controller: a first publication is pool generation 1; a change of the
 * devices publishes the new slices with the next generation and then deletes the old ones.
 *
 * @implSpec Thread-safe (one lock); the fake kubelet and the mig-manager of its node call it.
 */
public final class FakeNvidiaDriver {
    /** The device name of a MIG device ({@code mig.go}): parent minor, profile, GI profile ID, placement start. */
    private static final Pattern MIG_DEVICE = Pattern.compile("^gpu-(\\d+)-mig-(.+)-(\\d+)-(\\d+)$");
    private static final Pattern FULL_GPU = Pattern.compile("^gpu-(\\d+)$");

    private final String nodeName;
    private final MigManager mig;
    private final FakeNvml nvml;
    private Inventory inventory;
    private long inventoryAt = -1;
    private final SliceOptions.Mode mode;
    private final KubernetesClient client;
    private final Map<String, PreparedClaim> checkpoint = new LinkedHashMap<>();
    private String nodeUid;
    private long generation;
    private String publishedContent;
    private Inventory publishedInventory;
    private List<String> publishedNames = List.of();

    FakeNvidiaDriver(String nodeName, MigManager mig, FakeNvml nvml, SliceOptions.Mode mode, KubernetesClient client) {
        this.nodeName = nodeName;
        this.nvml = nvml;
        this.mig = mig;
        this.mode = mode;
        this.client = client;
    }

    /**
     * The GPUs as {@link MigManager#inventory()} reads them, read again only when the fake GPUs' state may have
     * changed since the last read (dozens of NVML calls saved per prepare and per publication check).
     */
    synchronized Inventory inventory() {
        long now = nvml.stateChanges();
        if (inventory == null || now != inventoryAt) {
            inventory = mig.inventory();
            inventoryAt = now;
        }
        return inventory;
    }

    /** The node this plugin runs on (also its pool name). */
    public String nodeName() {
        return nodeName;
    }

    /** Static or dynamic MIG. */
    public SliceOptions.Mode mode() {
        return mode;
    }

    /** The pool generation of the slices published last (0 before the first publication). */
    public synchronized long poolGeneration() {
        return generation;
    }

    /** The names of the ResourceSlices published last. */
    public synchronized List<String> publishedSliceNames() {
        return publishedNames;
    }

    /** How many claims are prepared (the size of {@link #preparedClaims()}, without the copy). */
    synchronized int preparedClaimCount() {
        return checkpoint.size();
    }

    /** The checkpoint: prepared claims by claim UID, in preparation order. */
    public synchronized Map<String, PreparedClaim> preparedClaims() {
        return Map.copyOf(checkpoint);
    }

    synchronized void nodeUid(String uid) {
        this.nodeUid = uid;
        this.publishedInventory = null;
    }

    /** The slices this node's GPUs call for now, at the given generation (nothing is written). */
    synchronized List<ResourceSlice> desiredSlices(long atGeneration) {
        return desiredSlices(inventory(), atGeneration);
    }

    private List<ResourceSlice> desiredSlices(Inventory inventory, long atGeneration) {
        SliceOptions options = SliceOptions.forNode(nodeName).withMode(mode).withGeneration(atGeneration);
        if (nodeUid != null) {
            options = options.withNodeUid(nodeUid);
        }
        return NvidiaResourceSlices.generate(inventory, options);
    }

    /**
     * Publishes the slices when the GPUs changed since the last publication or when published slices are gone.
     *
     * @param existing the names of the ResourceSlices in the API server now
     * @return whether anything was written
     */
    synchronized boolean publish(Set<String> existing) {
        // the slices are a function of the GPUs' state: unchanged inventory, nothing to compare or write
        Inventory inventory = inventory();
        if ((inventory == publishedInventory || inventory.equals(publishedInventory))
                && existing.containsAll(publishedNames)) {
            return false;
        }
        List<ResourceSlice> desired = desiredSlices(inventory, Math.max(1, generation));
        String content = content(desired);
        if (content.equals(publishedContent) && existing.containsAll(publishedNames)) {
            publishedInventory = inventory;
            return false;
        }
        long next = publishedContent == null ? 1 : generation + 1;
        List<ResourceSlice> slices = desiredSlices(inventory, next);
        List<String> names = new ArrayList<>();
        for (ResourceSlice s : slices) {
            names.add(client.dynamicResourceAllocation().v1().resourcesSlices().resource(s).create()
                    .getMetadata().getName());
        }
        for (String old : publishedNames) {
            if (existing.contains(old)) {
                try {
                    client.dynamicResourceAllocation().v1().resourcesSlices().withName(old).delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
        generation = next;
        publishedContent = content;
        publishedNames = List.copyOf(names);
        publishedInventory = inventory;
        return true;
    }

    private String content(List<ResourceSlice> slices) {
        StringBuilder b = new StringBuilder();
        for (ResourceSlice s : slices) {
            b.append(client.getKubernetesSerialization().asJson(s.getSpec().getDevices()))
                    .append(client.getKubernetesSerialization().asJson(s.getSpec().getSharedCounters()))
                    .append(s.getSpec().getPool().getResourceSliceCount()).append('\n');
        }
        return b.toString();
    }

    /**
     * NodePrepareResources for one claim: the devices of its allocation that are in this node's pool. Answers from
     * the checkpoint when the claim is prepared already.
     *
     * @throws PrepareException when a device cannot be prepared (nothing stays created for the claim)
     */
    synchronized PreparedClaim prepare(ResourceClaim claim) {
        String uid = claim.getMetadata().getUid();
        PreparedClaim known = checkpoint.get(uid);
        if (known != null) {
            return known;
        }
        AllocationResult allocation = claim.getStatus() == null ? null : claim.getStatus().getAllocation();
        if (allocation == null || allocation.getDevices() == null) {
            throw new PrepareException("claim " + claim.getMetadata().getNamespace() + "/"
                    + claim.getMetadata().getName() + " is not allocated");
        }
        Inventory inventory = inventory();
        List<PreparedDevice> devices = new ArrayList<>();
        try {
            for (DeviceRequestAllocationResult r : allocation.getDevices().getResults()) {
                if (!NvidiaDra.DRIVER.equals(r.getDriver()) || !nodeName.equals(r.getPool())) {
                    continue;
                }
                devices.add(prepareDevice(uid, r, inventory));
            }
        } catch (RuntimeException e) {
            for (PreparedDevice d : devices) {
                if (d.createdOnDemand()) {
                    destroy(d);
                }
            }
            throw e instanceof PrepareException ? e : new PrepareException(e.getMessage(), e);
        }
        PreparedClaim prepared = new PreparedClaim(claim.getMetadata().getNamespace(), claim.getMetadata().getName(),
                uid, devices);
        checkpoint.put(uid, prepared);
        return prepared;
    }

    private PreparedDevice prepareDevice(String claimUid, DeviceRequestAllocationResult r, Inventory inventory) {
        String device = r.getDevice();
        String cdi = "k8s.gpu.nvidia.com/claim=" + claimUid + "-" + device;
        Matcher full = FULL_GPU.matcher(device);
        if (full.matches()) {
            GpuInventory gpu = byMinor(inventory, Integer.parseInt(full.group(1)), device);
            return new PreparedDevice(r.getRequest(), device, cdi, gpu.index(), gpu.uuid(), null, null, null, null,
                    false);
        }
        Matcher m = MIG_DEVICE.matcher(device);
        if (!m.matches()) {
            throw new PrepareException("unknown device " + device);
        }
        GpuInventory gpu = byMinor(inventory, Integer.parseInt(m.group(1)), device);
        int profileId = Integer.parseInt(m.group(3));
        int start = Integer.parseInt(m.group(4));
        GpuProduct product = mig.product(gpu.index());
        GpuInstanceProfile profile = product.profileById(profileId).orElseThrow(() ->
                new PrepareException("device " + device + ": " + product.alias() + " has no GPU instance profile ID "
                        + profileId));
        if (mode == SliceOptions.Mode.STATIC) {
            for (GpuInstanceInfo gi : gpu.gpuInstances()) {
                if (gi.profileId() == profileId && gi.placement().start() == start
                        && !gi.computeInstances().isEmpty()) {
                    ComputeInstanceInfo ci = gi.computeInstances().get(0);
                    return new PreparedDevice(r.getRequest(), device, cdi, gpu.index(), gpu.uuid(),
                            ci.migDeviceUuid(), gi.id(), ci.id(), profile.name().toString(), false);
                }
            }
            throw new PrepareException("MIG device " + device + " does not exist on GPU " + gpu.uuid());
        }
        Placement placement = profile.placementAt(start).orElseThrow(() -> new PrepareException("device " + device
                + ": " + profile.name() + " has no placement starting at " + start));
        GpuInstanceInfo gi = mig.createGpuInstance(gpu.index(), profile, placement);
        ComputeInstanceInfo ci;
        try {
            ci = mig.createComputeInstance(gpu.index(), gi.id(), null, null);
        } catch (RuntimeException e) {
            mig.destroyGpuInstance(gpu.index(), gi.id(), false);
            throw e;
        }
        return new PreparedDevice(r.getRequest(), device, cdi, gpu.index(), gpu.uuid(), ci.migDeviceUuid(), gi.id(),
                ci.id(), profile.name().toString(), true);
    }

    private static GpuInventory byMinor(Inventory inventory, int minor, String device) {
        for (GpuInventory g : inventory.gpus()) {
            if (g.minor() == minor) {
                return g;
            }
        }
        throw new PrepareException("device " + device + ": no GPU with minor number " + minor);
    }

    /**
     * NodeUnprepareResources: forgets the claim and, with dynamic MIG, destroys the instances created for it (an
     * instance already gone counts as destroyed, as in the driver).
     */
    synchronized void unprepare(String claimUid) {
        PreparedClaim prepared = checkpoint.get(claimUid);
        if (prepared == null) {
            return;
        }
        for (PreparedDevice d : prepared.devices()) {
            if (d.createdOnDemand()) {
                destroy(d);
            }
        }
        checkpoint.remove(claimUid);
    }

    private void destroy(PreparedDevice d) {
        boolean exists = mig.gpu(d.gpuIndex()).gpuInstances().stream().anyMatch(gi -> gi.id() == d.gpuInstanceId()
                && gi.computeInstances().stream().anyMatch(ci -> ci.migDeviceUuid().equals(d.migDeviceUuid())));
        if (!exists) {
            return;
        }
        try {
            mig.destroyGpuInstance(d.gpuIndex(), d.gpuInstanceId(), false);
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.ERROR_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** A device of a claim could not be prepared; the kubelet reports it as NodePrepareResources' error. */
    static final class PrepareException extends RuntimeException {
        PrepareException(String message) {
            super(message);
        }

        PrepareException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
