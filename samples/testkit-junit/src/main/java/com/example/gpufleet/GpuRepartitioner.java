package com.example.gpufleet;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Node-side code: switches a node's GPUs to another config of a mig-parted file, as NVIDIA's mig-manager does when
 * the {@code nvidia.com/mig.config} label changes, and reports each GPU's layout afterwards.
 */
public final class GpuRepartitioner {
    private final MigManager mig;

    /** A repartitioner of the GPUs {@code mig} manages (built with mutations allowed). */
    public GpuRepartitioner(MigManager mig) {
        this.mig = mig;
    }

    /** Applies config {@code name} of {@code config} to every GPU it selects; returns each GPU's layout after. */
    public List<String> repartition(MigPartedConfig config, String name) {
        mig.apply(mig.targets(config, name, Set.of()), false);
        return IntStream.range(0, mig.inventory().gpus().size()).mapToObj(g -> mig.currentLayout(g).toString())
                .toList();
    }
}
