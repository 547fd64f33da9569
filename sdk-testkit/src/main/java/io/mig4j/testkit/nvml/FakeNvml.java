package io.mig4j.testkit.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.GpuVariant;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.ProfileAttribute;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.nvml.ComputeCapability;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.ComputeInstanceProfileInfo;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.GpuInstanceProfileInfo;
import io.mig4j.nvml.MemoryInfo;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlNames;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.PciInfo;
import io.mig4j.nvml.SetMigModeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * An {@link Nvml} without a GPU: MIG-capable GPUs from the sdk-api {@link ProductCatalog}, with the rules the
 * real driver enforces, fault injection and a journal of every call. Code written against {@code Nvml}
 * ({@code MigManager}, inventories, apply) runs unchanged on it.
 *
 * <pre>{@code
 * try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 8).migEnabled(true).build()) {
 *     nvml.init();
 *     DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
 *     GpuInstanceHandle gi = nvml.deviceCreateGpuInstanceWithPlacement(gpu, 9, new Placement(4, 4));
 *     nvml.gpuInstanceCreateComputeInstance(gi, 2);
 *     nvml.assertNoMutatingCalls(); // fails: two were made
 * }
 * }</pre>
 *
 * <h2>What it enforces</h2>
 * <ul>
 * <li>{@code init}/{@code shutdown} are reference-counted; every other call (but {@code errorString}) fails
 *     with {@code ERROR_UNINITIALIZED} outside them. GPU and MIG state survives shutdown, as in the driver.</li>
 * <li>MIG mode has a current and a pending value. {@code deviceSetMigMode} sets the pending one; whether it
 *     becomes current at once is the <em>reset behaviour</em>: Hopper and newer apply it at once when the GPU
 *     is idle; Ampere (A100, A30) needs a GPU reset, so the activation status is {@code ERROR_RESET_REQUIRED}
 *     until {@link #resetGpu(int)}, unless the builder sets {@link Builder#resetOnMigModeChange(boolean)}
 *     (what {@code nvidia-smi -mig} achieves by resetting the GPU itself on bare metal). A GPU with clients
 *     ({@link #attachClient(int)}) or with processes on a MIG device ({@link #attachProcess(String)}) is not
 *     idle: activation reports {@code ERROR_IN_USE} and the change stays pending. A mode change that takes
 *     effect, like {@link #resetGpu(int)}, wipes every GPU and compute instance (MIG configuration never
 *     survives a reset) and makes their handles stale.</li>
 * <li>GPU instance profile info (the {@code _v2} and {@code _v3} structs, named {@code "MIG " + name}) and
 *     possible placements and remaining capacity come from the catalog and answer with MIG disabled too (as the
 *     H100 and H200 measured with MIG disabled did). Creating and listing instances and MIG devices answer
 *     {@code ERROR_NOT_SUPPORTED} while the current mode is disabled. A profile index the product lacks is
 *     {@code ERROR_NOT_SUPPORTED}; an index past {@code NVML_GPU_INSTANCE_PROFILE_COUNT} (0x12) is
 *     {@code ERROR_INVALID_ARGUMENT}, as NVML ends enumeration.</li>
 * <li>A GPU instance is created only at one of its profile's placements ({@code ERROR_INVALID_ARGUMENT}
 *     otherwise), on free memory slices, below the profile's instance count, and never beside a
 *     {@code +me.all} instance unless it is {@code -me} (and vice versa): {@code ERROR_INSUFFICIENT_RESOURCES}
 *     otherwise. These are exactly the rules of {@link MigLayout#validate()}; the engine-budget rule that
 *     mig-facts derives but NVIDIA does not document is not enforced. Compute instances follow the same
 *     rules inside their GPU instance.</li>
 * <li>Without a placement, {@code deviceCreateGpuInstance} takes the free legal placement with the
 *     <em>highest</em> start, as NVML does (the first 1g lands on slice 6), so it fragments like the real
 *     driver: on an A100 or H100 the profile IDs {@code 19,19,14,9} fail at 9 with
 *     {@code ERROR_INSUFFICIENT_RESOURCES} while {@code 9,19,14,19} succeed (the MIG user guide's example).
 *     {@code gpuInstanceCreateComputeInstance} takes the free legal placement with the lowest start.</li>
 * <li>GPU instance IDs follow the slice tree of the GPU: a placement of {@code size} units starting at
 *     {@code start} on a GPU of {@code U} placement units gets ID {@code 2^level - 1 + start / size} with
 *     {@code level = log2(U / size)}. On A100/H100 that gives 0 for 7g, 1 and 2 for the halves, 3 to 6 for the
 *     quarters and 7 to 14 for single slices: seven 1g instances get 7 to 13, two 3g instances get 1 and 2,
 *     three 2g instances 3 to 5 — the IDs observed on real GPUs, inside the driver's {@code gi0..gi14}
 *     capability range. (A product whose placements do not form such a tree gets the lowest free ID from 1.)
 *     Compute instance IDs are the lowest free ID from 0 in their GPU instance. Code must not rely on either:
 *     NVIDIA guarantees no relation between IDs and placements.</li>
 * <li>Destroying a GPU instance that still has compute instances, or a compute instance with a process
 *     ({@link #attachProcess(String)}), fails with {@code ERROR_IN_USE}. Handles of destroyed instances (and
 *     of instances wiped by a reset) are stale: every call with them fails with
 *     {@code ERROR_INVALID_ARGUMENT}; handle values are never reused.</li>
 * <li>Every compute instance is a MIG device with its own handle and a UUID {@code MIG-<uuid>} that is new for
 *     every creation (derived from the seed and a per-GPU creation counter), so re-creating the same geometry
 *     changes the UUIDs, as on real GPUs. MIG devices are indexed by GPU instance ID, then compute instance ID.
 *     {@code deviceGetHandleByUuid} accepts GPU UUIDs, {@code MIG-<uuid>} and the legacy
 *     {@code MIG-GPU-<uuid>/<gi>/<ci>} form. {@code deviceGetMaxMigDeviceCount} is the product's compute slice
 *     count (7 on A100/H100/H200, 4 on A30) with MIG enabled, else 0.</li>
 * <li>A GPU-level function called with a MIG device handle, and any other answer the fake does not know,
 *     throws {@link UnsupportedOperationException} ({@code "FakeNvml.<method> is not simulated"}) rather
 *     than inventing a value.</li>
 * </ul>
 *
 * <p>Faults: {@link #enqueue(NvmlFunction, Fault)} queues a {@link Fault} for the next call of a function
 * (optionally on one GPU), FIFO; a {@link FaultDispatcher} can decide instead. The journal
 * ({@link #calls()}, {@link #takeCall()}, {@link #assertNoMutatingCalls()}) records every NVML call with its
 * arguments and result. Test controls ({@link #attachClient(int)}, {@link #resetGpu(int)}, ...) are not
 * NVML calls and are not recorded.
 *
 * @implSpec Thread-safe: one lock guards all state. {@link #close()} shuts NVML down once if it is initialized.
 */
public final class FakeNvml implements Nvml {

    /** The driver version reported unless {@link Builder#driverVersion(String)} says otherwise. */
    public static final String DEFAULT_DRIVER_VERSION = "580.159.04";
    /** {@code nvmlSystemGetCudaDriverVersion_v2} unless configured: CUDA 13.0. */
    public static final int DEFAULT_CUDA_DRIVER_VERSION = 13000;
    /** The seed unless {@link Builder#seed(long)} says otherwise. */
    public static final long DEFAULT_SEED = 0x6D6967346AL;
    /** {@code NVML_GPU_INSTANCE_PROFILE_COUNT} of the NVML 13 header: indexes from here are invalid. */
    public static final int GPU_INSTANCE_PROFILE_COUNT = 0x12;
    /** {@code NVML_COMPUTE_INSTANCE_PROFILE_COUNT} of the NVML 13 header. */
    public static final int COMPUTE_INSTANCE_PROFILE_COUNT = 0x9;

    private static final long MIB = 1024L * 1024L;
    private static final int CAPS_GFX = 0x2;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition callRecorded = lock.newCondition();
    private final List<Gpu> gpus = new ArrayList<>();
    private final Map<Long, Gpu> gpuByHandle = new HashMap<>();
    private final Map<Long, Gi> giByHandle = new HashMap<>();
    private final Map<Long, Ci> ciByHandle = new HashMap<>();
    private final Map<Long, Ci> ciByMigHandle = new HashMap<>();
    private final List<QueuedFault> faults = new ArrayList<>();
    private final List<RecordedCall> journal = new ArrayList<>();
    private final long seed;
    private final String driverVersion;
    private final String nvmlVersion;
    private final int cudaDriverVersion;
    private final boolean resetOnMigModeChange;
    private FaultDispatcher dispatcher = FaultDispatcher.NONE;
    private long nextHandle = 0x7F3A_0000_1000L;
    private int initCount;
    private int taken;
    private NvmlReturn forcedActivation;

    private FakeNvml(Builder b, List<Board> boards) {
        this.seed = b.seed;
        this.driverVersion = b.driverVersion;
        this.nvmlVersion = b.nvmlVersion != null ? b.nvmlVersion : "13." + b.driverVersion;
        this.cudaDriverVersion = b.cudaDriverVersion;
        this.resetOnMigModeChange = b.resetOnMigModeChange;
        int[] buses = busNumbers(seed, boards.size());
        for (int i = 0; i < boards.size(); i++) {
            Board board = boards.get(i);
            int mode = b.migEnabled ? MigModeInfo.ENABLE : MigModeInfo.DISABLE;
            Gpu gpu = new Gpu(i, board.product(), board.variant(), "GPU-" + uuid(seed, 1, i, 0, false),
                    buses[i], new DeviceHandle(newHandle()), mode, b.numaNodes.get(i));
            gpus.add(gpu);
            gpuByHandle.put(gpu.handle.value(), gpu);
        }
    }

    /** A builder with no GPUs, the built-in catalog and MIG disabled. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ library

    @Override
    public void init() {
        call(NvmlFunction.INIT, List.of(), () -> -1, () -> {
            initCount++;
            return null;
        });
    }

    @Override
    public void shutdown() {
        call(NvmlFunction.SHUTDOWN, List.of(), () -> -1, () -> {
            initCount--;
            return null;
        });
    }

    /** Shuts NVML down once if it is initialized (as {@link Nvml#close()} does), and does nothing otherwise. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (initCount > 0) {
                shutdown();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String backend() {
        return "fake";
    }

    @Override
    public String errorString(int code) {
        return call(NvmlFunction.ERROR_STRING, List.of(code), () -> -1, () -> nvmlErrorString(code));
    }

    @Override
    public String systemGetDriverVersion() {
        return call(NvmlFunction.SYSTEM_GET_DRIVER_VERSION, List.of(), () -> -1, () -> driverVersion);
    }

    @Override
    public String systemGetNvmlVersion() {
        return call(NvmlFunction.SYSTEM_GET_NVML_VERSION, List.of(), () -> -1, () -> nvmlVersion);
    }

    @Override
    public int systemGetCudaDriverVersion() {
        return call(NvmlFunction.SYSTEM_GET_CUDA_DRIVER_VERSION, List.of(), () -> -1, () -> cudaDriverVersion);
    }

    // ------------------------------------------------------------------ devices

    @Override
    public int deviceGetCount() {
        return call(NvmlFunction.DEVICE_GET_COUNT, List.of(), () -> -1, gpus::size);
    }

    @Override
    public DeviceHandle deviceGetHandleByIndex(int index) {
        return call(NvmlFunction.DEVICE_GET_HANDLE_BY_INDEX, List.of(index),
                () -> index >= 0 && index < gpus.size() ? index : -1, () -> {
                    if (index < 0 || index >= gpus.size()) {
                        throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    return alive(gpus.get(index)).handle;
                });
    }

    @Override
    public DeviceHandle deviceGetHandleByUuid(String uuid) {
        Objects.requireNonNull(uuid, "uuid");
        return call(NvmlFunction.DEVICE_GET_HANDLE_BY_UUID, List.of(uuid), () -> gpuIndexOf(byUuid(uuid)), () -> {
            Object found = byUuid(uuid);
            if (found instanceof Gpu gpu) {
                return alive(gpu).handle;
            }
            if (found instanceof Ci ci) {
                alive(ci.gi.gpu);
                return ci.migHandle;
            }
            throw new Refusal(NvmlReturn.ERROR_NOT_FOUND);
        });
    }

    @Override
    public DeviceHandle deviceGetHandleByPciBusId(String pciBusId) {
        Objects.requireNonNull(pciBusId, "pciBusId");
        return call(NvmlFunction.DEVICE_GET_HANDLE_BY_PCI_BUS_ID, List.of(pciBusId), () -> {
            int[] parsed = parseBusId(pciBusId);
            Gpu gpu = parsed == null ? null : byBus(parsed);
            return gpu == null ? -1 : gpu.index;
        }, () -> {
            int[] parsed = parseBusId(pciBusId);
            if (parsed == null) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            Gpu gpu = byBus(parsed);
            if (gpu == null) {
                throw new Refusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return alive(gpu).handle;
        });
    }

    @Override
    public String deviceGetName(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_NAME, device, List.of(), d -> d instanceof Ci ci
                ? ci.gi.gpu.variant.name() + " MIG " + ci.profile.name()
                : ((Gpu) d).variant.name());
    }

    @Override
    public String deviceGetUuid(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_UUID, device, List.of(), d -> d instanceof Ci ci ? ci.uuid
                : ((Gpu) d).uuid);
    }

    @Override
    public PciInfo deviceGetPciInfo(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_PCI_INFO, device, List.of(), d -> {
            Gpu gpu = gpuOnly(d, "deviceGetPciInfo");
            int deviceId = gpu.variant.pciDeviceId();
            return new PciInfo(gpu.pciBusId(), 0, gpu.bus, 0, (deviceId << 16) | PciDeviceId.NVIDIA_VENDOR_ID,
                    (subsystemId(deviceId) << 16) | PciDeviceId.NVIDIA_VENDOR_ID);
        });
    }

    @Override
    public MemoryInfo deviceGetMemoryInfo(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_MEMORY_INFO, device, List.of(), d -> {
            long total = (d instanceof Ci ci ? ci.gi.profile.memoryMiB() : ((Gpu) d).product.memoryMiB()) * MIB;
            return new MemoryInfo(total, total, 0);
        });
    }

    @Override
    public int deviceGetMinorNumber(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_MINOR_NUMBER, device, List.of(),
                d -> gpuOnly(d, "deviceGetMinorNumber").index);
    }

    @Override
    public int deviceGetArchitecture(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_ARCHITECTURE, device, List.of(), d -> {
            GpuProduct product = d instanceof Ci ci ? ci.gi.gpu.product : ((Gpu) d).product;
            return NvmlNames.architectureCode(product.architecture()).orElseThrow(
                    () -> notSimulated("deviceGetArchitecture", "for architecture " + product.architecture()));
        });
    }

    /** The brand of the catalog product ({@code Nvidia} is {@code NVML_BRAND_NVIDIA}); a MIG device has its GPU's. */
    @Override
    public int deviceGetBrand(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_BRAND, device, List.of(), d -> {
            GpuProduct product = d instanceof Ci ci ? ci.gi.gpu.product : ((Gpu) d).product;
            return NvmlNames.brandCode(product.brand()).orElseThrow(
                    () -> notSimulated("deviceGetBrand", "for brand " + product.brand()));
        });
    }

    /** The node set with {@link Builder#numaNode(int, int)}; {@code NOT_SUPPORTED} for a GPU without one. */
    @Override
    public int deviceGetNumaNodeId(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_NUMA_NODE_ID, device, List.of(), d -> {
            Integer node = gpuOnly(d, "deviceGetNumaNodeId").numaNode;
            if (node == null) {
                throw new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED);
            }
            return node;
        });
    }

    @Override
    public ComputeCapability deviceGetCudaComputeCapability(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_CUDA_COMPUTE_CAPABILITY, device, List.of(), d -> {
            String cc = (d instanceof Ci ci ? ci.gi.gpu.product : ((Gpu) d).product).computeCapability();
            String[] parts = cc.split("\\.");
            try {
                return new ComputeCapability(Integer.parseInt(parts[0]),
                        parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            } catch (NumberFormatException e) {
                throw notSimulated("deviceGetCudaComputeCapability", "for compute capability '" + cc + "'");
            }
        });
    }

    // ------------------------------------------------------------------ MIG mode

    @Override
    public MigModeInfo deviceGetMigMode(DeviceHandle device) {
        return onGpu(NvmlFunction.DEVICE_GET_MIG_MODE, device, List.of(),
                gpu -> new MigModeInfo(gpu.currentMode, gpu.pendingMode));
    }

    @Override
    public SetMigModeResult deviceSetMigMode(DeviceHandle device, int mode) {
        return onGpu(NvmlFunction.DEVICE_SET_MIG_MODE, device, List.of(mode), gpu -> {
            if (mode != MigModeInfo.DISABLE && mode != MigModeInfo.ENABLE) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            gpu.pendingMode = mode;
            NvmlReturn status;
            if (gpu.pendingMode == gpu.currentMode) {
                status = NvmlReturn.SUCCESS;
            } else if (forcedActivation != null) {
                status = forcedActivation;
            } else if (!idle(gpu)) {
                status = NvmlReturn.ERROR_IN_USE;
            } else if (needsReset(gpu)) {
                status = NvmlReturn.ERROR_RESET_REQUIRED;
            } else {
                applyPendingMode(gpu);
                status = NvmlReturn.SUCCESS;
            }
            return new SetMigModeResult(status);
        });
    }

    @Override
    public int deviceGetMaxMigDeviceCount(DeviceHandle device) {
        return onGpu(NvmlFunction.DEVICE_GET_MAX_MIG_DEVICE_COUNT, device, List.of(),
                gpu -> gpu.currentMode == MigModeInfo.ENABLE ? gpu.product.computeSlices() : 0);
    }

    // ------------------------------------------------------------------ GPU instances

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV(DeviceHandle device, int profileIndex) {
        return profileInfo(device, profileIndex, 2);
    }

    @Override
    public GpuInstanceProfileInfo deviceGetGpuInstanceProfileInfoV3(DeviceHandle device, int profileIndex) {
        return profileInfo(device, profileIndex, 3);
    }

    private GpuInstanceProfileInfo profileInfo(DeviceHandle device, int profileIndex, int version) {
        return onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_PROFILE_INFO_V, device, List.of(profileIndex, "v" + version),
                gpu -> {
                    if (profileIndex < 0 || profileIndex >= GPU_INSTANCE_PROFILE_COUNT) {
                        throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    GpuInstanceProfile p = gpu.product.profileByIndex(profileIndex)
                            .orElseThrow(() -> new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED));
                    int caps = version == 3 && p.name().attributes().contains(ProfileAttribute.GFX) ? CAPS_GFX : 0;
                    return new GpuInstanceProfileInfo(version, p.id(), 0, p.slices(), p.maxInstances(),
                            p.multiprocessors(), p.copyEngines(), p.decoders(), p.encoders(), p.jpegEngines(),
                            p.ofaEngines(), p.memoryMiB(), "MIG " + p.name(), caps);
                });
    }

    @Override
    public List<Placement> deviceGetGpuInstancePossiblePlacements(DeviceHandle device, int profileId) {
        return onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_POSSIBLE_PLACEMENTS, device, List.of(profileId),
                gpu -> sortedPlacements(profile(gpu, profileId, NvmlReturn.ERROR_NOT_SUPPORTED).placements()));
    }

    @Override
    public int deviceGetGpuInstanceRemainingCapacity(DeviceHandle device, int profileId) {
        // answers with MIG disabled too (no instances: the full count), as a real H100 did with driver 580.159.04
        return onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_REMAINING_CAPACITY, device, List.of(profileId),
                gpu -> remainingCapacity(gpu, profile(gpu, profileId, NvmlReturn.ERROR_NOT_SUPPORTED)));
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstance(DeviceHandle device, int profileId) {
        return onGpu(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE, device, List.of(profileId), gpu -> {
            migEnabled(gpu);
            GpuInstanceProfile p = profile(gpu, profileId, NvmlReturn.ERROR_INVALID_ARGUMENT);
            Placement chosen = p.placements().stream().sorted(Comparator.reverseOrder())
                    .filter(pl -> !giConflict(gpu, p, pl)).findFirst()
                    .orElseThrow(() -> new Refusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
            return createGi(gpu, p, chosen).handle;
        });
    }

    @Override
    public GpuInstanceHandle deviceCreateGpuInstanceWithPlacement(DeviceHandle device, int profileId,
                                                                  Placement placement) {
        Objects.requireNonNull(placement, "placement");
        return onGpu(NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT, device, List.of(profileId, placement),
                gpu -> {
                    migEnabled(gpu);
                    GpuInstanceProfile p = profile(gpu, profileId, NvmlReturn.ERROR_INVALID_ARGUMENT);
                    if (!p.placements().contains(placement)) {
                        throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    if (giConflict(gpu, p, placement)) {
                        throw new Refusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                    }
                    return createGi(gpu, p, placement).handle;
                });
    }

    @Override
    public List<GpuInstanceHandle> deviceGetGpuInstances(DeviceHandle device, int profileId) {
        return onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCES, device, List.of(profileId), gpu -> {
            migEnabled(gpu);
            GpuInstanceProfile p = profile(gpu, profileId, NvmlReturn.ERROR_INVALID_ARGUMENT);
            return gpu.gis.values().stream().filter(gi -> gi.profile.id() == p.id()).map(gi -> gi.handle).toList();
        });
    }

    @Override
    public GpuInstanceHandle deviceGetGpuInstanceById(DeviceHandle device, int id) {
        return onGpu(NvmlFunction.DEVICE_GET_GPU_INSTANCE_BY_ID, device, List.of(id), gpu -> {
            migEnabled(gpu);
            if (id < 0) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            Gi gi = gpu.gis.get(id);
            if (gi == null) {
                throw new Refusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return gi.handle;
        });
    }

    @Override
    public NvmlGpuInstanceInfo gpuInstanceGetInfo(GpuInstanceHandle gpuInstance) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_INFO, gpuInstance, List.of(),
                gi -> new NvmlGpuInstanceInfo(gi.gpu.handle, gi.id, gi.profile.id(), gi.placement));
    }

    @Override
    public void gpuInstanceDestroy(GpuInstanceHandle gpuInstance) {
        onGi(NvmlFunction.GPU_INSTANCE_DESTROY, gpuInstance, List.of(), gi -> {
            if (!gi.cis.isEmpty()) {
                throw new Refusal(NvmlReturn.ERROR_IN_USE);
            }
            gi.gpu.gis.remove(gi.id);
            giByHandle.remove(gi.handle.value());
            return null;
        });
    }

    // ------------------------------------------------------------------ compute instances

    @Override
    public ComputeInstanceProfileInfo gpuInstanceGetComputeInstanceProfileInfoV(GpuInstanceHandle gpuInstance,
                                                                               int profileIndex, int engineProfile) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_PROFILE_INFO_V, gpuInstance,
                List.of(profileIndex, engineProfile, "v2"), gi -> {
                    if (engineProfile != 0 || profileIndex < 0 || profileIndex >= COMPUTE_INSTANCE_PROFILE_COUNT) {
                        throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    ComputeInstanceProfile c = gi.profile.computeInstanceProfiles().stream()
                            .filter(x -> x.index() == profileIndex).findFirst()
                            .orElseThrow(() -> new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED));
                    GpuInstanceProfile g = gi.profile;
                    int sms = c.multiprocessors() != null ? c.multiprocessors()
                            : g.multiprocessors() * c.slices() / g.slices();
                    return new ComputeInstanceProfileInfo(2, c.id(), c.slices(), c.maxInstances(), sms,
                            g.copyEngines(), g.decoders(), g.encoders(), g.jpegEngines(), g.ofaEngines(),
                            "MIG " + c.name());
                });
    }

    @Override
    public List<Placement> gpuInstanceGetComputeInstancePossiblePlacements(GpuInstanceHandle gpuInstance,
                                                                           int profileId) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_POSSIBLE_PLACEMENTS, gpuInstance,
                List.of(profileId), gi -> sortedPlacements(ciProfile(gi, profileId).placements()));
    }

    @Override
    public int gpuInstanceGetComputeInstanceRemainingCapacity(GpuInstanceHandle gpuInstance, int profileId) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_REMAINING_CAPACITY, gpuInstance,
                List.of(profileId), gi -> {
                    ComputeInstanceProfile c = ciProfile(gi, profileId);
                    long used = gi.cis.values().stream().filter(x -> x.profile.id() == c.id()).count();
                    long occupied = 0;
                    for (Ci ci : gi.cis.values()) {
                        occupied |= ci.placement.mask();
                    }
                    int free = 0;
                    for (Placement pl : sortedPlacements(c.placements())) {
                        if ((occupied & pl.mask()) == 0) {
                            free++;
                            occupied |= pl.mask();
                        }
                    }
                    return (int) Math.max(0, Math.min(free, c.maxInstances() - used));
                });
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstance(GpuInstanceHandle gpuInstance, int profileId) {
        return onGi(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE, gpuInstance, List.of(profileId), gi -> {
            ComputeInstanceProfile c = ciProfile(gi, profileId);
            Placement chosen = sortedPlacements(c.placements()).stream().filter(pl -> !ciConflict(gi, c, pl))
                    .findFirst().orElseThrow(() -> new Refusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES));
            return createCi(gi, c, chosen).handle;
        });
    }

    @Override
    public ComputeInstanceHandle gpuInstanceCreateComputeInstanceWithPlacement(GpuInstanceHandle gpuInstance,
                                                                               int profileId, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        return onGi(NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT, gpuInstance,
                List.of(profileId, placement), gi -> {
                    ComputeInstanceProfile c = ciProfile(gi, profileId);
                    if (!c.placements().contains(placement)) {
                        throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
                    }
                    if (ciConflict(gi, c, placement)) {
                        throw new Refusal(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                    }
                    return createCi(gi, c, placement).handle;
                });
    }

    @Override
    public List<ComputeInstanceHandle> gpuInstanceGetComputeInstances(GpuInstanceHandle gpuInstance, int profileId) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCES, gpuInstance, List.of(profileId), gi -> {
            ComputeInstanceProfile c = ciProfile(gi, profileId);
            return gi.cis.values().stream().filter(ci -> ci.profile.id() == c.id()).map(ci -> ci.handle).toList();
        });
    }

    @Override
    public ComputeInstanceHandle gpuInstanceGetComputeInstanceById(GpuInstanceHandle gpuInstance, int id) {
        return onGi(NvmlFunction.GPU_INSTANCE_GET_COMPUTE_INSTANCE_BY_ID, gpuInstance, List.of(id), gi -> {
            if (id < 0) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            Ci ci = gi.cis.get(id);
            if (ci == null) {
                throw new Refusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return ci.handle;
        });
    }

    @Override
    public NvmlComputeInstanceInfo computeInstanceGetInfo(ComputeInstanceHandle computeInstance) {
        return onCi(NvmlFunction.COMPUTE_INSTANCE_GET_INFO, computeInstance, ci -> new NvmlComputeInstanceInfo(
                ci.gi.gpu.handle, ci.gi.handle, ci.id, ci.profile.id(), ci.placement));
    }

    @Override
    public void computeInstanceDestroy(ComputeInstanceHandle computeInstance) {
        onCi(NvmlFunction.COMPUTE_INSTANCE_DESTROY, computeInstance, ci -> {
            if (ci.processes > 0) {
                throw new Refusal(NvmlReturn.ERROR_IN_USE);
            }
            forget(ci);
            ci.gi.cis.remove(ci.id);
            return null;
        });
    }

    // ------------------------------------------------------------------ MIG devices

    @Override
    public DeviceHandle deviceGetMigDeviceHandleByIndex(DeviceHandle device, int index) {
        return onGpu(NvmlFunction.DEVICE_GET_MIG_DEVICE_HANDLE_BY_INDEX, device, List.of(index), gpu -> {
            migEnabled(gpu);
            if (index < 0) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            List<Ci> devices = migDevices(gpu);
            if (index >= devices.size()) {
                throw new Refusal(NvmlReturn.ERROR_NOT_FOUND);
            }
            return devices.get(index).migHandle;
        });
    }

    @Override
    public DeviceHandle deviceGetDeviceHandleFromMigDeviceHandle(DeviceHandle migDevice) {
        return onDevice(NvmlFunction.DEVICE_GET_DEVICE_HANDLE_FROM_MIG_DEVICE_HANDLE, migDevice, List.of(), d -> {
            if (d instanceof Ci ci) {
                return ci.gi.gpu.handle;
            }
            throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
        });
    }

    @Override
    public boolean deviceIsMigDeviceHandle(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_IS_MIG_DEVICE_HANDLE, device, List.of(), d -> d instanceof Ci);
    }

    @Override
    public int deviceGetGpuInstanceId(DeviceHandle migDevice) {
        return onDevice(NvmlFunction.DEVICE_GET_GPU_INSTANCE_ID, migDevice, List.of(), d -> migOnly(d).gi.id);
    }

    @Override
    public int deviceGetComputeInstanceId(DeviceHandle migDevice) {
        return onDevice(NvmlFunction.DEVICE_GET_COMPUTE_INSTANCE_ID, migDevice, List.of(), d -> migOnly(d).id);
    }

    /** The processes {@link #attachProcess(String)} put on a MIG device, or on every MIG device of a GPU. */
    @Override
    public int deviceGetComputeRunningProcessCount(DeviceHandle device) {
        return onDevice(NvmlFunction.DEVICE_GET_COMPUTE_RUNNING_PROCESSES, device, List.of(), d -> {
            List<Ci> cis = d instanceof Ci ci ? List.of(ci) : migDevices((Gpu) d);
            return cis.stream().mapToInt(ci -> ci.processes).sum();
        });
    }

    // ------------------------------------------------------------------ test controls (not NVML calls)

    /** The number of GPUs. */
    public int gpuCount() {
        return gpus.size();
    }

    /** The product of GPU {@code index}. */
    public GpuProduct product(int index) {
        return gpu(index).product;
    }

    /** The UUID ({@code GPU-...}) of GPU {@code index}. */
    public String gpuUuid(int index) {
        return gpu(index).uuid;
    }

    /** The PCI bus id ({@code 00000000:18:00.0}) of GPU {@code index}. */
    public String pciBusId(int index) {
        return gpu(index).pciBusId();
    }

    /** The UUIDs ({@code MIG-...}) of GPU {@code index}'s MIG devices, in MIG device index order. */
    public List<String> migDeviceUuids(int index) {
        lock.lock();
        try {
            return migDevices(gpu(index)).stream().map(ci -> ci.uuid).toList();
        } finally {
            lock.unlock();
        }
    }

    /** GPU {@code index}'s MIG mode now. */
    public MigModeInfo migMode(int index) {
        lock.lock();
        try {
            Gpu gpu = gpu(index);
            return new MigModeInfo(gpu.currentMode, gpu.pendingMode);
        } finally {
            lock.unlock();
        }
    }

    /**
     * GPU {@code index}'s GPU instances (sorted by placement) with their compute instances (sorted by placement),
     * as a layout of its product: what {@code nvidia-smi mig -lgi}/{@code -lci} would show.
     */
    public MigLayout layout(int index) {
        lock.lock();
        try {
            Gpu gpu = gpu(index);
            List<PlacedGpuInstance> out = new ArrayList<>();
            for (Gi gi : gpu.gis.values()) {
                List<PlacedComputeInstance> cis = gi.cis.values().stream()
                        .map(ci -> new PlacedComputeInstance(ci.profile, ci.placement))
                        .sorted(Comparator.comparing(PlacedComputeInstance::placement)).toList();
                out.add(new PlacedGpuInstance(gi.profile, gi.placement, cis));
            }
            return new MigLayout(gpu.product, out).sorted();
        } finally {
            lock.unlock();
        }
    }

    /** Whether NVML is initialized (more {@code init} than {@code shutdown} calls succeeded). */
    public boolean isInitialized() {
        lock.lock();
        try {
            return initCount > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A client opens GPU {@code index} (nvidia-persistenced, DCGM, a CUDA process): while any is attached, a MIG
     * mode change stays pending with activation status {@code ERROR_IN_USE} and {@link #resetGpu(int)} fails.
     */
    public void attachClient(int index) {
        lock.lock();
        try {
            gpu(index).clients++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One client of GPU {@code index} goes away.
     *
     * @throws IllegalStateException when none is attached
     */
    public void detachClient(int index) {
        lock.lock();
        try {
            Gpu gpu = gpu(index);
            if (gpu.clients == 0) {
                throw new IllegalStateException("GPU " + index + " has no client attached");
            }
            gpu.clients--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A process starts on the MIG device with this UUID: destroying its compute instance fails with
     * {@code ERROR_IN_USE}, and its GPU is no longer idle.
     *
     * @throws IllegalArgumentException when no MIG device has the UUID
     */
    public void attachProcess(String migUuid) {
        lock.lock();
        try {
            migDeviceByUuid(migUuid).processes++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One process on the MIG device with this UUID ends.
     *
     * @throws IllegalArgumentException when no MIG device has the UUID
     * @throws IllegalStateException    when no process runs there
     */
    public void detachProcess(String migUuid) {
        lock.lock();
        try {
            Ci ci = migDeviceByUuid(migUuid);
            if (ci.processes == 0) {
                throw new IllegalStateException("no process runs on " + migUuid);
            }
            ci.processes--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resets GPU {@code index} ({@code nvidia-smi --gpu-reset}): the pending MIG mode becomes current and every
     * GPU and compute instance is gone (their handles are stale).
     *
     * @throws NvmlException with {@link NvmlReturn#ERROR_IN_USE} while clients or processes are attached, with
     *                       {@link NvmlReturn#ERROR_GPU_IS_LOST} when the GPU fell off the bus
     */
    public void resetGpu(int index) {
        lock.lock();
        try {
            Gpu gpu = gpu(index);
            if (gpu.lost) {
                throw new NvmlException("nvidia-smi --gpu-reset", NvmlReturn.ERROR_GPU_IS_LOST);
            }
            if (!idle(gpu)) {
                throw new NvmlException("nvidia-smi --gpu-reset", NvmlReturn.ERROR_IN_USE);
            }
            applyPendingMode(gpu);
        } finally {
            lock.unlock();
        }
    }

    /** GPU {@code index} falls off the bus now: every later call on it fails with {@code ERROR_GPU_IS_LOST}. */
    public void loseGpu(int index) {
        lock.lock();
        try {
            gpu(index).lost = true;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ faults

    /**
     * The next call of {@code function}, on any GPU, gets {@code fault}. Faults are applied in the order they were
     * queued (FIFO), each once.
     *
     * @throws IllegalArgumentException when the fault cannot happen on that function ({@link Fault#gpuLost()} on a
     *                                  function that is not about a GPU, a pending-mode fault on anything but
     *                                  {@code nvmlDeviceSetMigMode})
     */
    public FakeNvml enqueue(NvmlFunction function, Fault fault) {
        return enqueue(function, -1, fault);
    }

    /** Like {@link #enqueue(NvmlFunction, Fault)}, for the next call of {@code function} on GPU {@code gpuIndex}. */
    public FakeNvml enqueue(NvmlFunction function, int gpuIndex, Fault fault) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(fault, "fault");
        if (gpuIndex != -1) {
            gpu(gpuIndex);
            if (!function.targetsGpu()) {
                throw new IllegalArgumentException(function.cName() + " is not about one GPU; queue the fault"
                        + " without a GPU index");
            }
        }
        if (fault instanceof Fault.GpuLost && !function.targetsGpu()) {
            throw new IllegalArgumentException("a GPU cannot be lost in " + function.cName()
                    + ", which is not about one GPU");
        }
        if (fault instanceof Fault.ModeChangePending && function != NvmlFunction.DEVICE_SET_MIG_MODE) {
            throw new IllegalArgumentException(fault + " only applies to nvmlDeviceSetMigMode, not "
                    + function.cName());
        }
        lock.lock();
        try {
            faults.add(new QueuedFault(function, gpuIndex, fault));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Like {@link #enqueue(NvmlFunction, Fault)}, naming the function by C name or {@code Nvml} method name. */
    public FakeNvml enqueue(String function, Fault fault) {
        return enqueue(NvmlFunction.of(function), fault);
    }

    /** Like {@link #enqueue(NvmlFunction, int, Fault)}, naming the function by C name or method name. */
    public FakeNvml enqueue(String function, int gpuIndex, Fault fault) {
        return enqueue(NvmlFunction.of(function), gpuIndex, fault);
    }

    /** The queued faults not applied yet, in queue order. */
    public List<QueuedFault> pendingFaults() {
        lock.lock();
        try {
            return List.copyOf(faults);
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued fault. */
    public void clearFaults() {
        lock.lock();
        try {
            faults.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Decides faults for calls no queued fault matched; {@link FaultDispatcher#NONE} by default. */
    public FakeNvml faultDispatcher(FaultDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        lock.lock();
        try {
            this.dispatcher = dispatcher;
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * A fault waiting in the queue.
     *
     * @param function the function it applies to
     * @param gpuIndex the GPU it applies to, or -1 for any
     * @param fault    what happens
     */
    public record QueuedFault(NvmlFunction function, int gpuIndex, Fault fault) {
        public QueuedFault {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(fault, "fault");
        }
    }

    // ------------------------------------------------------------------ journal

    /** Every NVML call recorded so far (since construction or {@link #clearCalls()}), oldest first. */
    public List<RecordedCall> calls() {
        lock.lock();
        try {
            return List.copyOf(journal);
        } finally {
            lock.unlock();
        }
    }

    /** The calls of one function, oldest first. */
    public List<RecordedCall> calls(NvmlFunction function) {
        return calls().stream().filter(c -> c.function().equals(function.cName())).toList();
    }

    /** The calls that would change a GPU, successful or not, oldest first. */
    public List<RecordedCall> mutatingCalls() {
        return calls().stream().filter(RecordedCall::mutating).toList();
    }

    /**
     * Checks that no call that changes a GPU was made (successful or not).
     *
     * @throws AssertionError listing the mutating calls
     */
    public void assertNoMutatingCalls() {
        List<RecordedCall> mutating = mutatingCalls();
        if (!mutating.isEmpty()) {
            throw new AssertionError("expected no mutating NVML call, but " + mutating.size() + " were made:"
                    + mutating.stream().map(c -> "\n  " + c).collect(Collectors.joining()));
        }
    }

    /**
     * The oldest call not taken yet.
     *
     * @throws NoSuchElementException when every recorded call was taken
     */
    public RecordedCall takeCall() {
        lock.lock();
        try {
            if (taken >= journal.size()) {
                throw new NoSuchElementException("no NVML call left to take (" + journal.size() + " recorded)");
            }
            return journal.get(taken++);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest call not taken yet, waiting up to {@code timeout} for one; empty when none came. */
    public Optional<RecordedCall> takeCall(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (taken >= journal.size()) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = callRecorded.awaitNanos(nanos);
            }
            return Optional.of(journal.get(taken++));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every recorded call. */
    public void clearCalls() {
        lock.lock();
        try {
            journal.clear();
            taken = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FakeNvml" + gpus.stream().map(g -> g.product.alias()).collect(Collectors.groupingBy(a -> a,
                java.util.LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining(", ", "[", "]"));
    }

    // ------------------------------------------------------------------ call plumbing

    /** An NVML error the body of a call returns. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final NvmlReturn code;

        Refusal(NvmlReturn code) {
            super(code.nvmlName(), null, false, false);
            this.code = code;
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run();
    }

    @FunctionalInterface
    private interface Locator {
        /** The index of the GPU the call is about, or -1. Must not throw. */
        int gpuIndex();
    }

    @FunctionalInterface
    private interface On<S, T> {
        T apply(S subject);
    }

    private <T> T call(NvmlFunction fn, List<Object> args, Locator locator, Body<T> body) {
        lock.lock();
        try {
            int gpuIndex = locator.gpuIndex();
            Fault fault = nextFault(fn, gpuIndex, args);
            if (fault instanceof Fault.Returns r) {
                throw failed(fn, args, r.code());
            }
            if (fault instanceof Fault.GpuLost) {
                if (gpuIndex >= 0) {
                    gpus.get(gpuIndex).lost = true;
                }
                throw failed(fn, args, NvmlReturn.ERROR_GPU_IS_LOST);
            }
            if (fault instanceof Fault.Delay d) {
                pauseUnlocked(d.duration());
            }
            if (fault instanceof Fault.ModeChangePending p) {
                if (fn != NvmlFunction.DEVICE_SET_MIG_MODE) {
                    throw new IllegalStateException("the fault dispatcher returned " + p + " for " + fn.cName()
                            + "; it only applies to nvmlDeviceSetMigMode");
                }
                forcedActivation = p.activationStatus();
            }
            try {
                if (fn != NvmlFunction.INIT && fn != NvmlFunction.ERROR_STRING && initCount == 0) {
                    throw new Refusal(NvmlReturn.ERROR_UNINITIALIZED);
                }
                T result = body.run();
                record(fn, args, NvmlReturn.SUCCESS);
                return result;
            } catch (Refusal r) {
                throw failed(fn, args, r.code);
            } finally {
                forcedActivation = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private NvmlException failed(NvmlFunction fn, List<Object> args, NvmlReturn code) {
        record(fn, args, code);
        return new NvmlException(fn.cName(), code);
    }

    private void record(NvmlFunction fn, List<Object> args, NvmlReturn code) {
        journal.add(new RecordedCall(fn.cName(), args, code));
        callRecorded.signalAll();
    }

    private Fault nextFault(NvmlFunction fn, int gpuIndex, List<Object> args) {
        for (int i = 0; i < faults.size(); i++) {
            QueuedFault q = faults.get(i);
            if (q.function() == fn && (q.gpuIndex() == -1 || q.gpuIndex() == gpuIndex)) {
                faults.remove(i);
                return q.fault();
            }
        }
        return dispatcher.dispatch(fn, gpuIndex >= 0 ? OptionalInt.of(gpuIndex) : OptionalInt.empty(), args)
                .orElse(null);
    }

    private void pauseUnlocked(Duration duration) {
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
    }

    private static List<Object> with(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A call on any device handle (GPU or MIG device): the body gets a {@link Gpu} or a {@link Ci}. */
    private <T> T onDevice(NvmlFunction fn, DeviceHandle device, List<Object> rest, On<Object, T> body) {
        Objects.requireNonNull(device, "device");
        return call(fn, with(device, rest), () -> gpuIndexOf(deviceOf(device)), () -> {
            Object d = deviceOf(device);
            if (d == null) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            alive(d instanceof Ci ci ? ci.gi.gpu : (Gpu) d);
            return body.apply(d);
        });
    }

    /** A call on a GPU handle; a MIG device handle there is not simulated. */
    private <T> T onGpu(NvmlFunction fn, DeviceHandle device, List<Object> rest, On<Gpu, T> body) {
        return onDevice(fn, device, rest, d -> body.apply(gpuOnly(d, fn.javaMethods().get(0))));
    }

    private <T> T onGi(NvmlFunction fn, GpuInstanceHandle handle, List<Object> rest, On<Gi, T> body) {
        Objects.requireNonNull(handle, "gpuInstance");
        return call(fn, with(handle, rest), () -> {
            Gi gi = giByHandle.get(handle.value());
            return gi == null ? -1 : gi.gpu.index;
        }, () -> {
            Gi gi = giByHandle.get(handle.value());
            if (gi == null) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            alive(gi.gpu);
            return body.apply(gi);
        });
    }

    private <T> T onCi(NvmlFunction fn, ComputeInstanceHandle handle, On<Ci, T> body) {
        Objects.requireNonNull(handle, "computeInstance");
        return call(fn, List.of(handle), () -> {
            Ci ci = ciByHandle.get(handle.value());
            return ci == null ? -1 : ci.gi.gpu.index;
        }, () -> {
            Ci ci = ciByHandle.get(handle.value());
            if (ci == null) {
                throw new Refusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            alive(ci.gi.gpu);
            return body.apply(ci);
        });
    }

    private static UnsupportedOperationException notSimulated(String method, String detail) {
        return new UnsupportedOperationException("FakeNvml." + method + " is not simulated " + detail);
    }

    private static Gpu gpuOnly(Object device, String method) {
        if (device instanceof Ci) {
            throw notSimulated(method, "for MIG device handles");
        }
        return (Gpu) device;
    }

    private static Ci migOnly(Object device) {
        if (device instanceof Ci ci) {
            return ci;
        }
        throw new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED);
    }

    private static Gpu alive(Gpu gpu) {
        if (gpu.lost) {
            throw new Refusal(NvmlReturn.ERROR_GPU_IS_LOST);
        }
        return gpu;
    }

    private Object deviceOf(DeviceHandle handle) {
        Gpu gpu = gpuByHandle.get(handle.value());
        return gpu != null ? gpu : ciByMigHandle.get(handle.value());
    }

    private static int gpuIndexOf(Object device) {
        if (device instanceof Gpu gpu) {
            return gpu.index;
        }
        return device instanceof Ci ci ? ci.gi.gpu.index : -1;
    }

    private Gpu gpu(int index) {
        if (index < 0 || index >= gpus.size()) {
            throw new IndexOutOfBoundsException("GPU index " + index + " out of range: this fake has "
                    + gpus.size() + " GPU(s)");
        }
        return gpus.get(index);
    }

    private long newHandle() {
        long h = nextHandle;
        nextHandle += 0x40;
        return h;
    }

    // ------------------------------------------------------------------ MIG rules

    private static void migEnabled(Gpu gpu) {
        if (gpu.currentMode != MigModeInfo.ENABLE) {
            throw new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED);
        }
    }

    private static GpuInstanceProfile profile(Gpu gpu, int profileId, NvmlReturn unknown) {
        return gpu.product.profileById(profileId).orElseThrow(() -> new Refusal(unknown));
    }

    private static ComputeInstanceProfile ciProfile(Gi gi, int profileId) {
        return gi.profile.computeInstanceProfiles().stream().filter(c -> c.id() == profileId).findFirst()
                .orElseThrow(() -> new Refusal(NvmlReturn.ERROR_NOT_SUPPORTED));
    }

    private static List<Placement> sortedPlacements(List<Placement> placements) {
        return placements.stream().sorted().toList();
    }

    private static boolean mediaConflict(Gpu gpu, GpuInstanceProfile p) {
        for (Gi gi : gpu.gis.values()) {
            if (p.takesAllMediaEngines() ? !gi.profile.hasNoMediaEngines()
                    : gi.profile.takesAllMediaEngines() && !p.hasNoMediaEngines()) {
                return true;
            }
        }
        return false;
    }

    private static long count(Gpu gpu, GpuInstanceProfile p) {
        return gpu.gis.values().stream().filter(gi -> gi.profile.id() == p.id()).count();
    }

    /** Whether NVML refuses a GI of {@code p} at the legal placement {@code pl} now. */
    private static boolean giConflict(Gpu gpu, GpuInstanceProfile p, Placement pl) {
        for (Gi gi : gpu.gis.values()) {
            if (gi.placement.overlaps(pl)) {
                return true;
            }
        }
        return count(gpu, p) >= p.maxInstances() || mediaConflict(gpu, p);
    }

    private static int remainingCapacity(Gpu gpu, GpuInstanceProfile p) {
        long left = p.maxInstances() - count(gpu, p);
        if (left <= 0 || mediaConflict(gpu, p)) {
            return 0;
        }
        long occupied = 0;
        for (Gi gi : gpu.gis.values()) {
            occupied |= gi.placement.mask();
        }
        int free = 0;
        for (Placement pl : sortedPlacements(p.placements())) {
            if ((occupied & pl.mask()) == 0) {
                free++;
                occupied |= pl.mask();
            }
        }
        if (p.takesAllMediaEngines()) {
            free = Math.min(free, 1);
        }
        return (int) Math.min(free, left);
    }

    private static boolean ciConflict(Gi gi, ComputeInstanceProfile c, Placement pl) {
        long same = 0;
        for (Ci ci : gi.cis.values()) {
            if (ci.placement.overlaps(pl)) {
                return true;
            }
            if (ci.profile.id() == c.id()) {
                same++;
            }
        }
        return same >= c.maxInstances();
    }

    private Gi createGi(Gpu gpu, GpuInstanceProfile p, Placement pl) {
        int id;
        if (gpu.sliceTree) {
            int level = Integer.numberOfTrailingZeros(gpu.product.placementUnits() / pl.size());
            id = (1 << level) - 1 + pl.start() / pl.size();
        } else {
            id = 1;
            while (gpu.gis.containsKey(id)) {
                id++;
            }
        }
        Gi gi = new Gi(gpu, id, p, pl, new GpuInstanceHandle(newHandle()));
        gpu.gis.put(id, gi);
        giByHandle.put(gi.handle.value(), gi);
        return gi;
    }

    private Ci createCi(Gi gi, ComputeInstanceProfile c, Placement pl) {
        int id = 0;
        while (gi.cis.containsKey(id)) {
            id++;
        }
        Gpu gpu = gi.gpu;
        gpu.migCreations++;
        Ci ci = new Ci(gi, id, c, pl, new ComputeInstanceHandle(newHandle()), new DeviceHandle(newHandle()),
                "MIG-" + uuid(seed, 2, gpu.index, gpu.migCreations, true));
        gi.cis.put(id, ci);
        ciByHandle.put(ci.handle.value(), ci);
        ciByMigHandle.put(ci.migHandle.value(), ci);
        return ci;
    }

    private void forget(Ci ci) {
        ciByHandle.remove(ci.handle.value());
        ciByMigHandle.remove(ci.migHandle.value());
    }

    private static List<Ci> migDevices(Gpu gpu) {
        return gpu.gis.values().stream().flatMap(gi -> gi.cis.values().stream()).toList();
    }

    private static boolean idle(Gpu gpu) {
        return gpu.clients == 0 && migDevices(gpu).stream().allMatch(ci -> ci.processes == 0);
    }

    private boolean needsReset(Gpu gpu) {
        return !resetOnMigModeChange && "ampere".equalsIgnoreCase(gpu.product.architecture());
    }

    /** The pending mode becomes current; the GPU was reset or unbound, so no instance survives. */
    private void applyPendingMode(Gpu gpu) {
        gpu.currentMode = gpu.pendingMode;
        for (Gi gi : gpu.gis.values()) {
            gi.cis.values().forEach(this::forget);
            giByHandle.remove(gi.handle.value());
        }
        gpu.gis.clear();
    }

    private Object byUuid(String uuid) {
        for (Gpu gpu : gpus) {
            if (gpu.uuid.equals(uuid)) {
                return gpu;
            }
            for (Ci ci : migDevices(gpu)) {
                if (ci.uuid.equals(uuid)) {
                    return ci;
                }
            }
        }
        // legacy MIG-GPU-<uuid>/<gi>/<ci>
        if (uuid.startsWith("MIG-GPU-")) {
            String[] parts = uuid.substring(4).split("/", -1);
            if (parts.length == 3) {
                for (Gpu gpu : gpus) {
                    if (gpu.uuid.equals(parts[0])) {
                        try {
                            Gi gi = gpu.gis.get(Integer.parseInt(parts[1]));
                            return gi == null ? null : gi.cis.get(Integer.parseInt(parts[2]));
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    }
                }
            }
        }
        return null;
    }

    private Ci migDeviceByUuid(String migUuid) {
        Objects.requireNonNull(migUuid, "migUuid");
        if (byUuid(migUuid) instanceof Ci ci) {
            return ci;
        }
        throw new IllegalArgumentException("no MIG device has UUID " + migUuid + "; known: "
                + gpus.stream().flatMap(g -> migDevices(g).stream()).map(c -> c.uuid).toList());
    }

    /** {@code [domain, bus, device, function]} of {@code 00000000:18:00.0}, {@code 0000:18:00.0} or {@code 18:00.0}. */
    private static int[] parseBusId(String text) {
        String s = text.strip();
        String[] colon = s.split(":", -1);
        if (colon.length < 2 || colon.length > 3) {
            return null;
        }
        String last = colon[colon.length - 1];
        int dot = last.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            int domain = colon.length == 3 ? Integer.parseUnsignedInt(colon[0], 16) : 0;
            int bus = Integer.parseInt(colon[colon.length - 2], 16);
            int dev = Integer.parseInt(last.substring(0, dot), 16);
            int fn = Integer.parseInt(last.substring(dot + 1), 16);
            return new int[] {domain, bus, dev, fn};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Gpu byBus(int[] parsed) {
        if (parsed[0] != 0 || parsed[2] != 0 || parsed[3] != 0) {
            return null;
        }
        return gpus.stream().filter(g -> g.bus == parsed[1]).findFirst().orElse(null);
    }

    private static String nvmlErrorString(int code) {
        NvmlReturn r = NvmlReturn.of(code);
        return switch (r) {
            case SUCCESS -> "Success";
            case ERROR_UNINITIALIZED -> "Uninitialized";
            case ERROR_INVALID_ARGUMENT -> "Invalid Argument";
            case ERROR_NOT_SUPPORTED -> "Not Supported";
            case ERROR_NO_PERMISSION -> "Insufficient Permissions";
            case ERROR_NOT_FOUND -> "Not Found";
            case ERROR_GPU_IS_LOST -> "GPU is lost";
            case ERROR_LIB_RM_VERSION_MISMATCH -> "Driver/library version mismatch";
            case ERROR_IN_USE -> "In use by another client";
            case ERROR_INSUFFICIENT_RESOURCES -> "Insufficient Resources";
            case ERROR_UNKNOWN, UNRECOGNIZED -> "Unknown Error";
            default -> r.description();
        };
    }

    // ------------------------------------------------------------------ identity

    /** A deterministic UUID from the seed and a few numbers; version 5 layout for MIG devices, as real ones show. */
    private static String uuid(long seed, int kind, int gpu, long counter, boolean versioned) {
        long mix = seed * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + gpu * 0x94D049BB133111EBL
                + counter * 0xD6E8FEB86659FD93L;
        SplittableRandom r = new SplittableRandom(mix);
        long msb = r.nextLong();
        long lsb = r.nextLong();
        if (versioned) {
            msb = (msb & ~0xF000L) | 0x5000L;
            lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        }
        return new UUID(msb, lsb).toString();
    }

    /** Distinct PCI bus numbers, ascending, so GPU index order is PCI bus order as NVML enumerates. */
    private static int[] busNumbers(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5043494275734964L);
        TreeSet<Integer> buses = new TreeSet<>();
        while (buses.size() < n) {
            buses.add(1 + r.nextInt(0xFE));
        }
        return buses.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A made-up but stable subsystem device id (the real ones depend on the board vendor). */
    private static int subsystemId(int deviceId) {
        return 0x1000 | (deviceId & 0x0FFF);
    }

    /** Whether every placement of the product is a node of a binary slice tree (the driver's GI numbering). */
    private static boolean sliceTree(GpuProduct product) {
        int units = product.placementUnits();
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            for (Placement pl : p.placements()) {
                int size = pl.size();
                if (units % size != 0 || Integer.bitCount(units / size) != 1 || pl.start() % size != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ state

    private static final class Gpu {
        final int index;
        final GpuProduct product;
        final GpuVariant variant;
        final String uuid;
        final int bus;
        final DeviceHandle handle;
        final boolean sliceTree;
        final Integer numaNode;
        final TreeMap<Integer, Gi> gis = new TreeMap<>();
        int currentMode;
        int pendingMode;
        int clients;
        boolean lost;
        long migCreations;

        Gpu(int index, GpuProduct product, GpuVariant variant, String uuid, int bus, DeviceHandle handle, int mode,
            Integer numaNode) {
            this.index = index;
            this.numaNode = numaNode;
            this.product = product;
            this.variant = variant;
            this.uuid = uuid;
            this.bus = bus;
            this.handle = handle;
            this.sliceTree = FakeNvml.sliceTree(product);
            this.currentMode = mode;
            this.pendingMode = mode;
        }

        String pciBusId() {
            return String.format(Locale.ROOT, "00000000:%02X:00.0", bus);
        }
    }

    private static final class Gi {
        final Gpu gpu;
        final int id;
        final GpuInstanceProfile profile;
        final Placement placement;
        final GpuInstanceHandle handle;
        final TreeMap<Integer, Ci> cis = new TreeMap<>();

        Gi(Gpu gpu, int id, GpuInstanceProfile profile, Placement placement, GpuInstanceHandle handle) {
            this.gpu = gpu;
            this.id = id;
            this.profile = profile;
            this.placement = placement;
            this.handle = handle;
        }
    }

    private static final class Ci {
        final Gi gi;
        final int id;
        final ComputeInstanceProfile profile;
        final Placement placement;
        final ComputeInstanceHandle handle;
        final DeviceHandle migHandle;
        final String uuid;
        int processes;

        Ci(Gi gi, int id, ComputeInstanceProfile profile, Placement placement, ComputeInstanceHandle handle,
           DeviceHandle migHandle, String uuid) {
            this.gi = gi;
            this.id = id;
            this.profile = profile;
            this.placement = placement;
            this.handle = handle;
            this.migHandle = migHandle;
            this.uuid = uuid;
        }
    }

    private record Board(GpuProduct product, GpuVariant variant) {
    }

    // ------------------------------------------------------------------ builder

    /** Configures a {@link FakeNvml}: its GPUs in index order, identity seed, MIG mode, versions. */
    public static final class Builder {
        private ProductCatalog catalog = ProductCatalog.builtIn();
        private final List<Object> boards = new ArrayList<>();
        private long seed = DEFAULT_SEED;
        private boolean migEnabled;
        private String driverVersion = DEFAULT_DRIVER_VERSION;
        private String nvmlVersion;
        private int cudaDriverVersion = DEFAULT_CUDA_DRIVER_VERSION;
        private boolean resetOnMigModeChange;
        private final Map<Integer, Integer> numaNodes = new HashMap<>();

        private Builder() {
        }

        /** The catalog product names are looked up in; {@link ProductCatalog#builtIn()} by default. */
        public Builder catalog(ProductCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * Adds one GPU of a product named by alias ({@code H100-80GB}), NVML name ({@code NVIDIA H100 PCIe}) or PCI
         * device id ({@code 0x2331}); an NVML name or PCI id picks that board, an alias the product's first board.
         */
        public Builder gpu(String product) {
            boards.add(Objects.requireNonNull(product, "product"));
            return this;
        }

        /** Adds {@code count} GPUs of a product, see {@link #gpu(String)}. */
        public Builder gpus(String product, int count) {
            requireCount(count);
            for (int i = 0; i < count; i++) {
                gpu(product);
            }
            return this;
        }

        /** Adds one GPU of this product (its first board). */
        public Builder gpu(GpuProduct product) {
            boards.add(new Board(product, product.variants().get(0)));
            return this;
        }

        /** Adds {@code count} GPUs of this product. */
        public Builder gpus(GpuProduct product, int count) {
            requireCount(count);
            for (int i = 0; i < count; i++) {
                gpu(product);
            }
            return this;
        }

        private static void requireCount(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("GPU count must not be negative, got " + count);
            }
        }

        /** Derives GPU and MIG UUIDs and PCI bus ids; the same seed gives the same identities. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether MIG mode starts enabled (current and pending); disabled by default, as GPUs ship. */
        public Builder migEnabled(boolean enabled) {
            this.migEnabled = enabled;
            return this;
        }

        /** {@code nvmlSystemGetDriverVersion}; {@value FakeNvml#DEFAULT_DRIVER_VERSION} by default. */
        public Builder driverVersion(String version) {
            this.driverVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** {@code nvmlSystemGetNVMLVersion}; {@code "13." + driverVersion} by default. */
        public Builder nvmlVersion(String version) {
            this.nvmlVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** {@code nvmlSystemGetCudaDriverVersion_v2}, e.g. 12080 for CUDA 12.8; 13000 by default. */
        public Builder cudaDriverVersion(int version) {
            this.cudaDriverVersion = version;
            return this;
        }

        /**
         * Whether an Ampere GPU (A100, A30) applies a MIG mode change at once when idle, as if
         * {@code nvidia-smi} reset it; by default it reports {@code ERROR_RESET_REQUIRED} and the change waits
         * for {@link FakeNvml#resetGpu(int)}. Hopper and newer always apply at once when idle.
         */
        public Builder resetOnMigModeChange(boolean reset) {
            this.resetOnMigModeChange = reset;
            return this;
        }

        /**
         * The NUMA node {@code nvmlDeviceGetNumaNodeId} reports for the GPU at {@code gpuIndex}, as on a platform
         * where the GPU is a NUMA node; without it the GPU answers {@code NOT_SUPPORTED}, as on most platforms.
         *
         * @throws IllegalArgumentException for a negative index or node
         */
        public Builder numaNode(int gpuIndex, int node) {
            if (gpuIndex < 0) {
                throw new IllegalArgumentException("numaNode: GPU index must not be negative, got " + gpuIndex);
            }
            if (node < 0) {
                throw new IllegalArgumentException("numaNode: node must not be negative, got " + node);
            }
            numaNodes.put(gpuIndex, node);
            return this;
        }

        /**
         * @throws io.mig4j.api.UnknownProductException for a product the catalog lacks
         * @throws IllegalArgumentException for more than 254 GPUs (one per PCI bus), or a NUMA node for a GPU
         *         index the builder has no GPU for
         */
        public FakeNvml build() {
            if (boards.size() > 254) {
                throw new IllegalArgumentException("at most 254 GPUs, got " + boards.size());
            }
            numaNodes.keySet().stream().filter(i -> i >= boards.size()).findFirst().ifPresent(i -> {
                throw new IllegalArgumentException("numaNode: no GPU " + i + " (the builder has " + boards.size()
                        + " GPUs)");
            });
            List<Board> resolved = new ArrayList<>();
            Map<String, Board> cache = new HashMap<>();
            for (Object b : boards) {
                if (b instanceof Board board) {
                    resolved.add(board);
                } else {
                    resolved.add(cache.computeIfAbsent((String) b, this::resolve));
                }
            }
            return new FakeNvml(this, resolved);
        }

        private Board resolve(String key) {
            GpuProduct product = catalog.require(key);
            String k = key.strip();
            GpuVariant variant = product.variants().get(0);
            if (k.regionMatches(true, 0, "0x", 0, 2)) {
                int id = PciDeviceId.parse(k);
                variant = product.variants().stream().filter(v -> v.pciDeviceId() == id).findFirst().orElse(variant);
            } else {
                String lower = k.toLowerCase(Locale.ROOT);
                String withVendor = lower.startsWith("nvidia ") ? lower : "nvidia " + lower;
                variant = product.variants().stream().filter(v -> v.name().toLowerCase(Locale.ROOT).equals(withVendor))
                        .findFirst().orElse(variant);
            }
            return new Board(product, variant);
        }
    }
}
