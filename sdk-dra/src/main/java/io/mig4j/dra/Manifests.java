package io.mig4j.dra;

import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes Kubernetes objects (fabric8 models or plain maps) as YAML or JSON. YAML comes as one multi-document
 * stream ({@code ---} before each object), with map keys sorted as {@code kubectl get -o yaml} shows them, and
 * strings quoted only where YAML would otherwise read them as something else.
 */
public final class Manifests {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Manifests() {
    }

    /** One YAML document per object, each starting with {@code ---}. */
    public static String toYaml(List<?> objects) {
        StringBuilder out = new StringBuilder();
        for (Object o : objects) {
            out.append(toYaml(o));
        }
        return out.toString();
    }

    /** One YAML document, starting with {@code ---}. */
    public static String toYaml(Object object) {
        Objects.requireNonNull(object, "object");
        try {
            return YAML.writeValueAsString(object);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + object.getClass().getSimpleName() + " as YAML: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The object as indented JSON. */
    public static String toJson(Object object) {
        Objects.requireNonNull(object, "object");
        try {
            return JSON.writeValueAsString(object);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + object.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Several objects as one JSON document: a {@code v1 List} with the objects as {@code items}, like kubectl. */
    public static String toJsonList(List<?> objects) {
        java.util.Map<String, Object> list = new java.util.LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", objects);
        return toJson(list);
    }
}
