package io.mig4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mig4j help [<command> [<subcommand>...]]}: the same text as {@code mig4j <command> ... --help}. */
@Command(name = "help", mixinStandardHelpOptions = true, helpCommand = true,
        description = "Show the help of mig4j or of a command, e.g. 'mig4j help mig cgi' (the same as"
                + " 'mig4j mig cgi --help').")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<command>", description = "A command and its subcommands.")
    List<String> path = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        List<String> walked = new ArrayList<>();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                String where = walked.isEmpty() ? "" : String.join(" ", walked) + " ";
                throw new BadInputException("unknown command '" + where + name + "'"
                        + Suggestions.didYouMean(name, Suggestions.commandNames(target), where));
            }
            walked.add(name);
            target = next;
        }
        target.usage(spec.commandLine().getOut(), target.getColorScheme());
        return ExitCodes.OK;
    }
}
