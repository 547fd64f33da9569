package io.mig4j.dra.validation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code validateRawExtension}: opaque parameters must be a JSON object of bounded size. */
final class RawExtensions {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawExtensions() {
    }

    /**
     * The value as plain maps, lists and scalars: fabric8 decodes opaque parameters into a {@code RawExtension}, or
     * into a {@code GenericKubernetesResource} when they carry apiVersion and kind.
     */
    static Object plain(Object value) {
        if (value instanceof io.fabric8.kubernetes.api.model.runtime.RawExtension r) {
            return r.getValue();
        }
        if (value == null || value instanceof Map || value instanceof java.util.List || value instanceof String
                || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return JSON.convertValue(value, Object.class);
    }

    static void validate(Object raw, FieldPath path, int maxBytes, Problems p) {
        Object value = plain(raw);
        if (value == null) {
            p.add(FieldError.required(path, ""));
            return;
        }
        int size;
        try {
            size = JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        } catch (JacksonException e) {
            p.add(FieldError.invalid(path, "<value omitted>", "error parsing data as JSON: " + e.getOriginalMessage()));
            return;
        }
        if (size > maxBytes) {
            p.add(FieldError.tooLong(path, maxBytes));
        } else if (!(value instanceof Map)) {
            p.add(FieldError.invalid(path, "<value omitted>", "must be a valid JSON object"));
        }
    }
}
