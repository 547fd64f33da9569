package io.mig4j.nvml;

/**
 * What {@code nvmlDeviceSetMigMode} reports besides its return code: whether the mode took effect now.
 * {@link NvmlReturn#SUCCESS} means it did; {@link NvmlReturn#ERROR_IN_USE} or
 * {@link NvmlReturn#ERROR_RESET_REQUIRED} mean the change is only pending.
 */
public record SetMigModeResult(NvmlReturn activationStatus) {
    public boolean activated() {
        return activationStatus == NvmlReturn.SUCCESS;
    }
}
