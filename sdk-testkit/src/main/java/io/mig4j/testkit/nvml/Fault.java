package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.Objects;

/**
 * What goes wrong with one NVML call of a {@link FakeNvml}: the <em>what</em> of fault injection. The
 * <em>when</em> is given by {@link FakeNvml#enqueue(NvmlFunction, Fault)} (the next call of a function, on any
 * GPU or on one GPU) or by a {@link FaultDispatcher}.
 *
 * @implSpec Immutable values. The permitted records are the complete list (a {@code switch} over them is
 *           exhaustive on Java 21+).
 */
public sealed interface Fault permits Fault.Returns, Fault.GpuLost, Fault.ModeChangePending, Fault.Delay {

    /** The call fails with {@code code} and changes nothing. */
    static Fault returns(NvmlReturn code) {
        return new Returns(code);
    }

    /**
     * The GPU falls off the bus: the call and every later call on that GPU (its handle, its MIG devices, its
     * GPU and compute instances, its index, UUID or PCI bus id) fail with {@link NvmlReturn#ERROR_GPU_IS_LOST}.
     */
    static Fault gpuLost() {
        return GpuLost.INSTANCE;
    }

    /**
     * Only for {@link NvmlFunction#DEVICE_SET_MIG_MODE}: the call succeeds and records the new pending mode,
     * but another client holds the GPU, so activation reports {@link NvmlReturn#ERROR_IN_USE} and the change
     * stays pending ({@code nvidia-smi}: "In use by another client"). A call that changes nothing (the mode
     * asked for is already current) still reports success and uses the fault up.
     */
    static Fault inUseByAnotherClient() {
        return new ModeChangePending(NvmlReturn.ERROR_IN_USE);
    }

    /**
     * Only for {@link NvmlFunction#DEVICE_SET_MIG_MODE}: the GPU cannot be reset here (a pass-through VM), so
     * activation reports {@link NvmlReturn#ERROR_RESET_REQUIRED} and the change stays pending until
     * {@link FakeNvml#resetGpu(int)}.
     */
    static Fault resetRequired() {
        return new ModeChangePending(NvmlReturn.ERROR_RESET_REQUIRED);
    }

    /** The call waits this long (without holding the fake's lock), then runs normally. */
    static Fault delay(Duration duration) {
        return new Delay(duration);
    }

    /** See {@link Fault#returns(NvmlReturn)}. */
    record Returns(NvmlReturn code) implements Fault {
        public Returns {
            Objects.requireNonNull(code, "code");
            if (code == NvmlReturn.SUCCESS || code == NvmlReturn.UNRECOGNIZED) {
                throw new IllegalArgumentException("a fault must return an NVML error code, not " + code);
            }
        }
    }

    /** See {@link Fault#gpuLost()}. */
    record GpuLost() implements Fault {
        static final GpuLost INSTANCE = new GpuLost();
    }

    /**
     * See {@link Fault#inUseByAnotherClient()} and {@link Fault#resetRequired()}.
     *
     * @param activationStatus what {@code nvmlDeviceSetMigMode} reports in {@code *activationStatus}
     */
    record ModeChangePending(NvmlReturn activationStatus) implements Fault {
        public ModeChangePending {
            Objects.requireNonNull(activationStatus, "activationStatus");
            if (activationStatus == NvmlReturn.SUCCESS || activationStatus == NvmlReturn.UNRECOGNIZED) {
                throw new IllegalArgumentException("a pending mode change needs an error status, not "
                        + activationStatus);
            }
        }
    }

    /** See {@link Fault#delay(Duration)}. */
    record Delay(Duration duration) implements Fault {
        public Delay {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, got " + duration);
            }
        }
    }
}
