package io.mig4j.testkit.nvml;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.GpuVariant;
import io.mig4j.api.PciDeviceId;
import io.mig4j.nvml.ComputeCapability;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.NvmlNames;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import java.util.Locale;

/**
 * One fake GPU: its identity (catalog product and board, UUID, PCI bus, NUMA node), its MIG mode (current and
 * pending), who holds it (clients, whether it fell off the bus) and its {@link MigState}.
 */
final class FakeGpu {
    final int index;
    final GpuProduct product;
    final GpuVariant variant;
    final String uuid;
    final int bus;
    final DeviceHandle handle;
    final Integer numaNode;
    final MigState mig;
    int currentMode;
    int pendingMode;
    int clients;
    boolean lost;

    FakeGpu(int index, GpuProduct product, GpuVariant variant, String uuid, int bus, Integer numaNode, int mode,
            Handles handles, long seed) {
        this.index = index;
        this.product = product;
        this.variant = variant;
        this.uuid = uuid;
        this.bus = bus;
        this.numaNode = numaNode;
        this.currentMode = mode;
        this.pendingMode = mode;
        this.handle = new DeviceHandle(handles.next());
        this.mig = new MigState(this, handles, seed);
        handles.add(this);
    }

    static UnsupportedOperationException notSimulated(String method, String detail) {
        return new UnsupportedOperationException("FakeNvml." + method + " is not simulated " + detail);
    }

    String pciBusId() {
        return String.format(Locale.ROOT, "00000000:%02X:00.0", bus);
    }

    PciInfo pciInfo() {
        int deviceId = variant.pciDeviceId();
        return new PciInfo(pciBusId(), 0, bus, 0, (deviceId << 16) | PciDeviceId.NVIDIA_VENDOR_ID,
                (Identity.subsystemId(deviceId) << 16) | PciDeviceId.NVIDIA_VENDOR_ID);
    }

    int architecture() {
        return NvmlNames.architectureCode(product.architecture()).orElseThrow(
                () -> notSimulated("deviceGetArchitecture", "for architecture " + product.architecture()));
    }

    int brand() {
        return NvmlNames.brandCode(product.brand()).orElseThrow(
                () -> notSimulated("deviceGetBrand", "for brand " + product.brand()));
    }

    ComputeCapability computeCapability() {
        String cc = product.computeCapability();
        String[] parts = cc.split("\\.");
        try {
            return new ComputeCapability(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            throw notSimulated("deviceGetCudaComputeCapability", "for compute capability '" + cc + "'");
        }
    }

    /** Fails with {@code GPU_IS_LOST} once the GPU fell off the bus. */
    FakeGpu alive() {
        if (lost) {
            throw new NvmlRefusal(NvmlReturn.ERROR_GPU_IS_LOST);
        }
        return this;
    }

    /** Creating and listing instances needs MIG enabled now: {@code NOT_SUPPORTED} otherwise. */
    MigState migEnabled() {
        if (currentMode != MigModeInfo.ENABLE) {
            throw new NvmlRefusal(NvmlReturn.ERROR_NOT_SUPPORTED);
        }
        return mig;
    }

    boolean idle() {
        return clients == 0 && mig.migDevices().stream().allMatch(ci -> ci.processes == 0);
    }

    /**
     * {@code nvmlDeviceSetMigMode}: records the pending mode and returns the activation status. Disabling MIG while
     * GPU instances exist is refused with {@code IN_USE} (the MIG User Guide destroys every instance before
     * disabling MIG). Otherwise a change takes effect at once on an idle GPU that needs no reset, and stays pending
     * with {@code IN_USE} (clients or processes), {@code RESET_REQUIRED} (Ampere without
     * {@code resetOnMigModeChange}) or a forced status (a queued fault).
     */
    NvmlReturn setMigMode(int mode, NvmlReturn forced, boolean resetOnMigModeChange) {
        if (mode != MigModeInfo.DISABLE && mode != MigModeInfo.ENABLE) {
            throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
        }
        if (mode == MigModeInfo.DISABLE && !mig.gpuInstances.isEmpty()) {
            throw new NvmlRefusal(NvmlReturn.ERROR_IN_USE);
        }
        pendingMode = mode;
        if (pendingMode == currentMode) {
            return NvmlReturn.SUCCESS;
        }
        if (forced != null) {
            return forced;
        }
        if (!idle()) {
            return NvmlReturn.ERROR_IN_USE;
        }
        if (!resetOnMigModeChange && "ampere".equalsIgnoreCase(product.architecture())) {
            return NvmlReturn.ERROR_RESET_REQUIRED;
        }
        applyPendingMode();
        return NvmlReturn.SUCCESS;
    }

    /** The pending mode becomes current; the GPU was reset or unbound, so no instance survives. */
    void applyPendingMode() {
        currentMode = pendingMode;
        mig.wipe();
    }
}
