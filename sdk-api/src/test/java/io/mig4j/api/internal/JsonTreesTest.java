package io.mig4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link JsonTrees} reads what it reads exactly as Jackson does (same tree, same {@link TreeNode} answers and
 * messages), and leaves everything else to Jackson.
 */
class JsonTreesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BiFunction<String, String, RuntimeException> ERROR =
            (path, message) -> new IllegalStateException(path + ": " + message);

    /** The plain tree as Jackson nodes, to compare with Jackson's own tree. */
    private static JsonNode toJackson(Object v) {
        if (v == JsonTrees.NULL) {
            return NODES.nullNode();
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set((String) k, toJackson(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = NODES.arrayNode();
            l.forEach(x -> a.add(toJackson(x)));
            return a;
        }
        if (v instanceof String s) {
            return NODES.stringNode(s);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        throw new AssertionError("not a plain JSON value: " + v);
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\": [1, -2, 3000000000, \"x\", true, false, null, {\"b\": {}}]}",
        "{\"a\": 1, \"a\": \"again\"}", "\"text\"", "7", "{\"f\": 1.5, \"big\": 123456789012345678901234567890}",
        "{\"inf\": 1e400}", "", "   ", "{\"a\": 1} ", "\uFEFF{\"bom\": 1}", "-0", "0", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "999999999999999999", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "[1E3, 2e-1, -0.5]", "{\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\"}",
        "{\"\\u0041\": \"caf\u00e9 \u2014 \ud83d\ude00\"}", "{\"pair\": \"\\ud83d\\ude00\"}",
        "\n\t{ \"a\" :\r\n [ ] , \"b\" : { } }\n", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "true", "null", "[true, false, null]"})
    void readsWhatItReadsAsJacksonDoesAndLeavesTheRestToJackson(String json) {
        JsonNode jackson = JsonMapper.shared().readTree(utf8(json));
        Object plain = JsonTrees.read(utf8(json));
        if (plain == null) { // not in the subset: Jackson's to read (which ones: the next test)
            return;
        }
        assertThat(toJackson(plain)).isEqualTo(jackson);
        assertThat(toJackson(plain).toString()).isEqualTo(jackson.toString());
        for (Map.Entry<?, ?> e : (plain instanceof Map<?, ?> m ? m : Map.of()).entrySet()) {
            assertThat(toJackson(e.getValue()).getClass()).isEqualTo(jackson.get((String) e.getKey()).getClass());
        }
        assertSameAnswers(TreeNode.ofPlain(plain, "", ERROR), new TreeNode(jackson, "", ERROR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\": [1, -2, 3000000000, \"x\", true, false, null, {\"b\": {}}]}",
        "{\"a\": 1, \"a\": \"again\"}", "\"text\"", "7", "-0", "999999999999999999", "-2147483649",
        "{\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\"}", "{\"\\u0041\": \"caf\u00e9 \u2014 \ud83d\ude00\"}",
        "\n\t{ \"a\" :\r\n [ ] , \"b\" : { } }\n", "true", "null", "[true, false, null]"})
    void thePlainSubsetIsReadWithoutJackson(String json) {
        assertThat(JsonTrees.read(utf8(json))).isNotNull();
    }

    @Test
    void intsAndLongsAreJacksonsIntAndLongNodes() {
        Object plain = JsonTrees.read(utf8("[5, -2147483648, 2147483648, -900000000000000000]"));
        assertThat(plain).isEqualTo(List.of(5, -2147483648, 2147483648L, -900000000000000000L));
    }

    @Test
    void theBuiltInCatalogIsReadWithoutJacksonToTheSameTree() throws IOException {
        byte[] bytes;
        try (InputStream in = JsonTreesTest.class.getResourceAsStream("/io/mig4j/api/catalog.json")) {
            bytes = in.readAllBytes();
        }
        Object plain = JsonTrees.read(bytes);
        assertThat(plain).as("the catalog is in the subset, so no Jackson at start-up").isNotNull();
        JsonNode jackson = JsonMapper.shared().readTree(bytes);
        assertThat(toJackson(plain)).isEqualTo(jackson);
        assertSameAnswers(TreeNode.ofPlain(plain, "", ERROR), new TreeNode(jackson, "", ERROR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "[1,]", "{\"a\": NaN}", "{\"a\": 1} {", "{\"a\": 1} x", "// c\n{}", "{'a': 1}",
        "01", "-", "1x", "truex", "[tru]", "{\"a\" 1}", "{\"a\": 1,}", "{a: 1}", "\"tab\there\"", "\"\\x\"", "\"\\u12G4\"",
        "\"open", "[1 2]", "{\"a\": 1 \"b\": 2}", "\u000c{}", "+1", ".5"})
    void badDocumentsAreLeftToJackson(String json) {
        assertThat(JsonTrees.read(utf8(json))).isNull();
        assertThatThrownBy(() -> JsonMapper.shared().readTree(utf8(json))).isInstanceOf(JacksonException.class);
    }

    @Test
    void invalidUtf8AndOtherEncodingsAreLeftToJackson() {
        assertThat(JsonTrees.read(new byte[] {'"', (byte) 0xC3, '"'})).isNull();
        assertThat(JsonTrees.read("{\"a\": 1}".getBytes(StandardCharsets.UTF_16BE))).isNull();
        assertThat(JsonTrees.read(new byte[0])).isNull();
    }

    /** Every TreeNode question, all the way down, answered alike (values, or the same error message). */
    private static void assertSameAnswers(TreeNode plain, TreeNode jackson) {
        assertThat(plain.describe()).isEqualTo(jackson.describe());
        assertThat(plain.isArray()).isEqualTo(jackson.isArray());
        assertThat(plain.isString()).isEqualTo(jackson.isString());
        assertSame(plain::text, jackson::text);
        assertSame(plain::integer, jackson::integer);
        assertSame(plain::longInteger, jackson::longInteger);
        assertSame(plain::bool, jackson::bool);
        assertSame(plain::requireObject, jackson::requireObject);
        assertSame(() -> plain.required("x").path(), () -> jackson.required("x").path());
        assertSame(() -> plain.optional("x").isPresent(), () -> jackson.optional("x").isPresent());
        assertSame(plain::fieldNames, jackson::fieldNames);
        assertSame(() -> plain.elements().size(), () -> jackson.elements().size());
        if (jackson.isArray()) {
            List<TreeNode> a = plain.elements();
            List<TreeNode> b = jackson.elements();
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).path()).isEqualTo(b.get(i).path());
                assertSameAnswers(a.get(i), b.get(i));
            }
        } else if (jackson.raw().isObject()) {
            for (String f : jackson.fieldNames()) {
                assertThat(plain.optional(f).isPresent()).isEqualTo(jackson.optional(f).isPresent());
                if (jackson.optional(f).isPresent()) {
                    assertSameAnswers(plain.required(f), jackson.required(f));
                }
            }
        }
    }

    private static void assertSame(Supplier<Object> plain, Supplier<Object> jackson) {
        List<Object> answers = new ArrayList<>();
        for (Supplier<Object> s : List.of(plain, jackson)) {
            try {
                Object v = s.get();
                answers.add(v instanceof TreeNode t ? "node " + t.path() : v);
            } catch (IllegalStateException e) {
                answers.add("error: " + e.getMessage());
            }
        }
        assertThat(answers.get(0)).isEqualTo(answers.get(1));
    }
}
