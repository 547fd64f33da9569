package io.mig4j.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import io.mig4j.api.inventory.MigModeState;
import io.mig4j.api.layout.LayoutDoesNotFitException;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.api.migparted.MigPartedDeviceEntry;
import io.mig4j.api.migparted.MigPartedProfileCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The reading half of {@link MigManager}: inventory, profile discovery and the catalog product of each GPU,
 * through read-only NVML calls only.
 *
 * <p>Degrades on older drivers: an optional query that NVML answers {@code FUNCTION_NOT_FOUND} (the driver
 * predates the function) or {@code NOT_SUPPORTED} leaves its field unknown ({@code null}) instead of failing
 * the whole read, and the function's C name is recorded in {@link #unansweredFunctions()} so a tool can warn once.
 */
final class NodeReader {
    /** GI profile indexes are enumerated until NVML answers INVALID_ARGUMENT; this bounds a misbehaving library. */
    static final int MAX_PROFILE_INDEX = 64;

    private final Nvml nvml;
    private final ProductCatalog catalog;
    private final Set<String> unanswered = new java.util.LinkedHashSet<>();

    NodeReader(Nvml nvml, ProductCatalog catalog) {
        this.nvml = nvml;
        this.catalog = catalog;
    }

    /** The C names of the optional functions NVML did not answer so far, in the order met. */
    synchronized Set<String> unansweredFunctions() {
        return Set.copyOf(new java.util.ArrayList<>(unanswered));
    }

    /** A snapshot of every GPU of the node with its MIG mode, GPU and compute instances and MIG device UUIDs. */
    Inventory inventory() {
        int count = nvml.deviceGetCount();
        List<GpuInventory> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(gpu(i));
        }
        return new Inventory(nvml.systemGetDriverVersion(), nvml.systemGetNvmlVersion(), cudaDriverVersion(), gpus);
    }

    /**
     * One GPU of {@link #inventory()}. Health events are left empty: mig4j reads no NVML events; a health monitor
     * adds them ({@link GpuInventory#toBuilder()}). The addressing mode is not read either ({@code null}).
     */
    GpuInventory gpu(int index) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(index);
        PciInfo pci = nvml.deviceGetPciInfo(device);
        MigMode mode = migMode(device);
        List<GpuInstanceInfo> gis = mode.current() == MigModeState.ENABLED ? gpuInstances(device) : List.of();
        Integer architecture = optional(() -> nvml.deviceGetArchitecture(device), null, false);
        Integer brand = optional(() -> nvml.deviceGetBrand(device), null, false);
        ComputeCapability cc = optional(() -> nvml.deviceGetCudaComputeCapability(device), null, false);
        Integer minor = optional(() -> nvml.deviceGetMinorNumber(device), null, false);
        return GpuInventory.builder().index(index).minor(minor == null ? -1 : minor)
                .uuid(nvml.deviceGetUuid(device)).name(nvml.deviceGetName(device))
                .brand(brand == null ? UNKNOWN : NvmlNames.brand(brand).orElse(UNKNOWN))
                .architecture(architecture == null ? UNKNOWN : NvmlNames.architecture(architecture).orElse(UNKNOWN))
                .cudaComputeCapability(cc == null ? UNKNOWN : cc.major() + "." + cc.minor()).pciBusId(pci.busId())
                .pciDeviceId(pci.deviceId()).numaNode(numaNode(device))
                .product(catalog.findByPciDeviceId(pci.deviceId()).map(GpuProduct::alias).orElse(null))
                .memoryMiB(nvml.deviceGetMemoryInfo(device).total() / (1024 * 1024)).migMode(mode).gpuInstances(gis)
                .build();
    }

    /** {@code null} where the driver lacks {@code nvmlSystemGetCudaDriverVersion_v2} or does not answer it. */
    private String cudaDriverVersion() {
        Integer v = optional(nvml::systemGetCudaDriverVersion, null, false);
        return v == null ? null : Inventory.cudaDriverVersion(v);
    }

    /** {@code null} where NVML has no NUMA node for the GPU (most platforms: not worth a warning) or lacks the function. */
    private Integer numaNode(DeviceHandle device) {
        return optional(() -> nvml.deviceGetNumaNodeId(device), null, true);
    }

    /** What the inventory shows for a string field an older driver cannot fill. */
    static final String UNKNOWN = "Unknown";

    /**
     * Runs an optional query: {@code FUNCTION_NOT_FOUND} (the driver predates the function) and
     * {@code NOT_SUPPORTED} give {@code unknown} and record the function, other errors propagate.
     *
     * @param notSupportedIsNormal whether NOT_SUPPORTED is this query's ordinary answer (then it is not recorded)
     */
    <T> T optional(java.util.function.Supplier<T> query, T unknown, boolean notSupportedIsNormal) {
        try {
            return query.get();
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND
                    || e.result() == NvmlReturn.ERROR_NOT_SUPPORTED && !notSupportedIsNormal) {
                synchronized (this) {
                    unanswered.add(e.function() + " (" + e.result().name().replaceFirst("^ERROR_", "") + ")");
                }
                return unknown;
            }
            if (e.result() == NvmlReturn.ERROR_NOT_SUPPORTED) {
                return unknown;
            }
            throw e;
        }
    }

    MigMode migMode(DeviceHandle device) {
        try {
            MigModeInfo m = nvml.deviceGetMigMode(device);
            return new MigMode(state(m.current()), state(m.pending()));
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.ERROR_NOT_SUPPORTED) {
                return MigMode.NOT_SUPPORTED;
            }
            throw e;
        }
    }

    private static MigModeState state(int mode) {
        return mode == MigModeInfo.ENABLE ? MigModeState.ENABLED : MigModeState.DISABLED;
    }

    private List<GpuInstanceInfo> gpuInstances(DeviceHandle device) {
        Map<Long, String> migUuids = migDeviceUuids(device);
        List<GpuInstanceInfo> out = new ArrayList<>();
        for (GpuInstanceProfileInfo profile : supportedGpuInstanceProfiles(device).values()) {
            for (GpuInstanceHandle gi : nvml.deviceGetGpuInstances(device, profile.id())) {
                NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
                List<ComputeInstanceInfo> cis = new ArrayList<>();
                for (ComputeInstanceProfileInfo ciProfile : supportedComputeInstanceProfiles(gi).values()) {
                    for (ComputeInstanceHandle ci : nvml.gpuInstanceGetComputeInstances(gi, ciProfile.id())) {
                        NvmlComputeInstanceInfo ciInfo = nvml.computeInstanceGetInfo(ci);
                        String uuid = migUuids.get(key(info.id(), ciInfo.id()));
                        cis.add(new ComputeInstanceInfo(ciInfo.id(), ciInfo.profileId(), profileName(ciProfile.name()),
                                ciInfo.placement(), uuid == null ? "" : uuid));
                    }
                }
                cis.sort(Comparator.comparingInt(ComputeInstanceInfo::id));
                out.add(new GpuInstanceInfo(info.id(), info.profileId(), profileName(profile.name()), info.placement(),
                        cis));
            }
        }
        out.sort(Comparator.comparing(GpuInstanceInfo::placement));
        return out;
    }

    private static long key(int gi, int ci) {
        return ((long) gi << 32) | (ci & 0xFFFFFFFFL);
    }

    /** MIG device UUIDs by (GI id, CI id): NVML lists MIG devices by index, with gaps (NOT_FOUND) allowed. */
    private Map<Long, String> migDeviceUuids(DeviceHandle device) {
        Map<Long, String> out = new HashMap<>();
        int max = optional(() -> nvml.deviceGetMaxMigDeviceCount(device), 0, false); // no UUIDs: shown as unknown
        for (int i = 0; i < max; i++) {
            DeviceHandle mig;
            try {
                mig = nvml.deviceGetMigDeviceHandleByIndex(device, i);
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.ERROR_NOT_FOUND || e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT) {
                    continue;
                }
                throw e;
            }
            out.put(key(nvml.deviceGetGpuInstanceId(mig), nvml.deviceGetComputeInstanceId(mig)), nvml.deviceGetUuid(mig));
        }
        return out;
    }

    /** GI profiles by NVML index, enumerated until INVALID_ARGUMENT (the driver's table may be newer than ours). */
    Map<Integer, GpuInstanceProfileInfo> supportedGpuInstanceProfiles(DeviceHandle device) {
        try {
            return enumerateProfiles(index -> nvml.deviceGetGpuInstanceProfileInfoV(device, index));
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.ERROR_FUNCTION_NOT_FOUND) {
                throw e;
            }
            // a driver without nvmlDeviceGetGpuInstanceProfileInfoV: instances are still listed by the profile IDs
            // the catalog knows for this product (the profiles' own fields stay unknown)
            synchronized (this) {
                unanswered.add(e.function() + " (" + e.result().name().replaceFirst("^ERROR_", "") + ")");
            }
            return catalogStandIns(device);
        }
    }

    /**
     * The catalog's GPU instance profiles of this GPU's product with only their IDs and names known, for a driver
     * without {@code nvmlDeviceGetGpuInstanceProfileInfoV}; the functions that take a profile ID (instances,
     * placements, capacity) can still be asked. Empty for a product the catalog does not know.
     */
    private Map<Integer, GpuInstanceProfileInfo> catalogStandIns(DeviceHandle device) {
        Map<Integer, GpuInstanceProfileInfo> out = new LinkedHashMap<>();
        catalog.findByPciDeviceId(nvml.deviceGetPciInfo(device).deviceId()).ifPresent(p -> p.gpuInstanceProfiles()
                .forEach(g -> out.put(g.index(), new GpuInstanceProfileInfo(0, g.id(), 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, "MIG " + g.name(), 0))));
        return out;
    }

    Map<Integer, ComputeInstanceProfileInfo> supportedComputeInstanceProfiles(GpuInstanceHandle gi) {
        Map<Integer, ComputeInstanceProfileInfo> out = new LinkedHashMap<>();
        // A100 reports 1_SLICE/1_SLICE_REV1 and 7_SLICE/7_SLICE_NVL with the same ID space; listing instances
        // by a duplicate ID would count them twice.
        enumerateProfiles(index -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, index, 0)).forEach((index, info) -> {
            if (out.values().stream().noneMatch(o -> o.id() == info.id())) {
                out.put(index, info);
            }
        });
        return out;
    }

    /**
     * The GPU instance profiles with NVML's own fields, or null (and the function recorded) on a driver without
     * {@code nvmlDeviceGetGpuInstanceProfileInfoV}.
     */
    private Map<Integer, GpuInstanceProfileInfo> enumerateOrNull(DeviceHandle device) {
        return optional(() -> enumerateProfiles(index -> nvml.deviceGetGpuInstanceProfileInfoV(device, index)),
                null, false);
    }

    /**
     * Asks for every profile index from 0 until NVML answers INVALID_ARGUMENT (the end of its table), skipping
     * the indexes it answers NOT_SUPPORTED (profiles this GPU lacks).
     */
    static <T> Map<Integer, T> enumerateProfiles(IntFunction<T> query) {
        Map<Integer, T> out = new LinkedHashMap<>();
        for (int index = 0; index < MAX_PROFILE_INDEX; index++) {
            try {
                out.put(index, query.apply(index));
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT) {
                    break;
                }
                if (e.result() != NvmlReturn.ERROR_NOT_SUPPORTED) {
                    throw e;
                }
            }
        }
        return out;
    }

    static String profileName(String nvmlName) {
        String n = nvmlName.strip();
        return n.startsWith("MIG ") ? n.substring(4) : n;
    }

    /**
     * The GPU instance profiles NVML reports for a GPU, with placements and remaining capacity, and how they
     * differ from the catalog entry of the product.
     */
    ProfileDiscovery discoverProfiles(int gpuIndex) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(gpuIndex);
        PciInfo pci = nvml.deviceGetPciInfo(device);
        List<ProfileDiscovery.DiscoveredProfile> profiles = new ArrayList<>();
        Map<Integer, GpuInstanceProfileInfo> described = enumerateOrNull(device);
        // an older driver: the catalog's profiles of this product, asked about by ID (the rest of the table)
        boolean fromNvml = described != null;
        Map<Integer, GpuInstanceProfileInfo> supported = fromNvml ? described : catalogStandIns(device);
        supported.forEach((index, info) -> {
            List<Placement> placements = optional(() -> nvml.deviceGetGpuInstancePossiblePlacements(device, info.id()),
                    null, false);
            // NOT_SUPPORTED is the ordinary answer with MIG disabled
            Integer remaining = optional(() -> nvml.deviceGetGpuInstanceRemainingCapacity(device, info.id()), null,
                    true);
            profiles.add(new ProfileDiscovery.DiscoveredProfile(index, info, placements, remaining, fromNvml));
        });
        List<ProfileDiscovery.DiscoveredComputeProfile> computeProfiles = new ArrayList<>();
        if (migMode(device).current() == MigModeState.ENABLED) {
            for (ProfileDiscovery.DiscoveredProfile p : profiles) {
                List<GpuInstanceHandle> gis = nvml.deviceGetGpuInstances(device, p.info().id());
                if (gis.isEmpty()) {
                    continue; // CI profiles can only be read inside an existing GPU instance
                }
                GpuInstanceHandle gi = gis.get(0);
                enumerateProfiles(index -> nvml.gpuInstanceGetComputeInstanceProfileInfoV(gi, index, 0))
                        .forEach((index, info) -> computeProfiles.add(new ProfileDiscovery.DiscoveredComputeProfile(
                                p.info().id(), index, info,
                                optional(() -> nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, info.id()),
                                        null, false),
                                optional(() -> nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, info.id()),
                                        null, false))));
            }
        }
        Optional<GpuProduct> product = catalog.findByPciDeviceId(pci.deviceId());
        return new ProfileDiscovery(gpuIndex, nvml.deviceGetName(device), pci.deviceId(),
                nvml.deviceGetMemoryInfo(device).total() / (1024 * 1024), profiles, computeProfiles,
                product.orElse(null));
    }

    /** The catalog product of a GPU, or the product rebuilt from NVML's answers when the catalog lacks it. */
    GpuProduct product(int gpuIndex) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(gpuIndex);
        return catalog.findByPciDeviceId(nvml.deviceGetPciInfo(device).deviceId())
                .orElseGet(() -> discoverProfiles(gpuIndex).toProduct());
    }

}
