package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig4j completion bash|zsh}: a script bash accepts, whose completion function completes mig4j's words. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CompletionCommandTest {
    @TempDir
    Path dir;

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Path script(String shell) throws Exception {
        CliRun run = CliRun.of("completion", shell);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path file = dir.resolve("mig4j." + shell);
        Files.writeString(file, run.out());
        return file;
    }

    /** What the completion function offers for a command line whose last word is being typed. */
    private String complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String line = String.join(" ", words);
        // compopt only works while bash itself runs a completion; outside one it would print an error
        return bash("source '" + script + "'; compopt() { :; }; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "; _complete_mig4j mig4j '"
                + words[words.length - 1] + "' '" + words[words.length - 2] + "'; printf '%s\\n' \"${COMPREPLY[@]}\"");
    }

    @Test
    void theBashScriptIsValidBashAndCompletesCommandsSubcommandsAndOptions() throws Exception {
        Path script = script("bash");
        bash("bash -n '" + script + "'");
        assertThat(complete(script, "mig4j", "prof").lines()).containsExactly("profiles");
        assertThat(complete(script, "mig4j", "").lines()).contains("profiles", "products", "mig", "dra", "help",
                "completion");
        assertThat(complete(script, "mig4j", "mig", "ena").lines()).containsExactly("enable");
        assertThat(complete(script, "mig4j", "dra", "al").lines()).containsExactly("allocate");
        assertThat(complete(script, "mig4j", "profiles", "--prod").lines()).containsExactly("--product");
    }

    @Test
    void theZshScriptLoadsBashCompletionThroughBashcompinit() throws Exception {
        Path script = script("zsh");
        String text = Files.readString(script);
        assertThat(text).contains("bashcompinit").contains("ZSH_VERSION").contains("complete -F _complete_mig4j");
        bash("bash -n '" + script + "'");
        assertThat(complete(script, "mig4j", "lay").lines()).containsExactly("layouts");
    }

    @Test
    void anotherShellIsBadInput() {
        CliRun run = CliRun.of("completion", "fish");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("mig4j: completion: unsupported shell 'fish'; expected bash or zsh");
        assertThat(List.of(run.out())).containsExactly("");
    }
}
