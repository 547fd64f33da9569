package io.mig4j.cli;

import io.mig4j.api.layout.SliceMap;
import io.mig4j.cli.render.ColorMode;
import io.mig4j.cli.render.SliceMapSvg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * The options of the commands that draw slice maps: {@code --color=always|never|auto}, {@code --no-color} (colours
 * in the terminal; see {@link ColorMode} for what {@code auto} looks at) and {@code --svg <file>} (the same maps as
 * an SVG diagram). Commands that draw no SVG use {@link Colors} alone.
 */
final class PictureOptions {
    @picocli.CommandLine.Mixin
    Colors colors;

    @Option(names = "--svg", paramLabel = "<file>", description = "Also write the slice map(s) as an SVG diagram to <file>.")
    Path svg;

    /** Whether the terminal pictures take colours. */
    boolean color() {
        return colors.enabled();
    }

    /** Writes the SVG when {@code --svg} was given; a file that cannot be written is bad input (exit code 2). */
    void writeSvg(String title, List<SliceMap> maps) {
        if (svg != null) {
            writeSvg(svg, title, maps, null);
        }
    }

    /**
     * Writes {@link SliceMapSvg#render(String, List, BiFunction)} to {@code file}, for any command with an
     * {@code --svg} option.
     *
     * @throws BadInputException naming the option, the file and why when it cannot be written (exit code 2)
     */
    static void writeSvg(Path file, String title, List<SliceMap> maps, BiFunction<SliceMap, SliceMap.Block, String> ownerOf) {
        try {
            Files.writeString(file, SliceMapSvg.render(title, maps, ownerOf), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw cannotWrite(file, "no such directory");
        } catch (IOException e) {
            throw cannotWrite(file, InputFile.reason(e));
        }
    }

    /**
     * Checks ahead that {@code file} can be written, for a command that draws only after long work: the same
     * failures {@link #writeSvg(Path, String, List, BiFunction)} would report, in its words.
     *
     * @throws BadInputException naming the option, the file and why (exit code 2)
     */
    static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw cannotWrite(file, "is a directory");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw cannotWrite(file, "no such directory");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw cannotWrite(file, "permission denied");
        }
    }

    private static BadInputException cannotWrite(Path file, String reason) {
        return new BadInputException("--svg: cannot write " + file + ": " + reason);
    }

    /** {@code --color} and {@code --no-color}. */
    static final class Colors {
        @Option(names = "--color", paramLabel = "<when>",
                description = "Colour the slice maps: always, never or auto (default: when stdout is a terminal, "
                        + "NO_COLOR is unset or empty and TERM is not dumb).")
        String color;

        @Option(names = "--no-color", description = "Plain ASCII slice maps (the same as --color=never).")
        boolean noColor;

        boolean enabled() {
            ColorMode mode;
            try {
                mode = color == null ? ColorMode.AUTO : ColorMode.parse(color);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--color: " + e.getMessage());
            }
            if (noColor && mode == ColorMode.ALWAYS) {
                throw new BadInputException("--color=always and --no-color contradict each other: give one");
            }
            return !noColor && mode.useColor(System.getenv(), mode == ColorMode.AUTO && Main.stdoutIsTerminal.getAsBoolean());
        }
    }
}
