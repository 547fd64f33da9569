package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Without the C test double (no gcc) the binding tests are skipped in a developer build but fail in CI
 * ({@value NvmlBindingContractTest#REQUIRE_DOUBLE_PROPERTY}, set by the ci profile).
 */
class DoubleRequirementTest {
    private final String savedPath = System.getProperty(NvmlBindingContractTest.OLD_DOUBLE_PROPERTY);
    private final String savedRequire = System.getProperty(NvmlBindingContractTest.REQUIRE_DOUBLE_PROPERTY);

    @AfterEach
    void restore() {
        restore(NvmlBindingContractTest.OLD_DOUBLE_PROPERTY, savedPath);
        restore(NvmlBindingContractTest.REQUIRE_DOUBLE_PROPERTY, savedRequire);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void aMissingDoubleSkipsADeveloperBuild() {
        System.setProperty(NvmlBindingContractTest.OLD_DOUBLE_PROPERTY, "/nonexistent/libnvidia-ml.so.1");
        System.setProperty(NvmlBindingContractTest.REQUIRE_DOUBLE_PROPERTY, "false");
        assertThat(catchThrowable(NvmlBindingContractTest::oldDoublePath)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(NvmlBindingContractTest.GCC_MISSING);
    }

    @Test
    void aMissingDoubleFailsCi() {
        System.setProperty(NvmlBindingContractTest.OLD_DOUBLE_PROPERTY, "/nonexistent/libnvidia-ml.so.1");
        System.setProperty(NvmlBindingContractTest.REQUIRE_DOUBLE_PROPERTY, "true");
        assertThat(catchThrowable(NvmlBindingContractTest::oldDoublePath)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(NvmlBindingContractTest.GCC_MISSING).hasMessageContaining("CI");
    }
}
