package io.mig4j.nvml;

/**
 * {@code nvmlPciInfo_t} (read with {@code nvmlDeviceGetPciInfo_v3}).
 *
 * @param busId          {@code domain:bus:device.function}, e.g. {@code 00000000:00:06.0}
 * @param domain         PCI domain
 * @param bus            PCI bus
 * @param device         PCI device
 * @param pciDeviceId    combined device and vendor id, e.g. {@code 0x233010DE}
 * @param pciSubSystemId combined subsystem id
 */
public record PciInfo(String busId, int domain, int bus, int device, int pciDeviceId, int pciSubSystemId) {
    /** The 16-bit PCI device id, e.g. 0x2330. */
    public int deviceId() {
        return pciDeviceId >>> 16;
    }
}
