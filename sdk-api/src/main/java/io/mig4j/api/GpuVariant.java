package io.mig4j.api;

import java.util.Objects;

/**
 * One board of a product: the PCI device id and the name NVML reports for it.
 *
 * @param pciDeviceId 16-bit PCI device id (e.g. 0x2330)
 * @param name        {@code nvmlDeviceGetName}, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param formFactor  SXM5, PCIe, NVL, Superchip…
 */
public record GpuVariant(int pciDeviceId, String name, String formFactor) {
    public GpuVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(formFactor, "formFactor");
        if (pciDeviceId < 0 || pciDeviceId > 0xFFFF) {
            throw new IllegalArgumentException("PCI device id must be 16 bits, got " + pciDeviceId);
        }
    }

    @Override
    public String toString() {
        return name + " (" + PciDeviceId.format(pciDeviceId) + ")";
    }
}
