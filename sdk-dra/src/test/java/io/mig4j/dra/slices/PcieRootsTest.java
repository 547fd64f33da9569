package io.mig4j.dra.slices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PCIe root complex read from a sysfs tree as kubernetes/dynamic-resource-allocation
 * {@code deviceattribute/pci_linux.go} {@code resolvePCIeRoot} (3d03671) reads it for NVIDIA's driver.
 */
class PcieRootsTest {
    @TempDir
    Path sys;

    private void device(String busId, String linkTarget) throws IOException {
        Path devices = Files.createDirectories(sys.resolve("bus/pci/devices"));
        Files.createSymbolicLink(devices.resolve(busId), Path.of(linkTarget));
    }

    private static GpuInventory gpu(String nvmlBusId) {
        return TestInventories.gpus("H100-80GB", 1, false).gpus().get(0).toBuilder().pciBusId(nvmlBusId).build();
    }

    @Test
    void theRootComplexIsTheFirstDirectoryUnderDevices() throws IOException {
        Files.createDirectories(sys.resolve("devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0"));
        // NVML's 8-digit domain is cut to 4, as the driver's bus id is (go-nvlib GetPCIBusID)
        device("0000:3b:00.0", "../../../devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0");
        assertThat(PcieRoots.sysfs(sys).apply(gpu("00000000:3B:00.0"))).isEqualTo("pci0000:3a");

        Inventory inv = new Inventory("580.95.05", "x", "13.0", List.of(gpu("00000000:3B:00.0")));
        Device d = NvidiaResourceSlices.generate(inv, SliceOptions.forNode("n").withPcieRoot(PcieRoots.sysfs(sys)))
                .get(0).getSpec().getDevices().get(0);
        assertThat(d.getAttributes().get("resource.kubernetes.io/pcieRoot").getString()).isEqualTo("pci0000:3a");
    }

    @Test
    void withoutAUsableLinkThereIsNoAttribute() throws IOException {
        // no link at all
        assertThat(PcieRoots.sysfs(sys).apply(gpu("00000000:07:00.0"))).isNull();
        // absolute links and links elsewhere are refused by the Kubernetes helper
        device("0000:08:00.0", sys.resolve("devices/pci0000:00/0000:08:00.0").toString());
        assertThat(PcieRoots.sysfs(sys).apply(gpu("00000000:08:00.0"))).isNull();
        device("0000:09:00.0", "../../../devices/virtual/0000:09:00.0");
        assertThat(PcieRoots.sysfs(sys).apply(gpu("00000000:09:00.0"))).isNull();
        // the link must end in the device's own bus id
        device("0000:0a:00.0", "../../../devices/pci0000:00/0000:0b:00.0");
        assertThat(PcieRoots.sysfs(sys).apply(gpu("00000000:0A:00.0"))).isNull();

        Inventory inv = new Inventory("580.95.05", "x", "13.0", List.of(gpu("00000000:07:00.0")));
        Device d = NvidiaResourceSlices.generate(inv, SliceOptions.forNode("n").withPcieRoot(PcieRoots.sysfs(sys)))
                .get(0).getSpec().getDevices().get(0);
        assertThat(d.getAttributes()).doesNotContainKey("resource.kubernetes.io/pcieRoot");
    }
}
