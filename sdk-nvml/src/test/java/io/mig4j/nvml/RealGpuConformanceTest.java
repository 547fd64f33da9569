package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The read-only NVML contract on this machine's real GPUs, through every binding this JVM has. Runs only where
 * the NVIDIA kernel driver is loaded (never on CI here); {@code tools/gpu-proof.sh} runs the same checks through
 * {@code mig4j doctor} on GPU machines without Maven.
 *
 * <p>The library is opened by its absolute path: other tests in this JVM load the C test double, and a bare
 * {@code libnvidia-ml.so.1} would be answered by dlopen with the library of that name already loaded.
 */
@EnabledIf("driverPresent")
class RealGpuConformanceTest {

    static boolean driverPresent() {
        return Files.exists(Path.of("/proc/driver/nvidia/version")) && realLibrary().isPresent();
    }

    static Optional<String> realLibrary() {
        List<String> candidates = new ArrayList<>();
        NvmlLoader.DEFAULT_LIBRARIES.stream().filter(l -> l.startsWith("/")).forEach(candidates::add);
        try {
            Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            out.lines().filter(l -> l.contains("libnvidia-ml.so.1") && l.contains("=>"))
                    .map(l -> l.substring(l.indexOf("=>") + 2).strip()).forEach(candidates::add);
        } catch (IOException e) {
            // no ldconfig: the usual paths only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return candidates.stream().filter(c -> Files.isRegularFile(Path.of(c))).findFirst();
    }

    @Test
    void everyBindingMeetsTheReadOnlyContractOnTheRealDriver() {
        String library = realLibrary().orElseThrow();
        List<NvmlLoader.Backend> backends = new ArrayList<>(List.of(NvmlLoader.Backend.JNA));
        if (NvmlLoader.ffmAvailable()) {
            backends.add(NvmlLoader.Backend.FFM);
        }
        for (NvmlLoader.Backend backend : backends) {
            try (Nvml nvml = NvmlLoader.load(NvmlLoader.Options.defaults().withLibrary(library).withBackend(backend))) {
                nvml.init();
                List<NvmlConformance.Check> checks = NvmlConformance.run(nvml);
                assertThat(checks).as(backend + " checks").isNotEmpty();
                assertThat(checks.stream().filter(c -> !c.passed()).toList()).as(backend + " failed checks").isEmpty();
            }
        }
    }
}
