package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** The faults queued for coming calls (FIFO, each applied once) and the dispatcher asked when none matches. */
final class FaultQueue {
    private final List<FakeNvml.QueuedFault> queued = new ArrayList<>();
    private FaultDispatcher dispatcher = FaultDispatcher.NONE;

    /**
     * Checks that {@code fault} can happen on {@code function} (a lost GPU needs a call about one GPU; a pending
     * mode change needs {@code nvmlDeviceSetMigMode}).
     *
     * @throws IllegalArgumentException when it cannot
     */
    static void check(NvmlFunction function, int gpuIndex, Fault fault) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(fault, "fault");
        if (gpuIndex != -1 && !function.targetsGpu()) {
            throw new IllegalArgumentException(function.cName() + " is not about one GPU; queue the fault"
                    + " without a GPU index");
        }
        if (fault instanceof Fault.GpuLost && !function.targetsGpu()) {
            throw new IllegalArgumentException("a GPU cannot be lost in " + function.cName()
                    + ", which is not about one GPU");
        }
        if (fault instanceof Fault.ModeChangePending && function != NvmlFunction.DEVICE_SET_MIG_MODE) {
            throw new IllegalArgumentException(fault + " only applies to nvmlDeviceSetMigMode, not "
                    + function.cName());
        }
    }

    void add(FakeNvml.QueuedFault fault) {
        queued.add(fault);
    }

    List<FakeNvml.QueuedFault> pending() {
        return List.copyOf(queued);
    }

    void clear() {
        queued.clear();
    }

    void dispatcher(FaultDispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** The fault for this call: the oldest queued one that matches (removed), else the dispatcher's, else null. */
    Fault next(NvmlFunction function, int gpuIndex, List<Object> args) {
        for (int i = 0; i < queued.size(); i++) {
            FakeNvml.QueuedFault q = queued.get(i);
            if (q.function() == function && (q.gpuIndex() == -1 || q.gpuIndex() == gpuIndex)) {
                queued.remove(i);
                return q.fault();
            }
        }
        return dispatcher.dispatch(function, gpuIndex >= 0 ? OptionalInt.of(gpuIndex) : OptionalInt.empty(), args)
                .orElse(null);
    }
}
