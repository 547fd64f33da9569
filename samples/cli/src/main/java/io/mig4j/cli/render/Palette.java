package io.mig4j.cli.render;

/**
 * One colour per instance size, the same in the terminal and in SVG, so a {@code 3g} instance looks the same on
 * every GPU and in every picture. The size is the number of compute slices, the digit(s) before {@code g} of the
 * profile name ({@code 3g.40gb} is 3; {@code 1c.3g.40gb} is 3 too).
 */
final class Palette {
    /** ANSI SGR background and foreground codes, by compute slices 1..8 (index 0: anything else). */
    private static final String[] ANSI = {"47;30", "42;30", "46;30", "44;97", "45;97", "41;97", "41;97", "43;30", "43;30"};
    /** SVG fill colours by compute slices 1..8 (index 0: anything else), light enough for dark text. */
    private static final String[] FILL = {"#d9d9d9", "#a8e6a1", "#9fd8ef", "#a9b8f5", "#e0a8ec", "#f5b7a1", "#f5b7a1",
            "#f7e08f", "#f7e08f"};

    private Palette() {
    }

    /** The compute slices a profile name starts with, or 0 when it does not have the {@code <n>g.} form. */
    static int computeSlices(String profile) {
        int g = profile.indexOf('g');
        int from = profile.indexOf('.') >= 0 && profile.indexOf('c') >= 0 && profile.indexOf('c') < g
                ? profile.indexOf('.') + 1 : 0;
        if (g <= from) {
            return 0;
        }
        try {
            return Integer.parseInt(profile.substring(from, g));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int slot(String profile, int size) {
        int n = computeSlices(profile);
        return n >= 1 && n < size ? n : 0;
    }

    /** The escape sequence that starts an instance's colour in a terminal. */
    static String ansi(String profile) {
        return "\u001b[" + ANSI[slot(profile, ANSI.length)] + "m";
    }

    /** The SVG fill of an instance. */
    static String fill(String profile) {
        return FILL[slot(profile, FILL.length)];
    }

    static final String RESET = "\u001b[0m";
    static final String DIM = "\u001b[2m";
    static final String BOLD = "\u001b[1m";
}
