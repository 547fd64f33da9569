package io.mig4j.testkit.cluster;

import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.nvml.FakeNvml;

/**
 * One node of a {@link FakeCluster}: its GPUs (a {@link FakeNvml}), the {@link MigManager} over them (mutations
 * allowed: the driver creates MIG devices on demand and mig-manager reconfigures), and its NVIDIA DRA driver.
 */
public final class FakeNode {
    private final String name;
    private final String product;
    private final FakeNvml nvml;
    private final MigManager migManager;
    private final FakeNvidiaDriver driver;
    private final String internalIp;

    FakeNode(String name, String product, FakeNvml nvml, MigManager migManager, FakeNvidiaDriver driver,
             String internalIp) {
        this.name = name;
        this.product = product;
        this.nvml = nvml;
        this.migManager = migManager;
        this.driver = driver;
        this.internalIp = internalIp;
    }

    /** The node's name (also its ResourceSlice pool name). */
    public String name() {
        return name;
    }

    /** The GPU product alias, e.g. {@code A100-80GB}. */
    public String product() {
        return product;
    }

    /** The node's fake GPUs: inspect MIG state, inject faults. */
    public FakeNvml nvml() {
        return nvml;
    }

    /** The MIG manager of the node's GPUs. */
    public MigManager migManager() {
        return migManager;
    }

    /** The node's NVIDIA DRA driver (kubelet plugin): published slices, prepared claims. */
    public FakeNvidiaDriver driver() {
        return driver;
    }

    /** The node's {@code InternalIP} address. */
    public String internalIp() {
        return internalIp;
    }

    @Override
    public String toString() {
        return "FakeNode[" + name + ", " + nvml.gpuCount() + " x " + product + "]";
    }
}
