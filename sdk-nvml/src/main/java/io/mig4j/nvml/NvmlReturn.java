package io.mig4j.nvml;

/**
 * Every {@code nvmlReturn_t} value. {@link #of(int)} maps unknown numbers to {@link #UNRECOGNIZED}, so a newer
 * driver's codes never break the binding.
 */
public enum NvmlReturn {
    SUCCESS(0, "success"),
    ERROR_UNINITIALIZED(1, "NVML is not initialized (call init first)"),
    ERROR_INVALID_ARGUMENT(2, "an argument is invalid"),
    ERROR_NOT_SUPPORTED(3, "not supported on this device"),
    ERROR_NO_PERMISSION(4, "this user lacks the permission"),
    ERROR_ALREADY_INITIALIZED(5, "already initialized (deprecated code)"),
    ERROR_NOT_FOUND(6, "nothing found"),
    ERROR_INSUFFICIENT_SIZE(7, "a buffer is too small"),
    ERROR_INSUFFICIENT_POWER(8, "external power cables are not connected properly"),
    ERROR_DRIVER_NOT_LOADED(9, "the NVIDIA driver is not loaded"),
    ERROR_TIMEOUT(10, "timed out"),
    ERROR_IRQ_ISSUE(11, "the kernel saw an interrupt problem with a GPU"),
    ERROR_LIBRARY_NOT_FOUND(12, "libnvidia-ml could not be found or loaded"),
    ERROR_FUNCTION_NOT_FOUND(13, "this NVML library lacks the function"),
    ERROR_CORRUPTED_INFOROM(14, "the infoROM is corrupted"),
    ERROR_GPU_IS_LOST(15, "the GPU fell off the bus or cannot be reached"),
    ERROR_RESET_REQUIRED(16, "the GPU needs a reset"),
    ERROR_OPERATING_SYSTEM(17, "the operating system or cgroups block the GPU control device"),
    ERROR_LIB_RM_VERSION_MISMATCH(18, "library and kernel driver versions differ"),
    ERROR_IN_USE(19, "the GPU or instance is in use"),
    ERROR_MEMORY(20, "out of memory"),
    ERROR_NO_DATA(21, "no data"),
    ERROR_VGPU_ECC_NOT_SUPPORTED(22, "not available for vGPU while ECC is enabled"),
    ERROR_INSUFFICIENT_RESOURCES(23, "not enough resources (other than memory)"),
    ERROR_FREQ_NOT_SUPPORTED(24, "frequency not supported"),
    ERROR_ARGUMENT_VERSION_MISMATCH(25, "the struct version is invalid or unsupported"),
    ERROR_DEPRECATED(26, "deprecated functionality"),
    ERROR_NOT_READY(27, "the system is not ready"),
    ERROR_GPU_NOT_FOUND(28, "no GPU found"),
    ERROR_INVALID_STATE(29, "the resource is in the wrong state for this operation"),
    ERROR_RESET_TYPE_NOT_SUPPORTED(30, "this reset type is not supported"),
    ERROR_UNKNOWN(999, "unknown internal driver error"),
    /** A value this version of mig4j does not know (a newer driver); {@link NvmlException#code()} keeps the number. */
    UNRECOGNIZED(-1, "return code unknown to this version of mig4j");

    private final int value;
    private final String description;

    NvmlReturn(int value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The C value. */
    public int value() {
        return value;
    }

    /** A description that works without libnvidia-ml (NVML's own text comes from {@link Nvml#errorString}). */
    public String description() {
        return description;
    }

    /** The constant's C name, e.g. {@code NVML_ERROR_IN_USE}. */
    public String nvmlName() {
        return "NVML_" + name();
    }

    public static NvmlReturn of(int value) {
        for (NvmlReturn r : values()) {
            if (r.value == value) {
                return r;
            }
        }
        return UNRECOGNIZED;
    }
}
