package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on NVML return codes. */
final class NvmlAssertions {
    private NvmlAssertions() {
    }

    /** Asserts the call throws {@link NvmlException} with {@code code}. */
    static NvmlException assertNvmlError(ThrowingCallable call, NvmlReturn code) {
        NvmlException[] caught = new NvmlException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(NvmlException.class, e -> {
            assertThat(e.result()).as("NVML return code of %s", e.getMessage()).isEqualTo(code);
            caught[0] = e;
        });
        return caught[0];
    }
}
