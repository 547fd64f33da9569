package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One NVML call a {@link FakeNvml} received, for verification.
 *
 * @param function  the C function, e.g. {@code nvmlDeviceCreateGpuInstanceWithPlacement}
 * @param arguments the inputs in C order: handles ({@code DeviceHandle}, {@code GpuInstanceHandle},
 *                  {@code ComputeInstanceHandle}), {@code Integer}s, {@code Placement}s and {@code String}s;
 *                  the struct version of a versioned query is recorded as {@code "v2"} / {@code "v3"}
 * @param result    what NVML returned ({@link NvmlReturn#SUCCESS} or the error code)
 * @implSpec Immutable and thread-safe.
 */
public record RecordedCall(String function, List<Object> arguments, NvmlReturn result) {

    public RecordedCall {
        Objects.requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(result, "result");
    }

    /** The argument at {@code i}. */
    public Object argument(int i) {
        return arguments.get(i);
    }

    /** The function as a constant, if it is one {@link FakeNvml} knows. */
    public java.util.Optional<NvmlFunction> nvmlFunction() {
        return NvmlFunction.find(function);
    }

    /** Whether the call would change a GPU (whatever its result). */
    public boolean mutating() {
        return nvmlFunction().map(NvmlFunction::mutating).orElse(false);
    }

    /** Whether NVML returned {@link NvmlReturn#SUCCESS}. */
    public boolean succeeded() {
        return result == NvmlReturn.SUCCESS;
    }

    /** {@code nvmlDeviceCreateGpuInstance(nvmlDevice_t@1000, 9) -> NVML_ERROR_INSUFFICIENT_RESOURCES}. */
    @Override
    public String toString() {
        return function + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"))
                + " -> " + result.nvmlName();
    }
}
