package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.cli.render.SvgDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Slice maps in {@code validate}, {@code layouts}, {@code inventory} and {@code apply}: plain ASCII when stdout is
 * no terminal (always so under {@link CliRun}), colours with {@code --color=always}, {@code --svg <file>}, and JSON
 * unchanged.
 */
class SliceMapCommandsTest {
    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;

    @Test
    void validateDrawsThePlacedLayoutPlainWhenNotATerminal() {
        CliRun run = CliRun.of("validate", "--gpu", "H100-80GB", "3g.40gb@4,2g.20gb@0,1g.10gb");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain(ESC).contains("""
                   0        1        2        3        4        5        6        7
                  +-----------------+--------+--------+-----------------------------------+
                  |2g.20gb          |1g.10gb |free    |3g.40gb                            |
                  +-----------------+--------+--------+-----------------------------------+
                """);
    }

    @Test
    void colourIsChosenByTheOptions() {
        String layout = "3g.40gb@4,2g.20gb@0";
        assertThat(CliRun.of("validate", "--gpu", "H100-80GB", layout, "--color=always").out()).contains(ESC);
        assertThat(CliRun.of("validate", "--gpu", "H100-80GB", layout, "--color", "auto").out()).doesNotContain(ESC);
        assertThat(CliRun.of("validate", "--gpu", "H100-80GB", layout, "--color=never").out()).doesNotContain(ESC);
        assertThat(CliRun.of("validate", "--gpu", "H100-80GB", layout, "--no-color").out()).doesNotContain(ESC);
        String plain = CliRun.of("validate", "--gpu", "H100-80GB", layout).out();
        assertThat(CliRun.of("validate", "--gpu", "H100-80GB", layout, "--color=ALWAYS").out()
                .replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void badColourOptionsAreBadInputOnOneLine() {
        CliRun bad = CliRun.of("validate", "--gpu", "H100-80GB", "7g.80gb", "--color=sometimes");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).isEqualTo("mig4j: --color: expected always, never or auto, got 'sometimes'\n");
        CliRun both = CliRun.of("inventory", "--fake", "H100-80GB", "--color=always", "--no-color");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).contains("--color=always and --no-color").doesNotContain("\n\n");
    }

    @Test
    void anInvalidLayoutIsDrawnAsRequestedWithOverlapsStacked() {
        CliRun run = CliRun.of("validate", "--gpu", "H100-80GB", "7g.80gb@0,3g.40gb@4");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("OVERLAP").contains("the instances with an @start, as requested:").contains("""
                  +-----------------------------------------------------------------------+
                  |7g.80gb                                                                |
                  +-----------------------------------------------------------------------+
                                                      +-----------------------------------+
                                                      |3g.40gb                            |
                                                      +-----------------------------------+
                """);
    }

    @Test
    void validateWritesSvgAndKeepsJsonUnchanged(@TempDir Path tmp) throws Exception {
        Path svg = tmp.resolve("layout.svg");
        CliRun run = CliRun.of("validate", "--gpu", "A30-24GB", "2g.12gb,1g.6gb", "--json", "--svg", svg.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.json().get("layout").size()).isEqualTo(2);
        assertThat(run.out()).doesNotContain("slice");
        Element root = SvgDocuments.parse(Files.readString(svg)).getDocumentElement();
        assertThat(SvgDocuments.byClass(root, "g", "gpu")).singleElement()
                .satisfies(g -> assertThat(g.getAttribute("data-slices")).isEqualTo("4"));
        assertThat(SvgDocuments.byClass(root, "g", "instance")).extracting(e -> e.getAttribute("data-profile"))
                .containsExactly("2g.12gb", "1g.6gb");
    }

    @Test
    void anSvgFileThatCannotBeWrittenIsBadInput() throws Exception {
        CliRun missing = CliRun.of("validate", "--gpu", "H100-80GB", "7g.80gb", "--svg",
                dir.resolve("no/such/dir/x.svg").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).startsWith("mig4j: --svg: cannot write ").endsWith(": no such directory\n");
        CliRun directory = CliRun.of("layouts", "--gpu", "A30-24GB", "--svg", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(directory.err()).startsWith("mig4j: --svg: cannot write " + dir).hasLineCount(1);
    }

    @Test
    void layoutsPrintOneLinePerLayoutAndMapsOnlyWithMap() {
        CliRun lines = CliRun.of("layouts", "--gpu", "A30-24GB", "--maximal");
        assertThat(lines.exitCode()).as(lines.toString()).isZero();
        assertThat(lines.out()).doesNotContain("+---").doesNotContain(ESC);
        assertThat(lines.out().lines().filter(l -> l.startsWith("4g.24gb@0"))).singleElement()
                .satisfies(l -> assertThat(l).endsWith(" 1 1 1 1"));
        CliRun maps = CliRun.of("layouts", "--gpu", "A30-24GB", "--maximal", "--map");
        long boxes = maps.out().lines().filter(l -> l.startsWith("  +--")).count();
        assertThat(boxes).isEqualTo(2L * 21); // 21 maximal layouts, a top and a bottom border each
        assertThat(maps.out()).contains("""
                4g.24gb@0                                                    1 1 1 1
                   0               1               2               3
                  +---------------------------------------------------------------+
                  |4g.24gb                                                        |
                  +---------------------------------------------------------------+
                """);
        assertThat(CliRun.of("layouts", "--gpu", "A30-24GB", "--maximal", "--color=always").out())
                .contains(ESC);
    }

    @Test
    void layoutsSvgHasOneRowPerLayoutEvenWithCount() throws Exception {
        Path svg = dir.resolve("layouts.svg");
        CliRun run = CliRun.of("layouts", "--gpu", "A30-24GB", "--maximal", "--count", "--svg", svg.toString());
        assertThat(run.out().strip()).isEqualTo("21");
        Element root = SvgDocuments.parse(Files.readString(svg)).getDocumentElement();
        List<Element> rows = SvgDocuments.byClass(root, "g", "gpu");
        assertThat(rows).hasSize(21);
        assertThat(rows).extracting(r -> r.getAttribute("data-label")).contains("4g.24gb@0", "2g.12gb@0,2g.12gb@2");
        assertThat(SvgDocuments.byClass(root, "text", "title").get(0).getTextContent())
                .isEqualTo("21 maximal layouts on A30-24GB");
    }

    @Test
    void inventoryAndApplyDrawEachMigGpuWithGiIds() throws Exception {
        Path state = dir.resolve("node.json");
        CliRun apply = CliRun.of("apply", "-f", ExitCodesTest.REQUESTS, "-c", "fits", "--apply", "--fake-state",
                state.toString(), "--fake", "H100-80GBx2");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).doesNotContain(ESC).contains("""
                     0        1        2        3        4        5        6        7
                    +-----------------------------------+-----------------------------------+
                    |3g.40gb                            |3g.40gb                            |
                    |GI 1                               |GI 2                               |
                """);
        assertThat(CliRun.of("apply", "-f", ExitCodesTest.REQUESTS, "-c", "fits", "--fake-state", state.toString(),
                "--fake", "H100-80GBx2", "--color=always").exitCode()).isZero();

        Path svg = dir.resolve("node.svg");
        CliRun inventory = CliRun.of("inventory", "--fake-state", state.toString(), "--svg", svg.toString());
        assertThat(inventory.exitCode()).as(inventory.toString()).isZero();
        assertThat(inventory.out().lines().filter(l -> l.matches("  \\|GI \\d+ +\\|GI \\d+ +\\|"))).hasSize(2);
        Element root = SvgDocuments.parse(Files.readString(svg)).getDocumentElement();
        assertThat(SvgDocuments.byClass(root, "g", "gpu")).extracting(g -> g.getAttribute("data-label"))
                .containsExactly("GPU 0: H100-80GB", "GPU 1: H100-80GB");
        assertThat(SvgDocuments.byClass(root, "g", "instance")).hasSize(4)
                .allSatisfy(i -> assertThat(i.getAttribute("data-gi")).isNotEmpty());
        assertThat(CliRun.of("inventory", "--fake-state", state.toString(), "--color=always").out()).contains(ESC);
        // JSON is the inventory document, no picture in it
        assertThat(CliRun.of("inventory", "--fake-state", state.toString(), "--json").out())
                .doesNotContain("+---").doesNotContain(ESC);
    }

    @Test
    void aGpuWithMigDisabledHasNoMapInTheTextAndItsNoteInTheSvg() throws Exception {
        Path svg = dir.resolve("disabled.svg");
        CliRun run = CliRun.of("inventory", "--fake", "A100-40GB", "--svg", svg.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("+---").doesNotContain("free");
        Element root = SvgDocuments.parse(Files.readString(svg)).getDocumentElement();
        assertThat(SvgDocuments.byClass(root, "text", "note").get(0).getTextContent()).isEqualTo("MIG disabled");
    }
}
