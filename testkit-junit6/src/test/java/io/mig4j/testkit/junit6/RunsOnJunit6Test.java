package io.mig4j.testkit.junit6;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.testkit.junit.FakeGpusExtension;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;

/**
 * Guards this module's point: the tests it runs from sdk-testkit's test-jar run on JUnit 6 (API, engine and
 * platform), while sdk-testkit itself was compiled against JUnit 5.14.
 */
class RunsOnJunit6Test {

    @Test
    void theJupiterApiAndThePlatformAreJunit6() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
        assertThat(TestEngine.class.getPackage().getImplementationVersion()).startsWith("6.");
    }

    @Test
    void theExtensionsComeFromSdkTestkit() {
        assertThat(FakeGpusExtension.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("sdk-testkit");
    }
}
