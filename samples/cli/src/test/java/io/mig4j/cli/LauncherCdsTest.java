package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mig4j} launcher's class-data-sharing archive, with a small stand-in jar ({@link LauncherProbe}) in
 * place of the CLI's (which a clean checkout has not built when these tests run): the first run makes the archive
 * in the background, later runs use it, and a missing, unwritable or broken archive never changes what a command
 * prints or its exit code.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherCdsTest {
    @TempDir
    Path dir;

    private Path probeJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        Path jar = dir.resolve("jar").resolve("probe.jar");
        Files.createDirectories(jar.getParent());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }

    private static String[] launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "../../mig4j"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("MIG4J_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()};
    }

    private static List<Path> archives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(f -> f.getFileName().toString().matches("mig4j-.*\\.(aot|jsa)")).toList();
        }
    }

    @Test
    void theFirstRunMakesTheArchiveAndLaterRunsUseItWithTheSameOutput() throws Exception {
        Path jar = probeJar();
        Path cds = dir.resolve("cds");
        Map<String, String> env = Map.of("MIG4J_JAR", jar.toString(), "MIG4J_CDS_DIR", cds.toString());
        String[] first = launch(env, "profiles", "--json");
        assertThat(first).containsExactly("0", "probe profiles --json\n", "archive flag: false");
        // the training run finishes in the background; wait for it (bounded) rather than for a fixed time
        for (int i = 0; i < 240 && archives(cds).isEmpty(); i++) {
            Thread.sleep(500);
        }
        assertThat(archives(cds)).hasSize(1);
        assertThat(archives(cds).get(0).getFileName().toString()).startsWith("mig4j-" + Files.size(jar) + "-");
        String[] second = launch(env, "profiles", "--json");
        assertThat(second).containsExactly("0", "probe profiles --json\n", "archive flag: true");

        Files.writeString(archives(cds).get(0), "not an archive"); // broken: the JVM ignores it, silently
        assertThat(launch(env, "products")).containsExactly("0", "probe products\n", "archive flag: true");

        assertThat(launch(Map.of("MIG4J_JAR", jar.toString(), "MIG4J_CDS", "off"), "x"))
                .containsExactly("0", "probe x\n", "archive flag: false");
    }

    @Test
    void fromJdk24TheLauncherAllowsUnsafeMemoryAccessSoProtobufPrintsNoWarnings() throws Exception {
        String[] run = launch(Map.of("MIG4J_JAR", probeJar().toString(), "MIG4J_CDS", "off", "MIG4J_PROBE_UNSAFE",
                "1"), "demo");
        assertThat(run[0]).isEqualTo("0");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("java (\\d+), sun.misc.Unsafe memory access: (\\S+)")
                .matcher(run[1]);
        assertThat(m.find()).as(run[1]).isTrue();
        int feature = Integer.parseInt(m.group(1));
        assertThat(m.group(2)).isEqualTo(feature >= 24 ? "allow" : "null");
    }

    @Test
    void anArchiveThatCannotBeWrittenNeverFailsTheCommand() throws Exception {
        Path jar = probeJar();
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        String[] run = launch(Map.of("MIG4J_JAR", jar.toString(), "MIG4J_CDS_DIR", notADirectory.resolve("cds").toString()),
                "validate", "--json");
        assertThat(run).containsExactly("0", "probe validate --json\n", "archive flag: false");
    }
}
