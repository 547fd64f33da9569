package io.mig4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command's {@code --help} shares, set up once on the whole command tree: the summary of each
 * subcommand in a command list is its description's whole first sentence (picocli shows only the first line of
 * a multi-line description, which cut sentences mid-way); each command's "Examples:" footer, from
 * {@code examples.txt} beside this class; and the usage width follows the terminal (80 columns when there is none).
 */
final class CliHelp {
    /** The resource that holds every command's examples, keyed by the command's qualified name. */
    static final String EXAMPLES_RESOURCE = "examples.txt";
    /** The footer heading that starts a command's examples. */
    static final String EXAMPLES_HEADING = "Examples:";

    // a sentence ends at '.', '!' or '?' followed by a space, but not in "e.g. " / "i.e. " / "etc. "
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e|\\betc)[.!?](?=\\s|$)");

    private CliHelp() {
    }

    /** Adds summaries, examples and auto width to {@code root} and every command below it. */
    static void configure(CommandLine root) {
        Map<String, List<String>> examples = readExamples();
        configure(root, examples);
        root.setUsageHelpAutoWidth(true);
    }

    private static void configure(CommandLine cli, Map<String, List<String>> examples) {
        CommandSpec spec = cli.getCommandSpec();
        List<String> own = examples.get(spec.qualifiedName());
        boolean hasExamples = String.join("\n", spec.usageMessage().footer()).contains(EXAMPLES_HEADING);
        if (own != null && !own.isEmpty() && !hasExamples) {
            List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
            footer.add("%n" + EXAMPLES_HEADING);
            for (String line : own) {
                footer.add(line.replace("%", "%%"));
            }
            spec.usageMessage().footer(footer.toArray(new String[0]));
        }
        if (!cli.getSubcommands().isEmpty()) {
            cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CliHelp::commandList);
        }
        // aliases map to the same CommandLine: visit each once
        new java.util.LinkedHashSet<>(cli.getSubcommands().values()).forEach(sub -> configure(sub, examples));
    }

    /** The command list of a command with subcommands: names (and aliases), then each one's summary. */
    private static String commandList(Help help) {
        Map<Help.Ansi.Text, Help.Ansi.Text> rows = new LinkedHashMap<>();
        for (Help sub : help.subcommands().values()) {
            CommandSpec spec = sub.commandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            rows.put(sub.commandNamesText(", "), help.colorScheme().text(summary(spec)));
        }
        return rows.isEmpty() ? "" : help.createTextTable(rows).toString();
    }

    /** The first sentence of a command's header, else of its description, joined across the lines it spans. */
    static String summary(CommandSpec spec) {
        String[] source = spec.usageMessage().header().length > 0 ? spec.usageMessage().header()
                : spec.usageMessage().description();
        String text = String.join(" ", source).replace("%n", " ").replaceAll("\\s+", " ").strip();
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.end()) : text;
    }

    /**
     * The examples of {@code examples.txt}: {@code [qualified command name]} starts a command's section; its
     * lines are shown as written (an example starts with {@code mig4j }, the line below it says what it shows);
     * lines starting with {@code #} are comments for the file's readers.
     */
    static Map<String, List<String>> readExamples() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        InputStream in = CliHelp.class.getResourceAsStream(EXAMPLES_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(EXAMPLES_RESOURCE + " is missing from the mig4j jar");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> current = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = out.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new ArrayList<>());
                } else if (current != null && !line.isBlank()) {
                    current.add("  " + line.stripTrailing());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
