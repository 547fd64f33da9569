package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig4j serve} on a free port, used by the real kubectl, then stopped. */
@Timeout(120)
class ServeCommandTest {

    /** A serve command running in a thread of its own until {@link #stop()}. */
    static final class Serving {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Serving(String... args) {
            thread = new Thread(() -> exit.set(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))),
                    "serve-test");
            thread.start();
        }

        void awaitListening() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.toString().contains("Press Ctrl+C to stop.")) {
                assertThat(exit.get()).as("serve ended early: " + err).isEqualTo(-1);
                assertThat(System.nanoTime()).as("serve did not start within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            return exit.get();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String kubectl(Path kubeconfig, Path cache, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl().toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cache.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void servesKubectlOnAFreePortUntilInterrupted(@TempDir Path dir) throws Exception {
        assumeTrue(kubectl() != null, "kubectl is not on PATH: this test runs the real kubectl against mig4j serve");
        int port = freePort();
        Path kubeconfig = dir.resolve("kubeconfig");
        Serving serving = new Serving("serve", "--port", Integer.toString(port), "--kubeconfig-out", kubeconfig.toString());
        serving.awaitListening();
        assertThat(serving.out.toString()).contains("listening on http://127.0.0.1:" + port,
                "export KUBECONFIG=" + kubeconfig.toAbsolutePath());
        assertThat(kubectl(kubeconfig, dir.resolve("cache"), "version")).contains("Server Version: v1.37.0");
        assertThat(kubectl(kubeconfig, dir.resolve("cache"), "get", "ns")).contains("default", "kube-system");
        assertThat(serving.stop()).isZero();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }

    @Test
    void servesHttpsWithATokenThroughTheKubeconfig(@TempDir Path dir) throws Exception {
        assumeTrue(kubectl() != null, "kubectl is not on PATH: this test runs the real kubectl against mig4j serve");
        Path kubeconfig = dir.resolve("kubeconfig");
        Serving serving = new Serving("serve", "--tls", "--token", "t0ken", "--kubeconfig-out", kubeconfig.toString());
        serving.awaitListening();
        assertThat(serving.out.toString()).contains("listening on https://127.0.0.1:");
        assertThat(Files.readString(kubeconfig)).contains("token: t0ken", "certificate-authority-data:");
        assertThat(kubectl(kubeconfig, dir.resolve("cache"), "get", "ns", "default", "-o", "name"))
                .isEqualTo("namespace/default\n");
        assertThat(serving.stop()).isZero();
    }

    @Test
    void badInputIsOneLineWithExitCode2() {
        CliRun port = CliRun.of("serve", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).isEqualTo("mig4j: --port must be between 0 and 65535, got 70000\n");
        CliRun notANumber = CliRun.of("serve", "--port", "abc");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err().lines()).hasSize(1);
        CliRun token = CliRun.of("serve", "--token", "a b");
        assertThat(token.exitCode()).isEqualTo(2);
        assertThat(token.err()).startsWith("mig4j: --token must be");
    }

    @Test
    void aPortInUseIsAFailureNotACrash() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("mig4j: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }
}
