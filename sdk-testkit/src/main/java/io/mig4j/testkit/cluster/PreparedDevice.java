package io.mig4j.testkit.cluster;

/**
 * One device of a prepared claim, as NVIDIA's DRA driver records it in its checkpoint: what the container gets
 * (the CDI device ID) and what lies behind it on the node's GPUs (which the real driver keeps only in its
 * checkpoint, never in an API object).
 *
 * @param request           the claim's request (or {@code request/subrequest}) the device was allocated for
 * @param device            the device name in the ResourceSlice, e.g. {@code gpu-0-mig-1g10gb-19-6}
 * @param cdiDeviceId       {@code k8s.gpu.nvidia.com/claim=<claimUID>-<device>}, the driver's CDI ID format
 * @param gpuIndex          NVML index of the (parent) GPU
 * @param gpuUuid           the (parent) GPU's UUID
 * @param migDeviceUuid     {@code MIG-<uuid>} for a MIG device, null for a full GPU
 * @param gpuInstanceId     the GPU instance ID for a MIG device, null for a full GPU
 * @param computeInstanceId the compute instance ID for a MIG device, null for a full GPU
 * @param profile           the MIG profile (e.g. {@code 1g.10gb}), null for a full GPU
 * @param createdOnDemand   true when dynamic MIG created the instances for this claim (unprepare destroys them)
 */
public record PreparedDevice(String request, String device, String cdiDeviceId, int gpuIndex, String gpuUuid,
                             String migDeviceUuid, Integer gpuInstanceId, Integer computeInstanceId, String profile,
                             boolean createdOnDemand) {
}
