package io.mig4j.dra.slices;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourcePool;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceSpec;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ResourceSlices NVIDIA's DRA driver for GPUs publishes for a node, from an {@link Inventory} (real NVML, a fake,
 * or a file). Follows kubernetes-sigs/dra-driver-nvidia-gpu at main 95932046 ({@code cmd/gpu-kubelet-plugin/}
 * {@code driver.go} {@code publishResources}, {@code generateSplitResourceSlices}, {@code generateCombinedResourceSlices};
 * device content in {@code deviceinfo.go}, {@code mig.go}, {@code partitions.go}, {@code nvlib.go},
 * {@code device_health.go}) and Kubernetes' ResourceSlice controller ({@code resourceslice/resourceslicecontroller.go}
 * of kubernetes/dynamic-resource-allocation: generateName {@code <hex index, 5 digits>-<driver>-<node>-}, pool named
 * after the node, generation 1 for a first publication, {@code resourceSliceCount} = number of slices).
 *
 * <p>What mig4j decides where the driver leaves it open:
 * <ul>
 *   <li>Static mode publishes one slice whose device order the driver takes from Go map iteration (random); mig4j
 *       orders GPUs by PCI bus ID and devices by name, as the driver's dynamic mode does.</li>
 *   <li>Health taints are published in static mode (the driver's health monitor does not cover dynamic MIG
 *       devices: {@code getDevicePlacementMap} skips them, and republishing a tainted dynamic device panics in
 *       {@code AllocatableDevice.GetDevice}).</li>
 *   <li>The PCIe root complex comes from sysfs in the driver; without {@link SliceOptions#pcieRoot()} it is left
 *       out, as the driver does when sysfs cannot tell.</li>
 *   <li>Value objects ({@code DeviceAttribute}, {@code DeviceCapacity}, {@code Counter}) are shared between the
 *       devices of one GPU, which keeps a node's slices cheap to build: replace a value rather than mutating it.</li>
 *   <li>An inventory health event taints every device of its GPU (the driver taints only the MIG device an XID names,
 *       which an inventory does not record); a lost GPU taints every device of the node, as the driver does since
 *       NVML does not say which GPU was lost.</li>
 *   <li>A slice holding more devices than Kubernetes allows (128; 64 from 1.35 when devices have taints or consume
 *       counters), or more than 8 counter sets (1.35+), is split into several slices of the pool; the driver would
 *       publish it whole and be rejected.</li>
 * </ul>
 */
public final class NvidiaResourceSlices {
    private static final int INDEX_MIN_LENGTH = 5;
    /** ResourceSliceMaxCounterSets of Kubernetes 1.35+ ({@code resource/v1/types.go}). */
    private static final int MAX_COUNTER_SETS_PER_SLICE = 8;

    private NvidiaResourceSlices() {
    }

    /**
     * The slices of one node, in the order the slice controller names them ({@code 00000-...}, {@code 00001-...}).
     *
     * @throws UnsupportedInventoryException when the driver would fail on this inventory
     */
    public static List<ResourceSlice> generate(Inventory inventory, SliceOptions options) {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(options, "options");
        List<GpuDevices> gpus = new ArrayList<>();
        for (GpuInventory g : inventory.gpus()) {
            gpus.add(new GpuDevices(inventory, g, options));
        }
        gpus.sort(Comparator.comparing(g -> g.pciBusId));
        List<SliceContent> contents = options.mode() == SliceOptions.Mode.STATIC ? staticContents(gpus, options)
                : dynamicContents(gpus, options);
        return toSlices(contents, options);
    }

    /** What one slice holds before it gets its pool and name. */
    private record SliceContent(List<Device> devices, List<CounterSet> sharedCounters) {
    }

    private static List<SliceContent> staticContents(List<GpuDevices> gpus, SliceOptions options) {
        boolean nodeGpuLost = gpus.stream().anyMatch(GpuDevices::lost);
        List<Device> devices = new ArrayList<>();
        for (GpuDevices g : gpus) {
            devices.addAll(g.staticDevices(nodeGpuLost));
        }
        return chunk(devices, List.of(), options.kubernetes());
    }

    private static List<SliceContent> dynamicContents(List<GpuDevices> gpus, SliceOptions options) {
        // driver.go:76-118: the layout follows the API server's version only when some GPU of the node is MIG
        // capable; otherwise the driver falls back and keeps the combined layout (device_state.go IsMigCapable)
        boolean split = options.kubernetes().atLeast(KubernetesVersion.V1_35)
                && gpus.stream().anyMatch(GpuDevices::migCapable);
        List<SliceContent> out = new ArrayList<>();
        List<CounterSet> allSets = new ArrayList<>();
        List<SliceContent> perGpu = new ArrayList<>();
        for (GpuDevices g : gpus) {
            List<Device> devices;
            List<CounterSet> sets;
            if (g.dynamicMigCapable()) {
                devices = g.dynamicDevices();
                sets = List.of(g.counterSet());
            } else {
                devices = List.of(g.fullGpuWithoutCounters());
                sets = List.of();
            }
            if (split) {
                allSets.addAll(sets);
                perGpu.addAll(chunk(devices, List.of(), options.kubernetes()));
            } else {
                perGpu.addAll(chunk(devices, sets, options.kubernetes()));
            }
        }
        if (split) {
            out.addAll(counterSlices(allSets));
        }
        out.addAll(perGpu);
        return out;
    }

    /**
     * The counters slice of the 1.35+ layout, split when the node has more GPUs than Kubernetes allows counter sets
     * in one slice (8); the driver would publish them in one slice and be rejected. Counter-set names are unique in
     * the pool, so devices find their set in any slice of it.
     */
    private static List<SliceContent> counterSlices(List<CounterSet> sets) {
        List<SliceContent> out = new ArrayList<>();
        if (sets.size() <= MAX_COUNTER_SETS_PER_SLICE) {
            out.add(new SliceContent(List.of(), sets));
            return out;
        }
        for (int i = 0; i < sets.size(); i += MAX_COUNTER_SETS_PER_SLICE) {
            out.add(new SliceContent(List.of(), sets.subList(i, Math.min(sets.size(), i + MAX_COUNTER_SETS_PER_SLICE))));
        }
        return out;
    }

    /** One slice, or several when the devices exceed the per-slice limit of the Kubernetes version. */
    private static List<SliceContent> chunk(List<Device> devices, List<CounterSet> sets, KubernetesVersion v) {
        boolean advanced = devices.stream().anyMatch(d -> d.getTaints() != null && !d.getTaints().isEmpty()
                || d.getConsumesCounters() != null && !d.getConsumesCounters().isEmpty());
        int max = v.atLeast(KubernetesVersion.V1_35) && advanced ? 64 : 128;
        List<SliceContent> out = new ArrayList<>();
        if (devices.size() <= max) {
            out.add(new SliceContent(devices, sets));
            return out;
        }
        for (int i = 0; i < devices.size(); i += max) {
            out.add(new SliceContent(devices.subList(i, Math.min(devices.size(), i + max)), i == 0 ? sets : List.of()));
        }
        return out;
    }

    private static List<ResourceSlice> toSlices(List<SliceContent> contents, SliceOptions options) {
        int n = contents.size();
        int width = Math.max(INDEX_MIN_LENGTH, Integer.toHexString(Math.max(0, n - 1)).length());
        List<ResourceSlice> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SliceContent c = contents.get(i);
            ResourceSlice s = new ResourceSlice();
            s.setApiVersion("resource.k8s.io/v1");
            s.setKind("ResourceSlice");
            ObjectMeta meta = new ObjectMeta();
            String index = String.format("%0" + width + "x", i);
            meta.setGenerateName(index + "-" + NvidiaDra.DRIVER + "-" + options.nodeName() + "-");
            if (options.nodeUid() != null) {
                OwnerReference owner = new OwnerReference();
                owner.setApiVersion("v1");
                owner.setKind("Node");
                owner.setName(options.nodeName());
                owner.setUid(options.nodeUid());
                owner.setController(true);
                meta.setOwnerReferences(List.of(owner));
            }
            s.setMetadata(meta);
            ResourceSliceSpec spec = new ResourceSliceSpec();
            spec.setDriver(NvidiaDra.DRIVER);
            spec.setNodeName(options.nodeName());
            ResourcePool pool = new ResourcePool();
            pool.setName(options.nodeName());
            pool.setGeneration(options.generation());
            pool.setResourceSliceCount((long) n);
            spec.setPool(pool);
            spec.setDevices(new ArrayList<>(c.devices()));
            spec.setSharedCounters(new ArrayList<>(c.sharedCounters()));
            s.setSpec(spec);
            out.add(s);
        }
        return out;
    }
}
