package io.mig4j.dra.slices;

import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to publish a node's ResourceSlices. Start from {@link #forNode(String)} and change what differs.
 *
 * @param nodeName   the node (also the pool name and the owner of the slices)
 * @param mode       {@link Mode#STATIC} (the driver's default) or {@link Mode#DYNAMIC_MIG} (feature gate DynamicMIG)
 * @param kubernetes the cluster version: with dynamic MIG, 1.34 gets counters and devices in one slice per GPU,
 *                   1.35+ a counters slice first and then one devices slice per GPU
 * @param release    the driver release whose attributes to publish
 * @param generation the pool generation ({@code 1}: what the slice controller gives a newly published pool)
 * @param nodeUid    the Node's UID for the owner reference the slice controller sets, or null to leave it out
 * @param pcieRoot   the PCIe root complex of a GPU ({@code pci0000:00}), which the driver reads from sysfs and an
 *                   inventory does not carry; return null to leave the attribute out, as the driver does when sysfs
 *                   cannot tell
 * @param catalog    where MIG profile numbers come from (the driver reads them from NVML; the two agree on
 *                   hardware-verified products)
 */
public record SliceOptions(String nodeName, Mode mode, KubernetesVersion kubernetes, DriverRelease release,
                           long generation, String nodeUid, Function<GpuInventory, String> pcieRoot,
                           ProductCatalog catalog) {

    /** The driver's publishing modes. */
    public enum Mode {
        /** MIG devices that exist on the GPUs (created e.g. by mig-parted); full GPUs with MIG disabled. */
        STATIC,
        /** Every possible MIG profile × placement as a device consuming counters of its GPU (KEP-4815). */
        DYNAMIC_MIG
    }

    /** Releases of NVIDIA's driver whose published attributes differ. */
    public enum DriverRelease {
        /** v0.4.x: no {@code resource.kubernetes.io/numaNode}. */
        V0_4,
        /** v0.5 (main 95932046 and later): publishes {@code resource.kubernetes.io/numaNode}. */
        V0_5
    }

    public SliceOptions {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(pcieRoot, "pcieRoot");
        Objects.requireNonNull(catalog, "catalog");
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative, got " + generation);
        }
    }

    /** Static mode, Kubernetes {@link KubernetesVersion#DEFAULT}, driver v0.5, generation 1, no UID, no PCIe root. */
    public static SliceOptions forNode(String nodeName) {
        return new SliceOptions(nodeName, Mode.STATIC, KubernetesVersion.DEFAULT, DriverRelease.V0_5, 1, null,
                g -> null, ProductCatalog.builtIn());
    }

    /** With another mode. */
    public SliceOptions withMode(Mode m) {
        return new SliceOptions(nodeName, m, kubernetes, release, generation, nodeUid, pcieRoot, catalog);
    }

    /** For another Kubernetes version. */
    public SliceOptions withKubernetes(KubernetesVersion v) {
        return new SliceOptions(nodeName, mode, v, release, generation, nodeUid, pcieRoot, catalog);
    }

    /** For another driver release. */
    public SliceOptions withRelease(DriverRelease r) {
        return new SliceOptions(nodeName, mode, kubernetes, r, generation, nodeUid, pcieRoot, catalog);
    }

    /** With another pool generation. */
    public SliceOptions withGeneration(long g) {
        return new SliceOptions(nodeName, mode, kubernetes, release, g, nodeUid, pcieRoot, catalog);
    }

    /** With the Node's UID, so the slices carry the owner reference the slice controller sets. */
    public SliceOptions withNodeUid(String uid) {
        return new SliceOptions(nodeName, mode, kubernetes, release, generation, uid, pcieRoot, catalog);
    }

    /** With a way to know each GPU's PCIe root complex. */
    public SliceOptions withPcieRoot(Function<GpuInventory, String> f) {
        return new SliceOptions(nodeName, mode, kubernetes, release, generation, nodeUid, f, catalog);
    }

    /** With another product catalog. */
    public SliceOptions withCatalog(ProductCatalog c) {
        return new SliceOptions(nodeName, mode, kubernetes, release, generation, nodeUid, pcieRoot, c);
    }
}
