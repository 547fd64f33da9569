package io.mig4j.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.RequestedInstance;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.layout.SliceMap.Block;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SliceMapText}: the terminal picture, plain and coloured. */
class SliceMapTextTest {
    private static final ProductCatalog CATALOG = ProductCatalog.builtIn();
    private static final GpuProduct H100 = CATALOG.require("H100-80GB");
    /** An SGR escape sequence. */
    private static final String ANSI = "\u001b\\[[0-9;]*m";

    static MigLayout layout(GpuProduct product, String text) {
        return LayoutSolver.solve(product, RequestedInstance.parseList(product, text)).layout().orElseThrow();
    }

    @Test
    void plainPictureHasOneColumnPerMemorySliceAndABoxPerInstance() {
        SliceMap map = new SliceMap("H100-80GB", null, null, 8, List.of(
                new Block(4, 4, "3g.40gb", 9, null, List.of(), null),
                new Block(0, 2, "2g.20gb", 14, null, List.of(), null),
                new Block(2, 1, "1g.10gb+me", 20, null, List.of(), null)), "")
                .withOwners(b -> b.profile().equals("3g.40gb") ? "default/train-0" : null);
        assertThat(SliceMapText.render(map, false)).isEqualTo("""
                   0        1        2        3        4        5        6        7
                  +-----------------+--------+--------+-----------------------------------+
                  |2g.20gb          |1g.10gb |free    |3g.40gb                            |
                  |                 |+me     |        |default/train-0                    |
                  +-----------------+--------+--------+-----------------------------------+
                """);
    }

    @Test
    void colouredPictureHasTheSameCharactersAndAColourPerInstanceSize() {
        SliceMap map = SliceMap.of(layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2,1g.10gb@3"));
        String coloured = SliceMapText.render(map, true);
        String plain = SliceMapText.render(map, false);
        assertThat(coloured).isNotEqualTo(plain);
        assertThat(coloured.replaceAll(ANSI, "")).isEqualTo(plain);
        // the two 1g instances share a colour, which differs from the 2g's and the 3g's
        assertThat(coloured).contains(Palette.ansi("1g.10gb") + "1g.10gb ").contains(Palette.ansi("2g.20gb") + "2g.20gb")
                .contains(Palette.ansi("3g.40gb") + "3g.40gb");
        assertThat(Palette.ansi("1g.10gb")).isNotEqualTo(Palette.ansi("2g.20gb")).isNotEqualTo(Palette.ansi("3g.40gb"));
        assertThat(plain).doesNotContain("\u001b");
    }

    @Test
    void inventoryBlocksShowGiIdsAndComputeInstanceCounts() {
        SliceMap map = new SliceMap("GPU 0: A30-24GB", 0, 0, 4, List.of(
                new Block(0, 2, "2g.12gb", 5, 3, List.of("MIG-a", "MIG-b"), null),
                new Block(3, 1, "1g.6gb", 14, 9, List.of("MIG-c"), "ns/pod")), "");
        assertThat(SliceMapText.render(map, false)).isEqualTo("""
                   0               1               2               3
                  +-------------------------------+---------------+---------------+
                  |2g.12gb                        |free           |1g.6gb         |
                  |GI 3                           |               |GI 9           |
                  |2 CIs                          |               |ns/pod         |
                  +-------------------------------+---------------+---------------+
                """);
    }

    @Test
    void overlappingInstancesAreStackedAndOnlyTrulyFreeSlicesSayFree() {
        SliceMap map = new SliceMap("H100-80GB", null, null, 8, List.of(
                new Block(0, 4, "4g.40gb", 5, null, List.of(), null),
                new Block(2, 2, "2g.20gb", 14, null, List.of(), null)), "");
        assertThat(SliceMapText.render(map, false)).isEqualTo("""
                   0        1        2        3        4        5        6        7
                  +-----------------------------------+-----------------------------------+
                  |4g.40gb                            |free                               |
                  +-----------------------------------+-----------------------------------+
                                    +-----------------+
                                    |2g.20gb          |
                                    +-----------------+
                """);
    }

    @Test
    void aGpuWithMigDisabledIsItsNote() {
        SliceMap map = new SliceMap("GPU 0: H100-80GB", 0, 0, 8, List.of(), "MIG disabled");
        assertThat(SliceMapText.hasPicture(map)).isFalse();
        assertThat(SliceMapText.render(map, true)).isEqualTo("  MIG disabled\n");
        assertThat(SliceMapText.hasPicture(new SliceMap("GPU 0: H100-80GB", 0, 0, 8, List.of(), ""))).isTrue();
    }

    @Test
    void labelsThatDoNotFitAreWrappedOrCut() {
        assertThat(SliceMapText.wrap("1g.10gb+me", 8)).containsExactly("1g.10gb", "+me");
        assertThat(SliceMapText.wrap("1g.24gb-me", 8)).containsExactly("1g.24gb", "-me");
        assertThat(SliceMapText.wrap("default/inference-server-0", 8)).containsExactly("default/", "inferenc",
                "e-server", "-0");
        assertThat(SliceMapText.fit("inference", 6)).isEqualTo("infer~");
        assertThat(SliceMapText.render(new SliceMap("x", null, null, 8, List.of(new Block(0, 1, "1g.10gb", 19, 1,
                List.of(), "default/inference-server-0")), ""), false).lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(2 + 8 * 9 + 1))
                .anySatisfy(line -> assertThat(line).startsWith("  |default/|"))
                .anySatisfy(line -> assertThat(line).startsWith("  |inferen~|")); // at most two lines of owner
    }

    @Test
    void everyProductFitsAnEightyColumnTerminal() {
        for (GpuProduct p : CATALOG.products()) {
            SliceMap map = SliceMap.of(layout(p, p.fullProfile().name().toString()));
            assertThat(SliceMapText.render(map, false).lines()).as(p.alias())
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        }
    }

    @Test
    void theOneLineStripIsTheLayoutsSliceMapAndABarInColour() {
        MigLayout l = layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2");
        SliceMap map = SliceMap.of(l);
        assertThat(SliceMapText.strip(map, false)).isEqualTo(l.sliceMap()).isEqualTo("2 2 3 . 1 1 1 1");
        String bar = SliceMapText.strip(map, true);
        assertThat(bar.replaceAll(ANSI, "")).isEqualTo("2 2 3 . 1 1 1 1");
        // the space between two slices of one instance is coloured, the one between instances is not
        assertThat(bar).startsWith(Palette.ansi("2g.20gb") + "2" + Palette.RESET + Palette.ansi("2g.20gb") + " ");
        assertThat(bar).contains("2" + Palette.RESET + " " + Palette.ansi("1g.10gb") + "3");
    }
}
