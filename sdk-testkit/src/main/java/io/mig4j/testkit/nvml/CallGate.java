package io.mig4j.testkit.nvml;

import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What every NVML call of a {@link FakeNvml} passes through, in order: the one lock, a queued or dispatched fault,
 * the initialization check, the handle lookup, the body, and the journal entry with the result. Holds the state
 * shared by all GPUs: the GPUs themselves, the handles, the faults, the journal and NVML's init count.
 */
final class CallGate {
    final ReentrantLock lock = new ReentrantLock();
    final CallJournal journal;
    final FaultQueue faults = new FaultQueue();
    final Handles handles = new Handles();
    final List<FakeGpu> gpus = new ArrayList<>();
    int initCount;
    /** Grows with every call or control that may change what an inventory read returns. */
    volatile long stateChanges;
    /** The activation status a {@link Fault.ModeChangePending} imposes on the current call, else null. */
    NvmlReturn forcedActivation;

    /** @param journalCapacity how many of the newest calls the journal keeps */
    CallGate(int journalCapacity) {
        journal = new CallJournal(lock.newCondition(), journalCapacity);
    }

    /** Runs a test control (not an NVML call: no fault, no journal entry) under the lock. */
    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a test control that returns nothing under the lock (it may change the GPUs' state). */
    void run(Runnable body) {
        locked(() -> {
            stateChanges++;
            body.run();
            return null;
        });
    }

    /** Runs a test control that changes nothing an inventory shows (clients, processes) under the lock. */
    void runUnobserved(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    /** GPU {@code index}, for test controls. */
    FakeGpu gpu(int index) {
        if (index < 0 || index >= gpus.size()) {
            throw new IndexOutOfBoundsException("GPU index " + index + " out of range: this fake has "
                    + gpus.size() + " GPU(s)");
        }
        return gpus.get(index);
    }

    /**
     * One NVML call.
     *
     * @param gpuIndex the index of the GPU the call is about, or -1 (for faults aimed at one GPU); must not throw
     * @param body     the call's work; an {@link NvmlRefusal} from it becomes the call's error
     */
    <T> T call(NvmlFunction fn, List<Object> args, IntSupplier gpuIndex, Supplier<T> body) {
        lock.lock();
        try {
            int gpu = gpuIndex.getAsInt();
            if (fn.mutating()) {
                stateChanges++;
            }
            Fault fault = faults.next(fn, gpu, args);
            if (fault instanceof Fault.Returns r) {
                throw failed(fn, args, r.code());
            }
            if (fault instanceof Fault.GpuLost) {
                stateChanges++;
                if (gpu >= 0) {
                    gpus.get(gpu).lost = true;
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
                    throw new NvmlRefusal(NvmlReturn.ERROR_UNINITIALIZED);
                }
                T result = body.get();
                journal.record(fn, args, NvmlReturn.SUCCESS);
                return result;
            } catch (NvmlRefusal r) {
                throw failed(fn, args, r.code);
            } finally {
                forcedActivation = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A call on any device handle: the body gets a {@link FakeGpu} or a {@link FakeComputeInstance} (MIG device). */
    <T> T onDevice(NvmlFunction fn, DeviceHandle device, List<Object> rest, Function<Object, T> body) {
        Objects.requireNonNull(device, "device");
        return call(fn, with(device, rest), () -> gpuIndexOf(handles.device(device)), () -> {
            Object d = handles.device(device);
            if (d == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            (d instanceof FakeComputeInstance ci ? ci.gpu() : (FakeGpu) d).alive();
            return body.apply(d);
        });
    }

    /** A call on a GPU handle; a MIG device handle there is not simulated. */
    <T> T onGpu(NvmlFunction fn, DeviceHandle device, List<Object> rest, Function<FakeGpu, T> body) {
        return onDevice(fn, device, rest, d -> body.apply(gpuOnly(d, fn.javaMethods().get(0))));
    }

    <T> T onGpuInstance(NvmlFunction fn, GpuInstanceHandle handle, List<Object> rest,
                        Function<FakeGpuInstance, T> body) {
        Objects.requireNonNull(handle, "gpuInstance");
        return call(fn, with(handle, rest), () -> {
            FakeGpuInstance gi = handles.gpuInstance(handle);
            return gi == null ? -1 : gi.gpu().index;
        }, () -> {
            FakeGpuInstance gi = handles.gpuInstance(handle);
            if (gi == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            gi.gpu().alive();
            return body.apply(gi);
        });
    }

    <T> T onComputeInstance(NvmlFunction fn, ComputeInstanceHandle handle, Function<FakeComputeInstance, T> body) {
        Objects.requireNonNull(handle, "computeInstance");
        return call(fn, List.of(handle), () -> {
            FakeComputeInstance ci = handles.computeInstance(handle);
            return ci == null ? -1 : ci.gpu().index;
        }, () -> {
            FakeComputeInstance ci = handles.computeInstance(handle);
            if (ci == null) {
                throw new NvmlRefusal(NvmlReturn.ERROR_INVALID_ARGUMENT);
            }
            ci.gpu().alive();
            return body.apply(ci);
        });
    }

    /**
     * The GPU or MIG device ({@link FakeComputeInstance}) with this UUID: {@code GPU-...}, {@code MIG-...} or the
     * legacy {@code MIG-GPU-<uuid>/<gi>/<ci>} form; null when none has it.
     */
    Object byUuid(String uuid) {
        for (FakeGpu gpu : gpus) {
            if (gpu.uuid.equals(uuid)) {
                return gpu;
            }
            for (FakeComputeInstance ci : gpu.mig.migDevices()) {
                if (ci.uuid.equals(uuid)) {
                    return ci;
                }
            }
        }
        if (uuid.startsWith("MIG-GPU-")) {
            String[] parts = uuid.substring(4).split("/", -1);
            if (parts.length == 3) {
                for (FakeGpu gpu : gpus) {
                    if (gpu.uuid.equals(parts[0])) {
                        try {
                            FakeGpuInstance gi = gpu.mig.gpuInstances.get(Integer.parseInt(parts[1]));
                            return gi == null ? null : gi.computeInstances.get(Integer.parseInt(parts[2]));
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The MIG device with this UUID, for test controls. */
    FakeComputeInstance migDeviceByUuid(String migUuid) {
        Objects.requireNonNull(migUuid, "migUuid");
        if (byUuid(migUuid) instanceof FakeComputeInstance ci) {
            return ci;
        }
        throw new IllegalArgumentException("no MIG device has UUID " + migUuid + "; known: "
                + gpus.stream().flatMap(g -> g.mig.migDevices().stream()).map(c -> c.uuid).toList());
    }

    /** The GPU at {@code [domain, bus, device, function]} (each GPU is device 0 function 0 of its bus), or null. */
    FakeGpu byBus(int[] parsed) {
        if (parsed == null || parsed[0] != 0 || parsed[2] != 0 || parsed[3] != 0) {
            return null;
        }
        return gpus.stream().filter(g -> g.bus == parsed[1]).findFirst().orElse(null);
    }

    static FakeGpu gpuOnly(Object device, String method) {
        if (device instanceof FakeComputeInstance) {
            throw FakeGpu.notSimulated(method, "for MIG device handles");
        }
        return (FakeGpu) device;
    }

    static int gpuIndexOf(Object device) {
        if (device instanceof FakeGpu gpu) {
            return gpu.index;
        }
        return device instanceof FakeComputeInstance ci ? ci.gpu().index : -1;
    }

    private NvmlException failed(NvmlFunction fn, List<Object> args, NvmlReturn code) {
        journal.record(fn, args, code);
        return new NvmlException(fn.cName(), code);
    }

    private static List<Object> with(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** Sleeps with the lock released, so that other threads' calls go on during a delayed one. */
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
}
