package io.mig4j.api.inventory;

/** MIG mode as {@code nvmlDeviceGetMigMode} reports it, or {@link #NOT_SUPPORTED} for a GPU without MIG. */
public enum MigModeState {
    DISABLED,
    ENABLED,
    /** The GPU cannot do MIG ({@code nvmlDeviceGetMigMode} returned {@code NVML_ERROR_NOT_SUPPORTED}). */
    NOT_SUPPORTED
}
