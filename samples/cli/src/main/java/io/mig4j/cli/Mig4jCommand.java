package io.mig4j.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "mig4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "NVIDIA Multi-Instance GPU partitioning: profiles, layouts and mig-parted configs; Kubernetes DRA"
                + " manifests, ResourceSlices and validation (mig4j dra); an in-memory Kubernetes API server (mig4j serve).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid layout or config, or a failure", "2:bad input"})
final class Mig4jCommand implements Runnable {
    /**
     * The top-level commands, in the order {@code mig4j --help} lists them. They are not in the annotation: picocli
     * would build the model of every one at start-up (reflection over all their options, most of a catalog
     * command's start-up time); {@link Main} adds only the one a command line runs, or all where all are needed.
     */
    static final List<Class<?>> COMMANDS = List.of(ProfilesCommand.class, ProductsCommand.class, ValidateCommand.class,
            LayoutsCommand.class, MigPartedCommand.class, InventoryCommand.class, MigCommand.class, ApplyCommand.class,
            DoctorCommand.class, DraCommand.class, ServeCommand.class, DemoCommand.class, HelpCommand.class,
            CompletionCommand.class);

    /** Commands that work on the whole command tree (help of any command, completion of every one). */
    private static final Set<Class<?>> NEED_ALL = Set.of(HelpCommand.class, CompletionCommand.class);

    /**
     * The one top-level command {@code args} runs, when that command needs no other; empty when the command line
     * needs the whole tree: no command, an option of mig4j itself, help, completion, or a name that is no command
     * (whose error suggests the closest names).
     */
    static Optional<Class<?>> commandOf(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return Optional.empty();
        }
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0])) {
                return NEED_ALL.contains(c) ? Optional.empty() : Optional.of(c);
            }
        }
        return Optional.empty();
    }
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
