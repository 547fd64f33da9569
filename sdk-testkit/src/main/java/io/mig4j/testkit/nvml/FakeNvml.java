package io.mig4j.testkit.nvml;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.GpuVariant;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
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
 * The same answers as the C test double of libnvidia-ml in sdk-nvml, through one behavioural contract
 * ({@code MigBehaviourContract}, which cites the published sources of each answer):
 * <ul>
 * <li>{@code init}/{@code shutdown} are reference-counted; every other call (but {@code errorString}) fails
 *     with {@code ERROR_UNINITIALIZED} outside them. GPU and MIG state survives shutdown, as in the driver.</li>
 * <li>MIG mode has a current and a pending value. {@code deviceSetMigMode} sets the pending one; whether it
 *     becomes current at once is the <em>reset behaviour</em>: Hopper and newer apply it at once when the GPU
 *     is idle; Ampere (A100, A30) needs a GPU reset, so the activation status is {@code ERROR_RESET_REQUIRED}
 *     until {@link #resetGpu(int)}, unless the builder sets {@link Builder#resetOnMigModeChange(boolean)}
 *     (what {@code nvidia-smi -mig} achieves by resetting the GPU itself on bare metal). A GPU with clients
 *     ({@link #attachClient(int)}) or with processes on a MIG device ({@link #attachProcess(String)}) is not
 *     idle: activation reports {@code ERROR_IN_USE} and the change stays pending. Disabling MIG while GPU
 *     instances exist fails with {@code ERROR_IN_USE}. A reset wipes every GPU and compute instance (MIG
 *     configuration never survives one) and makes their handles stale.</li>
 * <li>GPU instance profile info (the {@code _v2} and {@code _v3} structs, named {@code "MIG " + name}), possible
 *     placements and remaining capacity come from the catalog and answer with MIG disabled too (as the H100 and
 *     H200 measured with MIG disabled did). Creating and listing instances and MIG devices answer
 *     {@code ERROR_NOT_SUPPORTED} while the current mode is disabled. A profile index the product lacks is
 *     {@code ERROR_NOT_SUPPORTED}; an index past {@code NVML_GPU_INSTANCE_PROFILE_COUNT} (0x12) is
 *     {@code ERROR_INVALID_ARGUMENT}, as NVML ends enumeration. A GPU (compute) instance profile ID the GPU (GPU
 *     instance) does not have is {@code ERROR_INVALID_ARGUMENT} in every call that takes one.</li>
 * <li>Which instance may be created where is sdk-api's rule ({@link MigLayout#gpuInstanceConflict},
 *     {@link MigLayout#computeInstanceConflict}): a placement the profile does not have is
 *     {@code ERROR_INVALID_ARGUMENT}; occupied memory (compute) slices, the profile's instance count and the
 *     {@code +me.all}/{@code -me} exclusivity give {@code ERROR_INSUFFICIENT_RESOURCES}.</li>
 * <li>Without a placement, {@code deviceCreateGpuInstance} takes the free placement that removes the fewest
 *     still-creatable placements of the other profiles, ties to the lowest start: the rule that reproduces the
 *     published {@code nvidia-smi} transcripts (on A100/H100 1g fills slots 6, 4, 5, 0, 1, 2, 3; 3g takes 4:4
 *     first; {@code -cgi 19,19,14,9} fails at 9 while {@code 9,19,14,19} succeeds, the MIG User Guide's
 *     example). {@code gpuInstanceCreateComputeInstance} takes the free placement with the lowest start.</li>
 * <li>GPU instance IDs follow the placement, as on real GPUs: node {@code U/size - 1 + start/size} of the binary
 *     tree of the GPU's {@code U} placement units (A100/H100: 7g 0, halves 1 and 2, quarters 3 to 6, single
 *     slots 7 to 13); a product whose placements form no such tree gets the lowest free ID from 1. Compute
 *     instance IDs are the lowest free ID from 0 in their GPU instance.</li>
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
public final class FakeNvml extends FakeNvmlCalls {

    /** The driver version reported unless {@link Builder#driverVersion(String)} says otherwise. */
    public static final String DEFAULT_DRIVER_VERSION = "580.159.04";
    /** {@code nvmlSystemGetCudaDriverVersion_v2} unless configured: CUDA 13.0. */
    public static final int DEFAULT_CUDA_DRIVER_VERSION = 13000;
    /** The seed unless {@link Builder#seed(long)} says otherwise. */
    public static final long DEFAULT_SEED = 0x6D6967346AL;
    /** {@code NVML_GPU_INSTANCE_PROFILE_COUNT} of the NVML 13 header: indexes from here are invalid. */
    public static final int GPU_INSTANCE_PROFILE_COUNT = 0x12;
    /** {@code NVML_COMPUTE_INSTANCE_PROFILE_COUNT} of the NVML 13 header. */
    public static final int COMPUTE_INSTANCE_PROFILE_COUNT = FakeGpuInstance.COMPUTE_INSTANCE_PROFILE_COUNT;

    private FakeNvml(Builder b, List<Board> boards) {
        super(b.driverVersion, b.nvmlVersion != null ? b.nvmlVersion : "13." + b.driverVersion, b.cudaDriverVersion,
                b.resetOnMigModeChange, b.journalCapacity);
        int[] buses = Identity.busNumbers(b.seed, boards.size());
        for (int i = 0; i < boards.size(); i++) {
            Board board = boards.get(i);
            gpus.add(new FakeGpu(i, board.product(), board.variant(), "GPU-" + Identity.uuid(b.seed, Identity.GPU, i,
                    0, false), buses[i], b.numaNodes.get(i), b.migEnabled ? MigModeInfo.ENABLE : MigModeInfo.DISABLE,
                    gate.handles, b.seed));
        }
    }

    /** A builder with no GPUs, the built-in catalog and MIG disabled. */
    public static Builder builder() {
        return new Builder();
    }

    /** Shuts NVML down once if it is initialized (as {@link Nvml#close()} does), and does nothing otherwise. */
    @Override
    public void close() {
        gate.run(() -> {
            if (gate.initCount > 0) {
                shutdown();
            }
        });
    }

    // ------------------------------------------------------------------ test controls (not NVML calls)

    /** The number of GPUs. */
    public int gpuCount() {
        return gpus.size();
    }

    /** The product of GPU {@code index}. */
    public GpuProduct product(int index) {
        return gate.gpu(index).product;
    }

    /** The UUID ({@code GPU-...}) of GPU {@code index}. */
    public String gpuUuid(int index) {
        return gate.gpu(index).uuid;
    }

    /** The PCI bus id ({@code 00000000:18:00.0}) of GPU {@code index}. */
    public String pciBusId(int index) {
        return gate.gpu(index).pciBusId();
    }

    /** The UUIDs ({@code MIG-...}) of GPU {@code index}'s MIG devices, in MIG device index order. */
    public List<String> migDeviceUuids(int index) {
        return gate.locked(() -> gate.gpu(index).mig.migDevices().stream().map(ci -> ci.uuid).toList());
    }

    /** GPU {@code index}'s MIG mode now. */
    public MigModeInfo migMode(int index) {
        return gate.locked(() -> new MigModeInfo(gate.gpu(index).currentMode, gate.gpu(index).pendingMode));
    }

    /**
     * GPU {@code index}'s GPU instances (sorted by placement) with their compute instances (sorted by placement),
     * as a layout of its product: what {@code nvidia-smi mig -lgi}/{@code -lci} would show.
     */
    public MigLayout layout(int index) {
        return gate.locked(() -> gate.gpu(index).mig.layout().sorted());
    }

    /** Whether NVML is initialized (more {@code init} than {@code shutdown} calls succeeded). */
    public boolean isInitialized() {
        return gate.locked(() -> gate.initCount > 0);
    }

    /**
     * A client opens GPU {@code index} (nvidia-persistenced, DCGM, a CUDA process): while any is attached, a MIG
     * mode change stays pending with activation status {@code ERROR_IN_USE} and {@link #resetGpu(int)} fails.
     */
    public void attachClient(int index) {
        gate.runUnobserved(() -> gate.gpu(index).clients++);
    }

    /**
     * One client of GPU {@code index} goes away.
     *
     * @throws IllegalStateException when none is attached
     */
    public void detachClient(int index) {
        gate.runUnobserved(() -> {
            FakeGpu gpu = gate.gpu(index);
            if (gpu.clients == 0) {
                throw new IllegalStateException("GPU " + index + " has no client attached");
            }
            gpu.clients--;
        });
    }

    /**
     * A process starts on the MIG device with this UUID: destroying its compute instance fails with
     * {@code ERROR_IN_USE}, and its GPU is no longer idle.
     *
     * @throws IllegalArgumentException when no MIG device has the UUID
     */
    public void attachProcess(String migUuid) {
        gate.runUnobserved(() -> gate.migDeviceByUuid(migUuid).processes++);
    }

    /**
     * One process on the MIG device with this UUID ends.
     *
     * @throws IllegalArgumentException when no MIG device has the UUID
     * @throws IllegalStateException    when no process runs there
     */
    public void detachProcess(String migUuid) {
        gate.runUnobserved(() -> {
            FakeComputeInstance ci = gate.migDeviceByUuid(migUuid);
            if (ci.processes == 0) {
                throw new IllegalStateException("no process runs on " + migUuid);
            }
            ci.processes--;
        });
    }

    /**
     * Resets GPU {@code index} ({@code nvidia-smi --gpu-reset}): the pending MIG mode becomes current and every
     * GPU and compute instance is gone (their handles are stale).
     *
     * @throws NvmlException with {@link NvmlReturn#ERROR_IN_USE} while clients or processes are attached, with
     *                       {@link NvmlReturn#ERROR_GPU_IS_LOST} when the GPU fell off the bus
     */
    public void resetGpu(int index) {
        gate.run(() -> {
            FakeGpu gpu = gate.gpu(index);
            if (gpu.lost) {
                throw new NvmlException("nvidia-smi --gpu-reset", NvmlReturn.ERROR_GPU_IS_LOST);
            }
            if (!gpu.idle()) {
                throw new NvmlException("nvidia-smi --gpu-reset", NvmlReturn.ERROR_IN_USE);
            }
            gpu.applyPendingMode();
        });
    }

    /** GPU {@code index} falls off the bus now: every later call on it fails with {@code ERROR_GPU_IS_LOST}. */
    public void loseGpu(int index) {
        gate.run(() -> gate.gpu(index).lost = true);
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
        if (gpuIndex != -1) {
            gate.gpu(gpuIndex);
        }
        FaultQueue.check(function, gpuIndex, fault);
        gate.run(() -> gate.faults.add(new QueuedFault(function, gpuIndex, fault)));
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
        return gate.locked(gate.faults::pending);
    }

    /** Drops every queued fault. */
    public void clearFaults() {
        gate.run(gate.faults::clear);
    }

    /** Decides faults for calls no queued fault matched; {@link FaultDispatcher#NONE} by default. */
    public FakeNvml faultDispatcher(FaultDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        gate.run(() -> gate.faults.dispatcher(dispatcher));
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

    /**
     * A counter that grows with every NVML call that may change a GPU (successful or not) and every test control
     * that may (reset, loss, faults): while it stays the same, an inventory read returns the same answer, so callers
     * such as the fake cluster's driver can keep the last one instead of reading again.
     */
    public long stateChanges() {
        return gate.stateChanges;
    }

    // ------------------------------------------------------------------ journal

    /**
     * Every NVML call recorded so far (since construction or {@link #clearCalls()}), oldest first: the newest
     * {@link Builder#journalCapacity(int)} of them (100,000 by default; {@link #droppedCalls()} counts the rest).
     */
    public List<RecordedCall> calls() {
        return gate.locked(gate.journal::all);
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
        return gate.locked(gate.journal::take);
    }

    /** The oldest call not taken yet, waiting up to {@code timeout} for one; empty when none came. */
    public Optional<RecordedCall> takeCall(Duration timeout) throws InterruptedException {
        gate.lock.lock();
        try {
            return gate.journal.take(timeout);
        } finally {
            gate.lock.unlock();
        }
    }

    /** How many recorded calls the journal dropped, oldest first, to stay within its capacity. */
    public long droppedCalls() {
        return gate.locked(gate.journal::dropped);
    }

    /** Forgets every recorded call. */
    public void clearCalls() {
        gate.run(gate.journal::clear);
    }

    @Override
    public String toString() {
        return "FakeNvml" + gpus.stream().map(g -> g.product.alias()).collect(Collectors.groupingBy(a -> a,
                java.util.LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining(", ", "[", "]"));
    }

    private record Board(GpuProduct product, GpuVariant variant) {
    }

    // ------------------------------------------------------------------ builder

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
        private int journalCapacity = CallJournal.DEFAULT_CAPACITY;

        private Builder() {
        }

        /**
         * How many of the newest NVML calls the journal keeps ({@link #calls()}, {@link #takeCall()}); older ones
         * are dropped and counted ({@link #droppedCalls()}), so a fake that serves a long run stays bounded.
         * 100,000 by default; 0 keeps none.
         *
         * @throws IllegalArgumentException for a negative capacity
         */
        public Builder journalCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("journalCapacity: must not be negative, got " + capacity);
            }
            this.journalCapacity = capacity;
            return this;
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
