package io.mig4j.dra.slices;

import io.fabric8.kubernetes.api.model.resource.v1.Counter;
import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCounterConsumption;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaint;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProfileName;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuHealthEvent;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigModeState;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The devices NVIDIA's driver publishes for one GPU. Every rule cites kubernetes-sigs/dra-driver-nvidia-gpu at main
 * 95932046, {@code cmd/gpu-kubelet-plugin/}: attributes from {@code deviceinfo.go} ({@code GpuInfo.Attributes}) and
 * {@code mig.go} ({@code CommonAttributesMig}); capacities from {@code mig.go} ({@code CommonCapacitiesMig}, values
 * as {@code resource.NewQuantity(n, BinarySI)}) and {@code partitions.go} ({@code fullGpuCapacity}); names from
 * {@code deviceinfo.go} ({@code gpu-<minor>}) and {@code mig.go} ({@code ToCanonicalName}); dynamic MIG devices and
 * counters from {@code partitions.go} and {@code nvlib.go} ({@code inspectMigProfilesAndPlacements}); taints from
 * {@code device_health.go} ({@code healthEventToTaint}).
 */
final class GpuDevices {
    /** XIDs the driver treats as application errors: their taint has effect None (device_health.go xidsToSkip). */
    private static final Set<Integer> NON_FATAL_XIDS = Set.of(13, 31, 43, 45, 68, 109);
    private static final Pattern BDF = Pattern.compile("^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\\.([0-9a-f])$");
    private static final Pattern PCI_PREFIX = Pattern.compile("^0{4}[0-9a-f]{4}:");
    private static final Pattern NOT_RFC1123 = Pattern.compile("[^a-z0-9-.]");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern UPPER_RUN = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Map<String, String> RFC1123 = new ConcurrentHashMap<>();
    private static final Map<String, String> DNS_NAMES = new ConcurrentHashMap<>();
    private static final Map<Long, Quantity> BINARY = new ConcurrentHashMap<>();
    private static final Quantity ONE = Quantity.of(1, Quantity.Format.BINARY_SI);

    final GpuInventory gpu;
    final String pciBusId;
    private final GpuProduct product;
    private final Map<String, DeviceAttribute> common;
    private final String pcieRoot;

    GpuDevices(Inventory inventory, GpuInventory gpu, SliceOptions options) {
        this.gpu = gpu;
        this.pciBusId = pciBusId(gpu);
        this.product = findProduct(gpu, options);
        this.pcieRoot = options.pcieRoot().apply(gpu);
        this.common = commonAttributes(inventory, options);
    }

    /** NVML's bus id in the driver's form: lower case, the 8-digit domain cut to 4 (go-nvlib GetPCIBusID). */
    static String pciBusId(GpuInventory gpu) {
        String id = gpu.pciBusId().toLowerCase(Locale.ROOT);
        if (PCI_PREFIX.matcher(id).find()) {
            id = id.substring(4);
        }
        if (!BDF.matcher(id).matches()) {
            // deviceattribute.GetPCIBusIDAttribute fails, and with it the driver's getGpuInfo
            throw new UnsupportedInventoryException("GPU " + gpu.index() + " (" + gpu.uuid() + "): invalid PCI Bus ID"
                    + " format: " + id + " (NVIDIA's driver needs domain:bus:device.function, e.g. 0000:07:00.0)");
        }
        return id;
    }

    private static GpuProduct findProduct(GpuInventory gpu, SliceOptions options) {
        if (gpu.product() != null) {
            var p = options.catalog().find(gpu.product());
            if (p.isPresent()) {
                return p.get();
            }
        }
        return options.catalog().findByPciDeviceId(gpu.pciDeviceId())
                .or(() -> options.catalog().find(gpu.name())).orElse(null);
    }

    private GpuProduct requireProduct() {
        if (product == null) {
            throw new UnsupportedInventoryException("GPU " + gpu.index() + " (" + gpu.name() + "): mig4j's catalog"
                    + " does not know this product, so its MIG profiles (which NVIDIA's driver reads from NVML) are"
                    + " unknown");
        }
        return product;
    }

    /** Whether the GPU supports MIG at all (nvlib.go getGpuInfo, {@code IsMigCapable}). */
    boolean migCapable() {
        return gpu.migMode().current() != MigModeState.NOT_SUPPORTED;
    }

    /** Whether the GPU reported {@link GpuHealthEvent.Kind#GPU_LOST}. */
    boolean lost() {
        return gpu.healthEvents().stream().anyMatch(e -> e.kind() == GpuHealthEvent.Kind.GPU_LOST);
    }

    private boolean migEnabled() {
        return gpu.migMode().current() == MigModeState.ENABLED;
    }

    /** Hopper and newer toggle MIG mode without a GPU reset (nvlib.go supportsMIGModeToggle). */
    private boolean supportsMigModeToggle() {
        return switch (gpu.architecture()) {
            case "Hopper", "Blackwell", "Rubin" -> true;
            default -> false;
        };
    }

    /** nvlib.go isDynamicMIGCapable (a vGPU guest is not modelled by the inventory). */
    boolean dynamicMigCapable() {
        return migCapable() && (supportsMigModeToggle() || migEnabled());
    }

    // ------------------------------------------------------------------------------------------ attributes

    private Map<String, DeviceAttribute> commonAttributes(Inventory inventory, SliceOptions options) {
        Map<String, DeviceAttribute> a = new TreeMap<>();
        a.put(NvidiaDra.ATTR_PRODUCT_NAME, string(gpu.name()));
        a.put(NvidiaDra.ATTR_BRAND, string(gpu.brand()));
        a.put(NvidiaDra.ATTR_ARCHITECTURE, string(gpu.architecture()));
        a.put(NvidiaDra.ATTR_CUDA_COMPUTE_CAPABILITY, version(gpu.cudaComputeCapability()));
        a.put(NvidiaDra.ATTR_DRIVER_VERSION, version(inventory.driverVersion()));
        if (inventory.cudaDriverVersion() != null) {
            a.put(NvidiaDra.ATTR_CUDA_DRIVER_VERSION, version(inventory.cudaDriverVersion()));
        }
        a.put(NvidiaDra.ATTR_PCI_BUS_ID, string(pciBusId));
        if (pcieRoot != null) {
            a.put(NvidiaDra.ATTR_PCIE_ROOT, string(pcieRoot));
        }
        if (options.release() == SliceOptions.DriverRelease.V0_5 && gpu.numaNode() != null && gpu.numaNode() >= 0) {
            DeviceAttribute numa = new DeviceAttribute();
            numa.setInt((long) gpu.numaNode());
            a.put(NvidiaDra.ATTR_NUMA_NODE, numa);
        }
        if (gpu.addressingMode() != null) {
            a.put(NvidiaDra.ATTR_ADDRESSING_MODE, string(gpu.addressingMode()));
        }
        return a;
    }

    private Map<String, DeviceAttribute> gpuAttributes() {
        Map<String, DeviceAttribute> sorted = attributeMaps.get("");
        if (sorted == null) {
            sorted = new TreeMap<>(common);
            sorted.put(NvidiaDra.ATTR_TYPE, shared(NvidiaDra.TYPE_GPU));
            sorted.put(NvidiaDra.ATTR_UUID, shared(gpu.uuid()));
            attributeMaps.put("", sorted);
        }
        return new LinkedHashMap<>(sorted);
    }

    private Map<String, DeviceAttribute> migAttributes(String profile) {
        Map<String, DeviceAttribute> sorted = attributeMaps.get(profile);
        if (sorted == null) {
            sorted = new TreeMap<>(common);
            sorted.put(NvidiaDra.ATTR_TYPE, shared(NvidiaDra.TYPE_MIG));
            sorted.put(NvidiaDra.ATTR_PARENT_UUID, shared(gpu.uuid()));
            sorted.put(NvidiaDra.ATTR_PROFILE, shared(profile));
            attributeMaps.put(profile, sorted);
        }
        return new LinkedHashMap<>(sorted);
    }

    private DeviceAttribute shared(String s) {
        DeviceAttribute a = strings.get(s);
        if (a == null) {
            a = string(s);
            strings.put(s, a);
        }
        return a;
    }

    private static DeviceAttribute string(String s) {
        DeviceAttribute a = new DeviceAttribute();
        a.setString(s);
        return a;
    }

    private static DeviceAttribute version(String v) {
        DeviceAttribute a = new DeviceAttribute();
        a.setVersion(SemverCoercion.coerce(v));
        return a;
    }

    // ------------------------------------------------------------------------------------------ capacities

    private static final Map<GpuInstanceProfile, Map<String, Quantity>> PROFILE_CAPACITIES = new ConcurrentHashMap<>();
    private static final String[] MEMORY_SLICES = new String[64];
    private static final String[] MEMORY_SLICE_CAPACITIES = new String[64];

    static {
        for (int i = 0; i < MEMORY_SLICES.length; i++) {
            MEMORY_SLICES[i] = "memory-slice-" + i;
            MEMORY_SLICE_CAPACITIES[i] = "memorySlice" + i;
        }
    }

    private static String memorySliceCounter(int i) {
        return i < MEMORY_SLICES.length ? MEMORY_SLICES[i] : "memory-slice-" + i;
    }

    private static String memorySliceCapacity(int i) {
        return i < MEMORY_SLICE_CAPACITIES.length ? MEMORY_SLICE_CAPACITIES[i] : "memorySlice" + i;
    }

    /** CommonCapacitiesMig: the profile's engines and memory (MiB as bytes), every value BinarySI. */
    private static Map<String, Quantity> profileCapacities(GpuInstanceProfile p) {
        Map<String, Quantity> known = PROFILE_CAPACITIES.get(p);
        return known != null ? known : PROFILE_CAPACITIES.computeIfAbsent(p, GpuDevices::computeCapacities);
    }

    private static Map<String, Quantity> computeCapacities(GpuInstanceProfile p) {
        Map<String, Quantity> c = new LinkedHashMap<>();
        c.put(NvidiaDra.CAPACITY_MULTIPROCESSORS, binary(p.multiprocessors()));
        c.put(NvidiaDra.CAPACITY_COPY_ENGINES, binary(p.copyEngines()));
        c.put(NvidiaDra.CAPACITY_DECODERS, binary(p.decoders()));
        c.put(NvidiaDra.CAPACITY_ENCODERS, binary(p.encoders()));
        c.put(NvidiaDra.CAPACITY_JPEG_ENGINES, binary(p.jpegEngines()));
        c.put(NvidiaDra.CAPACITY_OFA_ENGINES, binary(p.ofaEngines()));
        c.put(NvidiaDra.CAPACITY_MEMORY, binary(Math.multiplyExact(p.memoryMiB(), 1L << 20)));
        return java.util.Collections.unmodifiableMap(c);
    }

    // Value objects are shared between the devices of one GPU (see NvidiaResourceSlices: treat them as immutable).
    // Quantities come from the shared BINARY cache, so identity is value equality here (and much cheaper).
    private final Map<Quantity, DeviceCapacity> capacities = new java.util.IdentityHashMap<>();
    private final Map<Quantity, Counter> counterValues = new java.util.IdentityHashMap<>();
    private final Map<Map<String, Quantity>, Map<String, DeviceCapacity>> capacityMaps = new java.util.IdentityHashMap<>();
    private final Map<String, DeviceAttribute> strings = new java.util.HashMap<>();
    private final Map<String, Map<String, DeviceAttribute>> attributeMaps = new java.util.HashMap<>();
    /** The sorted counter names of a profile's capacities plus a placement's memory slices (strings, safe to share). */
    private static final Map<Map<String, Quantity>, Map<Placement, List<String>>> COUNTER_ORDER =
            new ConcurrentHashMap<>();

    private Map<String, DeviceCapacity> capacityMap(Map<String, Quantity> caps) {
        Map<String, DeviceCapacity> shared = capacityMaps.get(caps);
        if (shared == null) {
            shared = new TreeMap<>();
            for (Map.Entry<String, Quantity> e : caps.entrySet()) {
                shared.put(e.getKey(), capacity(e.getValue()));
            }
            capacityMaps.put(caps, shared);
        }
        return new LinkedHashMap<>(shared);
    }

    private DeviceCapacity capacity(Quantity q) {
        DeviceCapacity c = capacities.get(q);
        if (c == null) {
            c = new DeviceCapacity();
            c.setValue(q.toFabric8());
            capacities.put(q, c);
        }
        return c;
    }

    /** partitions.go capacitiesToCounters (camelCase to DNS name) plus addCountersForMemSlices. */
    private Map<String, Counter> counters(Map<String, Quantity> caps, Placement slices) {
        List<String> order = COUNTER_ORDER.computeIfAbsent(caps, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(slices, pl -> counterOrder(caps, pl));
        Map<String, Quantity> byCounter = new java.util.HashMap<>();
        caps.forEach((k, v) -> byCounter.put(camelToDnsName(k), v));
        Map<String, Counter> m = new LinkedHashMap<>();
        for (String name : order) {
            Quantity q = byCounter.get(name);
            m.put(name, counter(q == null ? ONE : q));
        }
        return m;
    }

    private static List<String> counterOrder(Map<String, Quantity> caps, Placement slices) {
        TreeSet<String> names = new TreeSet<>();
        caps.keySet().forEach(k -> names.add(camelToDnsName(k)));
        for (int i = slices.start(); i < slices.end(); i++) {
            names.add(memorySliceCounter(i));
        }
        return List.copyOf(names);
    }

    private Counter counter(Quantity q) {
        Counter c = counterValues.get(q);
        if (c == null) {
            c = new Counter();
            c.setValue(q.toFabric8());
            counterValues.put(q, c);
        }
        return c;
    }

    /** mig.go camelToDNSName for the capacity names in use ({@code copyEngines} → {@code copy-engines}). */
    static String camelToDnsName(String s) {
        String known = DNS_NAMES.get(s);
        if (known != null) {
            return known;
        }
        return DNS_NAMES.computeIfAbsent(s, k -> toRfc1123(UPPER_RUN.matcher(LOWER_UPPER.matcher(k).replaceAll("$1-$2"))
                .replaceAll("$1-$2")));
    }

    /** mig.go toRFC1123Compliant. */
    static String toRfc1123(String name) {
        String known = RFC1123.get(name);
        if (known != null) {
            return known;
        }
        return RFC1123.computeIfAbsent(name, k -> {
            String n = NOT_RFC1123.matcher(k.toLowerCase(Locale.ROOT)).replaceAll("-");
            n = EDGE_DASHES.matcher(n).replaceAll("");
            if (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            return n.length() > 253 ? n.substring(0, 253) : n;
        });
    }

    /** {@code resource.NewQuantity(n, BinarySI)}; instances are immutable, so equal values share one. */
    private static Quantity binary(long n) {
        Quantity known = BINARY.get(n);
        if (known != null) {
            return known;
        }
        return BINARY.computeIfAbsent(n, v -> Quantity.of(v, Quantity.Format.BINARY_SI));
    }

    /** mig.go ToCanonicalName: {@code gpu-<minor>-mig-<profile without dots>-<profileId>-<placementStart>}. */
    static String migDeviceName(int minor, String profile, int profileId, int start) {
        return "gpu-" + minor + "-mig-" + toRfc1123(profile.replace(".", "")) + "-" + profileId + "-" + start;
    }

    String counterSetName() {
        return toRfc1123("gpu-" + gpu.minor() + "-counter-set");
    }

    // ------------------------------------------------------------------------------------------ static mode

    /**
     * Static mode (nvlib.go GetPerGpuAllocatableDevices without DynamicMIG): the full GPU when MIG is disabled,
     * otherwise the MIG devices that exist, each with {@code memorySlice<i>} capacities; sorted by name.
     *
     * @param nodeGpuLost whether some GPU of the node is lost: NVML reports that without telling which GPU, so the
     *                    driver taints every device of the node with {@code gpu-lost} (device_health.go:228-232,
     *                    281-288)
     */
    List<Device> staticDevices(boolean nodeGpuLost) {
        List<Device> out = new ArrayList<>();
        if (!migEnabled()) {
            out.add(fullGpuStatic());
        } else {
            GpuProduct p = requireProduct();
            for (GpuInstanceInfo gi : gpu.gpuInstances()) {
                GpuInstanceProfile profile = p.profileById(gi.profileId()).orElseThrow(() ->
                        new UnsupportedInventoryException("GPU " + gpu.index() + ": GPU instance " + gi.id()
                                + " has profile ID " + gi.profileId() + ", which " + p.alias() + " does not have"));
                for (ComputeInstanceInfo ci : gi.computeInstances()) {
                    out.add(staticMigDevice(gi, ci, profile));
                }
            }
        }
        out.sort(Comparator.comparing(Device::getName));
        taint(out, nodeGpuLost);
        return out;
    }

    private Device fullGpuStatic() {
        Device d = new Device();
        d.setName("gpu-" + gpu.minor());
        d.setAttributes(gpuAttributes());
        if (gpu.memoryMiB() > 0) {
            d.setCapacity(capacityMap(Map.of(NvidiaDra.CAPACITY_MEMORY, binary(Math.multiplyExact(gpu.memoryMiB(),
                    1L << 20)))));
        }
        return d;
    }

    private Device staticMigDevice(GpuInstanceInfo gi, ComputeInstanceInfo ci, GpuInstanceProfile profile) {
        boolean whole;
        try {
            ProfileName ciName = ProfileName.parse(ci.profileName());
            whole = !ciName.isComputeInstance() || ciName.computeSlices() == ciName.gpuSlices();
        } catch (IllegalArgumentException e) {
            whole = ci.placement().size() == profile.slices();
        }
        if (!whole || ci.placement().size() != profile.slices()) {
            // nvlib.go getMigDevices only knows MIG profiles whose compute instance spans the GPU instance (C == G)
            throw new UnsupportedInventoryException("GPU " + gpu.index() + ": MIG device " + ci.migDeviceUuid()
                    + " is compute instance " + ci.profileName() + " in GPU instance " + gi.profileName()
                    + "; NVIDIA's driver only publishes MIG devices whose compute instance spans the whole GPU"
                    + " instance, and fails discovery otherwise");
        }
        String name = profile.name().toString();
        Device d = new Device();
        d.setName(migDeviceName(gpu.minor(), name, gi.profileId(), gi.placement().start()));
        Map<String, DeviceAttribute> attrs = migAttributes(name);
        attrs.put(NvidiaDra.ATTR_UUID, string(ci.migDeviceUuid()));
        d.setAttributes(attrs);
        Map<String, DeviceCapacity> caps = capacityMap(profileCapacities(profile));
        for (int i = gi.placement().start(); i < gi.placement().end(); i++) {
            caps.put(memorySliceCapacity(i), capacity(ONE));
        }
        d.setCapacity(caps);
        return d;
    }

    /**
     * device_health.go: one taint per key, the latest event of a key wins (allocatable.go AddOrUpdateTaint). XID and
     * unmonitored events taint every device of this GPU: the inventory does not say which MIG device an XID came
     * from, where the driver would taint only the MIG device of the event's GPU and compute instance (run,
     * getDevicePlacementMap). A lost GPU taints every device of the node.
     */
    private void taint(List<Device> devices, boolean nodeGpuLost) {
        if ((gpu.healthEvents().isEmpty() && !nodeGpuLost) || devices.isEmpty()) {
            return;
        }
        Map<String, DeviceTaint> byKey = new LinkedHashMap<>();
        for (GpuHealthEvent e : gpu.healthEvents()) {
            DeviceTaint t = new DeviceTaint();
            switch (e.kind()) {
                case XID -> {
                    t.setKey(NvidiaDra.TAINT_XID);
                    t.setValue(Integer.toString(e.xid()));
                    t.setEffect(NON_FATAL_XIDS.contains(e.xid()) ? "None" : "NoSchedule");
                }
                case GPU_LOST -> {
                    t.setKey(NvidiaDra.TAINT_GPU_LOST);
                    t.setEffect("NoSchedule");
                }
                default -> {
                    t.setKey(NvidiaDra.TAINT_UNMONITORED);
                    t.setEffect("None");
                }
            }
            byKey.put(t.getKey(), t);
        }
        if (nodeGpuLost && !byKey.containsKey(NvidiaDra.TAINT_GPU_LOST)) {
            DeviceTaint t = new DeviceTaint();
            t.setKey(NvidiaDra.TAINT_GPU_LOST);
            t.setEffect("NoSchedule");
            byKey.put(t.getKey(), t);
        }
        for (Device d : devices) {
            List<DeviceTaint> taints = new ArrayList<>();
            for (DeviceTaint t : byKey.values()) {
                DeviceTaint copy = new DeviceTaint();
                copy.setKey(t.getKey());
                copy.setValue(t.getValue());
                copy.setEffect(t.getEffect());
                taints.add(copy);
            }
            d.setTaints(taints);
        }
    }

    // ------------------------------------------------------------------------------------------ dynamic MIG

    private List<Map.Entry<GpuInstanceProfile, Placement>> migSpecs;
    private Map<String, Quantity> maxCapacities;

    /** The GI profiles × placements of the product, in NVML order (nvlib.go inspectMigProfilesAndPlacements). */
    private List<Map.Entry<GpuInstanceProfile, Placement>> migSpecs() {
        if (migSpecs != null) {
            return migSpecs;
        }
        List<Map.Entry<GpuInstanceProfile, Placement>> specs = new ArrayList<>();
        for (GpuInstanceProfile p : requireProduct().gpuInstanceProfiles()) {
            for (Placement pl : p.placements()) {
                specs.add(Map.entry(p, pl));
            }
        }
        migSpecs = specs;
        return specs;
    }

    /** The per-capacity maxima over all profiles (nvlib.go setMax), as the full GPU's capacity. */
    private Map<String, Quantity> maxCapacities() {
        if (maxCapacities != null) {
            return maxCapacities;
        }
        Map<String, Quantity> max = new LinkedHashMap<>();
        for (var spec : migSpecs()) {
            profileCapacities(spec.getKey()).forEach((k, v) -> max.merge(k, v, (a, b) -> b.compareTo(a) > 0 ? b : a));
        }
        maxCapacities = max;
        return max;
    }

    private int memorySliceCount() {
        return migSpecs().stream().mapToInt(s -> s.getValue().size()).max().orElse(0);
    }

    /** partitions.go PartSharedCounterSets: one counter set per GPU. */
    CounterSet counterSet() {
        CounterSet cs = new CounterSet();
        cs.setName(counterSetName());
        cs.setCounters(counters(maxCapacities(), new Placement(0, memorySliceCount())));
        return cs;
    }

    /**
     * Dynamic MIG devices of a capable GPU: the full GPU (unless MIG is on and the GPU cannot toggle it without a
     * reset) consuming every counter, and one device per profile × placement; sorted by name (driver.go).
     */
    List<Device> dynamicDevices() {
        List<Device> out = new ArrayList<>();
        Map<String, Quantity> max = maxCapacities();
        if (!migEnabled() || supportsMigModeToggle()) {
            Device full = new Device();
            full.setName("gpu-" + gpu.minor());
            full.setAttributes(gpuAttributes());
            full.setCapacity(capacityMap(max));
            full.setConsumesCounters(List.of(consumption(counters(max, new Placement(0, memorySliceCount())))));
            out.add(full);
        }
        for (var spec : migSpecs()) {
            GpuInstanceProfile p = spec.getKey();
            Placement pl = spec.getValue();
            String name = p.name().toString();
            Device d = new Device();
            d.setName(migDeviceName(gpu.minor(), name, p.id(), pl.start()));
            d.setAttributes(migAttributes(name));
            Map<String, Quantity> caps = profileCapacities(p);
            d.setCapacity(capacityMap(caps));
            d.setConsumesCounters(List.of(consumption(counters(caps, pl))));
            out.add(d);
        }
        out.sort(Comparator.comparing(Device::getName));
        return out;
    }

    private DeviceCounterConsumption consumption(Map<String, Counter> counters) {
        DeviceCounterConsumption c = new DeviceCounterConsumption();
        c.setCounterSet(counterSetName());
        c.setCounters(counters);
        return c;
    }

    /**
     * A GPU the dynamic path does not partition (no MIG, or an A100 with MIG off): partitions.go PartGetDevice with
     * no MIG profile data, so the full GPU with its memory and no counters.
     */
    Device fullGpuWithoutCounters() {
        return fullGpuStatic();
    }
}
