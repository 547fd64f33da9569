package io.mig4j.testkit.nvml;

import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.MigBehaviourContract;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import org.junit.jupiter.api.AfterEach;

/**
 * The MIG behaviour contract, which sdk-nvml runs against the C test double through both bindings, run against
 * FakeNvml: one suite, three implementations that give the same answers.
 */
class FakeNvmlBehaviourTest extends MigBehaviourContract {
    private FakeNvml nvml;

    /** An H100 80GB HBM3 board (0x2330) with MIG enabled and an A100-SXM4-40GB board (0x20B0) reset by nvidia-smi. */
    @Override
    protected Nvml freshNode() {
        nvml = FakeNvml.builder().gpu("0x2330").gpu("0x20B0").resetOnMigModeChange(true).build();
        nvml.init();
        DeviceHandle h100 = nvml.deviceGetHandleByIndex(0);
        nvml.deviceSetMigMode(h100, MigModeInfo.ENABLE);
        return nvml;
    }

    @Override
    protected void setBusy(Nvml node, int index, boolean busy) {
        if (busy) {
            nvml.attachClient(index);
        } else {
            nvml.detachClient(index);
        }
    }

    @AfterEach
    void close() {
        if (nvml != null) {
            nvml.close();
        }
    }
}
