package io.mig4j.dra.slices;

import io.mig4j.api.inventory.GpuInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a GPU's {@code resource.kubernetes.io/pcieRoot} comes from. NVIDIA's driver reads it from sysfs with
 * {@code deviceattribute.GetPCIeRootAttributeByPCIBusID} of kubernetes/dynamic-resource-allocation
 * ({@code deviceattribute/pci_linux.go} {@code resolvePCIeRoot}, 3d03671): {@code /sys/bus/pci/devices/<bus id>} is a
 * relative link to {@code /sys/devices/pci<domain>:<bus>/.../<bus id>}, and the root complex is the first directory
 * under {@code devices}. When the link cannot be read or has another shape, the driver publishes no attribute
 * (deviceinfo.go, {@code getGpuInfo}), and so do these functions (they return null). Use with
 * {@link SliceOptions#withPcieRoot}.
 */
public final class PcieRoots {
    private PcieRoots() {
    }

    /** The root complexes of this machine's {@code /sys}. */
    public static Function<GpuInventory, String> sysfs() {
        return sysfs(Path.of("/sys"));
    }

    /** The root complexes of a sysfs tree mounted at {@code sysfsRoot} (another root serves tests and containers). */
    public static Function<GpuInventory, String> sysfs(Path sysfsRoot) {
        Path root = sysfsRoot.toAbsolutePath().normalize();
        return gpu -> resolve(root, GpuDevices.pciBusId(gpu));
    }

    private static String resolve(Path root, String busId) {
        Path link = root.resolve("bus").resolve("pci").resolve("devices").resolve(busId);
        Path target;
        try {
            target = Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        // an absolute link does not start with devices/pci relative to the sysfs root, which the Kubernetes helper
        // refuses; resolve relative links against the link's directory as it does
        if (target.isAbsolute()) {
            return null;
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            return null;
        }
        Path relative = root.relativize(resolved);
        if (relative.getNameCount() < 3 || !relative.getName(0).toString().equals("devices")
                || !relative.getName(1).toString().startsWith("pci")
                || !relative.getFileName().toString().equals(busId)) {
            return null;
        }
        return relative.getName(1).toString();
    }
}
