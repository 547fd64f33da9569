package io.mig4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java in {@code docs/*.md} from rotting: every {@code ```java} block there is preceded by a marker
 * {@code <!-- snippet: <path from the repository root>#<region> -->}, and its text equals (after removing the common
 * indentation) the lines between {@code // snippet:<region>} and {@code // end-snippet:<region>} of that source, which
 * the build compiles and whose tests run. The sources are samples and tests of this repository (this module's
 * {@link Quickstart}, samples/dra-publisher, sdk-testkit tests), all in the same reactor.
 */
class DocsSnippetsTest {
    static final Path ROOT = Path.of("../..");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

    record Block(Path doc, int line, String marker, String text) {
    }

    @Test
    void everyJavaBlockInTheDocsIsACopyOfACompiledRegion() throws IOException {
        List<Block> blocks = javaBlocks();
        assertThat(blocks).as("java blocks in docs/*.md").isNotEmpty();
        for (Block b : blocks) {
            String where = ROOT.relativize(b.doc()) + ":" + b.line();
            assertThat(b.marker()).as(where + ": a ```java block needs <!-- snippet: path#region --> on the line above")
                    .isNotNull();
            Matcher m = MARKER.matcher(b.marker());
            assertThat(m.matches()).as(where + ": marker " + b.marker()).isTrue();
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as(where + ": snippet source").isRegularFile();
            assertThat(m.group(1)).as(where + ": a snippet comes from compiled sources").contains("/src/")
                    .endsWith(".java");
            assertThat(b.text()).as(where + ": copy of " + m.group(1) + "#" + m.group(2))
                    .isEqualTo(region(source, m.group(2)));
        }
    }

    @Test
    void regionsAreFoundAndDedented() throws IOException {
        String region = region(Path.of("src/main/java/io/mig4j/samples/quickstart/Quickstart.java"), "open-node");
        assertThat(region).startsWith("/** The real driver's NVML").contains("return NvmlLoader.load();")
                .doesNotContain("snippet");
        assertThat(region.lines().filter(l -> l.startsWith("static Nvml openNode"))).hasSize(1);
    }

    /** The lines between the region's markers, without their common indentation and trailing blanks. */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.equals("// snippet:" + name)) {
                assertThat(begin).as(source + ": region " + name + " opened twice").isEqualTo(-1);
                begin = i + 1;
            } else if (t.equals("// end-snippet:" + name)) {
                end = i;
            }
        }
        assertThat(begin).as(source + ": // snippet:" + name).isPositive();
        assertThat(end).as(source + ": // end-snippet:" + name).isGreaterThanOrEqualTo(begin);
        List<String> body = lines.subList(begin, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : body) {
            out.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString().strip() + "\n";
    }

    static List<Block> javaBlocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<Path> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                String marker = i > 0 && lines.get(i - 1).strip().startsWith("<!-- snippet:")
                        ? lines.get(i - 1).strip() : null;
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                    text.append(lines.get(j).stripTrailing()).append('\n');
                }
                blocks.add(new Block(doc, i + 1, marker, text.toString().strip() + "\n"));
                i = j;
            }
        }
        return blocks;
    }
}
