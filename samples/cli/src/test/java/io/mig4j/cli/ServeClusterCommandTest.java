package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig4j serve} driven by the real kubectl, as the recipe's reader would: seven pods with a 1g.10gb claim on
 * one A100-80GB run, the eighth stays Pending with a FailedScheduling event saying why, and runs once a pod is
 * deleted. Also the one-line errors for bad options.
 */
class ServeClusterCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        CliRun gpu = CliRun.of("serve", "--gpu", "Z999-1GB", "--kubeconfig", dir.resolve("k").toString());
        assertThat(gpu.exitCode()).isEqualTo(2);
        assertThat(gpu.err()).isEqualTo("mig4j: --product 'Z999-1GB': unknown GPU product 'Z999-1GB' (see 'mig4j products')"
                + System.lineSeparator());
        CliRun count = CliRun.of("serve", "--gpu", "H100-80GBx0");
        assertThat(count.exitCode()).isEqualTo(2);
        assertThat(count.err()).contains("GPUs per node must be 1 to 16, got 0");
        CliRun config = CliRun.of("serve", "-c", "all-1g.10gb");
        assertThat(config.exitCode()).isEqualTo(2);
        assertThat(config.err()).contains("--mig-config and -c go together");
        CliRun nodes = CliRun.of("serve", "--nodes", "1", "--gpu", "A100-80GB", "--gpu", "H100-80GB");
        assertThat(nodes.exitCode()).isEqualTo(2);
        assertThat(nodes.err()).contains("2 --product values for 1 node(s)");
    }

    @Test
    void kubectlSeesSevenPodsRunningAndTheEighthPendingUntilADeviceFrees() throws Exception {
        Path config = dir.resolve("mig-parted.yaml");
        Files.writeString(config, "version: v1\nmig-configs:\n  all-1g.10gb:\n    - devices: all\n"
                + "      mig-enabled: true\n      mig-devices:\n        \"1g.10gb\": 7\n");
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        StringWriter out = new StringWriter();
        Thread serve = new Thread(() -> Main.run(new String[] {"serve", "--nodes", "1", "--gpu", "A100-80GB",
                "--mig-config", config.toString(), "-c", "all-1g.10gb", "--kubeconfig", kubeconfig.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), "mig4j-serve");
        serve.start();
        try {
            waitFor("the kubeconfig", () -> Files.exists(kubeconfig) && out.toString().contains("export KUBECONFIG"));
            Path manifests = dir.resolve("pods.yaml");
            StringBuilder yaml = new StringBuilder("apiVersion: resource.k8s.io/v1\nkind: ResourceClaimTemplate\n"
                    + "metadata:\n  name: mig-small\nspec:\n  spec:\n    devices:\n      requests:\n      - name: mig\n"
                    + "        exactly:\n          deviceClassName: mig.nvidia.com\n          selectors:\n"
                    + "          - cel:\n              expression: device.attributes['gpu.nvidia.com'].profile == "
                    + "'1g.10gb'\n");
            for (int i = 1; i <= 7; i++) {
                yaml.append(pod("pod-" + i));
            }
            Files.writeString(manifests, yaml.toString());
            assertThat(kubectl(kubeconfig, "apply", "-f", manifests.toString()).code).isZero();
            waitFor("7 running pods", () -> running(kubeconfig) == 7);

            Files.writeString(manifests, pod("pod-8"));
            assertThat(kubectl(kubeconfig, "apply", "-f", manifests.toString()).code).isZero();
            waitFor("a FailedScheduling event", () -> kubectl(kubeconfig, "get", "events", "--field-selector",
                    "involvedObject.name=pod-8,reason=FailedScheduling", "-o", "jsonpath={.items[*].message}").out
                    .contains("0/1 nodes are available: 1 cannot allocate all claims."));
            assertThat(kubectl(kubeconfig, "get", "pod", "pod-8", "-o", "jsonpath={.status.phase}").out)
                    .isEqualTo("Pending");
            assertThat(kubectl(kubeconfig, "describe", "pod", "pod-8").out).contains("FailedScheduling")
                    .contains("cannot allocate all claims");

            assertThat(kubectl(kubeconfig, "delete", "pod", "pod-3", "--wait=true").code).isZero();
            waitFor("pod-8 running", () -> kubectl(kubeconfig, "get", "pod", "pod-8", "-o",
                    "jsonpath={.status.phase}").out.equals("Running"));
            assertThat(running(kubeconfig)).isEqualTo(7);
            assertThat(kubectl(kubeconfig, "get", "resourceclaims", "-o", "name").out.lines().count()).isEqualTo(7);
        } finally {
            serve.interrupt();
            serve.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(serve.isAlive()).isFalse();
    }

    private static String pod(String name) {
        return "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  containers:\n"
                + "  - name: app\n    image: nvcr.io/nvidia/cuda:12.4.0-base-ubuntu22.04\n    resources:\n"
                + "      claims:\n      - name: gpu\n  resourceClaims:\n  - name: gpu\n"
                + "    resourceClaimTemplateName: mig-small\n";
    }

    private static long running(Path kubeconfig) {
        return kubectl(kubeconfig, "get", "pods", "-o", "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}")
                .out.lines().filter("Running"::equals).count();
    }

    private record Result(int code, String out) {
    }

    private static Result kubectl(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), text.strip());
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed for this test (it is installed on the build machines): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls until the condition holds (the cluster reconciles in the background, as a real one does). */
    private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
