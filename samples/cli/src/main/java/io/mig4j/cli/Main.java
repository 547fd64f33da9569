package io.mig4j.cli;

import io.mig4j.api.layout.LayoutDoesNotFitException;
import io.mig4j.cli.render.ColorMode;
import io.mig4j.nvml.NvmlException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Entry point of the {@code mig4j} CLI. Exit codes (one meaning each, in every command): 0 ok; 1 a valid request
 * that cannot be met (a layout or config that does not fit, a compare that differs, NVML refusing); 2 the input
 * itself is wrong (unknown product or profile, a file that cannot be read or parsed, a bad flag).
 *
 * <p>Whatever goes wrong, including an {@link Error} such as {@link OutOfMemoryError}, is reported as one line on
 * stderr (and, with {@code --json}, as one {@code {"error": ...}} document on stdout), never as a stack trace;
 * {@code -Dmig4j.debug=true} adds the trace.
 */
public final class Main {
    private Main() {
    }

    /**
     * Whether stdout is a terminal, for {@code --color=auto}; asked only by commands that draw (the console lookup
     * costs start-up time). Set by {@link #main} only: a caller of {@link #run} (tests, the demo) passes writers that
     * are no terminal.
     */
    static volatile BooleanSupplier stdoutIsTerminal = () -> false;

    public static void main(String[] args) {
        if (args.length == 1 && CdsTraining.FLAG.equals(args[0])) {
            System.exit(CdsTraining.run());
        }
        stdoutIsTerminal = ColorMode::stdoutIsTerminal;
        quietLibraries();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The CLI logs nothing, so fabric8's and WireMock's SLF4J find no logging provider and SLF4J would say so in three
     * warning lines on stderr ("No SLF4J providers were found") in every command that touches Kubernetes, the demo
     * included; its own {@code slf4j.internal.verbosity} setting keeps only its errors. A user's
     * {@code -Dslf4j.internal.verbosity=...} wins.
     */
    static void quietLibraries() {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /** Runs the CLI with the given streams; the exit code is returned rather than passed to System.exit. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Session session;
        try {
            session = new Session(Mig4jCommand.commandOf(args));
        } catch (Throwable e) {
            return report(out, err, Arrays.asList(args).contains("--json"), e);
        }
        return session.run(args, out, err);
    }

    /**
     * A CLI that runs many commands in one JVM, building picocli's command model once (picocli resets every
     * option to its initial value before each parse). Not thread-safe: one session per thread.
     */
    static final class Session {
        private final CommandLine cli = new CommandLine(new Mig4jCommand());
        private PrintWriter out;
        private PrintWriter err;
        private boolean json;

        /** A session for any command line: every command's model is built. */
        Session() {
            this(Optional.empty());
        }

        /** A session for one top-level command ({@link Mig4jCommand#commandOf}), or for all when empty. */
        Session(Optional<Class<?>> only) {
            for (Class<?> command : Mig4jCommand.COMMANDS) {
                if (only.isEmpty() || only.get() == command) {
                    cli.addSubcommand(command);
                }
            }
            CliHelp.configure(cli);
            // picocli's own warnings (e.g. an unbalanced quote in a comma-separated value) would be extra lines on
            // the process's stderr beside the CLI's one line; -Dpicocli.trace=WARN brings them back for debugging
            if (System.getProperty("picocli.trace") == null) {
                System.setProperty("picocli.trace", "OFF");
            }
            // picocli's own Path conversion names the JDK exception class in its message
            cli.registerConverter(java.nio.file.Path.class, text -> {
                try {
                    return java.nio.file.Path.of(text);
                } catch (java.nio.file.InvalidPathException e) {
                    throw new CommandLine.TypeConversionException("not a file path: " + e.getReason());
                }
            });
            cli.setParameterExceptionHandler((e, a) -> fail(out, err, json, parameterMessage(e), ExitCodes.BAD_INPUT, null));
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(out, err, json, e));
        }

        /** The command tree, for tests that check every command. */
        CommandLine commandLine() {
            return cli;
        }

        int run(String[] args, PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
            this.json = Arrays.asList(args).contains("--json");
            try {
                cli.setOut(out);
                cli.setErr(err);
                return cli.execute(args);
            } catch (Throwable e) { // picocli lets Errors through; they are reported like everything else
                return report(out, err, json, e);
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /**
     * A bad command line in one line: a mistyped command or option with what it may have meant
     * ({@code unknown command 'profils'; did you mean 'profiles'?}), anything else with where help is.
     */
    static String parameterMessage(CommandLine.ParameterException e) {
        String see = " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')";
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            String message = oneLine(Suggestions.message(u));
            return message.contains("did you mean") ? message : message + see;
        }
        return oneLine(e.getMessage()) + see;
    }

    /** One line (and the JSON error document) for anything a command threw; returns the exit code. */
    static int report(PrintWriter out, PrintWriter err, boolean json, Throwable e) {
        int code = exitCode(e);
        String message = oneLine(e.getMessage());
        boolean ours = e instanceof BadInputException || e.getClass().getName().startsWith("io.mig4j.");
        if (e instanceof OutOfMemoryError) {
            message = "out of memory (" + message + "); the input asks for more than this JVM can hold";
        } else if (e instanceof StackOverflowError) {
            message = "the input is nested too deeply to process (StackOverflowError)";
        } else if (message.isEmpty()) {
            message = "error: " + e.getClass().getSimpleName();
        } else if (!ours && !(e instanceof IllegalArgumentException)) {
            message = "error: " + message + " (" + e.getClass().getSimpleName() + ")";
        }
        return fail(out, err, json, message, code, e);
    }

    private static int fail(PrintWriter out, PrintWriter err, boolean json, String message, int code, Throwable e) {
        err.println("mig4j: " + message);
        if (e != null && Boolean.getBoolean("mig4j.debug")) {
            e.printStackTrace(err);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("error", message);
            doc.put("exitCode", code);
            if (e instanceof NvmlException n) {
                doc.put("nvmlError", n.result().name());
            }
            Json.print(out, doc);
        }
        return code;
    }

    /** The exit code of a failure: 2 when the input is at fault, 1 when a valid request could not be met. */
    static int exitCode(Throwable e) {
        if (e instanceof LayoutDoesNotFitException) {
            return ExitCodes.FAILURE;
        }
        if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    /** The message on one line, with control characters (from user input) escaped so the terminal shows them. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        StringBuilder sb = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x202E || Character.getType(c) == Character.SURROGATE) {
                sb.append(String.format("\\u%04X", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
