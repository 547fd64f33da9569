package io.mig4j.api.migparted;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.layout.MigLayout;
import java.util.Objects;

/**
 * Where the instances of one device entry land on one product: the proof that the entry can be applied there,
 * and what a CLI or a dry run shows before anything is created. The layout lists the instances in the order the
 * entry names them, expanded by count; {@link MigLayout#sorted()} orders them by memory slice.
 *
 * @param configName  the config
 * @param entryNumber the device entry, counted from 1
 * @param entry       the device entry
 * @param product     the product the layout is for
 * @param layout      the placed instances; empty when the entry disables MIG or creates nothing
 */
public record MigPartedPlacement(String configName, int entryNumber, MigPartedDeviceEntry entry, GpuProduct product,
                                 MigLayout layout) {
    public MigPartedPlacement {
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(layout, "layout");
        if (entryNumber < 1) {
            throw new IllegalArgumentException("entryNumber counts from 1, got " + entryNumber);
        }
    }

    /** {@code all-balanced #7 H100-80GB: 2g.20gb@0,1g.10gb@2,1g.10gb@3,3g.40gb@4} (MIG disabled / no instances). */
    @Override
    public String toString() {
        String what = !entry.migEnabled() ? "MIG disabled"
                : layout.gpuInstances().isEmpty() ? "MIG enabled, no instances" : layout.sorted().toString();
        return configName + " #" + entryNumber + " " + product.alias() + ": " + what;
    }
}
