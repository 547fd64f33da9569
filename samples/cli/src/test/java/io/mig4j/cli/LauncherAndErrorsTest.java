package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The {@code ./mig4j} launcher's MIG4J_JAVA check, and how {@link Main} reports an {@link Error}. */
class LauncherAndErrorsTest {

    private static String[] launch(String mig4jJava) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "../../mig4j", "products");
        pb.environment().put("MIG4J_JAVA", mig4jJava);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()};
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void mig4jJavaPointingAtNothingIsAnErrorNotIgnored() throws Exception {
        assertThat(launch("/nonexistent/bin/java")).containsExactly("2", "mig4j: MIG4J_JAVA=/nonexistent/bin/java is"
                + " not an executable file; set it to a java binary (17 or newer) or unset it");
        assertThat(launch("/bin/sh")[1]).isEqualTo("mig4j: MIG4J_JAVA=/bin/sh does not run as java (it printed no"
                + " java.specification.version)");
    }

    @Test
    void picocliWritesNothingOfItsOwnToTheProcessStderr() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        CliRun run;
        try {
            run = CliRun.of("layouts", "--gpu", "H100-80GB", "--profiles", "2g.\"47gb");
        } finally {
            System.setErr(saved);
        }
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli");
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithExitCode1AndAJsonErrorWithJson() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.report(new PrintWriter(out, true), new PrintWriter(err, true), true,
                new OutOfMemoryError("Java heap space"));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("mig4j: out of memory (Java heap space); the input asks for more"
                + " than this JVM can hold");
        assertThat(CliRun.of().exitCode()).isEqualTo(2); // no subcommand
        assertThat(tools.jackson.databind.json.JsonMapper.shared().readTree(out.toString()).get("exitCode").intValue())
                .isEqualTo(1);
        StringWriter err2 = new StringWriter();
        assertThat(Main.report(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), false,
                new StackOverflowError())).isEqualTo(1);
        assertThat(err2.toString().strip()).isEqualTo("mig4j: the input is nested too deeply to process"
                + " (StackOverflowError)");
    }
}
