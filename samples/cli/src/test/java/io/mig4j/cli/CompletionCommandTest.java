package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    void zshCompletesMig4jsWordsAtATab() throws Exception {
        Path zsh = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "zsh")).filter(Files::isExecutable).findFirst().orElse(null);
        // CI's machines have zsh; a developer machine without it skips, saying so
        assertThat(zsh != null || System.getenv("CI") == null)
                .as("zsh is not on PATH, and CI must run the zsh completion test").isTrue();
        assumeTrue(zsh != null, "zsh is not on PATH: the zsh completion is only checked where zsh is installed");
        Path script = script("zsh");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("mig4j");
        Files.writeString(stub, "#!/bin/sh\nexit 0\n");
        stub.toFile().setExecutable(true);
        List<String> lines = List.of("mig4j lay", "mig4j mig ena", "mig4j profiles --prod", "mig4j dra al");
        // an interactive zsh on a pseudo-terminal (zsh's zpty module): each line is typed with a TAB, then ' #END'
        // and Enter (a comment), and what the line editor shows is read back
        StringBuilder driver = new StringBuilder("zmodload zsh/zpty\n")
                .append("zpty -b z 'zsh -f -i'\n")
                .append("zpty -w z \"PS1='> '; PATH=").append(bin).append(":\\$PATH; autoload -U compinit && compinit")
                .append(" -u -D; source ").append(script).append("; print READY\"\n")
                .append("zpty -r z out '*READY*'\nzpty -r z out '*> '\n");
        for (String line : lines) {
            driver.append("zpty -w -n z '").append(line).append("'$'\\t'\nsleep 0.3\n")
                    .append("zpty -w -n z $' #END\\n'\nzpty -r z out '*#END*'\n")
                    .append("print -r -- \"LINE ${${out//$'\\r'/}##*> }\"\nzpty -r z out '*> '\n");
        }
        driver.append("zpty -d z\n");
        Path file = dir.resolve("drive.zsh");
        Files.writeString(file, driver);
        Process p = new ProcessBuilder(zsh.toString(), "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").replaceAll("[\\x00-\\x09\\x0b-\\x1f]", "");
        // a completed word ends with the space zsh adds after it
        List<String> shown = out.lines().filter(l -> l.startsWith("LINE ")).map(l -> l.replaceAll(" +", " ")).toList();
        assertThat(shown).as(out).satisfiesExactly(
                l -> assertThat(l).contains("mig4j layouts #END"),
                l -> assertThat(l).contains("mig4j mig enable #END"),
                l -> assertThat(l).contains("mig4j profiles --product #END"),
                l -> assertThat(l).contains("mig4j dra allocate #END"));
    }

    @Test
    void anotherShellIsBadInput() {
        CliRun run = CliRun.of("completion", "fish");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("mig4j: completion: unsupported shell 'fish'; expected bash or zsh");
        assertThat(List.of(run.out())).containsExactly("");
    }
}
