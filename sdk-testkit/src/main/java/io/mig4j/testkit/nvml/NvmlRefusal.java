package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlReturn;

/**
 * The NVML error a simulated call returns. Thrown inside the fake only: {@link CallGate} records it in the journal
 * and turns it into the {@code NvmlException} naming the C function, as a binding would.
 */
final class NvmlRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final NvmlReturn code;

    NvmlRefusal(NvmlReturn code) {
        super(code.nvmlName(), null, false, false);
        this.code = code;
    }
}
