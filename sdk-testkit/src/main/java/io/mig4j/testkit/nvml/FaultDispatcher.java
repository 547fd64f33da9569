package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides, call by call, whether a {@link FakeNvml} call fails: the open extension point beside the FIFO queue
 * of {@link FakeNvml#enqueue(NvmlFunction, Fault)}. Consulted only when no queued fault matched.
 * Runs under the fake's lock: keep it quick and do not call the fake from it.
 */
@FunctionalInterface
public interface FaultDispatcher {

    /** No faults: the default. */
    FaultDispatcher NONE = (function, gpuIndex, arguments) -> Optional.empty();

    /**
     * @param function  the C function being called
     * @param gpuIndex  the index of the GPU the call is about, when it is about one known GPU
     * @param arguments the call's arguments, as the journal records them
     * @return the fault to apply, or empty to run the call normally
     */
    Optional<Fault> dispatch(NvmlFunction function, OptionalInt gpuIndex, List<Object> arguments);
}
