package io.mig4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonTreesTest {
    private static JsonNode read(String json) throws IOException {
        return JsonTrees.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
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
    void buildsTheTreeTheMapperBuilds(String json) throws IOException {
        JsonNode mapper = JsonMapper.shared().readTree(json.getBytes(StandardCharsets.UTF_8));
        JsonNode ours = read(json);
        assertThat(ours).isEqualTo(mapper);
        assertThat(ours.getNodeType()).isEqualTo(mapper.getNodeType());
        assertThat(ours.toString()).isEqualTo(mapper.toString());
    }

    @Test
    void numbersKeepTheMappersNodeTypes() throws IOException {
        JsonNode tree = read("{\"int\": 5, \"long\": 3000000000, \"double\": 2.5, \"big\": 123456789012345678901234}");
        JsonNode mapper = JsonMapper.shared().readTree(
                "{\"int\": 5, \"long\": 3000000000, \"double\": 2.5, \"big\": 123456789012345678901234}");
        for (String field : new String[] {"int", "long", "double", "big"}) {
            assertThat(tree.get(field).getClass()).as(field).isEqualTo(mapper.get(field).getClass());
        }
    }

    @Test
    void theBuiltInCatalogReadsAsWithTheMapper() throws IOException {
        try (InputStream a = JsonTreesTest.class.getResourceAsStream("/io/mig4j/api/catalog.json");
             InputStream b = JsonTreesTest.class.getResourceAsStream("/io/mig4j/api/catalog.json")) {
            byte[] bytes = a.readAllBytes();
            JsonNode fast = JsonTrees.fast(bytes);
            assertThat(fast).as("the catalog takes the fast path, not the mapper's").isNotNull();
            assertThat(fast).isEqualTo(JsonMapper.shared().readTree(b));
            assertThat(fast.toString()).isEqualTo(JsonMapper.shared().readTree(bytes).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "[1,]", "{\"a\": NaN}", "{\"a\": 1} {", "{\"a\": 1} x", "// c\n{}", "{'a': 1}",
        "01", "-", "1x", "truex", "[tru]", "{\"a\" 1}", "{\"a\": 1,}", "{a: 1}", "\"tab\there\"", "\"\\x\"", "\"\\u12G4\"",
        "\"open", "[1 2]", "{\"a\": 1 \"b\": 2}", "\u000c{}", "+1", ".5"})
    void badDocumentsFailWithTheMappersMessage(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String expected = null;
        try {
            JsonMapper.shared().readTree(bytes);
        } catch (JacksonException e) {
            expected = e.getOriginalMessage();
        }
        assertThat(expected).as("the mapper rejects it").isNotNull();
        assertThatThrownBy(() -> read(json)).isInstanceOf(JacksonException.class)
                .extracting(e -> ((JacksonException) e).getOriginalMessage()).isEqualTo(expected);
    }
}
