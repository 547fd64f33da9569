package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code -f}/file arguments: stdin, devices, named pipes, symbolic links, sizes, each with an accurate message. */
class InputFilesTest {
    private static final String CONFIG = """
            version: v1
            mig-configs:
              halves:
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "3g.40gb": 2
            """;

    @TempDir
    Path dir;

    @Test
    void dashReadsStdin() {
        CliRun apply = CliRun.withStdin(CONFIG, "apply", "--fake", "H100-80GB", "-f", "-", "-c", "halves");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("create GPU instance 3g.40gb (profile ID 9) at memory slices 4:4");
        CliRun validate = CliRun.withStdin(CONFIG, "mig-parted", "validate", "-", "--json");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.json().get("file").stringValue()).isEqualTo("<stdin>");
        CliRun broken = CliRun.withStdin("version: v1\nmig-configs: [", "mig-parted", "validate", "-");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).startsWith("mig4j: <stdin>").doesNotContain("\tat ");
        CliRun empty = CliRun.withStdin("", "apply", "--fake", "H100-80GB", "-f", "-", "-c", "halves");
        assertThat(empty.err().strip()).isEqualTo("mig4j: cannot read <stdin>: it is empty (0 bytes); expected a mig-parted YAML file");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void devNullIsADeviceNotAMissingFile() {
        CliRun run = CliRun.of("apply", "--fake", "H100-80GB", "-f", "/dev/null", "-c", "halves");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("mig4j: cannot read /dev/null: it is a character device, not a"
                + " mig-parted YAML file");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aNamedPipeIsReadLikeStdin() throws Exception {
        Path fifo = dir.resolve("config.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(CONFIG.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun run = CliRun.of("mig-parted", "validate", fifo.toString(), "--gpu", "H100-80GB");
        writer.get(10, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("halves: ok");
    }

    @Test
    void symbolicLinkLoopsAndDanglingLinksAreNamedAsSuch() throws Exception {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        CliRun loop = CliRun.of("mig-parted", "validate", a.toString());
        assertThat(loop.exitCode()).isEqualTo(2);
        assertThat(loop.err().strip()).isEqualTo("mig4j: cannot read " + a + ": too many levels of symbolic links"
                + " (a loop of links, or a chain of them too long to follow)");
        Path dangling = dir.resolve("dangling.yaml");
        Files.createSymbolicLink(dangling, dir.resolve("gone.yaml"));
        CliRun gone = CliRun.of("apply", "--fake", "H100-80GB", "-f", dangling.toString(), "-c", "halves");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err().strip()).isEqualTo("mig4j: cannot read " + dangling + ": it is a symbolic link to "
                + dir.resolve("gone.yaml") + ", which does not exist");
    }

    @Test
    void emptyHugeDirectoryAndMissingFilesEachSayWhatTheyAre() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.yaml"));
        assertThat(CliRun.of("mig-parted", "validate", empty.toString()).err().strip())
                .isEqualTo("mig4j: cannot read " + empty + ": it is empty (0 bytes); expected a mig-parted YAML file");
        Path huge = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(huge)) {
            byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i <= InputFile.MAX_BYTES / line.length; i++) {
                out.write(line);
            }
        }
        assertThat(CliRun.of("mig-parted", "validate", huge.toString()).err().strip())
                .isEqualTo("mig4j: cannot read " + huge + ": larger than 4 MiB, which is not a mig-parted YAML file");
        assertThat(CliRun.of("mig-parted", "validate", dir.toString()).err().strip())
                .isEqualTo("mig4j: cannot read " + dir + ": it is a directory, not a mig-parted YAML file");
        assertThat(CliRun.of("mig-parted", "validate", dir.resolve("nope.yaml").toString()).err().strip())
                .isEqualTo("mig4j: cannot read " + dir.resolve("nope.yaml") + ": no such file");
    }
}
