package io.mig4j.api.inventory;

import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of a node's GPUs and their MIG instances. Produced by sdk-nvml's {@code MigManager}
 * (from a real or a fake NVML) or read from JSON with {@link InventoryJson}; consumed by sdk-dra, which does not
 * care where it came from.
 *
 * @param driverVersion     NVIDIA driver version, e.g. {@code 580.159.04}
 * @param nvmlVersion       NVML library version, e.g. {@code 13.580.159.04}
 * @param cudaDriverVersion the CUDA version the driver supports, {@code major.minor} as NVIDIA's DRA driver
 *                          publishes it (e.g. {@code 13.0} for NVML's {@code 13000}; see
 *                          {@link #cudaDriverVersion(int)}), or {@code null} when the driver does not report it
 * @param gpus              the GPUs, in NVML index order
 */
public record Inventory(String driverVersion, String nvmlVersion, String cudaDriverVersion, List<GpuInventory> gpus) {

    public Inventory {
        Objects.requireNonNull(driverVersion, "driverVersion");
        Objects.requireNonNull(nvmlVersion, "nvmlVersion");
        gpus = List.copyOf(gpus);
    }

    /**
     * NVML's CUDA driver version ({@code nvmlSystemGetCudaDriverVersion_v2}, {@code 1000 * major + 10 * minor})
     * as {@code major.minor}: {@code 13000} is {@code 13.0}, {@code 12080} is {@code 12.8}. This is the form of
     * the {@code cudaDriverVersion} attribute of NVIDIA's DRA driver
     * (kubernetes-sigs/dra-driver-nvidia-gpu, {@code cmd/gpu-kubelet-plugin/nvlib.go}, {@code getGpuInfo}).
     *
     * @throws IllegalArgumentException for a negative version
     */
    public static String cudaDriverVersion(int nvmlVersion) {
        if (nvmlVersion < 0) {
            throw new IllegalArgumentException("CUDA driver version must not be negative, got " + nvmlVersion);
        }
        return nvmlVersion / 1000 + "." + (nvmlVersion % 1000) / 10;
    }
}
