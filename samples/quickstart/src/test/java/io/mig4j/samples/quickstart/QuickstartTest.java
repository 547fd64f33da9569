package io.mig4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the sample's {@code main} logic on its default fake node and checks what it prints and returns. */
class QuickstartTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Quickstart.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultRunPartitionsTwoFakeH100sPublishesSlicesAndAllocatesA1gDevice() {
        Run r = run();

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("GPU 0: NVIDIA H100 80GB HBM3 (H100-80GB), MIG disabled, 0 GPU instances")
                // per GPU: enable MIG + 4 GPU instances with one compute instance each
                .contains("plan for config 'quickstart': 18 steps")
                .contains("  - GPU 0: enable MIG mode")
                .contains("  - GPU 1: create GPU instance 3g.40gb (profile ID 9) at memory slices 4:4")
                .contains("applied 18 steps; node now:")
                .contains("GPU 1: NVIDIA H100 80GB HBM3 (H100-80GB), MIG enabled, 4 GPU instances")
                // static MIG: one device per MIG instance, all GPUs of the node in one slice of pool = node
                .contains("ResourceSlices: 1 slice(s), 8 devices in pool quickstart-node (generation 1)");
        // the first 1g.10gb of GPU 0 (memory slice 2), named as NVIDIA's driver names MIG devices
        Matcher claim = Pattern.compile("claim default/quickstart \\(1g\\.10gb\\) -> device (gpu-0-mig-1g10gb-19-2) of "
                + "pool quickstart-node, (MIG-[0-9a-f-]{36})").matcher(r.out());
        assertThat(claim.find()).as(r.out()).isTrue();
        // the MIG UUID the claim got is the one the inventory shows at that placement
        assertThat(r.out()).contains("1g.10gb at memory slices 2:1  " + claim.group(2));
    }

    @Test
    void aProfileTheLayoutDoesNotHaveIsExplainedAndExitsOne() {
        Run r = run("--profile", "7g.80gb");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("claim default/quickstart (7g.80gb) cannot be allocated:")
                .contains("default/quickstart");
    }

    @Test
    void aMigPartedFileFromTheRepositoryCanBeUsed() {
        Run r = run("--file", "../configs/mig-parted-example.yaml", "--config", "training-optimized",
                "--profile", "4g.40gb");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("plan for config 'training-optimized': 10 steps")
                .contains("ResourceSlices: 1 slice(s), 4 devices")
                .contains("claim default/quickstart (4g.40gb) -> device gpu-0-mig-4g40gb-5-0");
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        Run apply = run("--apply");
        assertThat(apply.code()).isEqualTo(2);
        assertThat(apply.err()).isEqualTo("quickstart: --apply changes real GPUs and needs --nvml (the fake node is"
                + " always changed)" + System.lineSeparator());

        Run unknown = run("--gpu", "H100");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("quickstart: unknown option '--gpu'");

        Run missing = run("--config");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--config needs a value");

        Run config = run("--config", "no-such-config");
        assertThat(config.code()).as(config.toString()).isEqualTo(2);
        assertThat(config.err()).contains("no-such-config");
        assertThat(config.out()).doesNotContain("ResourceSlices");
    }

    @Test
    void realNvmlWithoutTheLibrarySaysSoAndExitsOne() {
        String old = System.getProperty("mig4j.nvml.library");
        System.setProperty("mig4j.nvml.library", "/nonexistent/libnvidia-ml.so.1");
        try {
            Run r = run("--nvml");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).startsWith("quickstart: ").contains("/nonexistent/libnvidia-ml.so.1");
            assertThat(r.out()).isEmpty();
        } finally {
            if (old == null) {
                System.clearProperty("mig4j.nvml.library");
            } else {
                System.setProperty("mig4j.nvml.library", old);
            }
        }
    }
}
