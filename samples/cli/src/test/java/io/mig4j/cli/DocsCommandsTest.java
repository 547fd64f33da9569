package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code ./mig4j} command of the guides in {@code docs/*.md} through the CLI ({@link CliRun}, no GPU, no
 * cluster: the commands use {@code --fake} nodes or the catalog), so the docs cannot drift from the CLI.
 *
 * <p>In a {@code ```sh} block, a line {@code $ ./mig4j ...} is a command and the lines after it, up to the next
 * {@code $}, are output it must print (each line, whitespace-normalized; {@code ...} skips); in a block without
 * {@code $} every line is a command. A line {@code # exit N} after a command sets the expected exit code (default
 * 0). A block that cannot run here is marked {@code <!-- not-executed: reason -->} on the line above; any other block
 * may hold only {@code ./mig4j} commands. Relative paths in arguments are taken from the repository root.
 */
class DocsCommandsTest {
    static final Path ROOT = Path.of("../..");
    private static final Pattern NOT_EXECUTED = Pattern.compile("<!-- not-executed: (.+) -->");
    private static final Pattern EXIT = Pattern.compile("# exit (\\d)");
    /** Docs whose commands are not the CLI's: BENCHMARKS.md builds and runs JMH and C benchmarks (minutes each). */
    private static final java.util.Set<String> NOT_GUIDES = java.util.Set.of("BENCHMARKS.md");

    /** One command of a doc, with what it must print and return. */
    record Command(String where, String line, int exitCode, List<String> output) {
    }

    @Test
    void everyMig4jCommandInTheDocsRunsAsShown() throws IOException {
        List<Command> commands = commands();
        assertThat(commands).as("commands in docs/*.md").hasSizeGreaterThan(20);
        for (Command c : commands) {
            CliRun run = CliRun.of(arguments(c));
            assertThat(run.exitCode()).as(c.where() + ": " + c.line() + "\n" + run).isEqualTo(c.exitCode());
            String printed = normalize(run.out() + "\n" + run.err());
            for (String expected : c.output()) {
                assertThat(printed).as(c.where() + ": output of " + c.line()).contains(normalize(expected));
            }
        }
    }

    @Test
    void blocksAreParsedAsDocumented() {
        List<Command> parsed = parse("x.md", List.of("```sh", "$ ./mig4j products", "A100-80GB ...", "...", "$ ./mig4j"
                + " validate --gpu H100-80GB 4g.40gb,4g.40gb", "# exit 1", "```", "", "```sh", "./mig4j profiles", "```"));
        assertThat(parsed).extracting(Command::line, Command::exitCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("./mig4j products", 0),
                org.assertj.core.groups.Tuple.tuple("./mig4j validate --gpu H100-80GB 4g.40gb,4g.40gb", 1),
                org.assertj.core.groups.Tuple.tuple("./mig4j profiles", 0));
        assertThat(parsed.get(0).output()).containsExactly("A100-80GB");
        assertThat(tokens("./mig4j apply --fake '\"NVIDIA A100-SXM4-80GB\"x2' -c x"))
                .containsExactly("apply", "--fake", "\"NVIDIA A100-SXM4-80GB\"x2", "-c", "x");
    }

    static List<Command> commands() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs = files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !NOT_GUIDES.contains(p.getFileName().toString())).sorted().toList();
        }
        List<Command> all = new ArrayList<>();
        for (Path doc : docs) {
            all.addAll(parse(ROOT.relativize(doc).toString(), Files.readAllLines(doc)));
        }
        return all;
    }

    static List<Command> parse(String doc, List<String> lines) {
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.equals("```sh") && !fence.equals("```console") && !fence.equals("```shell")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            List<String> block = lines.subList(i + 1, end);
            String where = doc + ":" + (i + 1);
            Matcher skip = NOT_EXECUTED.matcher(i > 0 ? lines.get(i - 1).strip() : "");
            i = end;
            if (skip.matches()) {
                assertThat(skip.group(1).strip()).as(where + ": the reason a block is not executed").isNotEmpty();
                continue;
            }
            boolean prompts = block.stream().anyMatch(l -> l.startsWith("$ "));
            Command current = null;
            for (int j = 0; j < block.size(); j++) {
                String l = block.get(j);
                Matcher exit = EXIT.matcher(l.strip());
                if (exit.matches() && current != null) {
                    out.set(out.size() - 1, current = new Command(current.where(), current.line(),
                            Integer.parseInt(exit.group(1)), current.output()));
                } else if (prompts ? l.startsWith("$ ") : !l.isBlank()) {
                    String line = prompts ? l.substring(2).strip() : l.strip();
                    assertThat(line).as(where + ": only ./mig4j commands run here; mark the block"
                            + " <!-- not-executed: reason --> otherwise").startsWith("./mig4j");
                    assertThat(line).as(where + ": no shell syntax in an executed command")
                            .doesNotContain("|", ">", "&", "$(", "\\", ";");
                    current = new Command(where + "+" + (j + 1), line, 0, new ArrayList<>());
                    out.add(current);
                } else if (prompts && current != null && !l.isBlank() && !l.strip().equals("...")) {
                    current.output().add(l.strip().endsWith("...") ? l.strip().replaceAll("\\s*\\.\\.\\.$", "")
                            : l.strip());
                }
            }
        }
        return out;
    }

    /** The arguments after {@code ./mig4j}, with repository paths made reachable from this module. */
    static String[] arguments(Command c) {
        List<String> args = tokens(c.line());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") && a.contains("/") && Files.exists(ROOT.resolve(a))) {
                args.set(i, ROOT.resolve(a).toString());
            }
        }
        return args.toArray(new String[0]);
    }

    /** Splits like a POSIX shell for the quoting the docs use ('...' and "..."), dropping {@code ./mig4j}. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (char ch : line.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                any = true;
            } else if (Character.isWhitespace(ch)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        assertThat(out.get(0)).isEqualTo("./mig4j");
        return new ArrayList<>(out.subList(1, out.size()));
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
