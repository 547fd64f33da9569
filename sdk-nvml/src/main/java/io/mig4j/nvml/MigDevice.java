package io.mig4j.nvml;

/**
 * A MIG device: one compute instance of one GPU instance, what CUDA and Kubernetes hand to a workload.
 *
 * @param gpu               NVML index of the parent GPU
 * @param gpuInstanceId     its GPU instance
 * @param computeInstanceId its compute instance
 * @param profileName       the compute instance profile, e.g. {@code 1g.10gb} or {@code 1c.3g.40gb}
 * @param uuid              {@code MIG-<uuid>}, for {@code CUDA_VISIBLE_DEVICES}; changes when re-created
 */
public record MigDevice(int gpu, int gpuInstanceId, int computeInstanceId, String profileName, String uuid) {
}
