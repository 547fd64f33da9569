package io.mig4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/** Every command of the CLI, found by walking picocli's command tree (so commands added later are covered too). */
final class CliCommands {
    private CliCommands() {
    }

    /** The CLI's command tree as {@code mig4j} builds it (help, completion, examples and all). */
    static CommandLine root() {
        return new Main.Session().commandLine();
    }

    /** The root and every command below it, each once (aliases skipped). */
    static List<CommandLine> all() {
        List<CommandLine> out = new ArrayList<>();
        collect(root(), out);
        return out;
    }

    private static void collect(CommandLine cli, List<CommandLine> out) {
        out.add(cli);
        new LinkedHashSet<>(cli.getSubcommands().values()).forEach(sub -> collect(sub, out));
    }

    /** The command's --help text, plain, at picocli's default width of 80 columns. */
    static String usage(CommandLine cli) {
        StringWriter text = new StringWriter();
        cli.usage(new PrintWriter(text), Help.defaultColorScheme(Help.Ansi.OFF));
        return text.toString();
    }

    /** The command line that runs it: {@code mig4j mig create-gi} gives {@code [mig, create-gi]}. */
    static List<String> path(CommandLine cli) {
        List<String> names = new ArrayList<>(List.of(cli.getCommandSpec().qualifiedName().split(" ")));
        return names.subList(1, names.size());
    }
}
