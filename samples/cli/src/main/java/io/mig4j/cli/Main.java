package io.mig4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code mig4j} CLI. Exit codes: 0 ok, 1 failure or invalid result, 2 bad input. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; the exit code is returned rather than passed to System.exit. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Mig4jCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            String sub = e.getCommandLine().getCommandName();
            err.println("mig4j: " + oneLine(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof BadInputException) {
                err.println("mig4j: " + oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
            boolean ours = e.getClass().getName().startsWith("io.mig4j.");
            err.println("mig4j: " + (ours ? "" : "error: ") + oneLine(String.valueOf(e.getMessage()))
                    + (ours ? "" : " (" + e.getClass().getSimpleName() + ")"));
            if (Boolean.getBoolean("mig4j.debug")) {
                e.printStackTrace(err);
            }
            return ExitCodes.FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
