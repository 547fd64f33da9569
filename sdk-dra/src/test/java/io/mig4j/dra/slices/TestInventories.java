package io.mig4j.dra.slices;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.inventory.MigMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic inventories of catalog products for slice tests: GPU {@code i} has minor {@code i}, PCI bus
 * {@code 0000:<0x07 + 0x10 * i>:00.0}, UUID {@code GPU-<product>-<i>}, NUMA node {@code i / 4}; MIG devices have
 * UUID {@code MIG-<gpu>-<gi>}.
 */
final class TestInventories {
    static final String DRIVER_VERSION = "580.95.05";
    static final String CUDA_VERSION = "13.0";

    private TestInventories() {
    }

    static GpuProduct product(String alias) {
        return ProductCatalog.builtIn().require(alias);
    }

    /** {@code count} GPUs with MIG disabled (or enabled but empty when {@code migEnabled}). */
    static Inventory gpus(String alias, int count, boolean migEnabled) {
        List<GpuInventory> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(gpu(alias, i, migEnabled ? MigMode.ENABLED : MigMode.DISABLED, List.of()));
        }
        return new Inventory(DRIVER_VERSION, "13." + DRIVER_VERSION, CUDA_VERSION, gpus);
    }

    /** {@code count} GPUs with MIG enabled and the given GI profiles at the given placement starts. */
    static Inventory layout(String alias, int count, String... profileAtStart) {
        List<GpuInventory> gpus = new ArrayList<>();
        GpuProduct p = product(alias);
        for (int i = 0; i < count; i++) {
            List<GpuInstanceInfo> gis = new ArrayList<>();
            int id = 1;
            for (String spec : profileAtStart) {
                String[] parts = spec.split("@");
                GpuInstanceProfile prof = p.profile(parts[0]);
                Placement placement = prof.placementAt(Integer.parseInt(parts[1])).orElseThrow();
                String uuid = String.format("MIG-%08x-0000-4000-8000-%012x", i, id);
                ComputeInstanceInfo ci = new ComputeInstanceInfo(0, prof.defaultComputeInstanceProfile().orElseThrow()
                        .id(), prof.name().toString(), new Placement(0, prof.slices()), uuid);
                gis.add(new GpuInstanceInfo(id++, prof.id(), prof.name().toString(), placement, List.of(ci)));
            }
            gpus.add(gpu(alias, i, MigMode.ENABLED, gis));
        }
        return new Inventory(DRIVER_VERSION, "13." + DRIVER_VERSION, CUDA_VERSION, gpus);
    }

    /** Two GPUs: GPU 0 with MIG enabled and the given instances, GPU 1 with MIG disabled. */
    static Inventory mixed(String alias, String... profileAtStart) {
        GpuInventory mig = layout(alias, 1, profileAtStart).gpus().get(0);
        GpuInventory full = gpu(alias, 1, MigMode.DISABLED, List.of());
        return new Inventory(DRIVER_VERSION, "13." + DRIVER_VERSION, CUDA_VERSION, List.of(mig, full));
    }

    static GpuInventory gpu(String alias, int i, MigMode mode, List<GpuInstanceInfo> gis) {
        GpuProduct p = product(alias);
        return GpuInventory.builder().index(i).minor(i)
                .uuid(String.format("GPU-%08x-1111-4222-8333-%012x", alias.hashCode() & 0xffff, i))
                .name(p.variants().get(0).name()).brand(p.brand()).architecture(p.architecture())
                .cudaComputeCapability(p.computeCapability())
                .pciBusId(String.format("00000000:%02X:00.0", 0x07 + 0x10 * i))
                .pciDeviceId(p.variants().get(0).pciDeviceId()).numaNode(i / 4).product(p.alias())
                .memoryMiB(p.memoryMiB()).migMode(mode).gpuInstances(gis).build();
    }
}
