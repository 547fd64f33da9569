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

/** The changing half of {@link MigManager}: executes a {@link MigPlan} step by step. */
final class MigApplier {
    private final Nvml nvml;
    private final NodeReader reader;
    private final boolean mutationsAllowed;

    MigApplier(Nvml nvml, NodeReader reader, boolean mutationsAllowed) {
        this.nvml = nvml;
        this.reader = reader;
        this.mutationsAllowed = mutationsAllowed;
    }

    /**
     * Executes a plan. Steps run in order; a GPU whose MIG mode change stays pending (the GPU is in use, or needs
     * a reset) stops there, and the result says so. Running the plan of an unchanged node again does nothing.
     *
     * @param force also destroy compute instances whose MIG devices run processes
     * @throws MutationNotAllowedException when this manager was not built with {@code allowMutations(true)}
     * @throws InstancesInUseException when the plan destroys MIG devices that run processes and force is off
     */
    ApplyResult apply(MigPlan plan, boolean force) {
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
        return new ApplyResult(plan, executed, pending, reader.inventory());
    }

    private GpuInstanceHandle findGpuInstance(DeviceHandle device, Placement placement) {
        for (GpuInstanceProfileInfo p : reader.supportedGpuInstanceProfiles(device).values()) {
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

}
