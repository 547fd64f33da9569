package io.mig4j.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.layout.SliceMap.Block;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link SliceMapSvg}: the SVG is read back with the JDK's XML parser (blocks, positions, widths, labels, escaping)
 * and rendered to pixels with JSVG (colours where the blocks are).
 */
class SliceMapSvgTest {
    private static final GpuProduct H100 = ProductCatalog.builtIn().require("H100-80GB");
    private static final GpuProduct A30 = ProductCatalog.builtIn().require("A30-24GB");

    @TempDir
    Path dir;

    /** Two GPUs of a node: an H100 with three instances, one held by a pod, and an A30 with one. */
    static List<SliceMap> node() {
        SliceMap h100 = SliceMap.of(SliceMapTextTest.layout(H100, "3g.40gb@4,2g.20gb@0,1g.10gb@2"))
                .withLabel("GPU 0: H100-80GB");
        SliceMap a30 = new SliceMap("GPU 1: A30-24GB", 1, 1, 4, List.of(
                new Block(0, 2, "2g.12gb", 5, 3, List.of("MIG-a", "MIG-b"), "team-<a> & \"b\"")), "");
        return List.of(h100, a30);
    }

    private static int num(Element e, String attribute) {
        return (int) Double.parseDouble(e.getAttribute(attribute));
    }

    @Test
    void oneRowPerGpuAndOneBlockPerInstanceWithWidthsProportionalToSlices() throws Exception {
        Document doc = SvgDocuments.parse(SliceMapSvg.render("node-a", node(), (m, b) -> b.profile().equals("1g.10gb")
                ? "default/inference-0" : null));
        Element svg = doc.getDocumentElement();
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        List<Element> gpus = SvgDocuments.byClass(svg, "g", "gpu");
        assertThat(gpus).extracting(g -> g.getAttribute("data-label")).containsExactly("GPU 0: H100-80GB",
                "GPU 1: A30-24GB");
        assertThat(gpus).extracting(g -> g.getAttribute("data-slices")).containsExactly("8", "4");
        assertThat(SvgDocuments.byClass(gpus.get(0), "rect", "slice")).hasSize(8);
        assertThat(SvgDocuments.byClass(gpus.get(1), "rect", "slice")).hasSize(4);

        List<Element> instances = SvgDocuments.byClass(svg, "g", "instance");
        assertThat(instances).hasSize(4);
        assertThat(SvgDocuments.byClass(gpus.get(0), "g", "instance")).extracting(i -> i.getAttribute("data-profile"))
                .containsExactly("2g.20gb", "1g.10gb", "3g.40gb");
        int sliceX0 = num(SvgDocuments.byClass(gpus.get(0), "rect", "slice").get(0), "x");
        for (Element instance : instances) {
            Element rect = SvgDocuments.byClass(instance, "rect", "block").get(0);
            int start = Integer.parseInt(instance.getAttribute("data-start"));
            int size = Integer.parseInt(instance.getAttribute("data-size"));
            // both rows use one scale: a block's width and offset are proportional to its slices
            assertThat(num(rect, "width") + 4).isEqualTo(size * SliceMapSvg.SLICE_WIDTH);
            assertThat(num(rect, "x") - sliceX0).isEqualTo(start * SliceMapSvg.SLICE_WIDTH);
            assertThat(SvgDocuments.byClass(instance, "text", "profile").get(0).getTextContent())
                    .isEqualTo(instance.getAttribute("data-profile"));
        }
        // rows do not overlap vertically
        Element h100Block = SvgDocuments.byClass(gpus.get(0), "rect", "block").get(0);
        Element a30Block = SvgDocuments.byClass(gpus.get(1), "rect", "block").get(0);
        assertThat(num(a30Block, "y")).isGreaterThanOrEqualTo(num(h100Block, "y") + num(h100Block, "height"));
        assertThat(SvgDocuments.byClass(svg, "text", "free")).hasSize(1 + 2); // slice 3 of the H100, slices 2 and 3 of the A30
        assertThat(SvgDocuments.byClass(svg, "text", "title").get(0).getTextContent()).isEqualTo("node-a");
    }

    @Test
    void ownedInstancesAreMarkedWithTheirOwnerEscaped() throws Exception {
        String svg = SliceMapSvg.render("node-a", node(), (m, b) -> b.profile().equals("1g.10gb")
                ? "default/inference-0" : null);
        assertThat(svg).contains("team-&lt;a&gt; &amp; &quot;b&quot;");
        Document doc = SvgDocuments.parse(svg);
        List<Element> owned = new ArrayList<>();
        for (Element i : SvgDocuments.byClass(doc.getDocumentElement(), "g", "instance")) {
            if (i.hasAttribute("data-owner")) {
                owned.add(i);
            }
        }
        assertThat(owned).extracting(i -> i.getAttribute("data-owner"))
                .containsExactly("default/inference-0", "team-<a> & \"b\"");
        for (Element i : owned) {
            assertThat(SvgDocuments.byClass(i, "rect", "owner-badge")).hasSize(1);
        }
        // a one-slice block has room for the pod's name without its namespace, in a smaller font
        Element narrow = SvgDocuments.byClass(owned.get(0), "text", "owner").get(0);
        assertThat(narrow.getTextContent()).isEqualTo("inference-0");
        assertThat(Integer.parseInt(narrow.getAttribute("font-size"))).isBetween(8, 10);
        assertThat(SvgDocuments.byClass(owned.get(1), "text", "owner").get(0).getTextContent())
                .isEqualTo("team-<a> & \"b\"");
        Element a30 = owned.get(1);
        assertThat(a30.getAttribute("data-gi")).isEqualTo("3");
        assertThat(SvgDocuments.byClass(a30, "text", "detail").get(0).getTextContent()).isEqualTo("GI 3, 2 CIs");
        assertThat(a30.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent())
                .contains("2g.12gb (profile ID 5) at memory slices 0:2").contains("MIG-a").contains("MIG-b");
    }

    @Test
    void textXmlCannotHoldIsWrittenOutAndTheDocumentStillParses() throws Exception {
        SliceMap odd = new SliceMap("GPU \u0001 <0>", 0, 0, 8, List.of(
                new Block(0, 8, "7g.80gb", 0, 0, List.of(), "pod\u0000\ud800")), "note ]]> &");
        Document doc = SvgDocuments.parse(SliceMapSvg.render(odd.label(), List.of(odd)));
        assertThat(SvgDocuments.byClass(doc.getDocumentElement(), "text", "title").get(0).getTextContent())
                .isEqualTo("GPU U+0001 <0>");
        assertThat(SvgDocuments.byClass(doc.getDocumentElement(), "g", "instance").get(0).getAttribute("data-owner"))
                .isEqualTo("podU+0000U+D800");
        assertThat(SvgDocuments.byClass(doc.getDocumentElement(), "text", "note").get(0).getTextContent()).isEqualTo("note ]]> &");
    }

    @Test
    void aLongTitleWidensThePictureInsteadOfBeingCutAtItsEdge() throws Exception {
        SliceMap gpu = new SliceMap("GPU 0: A30-24GB", 0, 0, 4, List.of(), "");
        String title = "mig4j demo: A100-80GB + H100-80GB, 'mixed-workload': the GPUs after each step that changed them";
        Element narrow = SvgDocuments.parse(SliceMapSvg.render("A30", List.of(gpu))).getDocumentElement();
        Element wide = SvgDocuments.parse(SliceMapSvg.render(title, List.of(gpu))).getDocumentElement();
        // 18 px bold text of ~0.6 em per character and the margins fit inside the picture
        assertThat(num(wide, "width")).isGreaterThan(num(narrow, "width"))
                .isGreaterThanOrEqualTo((int) (title.length() * 18 * 0.6) + 32);
    }

    @Test
    void overlappingInstancesGetLanesAndAMigDisabledGpuOnlyItsNote() throws Exception {
        SliceMap overlap = new SliceMap("H100-80GB", null, null, 8, List.of(
                new Block(0, 8, "7g.80gb", 0, null, List.of(), null),
                new Block(4, 4, "3g.40gb", 9, null, List.of(), null)), "");
        SliceMap disabled = new SliceMap("GPU 1: H100-80GB", 1, 1, 8, List.of(), "MIG disabled");
        Element svg = SvgDocuments.parse(SliceMapSvg.render(List.of(overlap, disabled))).getDocumentElement();
        List<Element> blocks = SvgDocuments.byClass(svg, "rect", "block");
        assertThat(blocks).hasSize(2);
        assertThat(num(blocks.get(1), "y")).isGreaterThanOrEqualTo(num(blocks.get(0), "y") + num(blocks.get(0), "height"));
        List<Element> gpus = SvgDocuments.byClass(svg, "g", "gpu");
        assertThat(SvgDocuments.byClass(gpus.get(1), "rect", "slice")).isEmpty();
        assertThat(SvgDocuments.byClass(gpus.get(1), "text", "note").get(0).getTextContent()).isEqualTo("MIG disabled");
        assertThat(SvgDocuments.byClass(svg, "text", "title")).isEmpty();
    }

    @Test
    void rendersToPixelsWithEachBlockInItsColour() throws Exception {
        String svg = SliceMapSvg.render("node-a", node(), (m, b) -> b.profile().equals("1g.10gb")
                ? "default/inference-0" : null);
        SVGDocument doc = new SVGLoader().load(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)), null,
                LoaderContext.createDefault());
        assertThat(doc).as("JSVG could not load the SVG").isNotNull();
        int width = (int) Math.ceil(doc.size().width);
        int height = (int) Math.ceil(doc.size().height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        doc.render(null, g);
        g.dispose();
        // kept under target/ for people who want to look at it (the build's output directory, never read back)
        Path png = Files.isDirectory(Path.of("target")) ? Path.of("target", "slice-map-example.png")
                : dir.resolve("node.png");
        assertThat(ImageIO.write(image, "png", png.toFile())).isTrue();
        assertThat(Files.size(png)).isGreaterThan(1000);

        Element root = SvgDocuments.parse(svg).getDocumentElement();
        for (Element instance : SvgDocuments.byClass(root, "g", "instance")) {
            Element rect = SvgDocuments.byClass(instance, "rect", "block").get(0);
            // a point inside the block, right of its text and above the owner badge
            int x = num(rect, "x") + num(rect, "width") - 6;
            int y = num(rect, "y") + num(rect, "height") / 2 - 4;
            assertThat(new Color(image.getRGB(x, y), true)).as(instance.getAttribute("data-profile") + " at " + x + "," + y)
                    .isEqualTo(Color.decode(rect.getAttribute("fill")));
        }
        // the background is white, not transparent
        assertThat(new Color(image.getRGB(2, 2), true)).isEqualTo(Color.WHITE);
    }
}
