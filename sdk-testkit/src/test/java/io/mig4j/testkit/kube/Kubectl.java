package io.mig4j.testkit.kube;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl binary against a kubeconfig, with a discovery cache of its own. */
final class Kubectl {
    /** One kubectl run. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path kubeconfig;
    private final Path cache;

    Kubectl(Path kubeconfig, Path cache) {
        this.kubeconfig = kubeconfig;
        this.cache = cache;
    }

    /** The kubectl on PATH, or null. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(find().toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cache.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Run input(String stdin, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    Run run(String... args) throws IOException, InterruptedException {
        return input(null, args);
    }
}
