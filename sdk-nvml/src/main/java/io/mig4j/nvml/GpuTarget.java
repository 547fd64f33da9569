package io.mig4j.nvml;

import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.api.layout.RequestedInstance;
import java.util.ArrayList;
import java.util.List;

/**
 * The desired MIG state of one GPU: MIG disabled, or enabled with these GPU instances (placed or not) and,
 * per instance, its compute instances (empty: the profile's default compute instance).
 *
 * @param gpu              NVML device index
 * @param migEnabled       the desired MIG mode
 * @param instances        the GPU instances; requests without a start are placed by {@code MigManager}, which
 *                         keeps existing instances where it can
 * @param computeInstances per instance, the compute instances to create; an empty list means the default one
 */
public record GpuTarget(int gpu, boolean migEnabled, List<RequestedInstance> instances,
                        List<List<PlacedComputeInstance>> computeInstances) {
    public GpuTarget {
        instances = List.copyOf(instances);
        List<List<PlacedComputeInstance>> cis = new ArrayList<>();
        for (List<PlacedComputeInstance> c : computeInstances) {
            cis.add(List.copyOf(c));
        }
        while (cis.size() < instances.size()) {
            cis.add(List.of());
        }
        computeInstances = List.copyOf(cis);
        if (!migEnabled && !instances.isEmpty()) {
            throw new IllegalArgumentException("GPU " + gpu + ": instances requested with MIG disabled");
        }
        if (computeInstances.size() != instances.size()) {
            throw new IllegalArgumentException("GPU " + gpu + ": " + computeInstances.size()
                    + " compute instance lists for " + instances.size() + " GPU instances");
        }
    }

    /** MIG disabled on the GPU (every instance destroyed first). */
    public static GpuTarget migDisabled(int gpu) {
        return new GpuTarget(gpu, false, List.of(), List.of());
    }

    /** MIG enabled with these instances, each with its default compute instance. */
    public static GpuTarget of(int gpu, List<RequestedInstance> instances) {
        return new GpuTarget(gpu, true, instances, List.of());
    }

    /** MIG enabled with exactly this placed layout (and its compute instances where the layout names them). */
    public static GpuTarget of(int gpu, MigLayout layout) {
        List<RequestedInstance> requests = new ArrayList<>();
        List<List<PlacedComputeInstance>> cis = new ArrayList<>();
        for (PlacedGpuInstance g : layout.gpuInstances()) {
            requests.add(RequestedInstance.at(g.profile(), g.placement().start()));
            cis.add(g.computeInstances());
        }
        return new GpuTarget(gpu, true, requests, cis);
    }
}
