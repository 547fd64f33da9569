package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's stderr in a real process ({@link Main#main}, not {@link Main#run}): the commands that use fabric8 and
 * WireMock print no logging-library noise (SLF4J's "No SLF4J providers were found" lines), so stderr holds only what
 * mig4j says.
 */
class ProcessStderrTest {
    @Test
    void theDemoPrintsNoLoggingLibraryWarnings(@TempDir Path dir) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(javaBin, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--gpu", "H100-80GB", "--json");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("SLF4J");
        assertThat(Files.readString(dir.resolve("out"))).contains("\"recipe\"");
    }
}
