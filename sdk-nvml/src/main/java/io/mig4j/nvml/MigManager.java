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
 * The MIG lifecycle of a node, written only against {@link Nvml}, so it runs unchanged on real GPUs (FFM or
 * JNA binding) and on {@code FakeNvml}.
 *
 * <p>Read-only by default: unless built with {@link Builder#allowMutations(boolean) allowMutations(true)},
 * every NVML call that would change a GPU is refused by a {@link MutationGuard} before it reaches the
 * driver. The manager does not init or shut NVML down; its caller owns that.
 */
public final class MigManager {
    private final Nvml nvml;
    private final boolean mutationsAllowed;
    private final NodeReader reader;
    private final MigApplier applier;

    private MigManager(Builder b) {
        this.mutationsAllowed = b.allowMutations;
        this.nvml = b.allowMutations ? b.nvml : MutationGuard.readOnly(b.nvml);
        this.reader = new NodeReader(nvml, b.catalog);
        this.applier = new MigApplier(nvml, reader, b.allowMutations);
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

    // ------------------------------------------------------------------ reading (NodeReader)

    /**
     * A snapshot of every GPU of the node with its MIG mode, GPU and compute instances and MIG device UUIDs.
     * Fields an older driver cannot fill are {@code null} (see {@link #unansweredFunctions()}).
     */
    public Inventory inventory() {
        return reader.inventory();
    }

    /**
     * One GPU of {@link #inventory()}. Health events are left empty: mig4j reads no NVML events; a health monitor
     * adds them ({@link GpuInventory#toBuilder()}). The addressing mode is not read either ({@code null}).
     */
    public GpuInventory gpu(int index) {
        return reader.gpu(index);
    }

    /**
     * The GPU instance profiles NVML reports for a GPU, with placements and remaining capacity, and how they
     * differ from the catalog entry of the product.
     */
    public ProfileDiscovery discoverProfiles(int gpuIndex) {
        return reader.discoverProfiles(gpuIndex);
    }

    /** The catalog product of a GPU, or the product rebuilt from NVML's answers when the catalog lacks it. */
    public GpuProduct product(int gpuIndex) {
        return reader.product(gpuIndex);
    }

    /**
     * The C names of the optional NVML functions this manager's reads found missing ({@code FUNCTION_NOT_FOUND}, a
     * driver older than the function) or unsupported ({@code NOT_SUPPORTED}), e.g.
     * {@code nvmlGpuInstanceGetComputeInstancePossiblePlacements}. The fields they fill were left unknown
     * ({@code null}) and everything else was read; a tool warns once per function.
     */
    public Set<String> unansweredFunctions() {
        return reader.unansweredFunctions();
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
     * @throws LayoutDoesNotFitException when a target cannot be placed on its GPU, naming the GPU and why
     * @throws IllegalArgumentException when a target names a profile its GPU does not have
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
        return fresh.layout().orElseThrow(() -> new LayoutDoesNotFitException("GPU " + g + " (" + product.alias()
                + "): the requested layout cannot be placed: " + fresh.violations().stream()
                .map(Object::toString).collect(Collectors.joining("; "))));
    }

    // ------------------------------------------------------------------ changing (MigApplier)

    /**
     * Executes a plan. Steps run in order; a GPU whose MIG mode change stays pending (the GPU is in use, or needs
     * a reset) stops there, and the result says so. Running the plan of an unchanged node again does nothing.
     *
     * @param force also destroy compute instances whose MIG devices run processes
     * @throws MutationNotAllowedException when this manager was not built with {@code allowMutations(true)}
     * @throws InstancesInUseException when the plan destroys MIG devices that run processes and force is off
     */
    public ApplyResult apply(MigPlan plan, boolean force) {
        return applier.apply(plan, force);
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
            String where = "config '" + configName + "', device entry " + (entries.indexOf(entry.get()) + 1) + ": GPU "
                    + gpu + " (" + product.alias() + ")";
            List<RequestedInstance> requests = new ArrayList<>();
            for (MigPartedProfileCount c : entry.get().migDevices()) {
                GpuInstanceProfile profile = product.profileByName(c.name().gpuInstanceName()).orElseThrow(() ->
                        new IllegalArgumentException(where + " has no profile " + c.text() + " (its profiles: "
                                + product.gpuInstanceProfiles().stream().map(p -> p.name().toString())
                                        .collect(Collectors.joining(", ")) + ")"));
                // checked before anything is built: a count of 2^31-1 must fail at once, not fill the heap
                if (c.count() > profile.maxInstances()) {
                    throw new LayoutDoesNotFitException(where + ": " + c.count() + " instances of " + c.text()
                            + " requested but at most " + profile.maxInstances() + " can exist");
                }
                requests.addAll(RequestedInstance.copies(profile, c.count()));
            }
            targets.add(GpuTarget.of(g, requests));
        }
        return targets;
    }

    /**
     * The device entries of a config that no GPU of this node takes, each as a sentence saying why: its
     * {@code devices} name indexes the node lacks, its {@code device-filter} names PCI ids none of its GPUs has,
     * or every GPU it selects takes an earlier entry. {@code nvidia-mig-parted} skips such entries silently;
     * a config meant for this node usually has none.
     *
     * @throws IllegalArgumentException when the config does not exist
     */
    public List<String> unmatchedEntries(MigPartedConfig config, String configName) {
        List<MigPartedDeviceEntry> entries = config.entries(configName).orElseThrow(() -> new IllegalArgumentException(
                "no config named '" + configName + "' (configs: " + String.join(", ", config.configNames()) + ")"));
        int count = nvml.deviceGetCount();
        int[] pciIds = new int[count];
        for (int g = 0; g < count; g++) {
            pciIds[g] = nvml.deviceGetPciInfo(nvml.deviceGetHandleByIndex(g)).deviceId();
        }
        boolean[] taken = new boolean[count];
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MigPartedDeviceEntry e = entries.get(i);
            boolean selectsAny = false;
            boolean filterAny = false;
            boolean chosen = false;
            for (int g = 0; g < count; g++) {
                boolean selects = e.devices().selects(g);
                boolean filtered = !e.hasDeviceFilter() || e.matchesPciDeviceId(pciIds[g]);
                selectsAny |= selects;
                filterAny |= selects && filtered;
                if (selects && filtered && !taken[g]) {
                    taken[g] = true;
                    chosen = true;
                }
            }
            if (chosen) {
                continue;
            }
            String where = "config '" + configName + "', device entry " + (i + 1) + " (devices: " + e.devices()
                    + (e.hasDeviceFilter() ? ", device-filter: " + e.deviceFilter().stream()
                    .map(io.mig4j.api.PciDeviceId::formatWithVendor).collect(Collectors.joining(", ")) : "") + ")";
            String nodeIds = java.util.Arrays.stream(pciIds).distinct()
                    .mapToObj(io.mig4j.api.PciDeviceId::formatWithVendor).collect(Collectors.joining(", "));
            if (!selectsAny) {
                out.add(where + " matches no GPU of this node: it has " + count + " GPU(s)"
                        + (count == 0 ? "" : ", indexes 0 to " + (count - 1)));
            } else if (!filterAny) {
                out.add(where + " matches no GPU of this node: its GPUs are " + nodeIds);
            } else {
                out.add(where + " matches no GPU of this node: every GPU it selects takes an earlier entry");
            }
        }
        return out;
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
