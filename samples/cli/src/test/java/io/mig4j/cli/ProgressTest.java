package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.nvml.MigStep;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Progress of multi-GPU plans on stderr: off when not in a terminal, one line per step when shown. */
class ProgressTest {
    private static final String[] APPLY = {"apply", "-f", "../../samples/configs/mig-parted-example.yaml", "-c",
        "all-1g.10gb", "--fake", "H100-80GBx2", "--apply"};

    @AfterEach
    void reset() {
        System.clearProperty("mig4j.progress");
    }

    @Test
    void nothingIsPrintedWhenNotInATerminal() {
        assertThat(Progress.enabled()).isFalse(); // tests run without a terminal
        CliRun run = CliRun.of(APPLY);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        CliRun enable = CliRun.of("mig", "enable", "-i", "0,1", "--fake", "A100-40GBx2", "--apply");
        assertThat(enable.exitCode()).as(enable.toString()).isZero();
        assertThat(enable.err()).isEmpty();
        assertThat(Progress.isTerminal(null)).isFalse();
    }

    @Test
    void whenShownEachStepIsOneLineAsItStarts() {
        System.setProperty("mig4j.progress", "always");
        CliRun run = CliRun.of(APPLY);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.err().lines().toList();
        // per GPU: enable MIG mode, then 7 x (GPU instance, compute instance)
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("mig4j: executing 30 steps on 2 GPUs (GPUs 0, 1)");
        assertThat(lines.get(1)).isEqualTo("mig4j: [1/30] GPU 0: enable MIG mode");
        assertThat(lines.get(2)).startsWith("mig4j: [2/30] GPU 0: create GPU instance 1g.10gb (profile ID 19)");
        assertThat(lines.get(16)).isEqualTo("mig4j: [16/30] GPU 1: enable MIG mode");
        assertThat(lines.get(30)).startsWith("mig4j: [30/30] GPU 1: create compute instance 1g.10gb");
        assertThat(run.out()).contains("executed 30 of 30 steps"); // stdout is the same as without progress
    }

    @Test
    void migDisableOnSeveralGpusShowsEachGpu() {
        System.setProperty("mig4j.progress", "always");
        CliRun run = CliRun.of("mig", "disable", "-i", "0,1", "--fake", "A100-40GBx2", "--mig", "on", "--apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err().lines()).containsExactly("mig4j: executing 2 steps on 2 GPUs (GPUs 0, 1)",
                "mig4j: [1/2] GPU 0: disable MIG mode", "mig4j: [2/2] GPU 1: disable MIG mode");
    }

    @Test
    void aDryRunShowsNoProgress() {
        System.setProperty("mig4j.progress", "always");
        CliRun dry = CliRun.of("mig", "enable", "-i", "0,1", "--fake", "A100-40GBx2");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.err()).isEmpty();
        System.setProperty("mig4j.progress", "never");
        assertThat(Progress.enabled()).isFalse();
        assertThat(Progress.line(3, 8, new MigStep.SetMigMode(1, true))).isEqualTo("mig4j: [3/8] GPU 1: enable MIG mode");
    }
}
