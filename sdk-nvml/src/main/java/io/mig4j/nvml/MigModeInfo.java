package io.mig4j.nvml;

/** {@code nvmlDeviceGetMigMode}'s two answers: {@code NVML_DEVICE_MIG_DISABLE} (0) or {@code _ENABLE} (1). */
public record MigModeInfo(int current, int pending) {
    public static final int DISABLE = 0;
    public static final int ENABLE = 1;
}
