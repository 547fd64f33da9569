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
 * The MIG lifecycle of a node, written only against {@link Nvml}, so it runs unchanged on real GPUs (FFM or
 * JNA binding) and on {@code FakeNvml}.
 *
 * <p>Read-only by default: unless built with {@link Builder#allowMutations(boolean) allowMutations(true)},
 * every NVML call that would change a GPU is refused by a {@link MutationGuard} before it reaches the
 * driver. The manager does not init or shut NVML down; its caller owns that.
 */
public final class MigManager {
    /** GI profile indexes are enumerated until NVML answers INVALID_ARGUMENT; this bounds a misbehaving library. */
    static final int MAX_PROFILE_INDEX = 64;

    private final Nvml nvml;
    private final ProductCatalog catalog;
    private final boolean mutationsAllowed;

    private MigManager(Builder b) {
        this.mutationsAllowed = b.allowMutations;
        this.nvml = b.allowMutations ? b.nvml : MutationGuard.readOnly(b.nvml);
        this.catalog = b.catalog;
    }

    public static Builder builder(Nvml nvml) {
        return new Builder(nvml);
    }

    /** Builds a {@link MigManager}. */
    public static final class Builder {
        private final Nvml nvml;
        private ProductCatalog catalog = ProductCatalog.builtIn();
        private boolean allowMutations;

        private Builder(Nvml nvml) {
            this.nvml = Objects.requireNonNull(nvml, "nvml");
        }

        /** The catalog GPUs are matched against (by PCI device id); the built-in one by default. */
        public Builder catalog(ProductCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** Opt in to changing GPUs (MIG mode, creating and destroying instances). Off by default. */
        public Builder allowMutations(boolean allow) {
            this.allowMutations = allow;
            return this;
        }

        public MigManager build() {
            return new MigManager(this);
        }
    }

    /** Whether this manager may change GPUs. */
    public boolean mutationsAllowed() {
        return mutationsAllowed;
    }

    // ------------------------------------------------------------------ reading

    /** A snapshot of every GPU of the node with its MIG mode, GPU and compute instances and MIG device UUIDs. */
    public Inventory inventory() {
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
    public GpuInventory gpu(int index) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(index);
        PciInfo pci = nvml.deviceGetPciInfo(device);
        MigMode mode = migMode(device);
        List<GpuInstanceInfo> gis = mode.current() == MigModeState.ENABLED ? gpuInstances(device) : List.of();
        int architecture = nvml.deviceGetArchitecture(device);
        int brand = nvml.deviceGetBrand(device);
        ComputeCapability cc = nvml.deviceGetCudaComputeCapability(device);
        return GpuInventory.builder().index(index).minor(nvml.deviceGetMinorNumber(device))
                .uuid(nvml.deviceGetUuid(device)).name(nvml.deviceGetName(device))
                .brand(NvmlNames.brand(brand).orElse("Unknown"))
                .architecture(NvmlNames.architecture(architecture).orElse("Unknown"))
                .cudaComputeCapability(cc.major() + "." + cc.minor()).pciBusId(pci.busId())
                .pciDeviceId(pci.deviceId()).numaNode(numaNode(device))
                .product(catalog.findByPciDeviceId(pci.deviceId()).map(GpuProduct::alias).orElse(null))
                .memoryMiB(nvml.deviceGetMemoryInfo(device).total() / (1024 * 1024)).migMode(mode).gpuInstances(gis)
                .build();
    }

    /** {@code null} where the driver lacks {@code nvmlSystemGetCudaDriverVersion_v2} or does not answer it. */
    private String cudaDriverVersion() {
        try {
            return Inventory.cudaDriverVersion(nvml.systemGetCudaDriverVersion());
        } catch (NvmlException e) {
            if (optionalQueryUnanswered(e)) {
                return null;
            }
            throw e;
        }
    }

    /** {@code null} where NVML has no NUMA node for the GPU (most platforms) or lacks the function. */
    private Integer numaNode(DeviceHandle device) {
        try {
            return nvml.deviceGetNumaNodeId(device);
        } catch (NvmlException e) {
            if (optionalQueryUnanswered(e)) {
                return null;
            }
            throw e;
        }
    }

    private static boolean optionalQueryUnanswered(NvmlException e) {
        return e.result() == NvmlReturn.ERROR_NOT_SUPPORTED || e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND;
    }

    private MigMode migMode(DeviceHandle device) {
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
        int max = nvml.deviceGetMaxMigDeviceCount(device);
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
        return enumerateProfiles(index -> nvml.deviceGetGpuInstanceProfileInfoV(device, index));
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
    public ProfileDiscovery discoverProfiles(int gpuIndex) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(gpuIndex);
        PciInfo pci = nvml.deviceGetPciInfo(device);
        List<ProfileDiscovery.DiscoveredProfile> profiles = new ArrayList<>();
        supportedGpuInstanceProfiles(device).forEach((index, info) -> {
            List<Placement> placements = nvml.deviceGetGpuInstancePossiblePlacements(device, info.id());
            Integer remaining;
            try {
                remaining = nvml.deviceGetGpuInstanceRemainingCapacity(device, info.id());
            } catch (NvmlException e) {
                if (e.result() != NvmlReturn.ERROR_NOT_SUPPORTED) {
                    throw e;
                }
                remaining = null;
            }
            profiles.add(new ProfileDiscovery.DiscoveredProfile(index, info, placements, remaining));
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
                                nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, info.id()),
                                nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, info.id()))));
            }
        }
        Optional<GpuProduct> product = catalog.findByPciDeviceId(pci.deviceId());
        return new ProfileDiscovery(gpuIndex, nvml.deviceGetName(device), pci.deviceId(),
                nvml.deviceGetMemoryInfo(device).total() / (1024 * 1024), profiles, computeProfiles,
                product.orElse(null));
    }

    /** The catalog product of a GPU, or the product rebuilt from NVML's answers when the catalog lacks it. */
    public GpuProduct product(int gpuIndex) {
        DeviceHandle device = nvml.deviceGetHandleByIndex(gpuIndex);
        return catalog.findByPciDeviceId(nvml.deviceGetPciInfo(device).deviceId())
                .orElseGet(() -> discoverProfiles(gpuIndex).toProduct());
    }

    // ------------------------------------------------------------------ planning

    /** The layout currently on a GPU, as an sdk-api {@link MigLayout} of its product (CIs included). */
    public MigLayout currentLayout(int gpuIndex) {
        GpuProduct product = product(gpuIndex);
        GpuInventory gpu = gpu(gpuIndex);
        List<PlacedGpuInstance> gis = new ArrayList<>();
        for (GpuInstanceInfo gi : gpu.gpuInstances()) {
            GpuInstanceProfile profile = product.profileById(gi.profileId()).orElseThrow(() -> new IllegalStateException(
                    "GPU " + gpuIndex + " has a GPU instance of profile ID " + gi.profileId() + " that "
                            + product.alias() + " does not list"));
            List<PlacedComputeInstance> cis = new ArrayList<>();
            for (ComputeInstanceInfo ci : gi.computeInstances()) {
                profile.computeInstanceProfiles().stream().filter(c -> c.id() == ci.profileId()).findFirst()
                        .ifPresent(c -> cis.add(new PlacedComputeInstance(c, ci.placement())));
            }
            gis.add(new PlacedGpuInstance(profile, gi.placement(), cis));
        }
        return new MigLayout(product, gis);
    }

    /**
     * Computes the steps from the current state to the targets. GPUs without a target are left alone.
     * Existing instances that fit the target are kept, so planning a state that already holds gives an
     * empty plan (applying twice changes nothing the second time).
     *
     * @throws IllegalArgumentException when a target cannot be placed on its GPU, naming the GPU and why
     */
    public MigPlan plan(List<GpuTarget> targets) {
        List<MigStep> steps = new ArrayList<>();
        for (GpuTarget target : targets) {
            steps.addAll(planGpu(target));
        }
        return new MigPlan(steps);
    }

    private List<MigStep> planGpu(GpuTarget target) {
        int g = target.gpu();
        GpuInventory gpu = gpu(g);
        if (gpu.migMode().current() == MigModeState.NOT_SUPPORTED) {
            throw new IllegalArgumentException("GPU " + g + " (" + gpu.name() + ") does not support MIG");
        }
        List<MigStep> steps = new ArrayList<>();
        boolean enabled = gpu.migMode().current() == MigModeState.ENABLED;
        if (!target.migEnabled()) {
            destroyAll(g, gpu.gpuInstances(), steps);
            if (enabled || gpu.migMode().pending() == MigModeState.ENABLED) {
                steps.add(new MigStep.SetMigMode(g, false));
            }
            return steps;
        }
        GpuProduct product = product(g);
        List<RequestedInstance> requests = resolve(product, target.instances(), g);
        List<GpuInstanceInfo> current = gpu.gpuInstances();
        MigLayout desired = place(g, product, requests, current);
        List<GpuInstanceInfo> kept = new ArrayList<>();
        List<GpuInstanceInfo> removed = new ArrayList<>();
        for (GpuInstanceInfo gi : current) {
            boolean wanted = desired.gpuInstances().stream().anyMatch(d -> d.profile().id() == gi.profileId()
                    && d.placement().equals(gi.placement()));
            (wanted ? kept : removed).add(gi);
        }
        destroyAll(g, removed, steps);
        if (!enabled) {
            steps.add(new MigStep.SetMigMode(g, true));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < desired.gpuInstances().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> -desired.gpuInstances().get(i).profile().slices())
                .thenComparing(i -> desired.gpuInstances().get(i).placement()));
        for (int i : order) {
            PlacedGpuInstance d = desired.gpuInstances().get(i);
            List<PlacedComputeInstance> wantedCis = target.computeInstances().get(i);
            Optional<GpuInstanceInfo> existing = kept.stream().filter(k -> k.profileId() == d.profile().id()
                    && k.placement().equals(d.placement())).findFirst();
            if (existing.isEmpty()) {
                steps.add(new MigStep.CreateGpuInstance(g, d.profile().name().toString(), d.profile().id(), d.placement()));
                createComputeInstances(g, d, wantedCis, steps);
            } else if (!computeInstancesSatisfied(existing.get(), wantedCis)) {
                GpuInstanceInfo gi = existing.get();
                for (ComputeInstanceInfo ci : gi.computeInstances()) {
                    steps.add(new MigStep.DestroyComputeInstance(g, gi.id(), gi.placement(), ci.id(), ci.profileName(),
                            ci.migDeviceUuid()));
                }
                createComputeInstances(g, d, wantedCis, steps);
            }
        }
        return steps;
    }

    /**
     * An existing GPU instance keeps its compute instances unless the target names different ones; one without
     * any gets the default compute instance.
     */
    private static boolean computeInstancesSatisfied(GpuInstanceInfo gi, List<PlacedComputeInstance> wanted) {
        if (wanted.isEmpty()) {
            return !gi.computeInstances().isEmpty();
        }
        List<String> have = gi.computeInstances().stream().map(c -> c.profileId() + "@" + c.placement())
                .sorted().toList();
        List<String> want = wanted.stream().map(c -> c.profile().id() + "@" + c.placement()).sorted().toList();
        return have.equals(want);
    }

    private static void createComputeInstances(int g, PlacedGpuInstance gi, List<PlacedComputeInstance> wanted,
                                               List<MigStep> steps) {
        if (wanted.isEmpty()) {
            ComputeInstanceProfile def = gi.profile().defaultComputeInstanceProfile().orElseThrow(() ->
                    new IllegalStateException(gi.profile().name() + " has no default compute instance profile"));
            steps.add(new MigStep.CreateComputeInstance(g, gi.placement(), def.name().toString(), def.id(), null));
            return;
        }
        for (PlacedComputeInstance ci : wanted) {
            steps.add(new MigStep.CreateComputeInstance(g, gi.placement(), ci.profile().name().toString(),
                    ci.profile().id(), ci.placement()));
        }
    }

    private static void destroyAll(int g, List<GpuInstanceInfo> gis, List<MigStep> steps) {
        for (GpuInstanceInfo gi : gis) {
            for (ComputeInstanceInfo ci : gi.computeInstances()) {
                steps.add(new MigStep.DestroyComputeInstance(g, gi.id(), gi.placement(), ci.id(), ci.profileName(),
                        ci.migDeviceUuid()));
            }
            steps.add(new MigStep.DestroyGpuInstance(g, gi.id(), gi.profileName(), gi.placement()));
        }
    }

    private static List<RequestedInstance> resolve(GpuProduct product, List<RequestedInstance> requests, int g) {
        List<RequestedInstance> out = new ArrayList<>();
        for (RequestedInstance r : requests) {
            GpuInstanceProfile p = product.profileById(r.profile().id())
                    .filter(x -> x.name().equals(r.profile().name()) || x.isNamed(r.profile().name()))
                    .or(() -> product.profileByName(r.profile().name()))
                    .orElseThrow(() -> new IllegalArgumentException("GPU " + g + " (" + product.alias()
                            + ") has no profile " + r.profile().name()));
            out.add(new RequestedInstance(p, r.start()));
        }
        return out;
    }

    /** Places the requests, pinning unplaced ones onto existing instances of the same profile where possible. */
    private static MigLayout place(int g, GpuProduct product, List<RequestedInstance> requests,
                                   List<GpuInstanceInfo> current) {
        List<RequestedInstance> pinned = new ArrayList<>();
        List<GpuInstanceInfo> available = new ArrayList<>(current);
        for (RequestedInstance r : requests) {
            if (r.start().isPresent()) {
                available.removeIf(c -> c.profileId() == r.profile().id()
                        && c.placement().start() == r.start().getAsInt());
            }
        }
        for (RequestedInstance r : requests) {
            if (r.start().isPresent()) {
                pinned.add(r);
                continue;
            }
            Optional<GpuInstanceInfo> match = available.stream().filter(c -> c.profileId() == r.profile().id())
                    .findFirst();
            match.ifPresent(available::remove);
            pinned.add(match.map(c -> RequestedInstance.at(r.profile(), c.placement().start())).orElse(r));
        }
        PlacementResult keeping = LayoutSolver.solve(product, pinned);
        if (keeping.isPlaced()) {
            return keeping.layout().orElseThrow();
        }
        PlacementResult fresh = LayoutSolver.solve(product, requests);
        return fresh.layout().orElseThrow(() -> new IllegalArgumentException("GPU " + g + " (" + product.alias()
                + "): the requested layout cannot be placed: " + fresh.violations().stream()
                .map(Object::toString).collect(Collectors.joining("; "))));
    }

    // ------------------------------------------------------------------ changing

    /**
     * Executes a plan. Steps run in order; a GPU whose MIG mode change stays pending (the GPU is in use, or needs
     * a reset) stops there, and the result says so. Running the plan of an unchanged node again does nothing.
     *
     * @param force also destroy compute instances whose MIG devices run processes
     * @throws MutationNotAllowedException when this manager was not built with {@code allowMutations(true)}
     * @throws InstancesInUseException when the plan destroys MIG devices that run processes and force is off
     */
    public ApplyResult apply(MigPlan plan, boolean force) {
        if (!mutationsAllowed && !plan.isEmpty()) {
            throw new MutationNotAllowedException("MigManager.apply");
        }
        if (!force) {
            checkNotInUse(plan);
        }
        List<MigStep> executed = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        Map<Integer, Map<Placement, GpuInstanceHandle>> created = new HashMap<>();
        for (MigStep step : plan.steps()) {
            int g = step.gpu();
            if (pending.stream().anyMatch(p -> p.startsWith("GPU " + g + ":"))) {
                continue;
            }
            DeviceHandle device = nvml.deviceGetHandleByIndex(g);
            if (step instanceof MigStep.SetMigMode s) {
                SetMigModeResult r = nvml.deviceSetMigMode(device, s.enable() ? MigModeInfo.ENABLE : MigModeInfo.DISABLE);
                MigModeInfo now = nvml.deviceGetMigMode(device);
                if (!r.activated() || now.current() != now.pending()) {
                    pending.add("GPU " + g + ": MIG mode is pending " + (s.enable() ? "enable" : "disable") + " ("
                            + r.activationStatus().nvmlName() + ": " + (r.activationStatus() == NvmlReturn.ERROR_IN_USE
                            ? "the GPU is in use by another client; stop them and reset the GPU"
                            : "reset the GPU (nvidia-smi --gpu-reset) or reboot") + ")");
                }
            } else if (step instanceof MigStep.DestroyComputeInstance d) {
                GpuInstanceHandle gi = nvml.deviceGetGpuInstanceById(device, d.gpuInstanceId());
                nvml.computeInstanceDestroy(nvml.gpuInstanceGetComputeInstanceById(gi, d.computeInstanceId()));
            } else if (step instanceof MigStep.DestroyGpuInstance d) {
                nvml.gpuInstanceDestroy(nvml.deviceGetGpuInstanceById(device, d.gpuInstanceId()));
            } else if (step instanceof MigStep.CreateGpuInstance c) {
                GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(device, c.profileId(), c.placement());
                created.computeIfAbsent(g, k -> new HashMap<>()).put(c.placement(), gi);
            } else if (step instanceof MigStep.CreateComputeInstance c) {
                GpuInstanceHandle gi = created.getOrDefault(g, Map.of()).get(c.gpuInstancePlacement());
                if (gi == null) {
                    gi = findGpuInstance(device, c.gpuInstancePlacement());
                }
                if (c.placement() == null) {
                    nvml.gpuInstanceCreateComputeInstance(gi, c.profileId());
                } else {
                    nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, c.profileId(), c.placement());
                }
            }
            executed.add(step);
        }
        return new ApplyResult(plan, executed, pending, inventory());
    }

    private GpuInstanceHandle findGpuInstance(DeviceHandle device, Placement placement) {
        for (GpuInstanceProfileInfo p : supportedGpuInstanceProfiles(device).values()) {
            for (GpuInstanceHandle gi : nvml.deviceGetGpuInstances(device, p.id())) {
                if (nvml.gpuInstanceGetInfo(gi).placement().equals(placement)) {
                    return gi;
                }
            }
        }
        throw new IllegalStateException("no GPU instance at memory slices " + placement);
    }

    private void checkNotInUse(MigPlan plan) {
        List<String> busy = new ArrayList<>();
        for (MigStep s : plan.destructiveSteps()) {
            if (s instanceof MigStep.DestroyComputeInstance d && d.migDeviceUuid() != null && !d.migDeviceUuid().isEmpty()) {
                int processes = runningProcesses(d.migDeviceUuid());
                if (processes > 0) {
                    busy.add(d.migDeviceUuid() + " (GPU " + d.gpu() + ", " + d.profileName() + ", " + processes
                            + " process" + (processes == 1 ? ")" : "es)"));
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new InstancesInUseException(busy);
        }
    }

    private int runningProcesses(String migUuid) {
        try {
            return nvml.deviceGetComputeRunningProcessCount(nvml.deviceGetHandleByUuid(migUuid));
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND || e.result() == NvmlReturn.ERROR_NOT_SUPPORTED) {
                return 0; // this driver cannot tell; NVML still refuses with IN_USE while processes run
            }
            throw e;
        }
    }

    /**
     * The targets of one config of a mig-parted file for this node, as {@code nvidia-mig-parted apply -c} reads
     * it: each GPU takes the first device entry whose {@code devices} select its index and whose
     * {@code device-filter} (if any) names its PCI device id; a GPU no entry selects is left alone.
     *
     * @param gpus the GPUs to consider (empty: every GPU of the node)
     * @throws IllegalArgumentException when the config does not exist or names a profile a selected GPU lacks
     */
    public List<GpuTarget> targets(MigPartedConfig config, String configName, Set<Integer> gpus) {
        List<MigPartedDeviceEntry> entries = config.entries(configName).orElseThrow(() -> new IllegalArgumentException(
                "no config named '" + configName + "' (configs: " + String.join(", ", config.configNames()) + ")"));
        List<GpuTarget> targets = new ArrayList<>();
        int count = nvml.deviceGetCount();
        for (int g = 0; g < count; g++) {
            if (!gpus.isEmpty() && !gpus.contains(g)) {
                continue;
            }
            int pciDeviceId = nvml.deviceGetPciInfo(nvml.deviceGetHandleByIndex(g)).deviceId();
            int gpu = g;
            Optional<MigPartedDeviceEntry> entry = entries.stream()
                    .filter(e -> e.devices().selects(gpu) && (!e.hasDeviceFilter() || e.matchesPciDeviceId(pciDeviceId)))
                    .findFirst();
            if (entry.isEmpty()) {
                continue;
            }
            if (!entry.get().migEnabled()) {
                targets.add(GpuTarget.migDisabled(g));
                continue;
            }
            GpuProduct product = product(g);
            List<RequestedInstance> requests = new ArrayList<>();
            for (MigPartedProfileCount c : entry.get().migDevices()) {
                GpuInstanceProfile profile = product.profileByName(c.name().gpuInstanceName()).orElseThrow(() ->
                        new IllegalArgumentException("config '" + configName + "', device entry "
                                + (entries.indexOf(entry.get()) + 1) + ": GPU " + gpu + " (" + product.alias()
                                + ") has no profile " + c.text()));
                for (int i = 0; i < c.count(); i++) {
                    requests.add(RequestedInstance.anywhere(profile));
                }
            }
            targets.add(GpuTarget.of(g, requests));
        }
        return targets;
    }

    // ------------------------------------------------------------------ single operations

    /**
     * Creates one GPU instance at an explicit placement, without compute instances.
     *
     * @return the new instance as the inventory reports it (with the GI id the driver assigned)
     * @throws MutationNotAllowedException without {@code allowMutations(true)}
     * @throws NvmlException as NVML refuses (e.g. {@code INSUFFICIENT_RESOURCES} when the slices are taken)
     */
    public GpuInstanceInfo createGpuInstance(int gpu, GpuInstanceProfile profile, Placement placement) {
        GpuInstanceProfile p = resolve(product(gpu), List.of(RequestedInstance.anywhere(profile)), gpu).get(0).profile();
        apply(new MigPlan(List.of(new MigStep.CreateGpuInstance(gpu, p.name().toString(), p.id(), placement))), false);
        return gpuInstanceAt(gpu, placement).orElseThrow(() -> new IllegalStateException(
                "GPU " + gpu + ": NVML created no GPU instance at memory slices " + placement));
    }

    /**
     * Creates a compute instance in an existing GPU instance.
     *
     * @param profile   the CI profile, or {@code null} for the GI profile's default one
     * @param placement compute slices within the GI, or {@code null} to let NVML choose
     */
    public ComputeInstanceInfo createComputeInstance(int gpu, int gpuInstanceId, ComputeInstanceProfile profile,
                                                     Placement placement) {
        GpuInstanceInfo gi = gpuInstance(gpu, gpuInstanceId);
        GpuInstanceProfile giProfile = product(gpu).profileById(gi.profileId()).orElseThrow();
        ComputeInstanceProfile ci = profile != null ? profile : giProfile.defaultComputeInstanceProfile().orElseThrow(
                () -> new IllegalStateException(giProfile.name() + " has no default compute instance profile"));
        List<Integer> before = gi.computeInstances().stream().map(ComputeInstanceInfo::id).toList();
        apply(new MigPlan(List.of(new MigStep.CreateComputeInstance(gpu, gi.placement(), ci.name().toString(), ci.id(),
                placement))), false);
        return gpuInstance(gpu, gpuInstanceId).computeInstances().stream().filter(c -> !before.contains(c.id()))
                .findFirst().orElseThrow(() -> new IllegalStateException("NVML created no compute instance"));
    }

    /**
     * Destroys a GPU instance, its compute instances first.
     *
     * @param force also when its MIG devices run processes (NVML may still refuse with {@code IN_USE})
     * @throws InstancesInUseException when a MIG device of it runs processes and force is off
     */
    public void destroyGpuInstance(int gpu, int gpuInstanceId, boolean force) {
        GpuInstanceInfo gi = gpuInstance(gpu, gpuInstanceId);
        List<MigStep> steps = new ArrayList<>();
        destroyAll(gpu, List.of(gi), steps);
        apply(new MigPlan(steps), force);
    }

    /** Destroys one compute instance; refuses one whose MIG device runs processes unless forced. */
    public void destroyComputeInstance(int gpu, int gpuInstanceId, int computeInstanceId, boolean force) {
        GpuInstanceInfo gi = gpuInstance(gpu, gpuInstanceId);
        ComputeInstanceInfo ci = gi.computeInstances().stream().filter(c -> c.id() == computeInstanceId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("GPU " + gpu + ", GPU instance " + gpuInstanceId
                        + " has no compute instance " + computeInstanceId));
        apply(new MigPlan(List.of(new MigStep.DestroyComputeInstance(gpu, gi.id(), gi.placement(), ci.id(),
                ci.profileName(), ci.migDeviceUuid()))), force);
    }

    /** The MIG devices of a GPU with their UUIDs, in GPU instance then compute instance order. */
    public List<MigDevice> migDevices(int gpu) {
        List<MigDevice> out = new ArrayList<>();
        for (GpuInstanceInfo gi : gpu(gpu).gpuInstances()) {
            for (ComputeInstanceInfo ci : gi.computeInstances()) {
                out.add(new MigDevice(gpu, gi.id(), ci.id(), ci.profileName(), ci.migDeviceUuid()));
            }
        }
        out.sort(Comparator.comparingInt(MigDevice::gpuInstanceId).thenComparingInt(MigDevice::computeInstanceId));
        return out;
    }

    private GpuInstanceInfo gpuInstance(int gpu, int gpuInstanceId) {
        return gpu(gpu).gpuInstances().stream().filter(g -> g.id() == gpuInstanceId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("GPU " + gpu + " has no GPU instance " + gpuInstanceId));
    }

    private Optional<GpuInstanceInfo> gpuInstanceAt(int gpu, Placement placement) {
        return gpu(gpu).gpuInstances().stream().filter(g -> g.placement().equals(placement)).findFirst();
    }

    /** Plans and applies in one go. */
    public ApplyResult apply(List<GpuTarget> targets, boolean force) {
        return apply(plan(targets), force);
    }
}
