package io.mig4j.cli.render;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;

/**
 * When the CLI colours its pictures: {@code --color=always|never|auto}. {@link #AUTO} colours only a terminal, and
 * follows the conventions users set in their environment: a non-empty {@code NO_COLOR} turns colours off
 * (https://no-color.org, which also says an explicit command-line flag wins over it, hence {@link #ALWAYS}), and so
 * does {@code TERM=dumb} (a terminal that does not understand escape sequences, e.g. Emacs' shell buffers).
 */
public enum ColorMode {
    /** Colours whatever the output is (e.g. for {@code less -R}). */
    ALWAYS,
    /** Plain ASCII. */
    NEVER,
    /** Colours when the output is a terminal that supports them and the user did not ask for none. */
    AUTO;

    /**
     * Parses {@code always}, {@code never} or {@code auto} (case ignored).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ColorMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "always":
                return ALWAYS;
            case "never":
                return NEVER;
            case "auto":
                return AUTO;
            default:
                throw new IllegalArgumentException("expected always, never or auto, got '" + text + "'");
        }
    }

    /**
     * Whether to colour.
     *
     * @param env      the process environment ({@code System.getenv()}); only {@code NO_COLOR} and {@code TERM} are read
     * @param terminal whether the output goes to a terminal
     */
    public boolean useColor(Map<String, String> env, boolean terminal) {
        if (this != AUTO) {
            return this == ALWAYS;
        }
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return terminal && !"dumb".equals(env.get("TERM"));
    }

    /**
     * Whether this process's standard output is a terminal. {@link System#console()} is {@code null} when it is not
     * on JDK 17 to 21; from JDK 22 it may be non-null for redirected output too, and {@code Console.isTerminal()}
     * (JDK 22, called reflectively since the CLI is compiled for 17) says whether it really is a terminal.
     */
    public static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        }
    }
}
