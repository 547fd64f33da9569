package io.mig4j.nvml.internal.jna;

/**
 * JNA direct mapping of the NVML functions mig4j uses. Each C function has its own holder class, so that a
 * function missing from an older driver leaves only that holder unregistered: {@code Native.register} binds
 * a whole class and fails on the first missing symbol.
 *
 * <p>{@link JnaNvml} loads a private copy of this class and its holders through its own class loader for
 * every libnvidia-ml it opens, because direct-mapped natives are bound per class, not per object: two
 * libraries in one JVM (a test double next to the real driver, an old-driver variant) each get their own
 * copy. Do not reference this class from other code: that would load the shared, unbound copy.
 */
public final class NvmlDirect implements NvmlFunctions {

    /** For {@link JnaNvml}, which instantiates the per-library copy reflectively. */
    public NvmlDirect() {
    }

    @Override
    public int nvmlInit_v2() {
        return N_nvmlInit_v2.nvmlInit_v2();
    }

    @Override
    public int nvmlShutdown() {
        return N_nvmlShutdown.nvmlShutdown();
    }

    @Override
    public long nvmlErrorString(int result) {
        return N_nvmlErrorString.nvmlErrorString(result);
    }

    @Override
    public int nvmlSystemGetDriverVersion(long version, int length) {
        return N_nvmlSystemGetDriverVersion.nvmlSystemGetDriverVersion(version, length);
    }

    @Override
    public int nvmlSystemGetNVMLVersion(long version, int length) {
        return N_nvmlSystemGetNVMLVersion.nvmlSystemGetNVMLVersion(version, length);
    }

    @Override
    public int nvmlSystemGetCudaDriverVersion_v2(long cudaDriverVersion) {
        return N_nvmlSystemGetCudaDriverVersion_v2.nvmlSystemGetCudaDriverVersion_v2(cudaDriverVersion);
    }

    @Override
    public int nvmlDeviceGetCount_v2(long deviceCount) {
        return N_nvmlDeviceGetCount_v2.nvmlDeviceGetCount_v2(deviceCount);
    }

    @Override
    public int nvmlDeviceGetHandleByIndex_v2(int index, long device) {
        return N_nvmlDeviceGetHandleByIndex_v2.nvmlDeviceGetHandleByIndex_v2(index, device);
    }

    @Override
    public int nvmlDeviceGetHandleByUUID(long uuid, long device) {
        return N_nvmlDeviceGetHandleByUUID.nvmlDeviceGetHandleByUUID(uuid, device);
    }

    @Override
    public int nvmlDeviceGetHandleByPciBusId_v2(long pciBusId, long device) {
        return N_nvmlDeviceGetHandleByPciBusId_v2.nvmlDeviceGetHandleByPciBusId_v2(pciBusId, device);
    }

    @Override
    public int nvmlDeviceGetName(long device, long name, int length) {
        return N_nvmlDeviceGetName.nvmlDeviceGetName(device, name, length);
    }

    @Override
    public int nvmlDeviceGetUUID(long device, long uuid, int length) {
        return N_nvmlDeviceGetUUID.nvmlDeviceGetUUID(device, uuid, length);
    }

    @Override
    public int nvmlDeviceGetPciInfo_v3(long device, long pci) {
        return N_nvmlDeviceGetPciInfo_v3.nvmlDeviceGetPciInfo_v3(device, pci);
    }

    @Override
    public int nvmlDeviceGetMemoryInfo(long device, long memory) {
        return N_nvmlDeviceGetMemoryInfo.nvmlDeviceGetMemoryInfo(device, memory);
    }

    @Override
    public int nvmlDeviceGetMinorNumber(long device, long minorNumber) {
        return N_nvmlDeviceGetMinorNumber.nvmlDeviceGetMinorNumber(device, minorNumber);
    }

    @Override
    public int nvmlDeviceGetArchitecture(long device, long arch) {
        return N_nvmlDeviceGetArchitecture.nvmlDeviceGetArchitecture(device, arch);
    }

    @Override
    public int nvmlDeviceGetBrand(long device, long type) {
        return N_nvmlDeviceGetBrand.nvmlDeviceGetBrand(device, type);
    }

    @Override
    public int nvmlDeviceGetNumaNodeId(long device, long node) {
        return N_nvmlDeviceGetNumaNodeId.nvmlDeviceGetNumaNodeId(device, node);
    }

    @Override
    public int nvmlDeviceGetCudaComputeCapability(long device, long major, long minor) {
        return N_nvmlDeviceGetCudaComputeCapability.nvmlDeviceGetCudaComputeCapability(device, major, minor);
    }

    @Override
    public int nvmlDeviceGetMigMode(long device, long currentMode, long pendingMode) {
        return N_nvmlDeviceGetMigMode.nvmlDeviceGetMigMode(device, currentMode, pendingMode);
    }

    @Override
    public int nvmlDeviceSetMigMode(long device, int mode, long activationStatus) {
        return N_nvmlDeviceSetMigMode.nvmlDeviceSetMigMode(device, mode, activationStatus);
    }

    @Override
    public int nvmlDeviceGetComputeRunningProcesses_v3(long device, long infoCount, long infos) {
        return N_nvmlDeviceGetComputeRunningProcesses_v3.nvmlDeviceGetComputeRunningProcesses_v3(device, infoCount,
                infos);
    }

    @Override
    public int nvmlDeviceGetMaxMigDeviceCount(long device, long count) {
        return N_nvmlDeviceGetMaxMigDeviceCount.nvmlDeviceGetMaxMigDeviceCount(device, count);
    }

    @Override
    public int nvmlDeviceGetGpuInstanceProfileInfoV(long device, int profile, long info) {
        return N_nvmlDeviceGetGpuInstanceProfileInfoV.nvmlDeviceGetGpuInstanceProfileInfoV(device, profile, info);
    }

    @Override
    public int nvmlDeviceGetGpuInstancePossiblePlacements_v2(long device, int profileId, long placements, long count) {
        return N_nvmlDeviceGetGpuInstancePossiblePlacements_v2.nvmlDeviceGetGpuInstancePossiblePlacements_v2(device, profileId, placements, count);
    }

    @Override
    public int nvmlDeviceGetGpuInstanceRemainingCapacity(long device, int profileId, long count) {
        return N_nvmlDeviceGetGpuInstanceRemainingCapacity.nvmlDeviceGetGpuInstanceRemainingCapacity(device, profileId, count);
    }

    @Override
    public int nvmlDeviceCreateGpuInstance(long device, int profileId, long gpuInstance) {
        return N_nvmlDeviceCreateGpuInstance.nvmlDeviceCreateGpuInstance(device, profileId, gpuInstance);
    }

    @Override
    public int nvmlDeviceCreateGpuInstanceWithPlacement(long device, int profileId, long placement, long gpuInstance) {
        return N_nvmlDeviceCreateGpuInstanceWithPlacement.nvmlDeviceCreateGpuInstanceWithPlacement(device, profileId, placement, gpuInstance);
    }

    @Override
    public int nvmlDeviceGetGpuInstances(long device, int profileId, long gpuInstances, long count) {
        return N_nvmlDeviceGetGpuInstances.nvmlDeviceGetGpuInstances(device, profileId, gpuInstances, count);
    }

    @Override
    public int nvmlDeviceGetGpuInstanceById(long device, int id, long gpuInstance) {
        return N_nvmlDeviceGetGpuInstanceById.nvmlDeviceGetGpuInstanceById(device, id, gpuInstance);
    }

    @Override
    public int nvmlGpuInstanceGetInfo(long gpuInstance, long info) {
        return N_nvmlGpuInstanceGetInfo.nvmlGpuInstanceGetInfo(gpuInstance, info);
    }

    @Override
    public int nvmlGpuInstanceDestroy(long gpuInstance) {
        return N_nvmlGpuInstanceDestroy.nvmlGpuInstanceDestroy(gpuInstance);
    }

    @Override
    public int nvmlGpuInstanceGetComputeInstanceProfileInfoV(long gpuInstance, int profile, int engProfile, long info) {
        return N_nvmlGpuInstanceGetComputeInstanceProfileInfoV.nvmlGpuInstanceGetComputeInstanceProfileInfoV(gpuInstance, profile, engProfile, info);
    }

    @Override
    public int nvmlGpuInstanceGetComputeInstancePossiblePlacements(long gpuInstance, int profileId, long placements, long count) {
        return N_nvmlGpuInstanceGetComputeInstancePossiblePlacements.nvmlGpuInstanceGetComputeInstancePossiblePlacements(gpuInstance, profileId, placements, count);
    }

    @Override
    public int nvmlGpuInstanceGetComputeInstanceRemainingCapacity(long gpuInstance, int profileId, long count) {
        return N_nvmlGpuInstanceGetComputeInstanceRemainingCapacity.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gpuInstance, profileId, count);
    }

    @Override
    public int nvmlGpuInstanceCreateComputeInstance(long gpuInstance, int profileId, long computeInstance) {
        return N_nvmlGpuInstanceCreateComputeInstance.nvmlGpuInstanceCreateComputeInstance(gpuInstance, profileId, computeInstance);
    }

    @Override
    public int nvmlGpuInstanceCreateComputeInstanceWithPlacement(long gpuInstance, int profileId, long placement, long computeInstance) {
        return N_nvmlGpuInstanceCreateComputeInstanceWithPlacement.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gpuInstance, profileId, placement, computeInstance);
    }

    @Override
    public int nvmlGpuInstanceGetComputeInstances(long gpuInstance, int profileId, long computeInstances, long count) {
        return N_nvmlGpuInstanceGetComputeInstances.nvmlGpuInstanceGetComputeInstances(gpuInstance, profileId, computeInstances, count);
    }

    @Override
    public int nvmlGpuInstanceGetComputeInstanceById(long gpuInstance, int id, long computeInstance) {
        return N_nvmlGpuInstanceGetComputeInstanceById.nvmlGpuInstanceGetComputeInstanceById(gpuInstance, id, computeInstance);
    }

    @Override
    public int nvmlComputeInstanceGetInfo_v2(long computeInstance, long info) {
        return N_nvmlComputeInstanceGetInfo_v2.nvmlComputeInstanceGetInfo_v2(computeInstance, info);
    }

    @Override
    public int nvmlComputeInstanceDestroy(long computeInstance) {
        return N_nvmlComputeInstanceDestroy.nvmlComputeInstanceDestroy(computeInstance);
    }

    @Override
    public int nvmlDeviceGetMigDeviceHandleByIndex(long device, int index, long migDevice) {
        return N_nvmlDeviceGetMigDeviceHandleByIndex.nvmlDeviceGetMigDeviceHandleByIndex(device, index, migDevice);
    }

    @Override
    public int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(long migDevice, long device) {
        return N_nvmlDeviceGetDeviceHandleFromMigDeviceHandle.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(migDevice, device);
    }

    @Override
    public int nvmlDeviceIsMigDeviceHandle(long device, long isMigDevice) {
        return N_nvmlDeviceIsMigDeviceHandle.nvmlDeviceIsMigDeviceHandle(device, isMigDevice);
    }

    @Override
    public int nvmlDeviceGetGpuInstanceId(long device, long id) {
        return N_nvmlDeviceGetGpuInstanceId.nvmlDeviceGetGpuInstanceId(device, id);
    }

    @Override
    public int nvmlDeviceGetComputeInstanceId(long device, long id) {
        return N_nvmlDeviceGetComputeInstanceId.nvmlDeviceGetComputeInstanceId(device, id);
    }

    // --- one holder per C function; the native method's name is the symbol JNA binds

    static final class N_nvmlInit_v2 {
        static native int nvmlInit_v2();
    }

    static final class N_nvmlShutdown {
        static native int nvmlShutdown();
    }

    static final class N_nvmlErrorString {
        static native long nvmlErrorString(int result);
    }

    static final class N_nvmlSystemGetDriverVersion {
        static native int nvmlSystemGetDriverVersion(long version, int length);
    }

    static final class N_nvmlSystemGetNVMLVersion {
        static native int nvmlSystemGetNVMLVersion(long version, int length);
    }

    static final class N_nvmlSystemGetCudaDriverVersion_v2 {
        static native int nvmlSystemGetCudaDriverVersion_v2(long cudaDriverVersion);
    }

    static final class N_nvmlDeviceGetCount_v2 {
        static native int nvmlDeviceGetCount_v2(long deviceCount);
    }

    static final class N_nvmlDeviceGetHandleByIndex_v2 {
        static native int nvmlDeviceGetHandleByIndex_v2(int index, long device);
    }

    static final class N_nvmlDeviceGetHandleByUUID {
        static native int nvmlDeviceGetHandleByUUID(long uuid, long device);
    }

    static final class N_nvmlDeviceGetHandleByPciBusId_v2 {
        static native int nvmlDeviceGetHandleByPciBusId_v2(long pciBusId, long device);
    }

    static final class N_nvmlDeviceGetName {
        static native int nvmlDeviceGetName(long device, long name, int length);
    }

    static final class N_nvmlDeviceGetUUID {
        static native int nvmlDeviceGetUUID(long device, long uuid, int length);
    }

    static final class N_nvmlDeviceGetPciInfo_v3 {
        static native int nvmlDeviceGetPciInfo_v3(long device, long pci);
    }

    static final class N_nvmlDeviceGetMemoryInfo {
        static native int nvmlDeviceGetMemoryInfo(long device, long memory);
    }

    static final class N_nvmlDeviceGetMinorNumber {
        static native int nvmlDeviceGetMinorNumber(long device, long minorNumber);
    }

    static final class N_nvmlDeviceGetArchitecture {
        static native int nvmlDeviceGetArchitecture(long device, long arch);
    }

    static final class N_nvmlDeviceGetBrand {
        static native int nvmlDeviceGetBrand(long device, long type);
    }

    static final class N_nvmlDeviceGetNumaNodeId {
        static native int nvmlDeviceGetNumaNodeId(long device, long node);
    }

    static final class N_nvmlDeviceGetCudaComputeCapability {
        static native int nvmlDeviceGetCudaComputeCapability(long device, long major, long minor);
    }

    static final class N_nvmlDeviceGetMigMode {
        static native int nvmlDeviceGetMigMode(long device, long currentMode, long pendingMode);
    }

    static final class N_nvmlDeviceSetMigMode {
        static native int nvmlDeviceSetMigMode(long device, int mode, long activationStatus);
    }

    static final class N_nvmlDeviceGetComputeRunningProcesses_v3 {
        static native int nvmlDeviceGetComputeRunningProcesses_v3(long device, long infoCount, long infos);
    }

    static final class N_nvmlDeviceGetMaxMigDeviceCount {
        static native int nvmlDeviceGetMaxMigDeviceCount(long device, long count);
    }

    static final class N_nvmlDeviceGetGpuInstanceProfileInfoV {
        static native int nvmlDeviceGetGpuInstanceProfileInfoV(long device, int profile, long info);
    }

    static final class N_nvmlDeviceGetGpuInstancePossiblePlacements_v2 {
        static native int nvmlDeviceGetGpuInstancePossiblePlacements_v2(long device, int profileId, long placements, long count);
    }

    static final class N_nvmlDeviceGetGpuInstanceRemainingCapacity {
        static native int nvmlDeviceGetGpuInstanceRemainingCapacity(long device, int profileId, long count);
    }

    static final class N_nvmlDeviceCreateGpuInstance {
        static native int nvmlDeviceCreateGpuInstance(long device, int profileId, long gpuInstance);
    }

    static final class N_nvmlDeviceCreateGpuInstanceWithPlacement {
        static native int nvmlDeviceCreateGpuInstanceWithPlacement(long device, int profileId, long placement, long gpuInstance);
    }

    static final class N_nvmlDeviceGetGpuInstances {
        static native int nvmlDeviceGetGpuInstances(long device, int profileId, long gpuInstances, long count);
    }

    static final class N_nvmlDeviceGetGpuInstanceById {
        static native int nvmlDeviceGetGpuInstanceById(long device, int id, long gpuInstance);
    }

    static final class N_nvmlGpuInstanceGetInfo {
        static native int nvmlGpuInstanceGetInfo(long gpuInstance, long info);
    }

    static final class N_nvmlGpuInstanceDestroy {
        static native int nvmlGpuInstanceDestroy(long gpuInstance);
    }

    static final class N_nvmlGpuInstanceGetComputeInstanceProfileInfoV {
        static native int nvmlGpuInstanceGetComputeInstanceProfileInfoV(long gpuInstance, int profile, int engProfile, long info);
    }

    static final class N_nvmlGpuInstanceGetComputeInstancePossiblePlacements {
        static native int nvmlGpuInstanceGetComputeInstancePossiblePlacements(long gpuInstance, int profileId, long placements, long count);
    }

    static final class N_nvmlGpuInstanceGetComputeInstanceRemainingCapacity {
        static native int nvmlGpuInstanceGetComputeInstanceRemainingCapacity(long gpuInstance, int profileId, long count);
    }

    static final class N_nvmlGpuInstanceCreateComputeInstance {
        static native int nvmlGpuInstanceCreateComputeInstance(long gpuInstance, int profileId, long computeInstance);
    }

    static final class N_nvmlGpuInstanceCreateComputeInstanceWithPlacement {
        static native int nvmlGpuInstanceCreateComputeInstanceWithPlacement(long gpuInstance, int profileId, long placement, long computeInstance);
    }

    static final class N_nvmlGpuInstanceGetComputeInstances {
        static native int nvmlGpuInstanceGetComputeInstances(long gpuInstance, int profileId, long computeInstances, long count);
    }

    static final class N_nvmlGpuInstanceGetComputeInstanceById {
        static native int nvmlGpuInstanceGetComputeInstanceById(long gpuInstance, int id, long computeInstance);
    }

    static final class N_nvmlComputeInstanceGetInfo_v2 {
        static native int nvmlComputeInstanceGetInfo_v2(long computeInstance, long info);
    }

    static final class N_nvmlComputeInstanceDestroy {
        static native int nvmlComputeInstanceDestroy(long computeInstance);
    }

    static final class N_nvmlDeviceGetMigDeviceHandleByIndex {
        static native int nvmlDeviceGetMigDeviceHandleByIndex(long device, int index, long migDevice);
    }

    static final class N_nvmlDeviceGetDeviceHandleFromMigDeviceHandle {
        static native int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(long migDevice, long device);
    }

    static final class N_nvmlDeviceIsMigDeviceHandle {
        static native int nvmlDeviceIsMigDeviceHandle(long device, long isMigDevice);
    }

    static final class N_nvmlDeviceGetGpuInstanceId {
        static native int nvmlDeviceGetGpuInstanceId(long device, long id);
    }

    static final class N_nvmlDeviceGetComputeInstanceId {
        static native int nvmlDeviceGetComputeInstanceId(long device, long id);
    }
}
