package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Runs every example of every command's help (the "Examples:" section of {@code --help}), as a user would copy it,
 * through {@link CliRun}: it must exit 0 (or the exit code its description names, "(exit code 1)"). Commands are
 * found by walking the command tree, so a command added later is covered as soon as it has examples. Skipped, by
 * their description: examples that need a GPU ("(on a GPU node)") or a server that runs until stopped ("(runs
 * until Ctrl+C)"). Paths are relative to the repository's root; files under /tmp/ go to a fresh directory per
 * command, shared by that command's examples, which run in order.
 */
class CliExamplesTest {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern EXIT_CODE = Pattern.compile("\\(exit code (\\d)\\)");

    /** One example: the command's name, the words after "mig4j", the exit code it should give, skipped or not. */
    record Example(String command, List<String> words, int exitCode, String skipReason) {
    }

    /** The examples in a command's help text. */
    static List<Example> examples(String command, String usage) {
        List<Example> out = new ArrayList<>();
        int at = usage.indexOf(CliHelp.EXAMPLES_HEADING);
        if (at < 0) {
            return out;
        }
        List<String> lines = usage.substring(at).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("  mig4j ")) {
                continue;
            }
            StringBuilder text = new StringBuilder(line.strip());
            while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines.get(++i).strip());
            }
            String description = i + 1 < lines.size() && !lines.get(i + 1).startsWith("  mig4j ") ? lines.get(i + 1) : "";
            String skip = description.contains("(on a GPU node)") ? "needs a GPU"
                    : description.contains("(runs until Ctrl+C)") ? "runs until stopped" : null;
            Matcher code = EXIT_CODE.matcher(description);
            List<String> words = words(text.toString());
            out.add(new Example(command, words.subList(1, words.size()), code.find() ? Integer.parseInt(code.group(1)) : 0,
                    skip));
        }
        return out;
    }

    /** Splits a command line as a shell would for the quoting examples use: '...' and "..." group words. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInEveryCommandsHelpWorks() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (CommandLine cli : CliCommands.all()) {
            String command = cli.getCommandSpec().qualifiedName();
            List<Example> examples = examples(command, CliCommands.usage(cli));
            Path tmp = Files.createTempDirectory("mig4j-examples");
            for (Example e : examples) {
                if (e.skipReason() != null) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(command + ": mig4j " + String.join(" ", e.words()), () -> run(e, tmp)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static void run(Example e, Path tmp) {
        List<String> args = new ArrayList<>();
        for (String w : e.words()) {
            if (w.startsWith("/tmp/")) {
                args.add(tmp.resolve(w.substring("/tmp/".length())).toString());
            } else if (!w.startsWith("-") && w.contains("/") && Files.exists(REPO.resolve(w))) {
                args.add(REPO.resolve(w).toString());
            } else {
                args.add(w);
            }
        }
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(e.exitCode());
        assertThat(run.out()).as(run.toString()).isNotBlank();
    }

    @Test
    void examplesAreReadWithTheirContinuationLinesDescriptionsAndSkips() {
        String usage = """
                Usage: mig4j x
                Examples:
                  mig4j x --a 'b c' \\
                      --d
                      what it shows (exit code 1)
                  mig4j x --nvml
                      the same on this machine (on a GPU node)
                """;
        List<Example> examples = examples("mig4j x", usage);
        assertThat(examples).containsExactly(new Example("mig4j x", List.of("x", "--a", "b c", "--d"), 1, null),
                new Example("mig4j x", List.of("x", "--nvml"), 0, "needs a GPU"));
    }
}
