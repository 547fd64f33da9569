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
import java.nio.file.Path;
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
 * <p>Besides running inside a {@link FakeCluster}, the driver's publishing side runs on its own against any API
 * server, real or mock, reached through a kubeconfig: a Java DRA publisher of a node's GPUs (a real
 * {@link io.mig4j.nvml.Nvml} from sdk-nvml, or a {@code FakeNvml}), read-only towards them unless mutations are
 * allowed.
 * {@snippet :
 * try (FakeNvidiaDriver driver = FakeNvidiaDriver.builder("gpu-node-1").nvml(nvml)
 *         .kubeconfig(Path.of(System.getProperty("user.home"), ".kube/config")).dynamicMig(true).start()) {
 *     // ... the GPUs are reconfigured ...
 *     driver.publish();          // republishes with the next pool generation when the devices changed
 * }                              // close() deletes the node's slices
 * }
 *
 * @implSpec Thread-safe (one lock); the fake kubelet and the mig-manager of its node call it.
 */
public final class FakeNvidiaDriver implements AutoCloseable {
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
    private final boolean ownsClient;
    private final Map<String, PreparedClaim> checkpoint = new LinkedHashMap<>();
    private String nodeUid;
    private long generation;
    private String publishedContent;
    private Inventory publishedInventory;
    private List<String> publishedNames = List.of();

    FakeNvidiaDriver(String nodeName, MigManager mig, FakeNvml nvml, SliceOptions.Mode mode, KubernetesClient client) {
        this(nodeName, mig, nvml, mode, client, false);
    }

    /** @param nvml the node's fake GPUs when they are fake (their change counter spares re-reading them), else null */
    private FakeNvidiaDriver(String nodeName, MigManager mig, FakeNvml nvml, SliceOptions.Mode mode,
                             KubernetesClient client, boolean ownsClient) {
        this.nodeName = nodeName;
        this.nvml = nvml;
        this.mig = mig;
        this.mode = mode;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /** A driver of its own for node {@code nodeName}, publishing into the API server of a client or kubeconfig. */
    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    /** Whether this driver may change the GPUs (create MIG devices on prepare); false unless allowed. */
    public boolean mutationsAllowed() {
        return mig.mutationsAllowed();
    }

    /** The MIG manager this driver reads the GPUs through. */
    public MigManager migManager() {
        return mig;
    }

    /**
     * Publishes the node's slices if the GPUs changed since the last publication (next pool generation, old slices
     * deleted after the new ones exist) or published slices are gone from the API server; the first call publishes
     * generation 1.
     *
     * @return whether anything was written
     */
    public synchronized boolean publish() {
        Set<String> existing = new java.util.HashSet<>();
        for (ResourceSlice s : client.dynamicResourceAllocation().v1().resourcesSlices()
                .withField("spec.nodeName", nodeName).list().getItems()) {
            existing.add(s.getMetadata().getName());
        }
        return publish(existing);
    }

    /**
     * Deletes the slices this driver published (as NVIDIA's plugin does when it is uninstalled) and, for a driver
     * built with {@link Builder#kubeconfig(Path)}, closes its client. The GPUs are left as they are.
     */
    @Override
    public synchronized void close() {
        try {
            for (String name : publishedNames) {
                try {
                    client.dynamicResourceAllocation().v1().resourcesSlices().withName(name).delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
            publishedNames = List.of();
            publishedContent = null;
        } finally {
            if (ownsClient) {
                client.close();
            }
        }
    }

    /**
     * The GPUs as {@link MigManager#inventory()} reads them, read again only when the fake GPUs' state may have
     * changed since the last read (dozens of NVML calls saved per prepare and per publication check).
     */
    synchronized Inventory inventory() {
        if (nvml == null) {
            return mig.inventory(); // real GPUs can change behind our back: always read them
        }
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

    /** Builds a {@link FakeNvidiaDriver} that runs on its own. */
    public static final class Builder {
        private final String nodeName;
        private io.mig4j.nvml.Nvml nvml;
        private MigManager migManager;
        private boolean allowMutations;
        private boolean dynamicMig;
        private KubernetesClient client;
        private Path kubeconfig;

        private Builder(String nodeName) {
            this.nodeName = java.util.Objects.requireNonNull(nodeName, "nodeName");
            if (nodeName.isBlank()) {
                throw new IllegalArgumentException("nodeName must not be blank");
            }
        }

        /** The node's GPUs: a real {@code Nvml} from sdk-nvml or a {@code FakeNvml}, initialised by the caller. */
        public Builder nvml(io.mig4j.nvml.Nvml nvml) {
            this.nvml = java.util.Objects.requireNonNull(nvml, "nvml");
            return this;
        }

        /** The node's GPUs through a MIG manager of the caller's (its own mutation setting applies). */
        public Builder migManager(MigManager migManager) {
            this.migManager = java.util.Objects.requireNonNull(migManager, "migManager");
            return this;
        }

        /**
         * Lets the driver change the GPUs (with dynamic MIG, create and destroy MIG devices when claims are prepared
         * and unprepared). Off by default: publishing only reads. Applies to {@link #nvml(io.mig4j.nvml.Nvml)}.
         */
        public Builder allowMutations(boolean allow) {
            this.allowMutations = allow;
            return this;
        }

        /** Publish every profile × placement (NVIDIA's DynamicMIG) instead of the MIG devices that exist. */
        public Builder dynamicMig(boolean dynamic) {
            this.dynamicMig = dynamic;
            return this;
        }

        /** The API server, through a client of the caller's (not closed by the driver). */
        public Builder client(KubernetesClient client) {
            this.client = java.util.Objects.requireNonNull(client, "client");
            return this;
        }

        /** The API server, through a kubeconfig file (its current context), as {@code kubectl} would reach it. */
        public Builder kubeconfig(Path kubeconfig) {
            this.kubeconfig = java.util.Objects.requireNonNull(kubeconfig, "kubeconfig");
            return this;
        }

        /**
         * Connects, publishes the node's slices (generation 1) and returns the running driver. The slices are owned
         * by the Node object of that name when the server has one (and lets us read it).
         *
         * @throws IllegalStateException when the GPUs or the API server are not given, or the kubeconfig is unreadable
         */
        public FakeNvidiaDriver start() {
            if ((nvml == null) == (migManager == null)) {
                throw new IllegalStateException("give exactly one of nvml(...) and migManager(...)");
            }
            if ((client == null) == (kubeconfig == null)) {
                throw new IllegalStateException("give exactly one of client(...) and kubeconfig(...)");
            }
            MigManager mig = migManager != null ? migManager
                    : MigManager.builder(nvml).allowMutations(allowMutations).build();
            KubernetesClient c = client;
            if (c == null) {
                String text;
                try {
                    text = java.nio.file.Files.readString(kubeconfig);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
                }
                c = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(text)).build();
            }
            FakeNvidiaDriver driver = new FakeNvidiaDriver(nodeName, mig, nvml instanceof FakeNvml ? (FakeNvml) nvml : null,
                    dynamicMig ? SliceOptions.Mode.DYNAMIC_MIG : SliceOptions.Mode.STATIC, c, client == null);
            try {
                try {
                    io.fabric8.kubernetes.api.model.Node node = c.nodes().withName(nodeName).get();
                    if (node != null) {
                        driver.nodeUid(node.getMetadata().getUid());
                    }
                } catch (KubernetesClientException e) {
                    // no permission to read nodes: the slices are published without an owner
                }
                driver.publish();
                return driver;
            } catch (RuntimeException e) {
                if (client == null) {
                    c.close();
                }
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
