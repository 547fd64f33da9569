package io.mig4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "Did you mean" for a mistyped command or option: {@code unknown command 'profils'; did you mean 'profiles'?}.
 * A candidate is suggested when it is within a few edits (insert, delete, replace, swap two neighbours) of what
 * was typed, or when what was typed is the start of exactly one candidate.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The one-line message for an argument picocli could not match, with suggestions where some fit. */
    static String message(CommandLine.UnmatchedArgumentException e) {
        CommandLine cli = e.getCommandLine();
        CommandSpec spec = cli.getCommandSpec();
        List<String> unmatched = e.getUnmatched();
        String typed = unmatched.isEmpty() ? "" : unmatched.get(0);
        String prefix = spec.qualifiedName().replaceFirst("^" + java.util.regex.Pattern.quote(spec.root().name()) + " ?", "");
        if (typed.startsWith("-") && typed.length() > 1) {
            String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            return "unknown option '" + option + "'" + didYouMean(option, optionNames(spec), "");
        }
        if (!cli.getSubcommands().isEmpty()) {
            String where = prefix.isEmpty() ? "" : prefix + " ";
            return "unknown command '" + where + typed + "'" + didYouMean(typed, commandNames(cli), where);
        }
        return "unexpected argument '" + typed + "'";
    }

    /** {@code ; did you mean 'x'?} (or {@code 'x' or 'y'}), or {@code ""} when nothing is close. */
    static String didYouMean(String typed, Set<String> candidates, String prefix) {
        List<String> close = closest(typed, candidates);
        if (close.isEmpty()) {
            return "";
        }
        List<String> quoted = new ArrayList<>();
        close.forEach(c -> quoted.add("'" + prefix + c + "'"));
        return "; did you mean " + String.join(" or ", quoted) + "?";
    }

    /** The candidates closest to {@code typed} (at most three), or none when none is close enough. */
    static List<String> closest(String typed, Set<String> candidates) {
        String t = normalize(typed);
        if (t.isEmpty()) {
            return List.of();
        }
        // one-letter typos of one- or two-letter names would match nearly every short option
        int limit = t.length() < 3 ? 0 : Math.max(1, Math.min(3, t.length() / 3));
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(t, normalize(c));
            if (d > limit) {
                continue;
            }
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(c);
            }
        }
        if (out.isEmpty() && t.length() >= 2) {
            List<String> starting = candidates.stream().filter(c -> normalize(c).startsWith(t)).toList();
            if (starting.size() == 1) {
                out.addAll(starting);
            }
        }
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    private static String normalize(String s) {
        return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: edits, counting a swap of two neighbouring characters as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Set<String> optionNames(CommandSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    static Set<String> commandNames(CommandLine cli) {
        Set<String> names = new LinkedHashSet<>();
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return names;
    }
}
