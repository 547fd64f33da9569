package io.mig4j.api.inventory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of an {@link Inventory}, the document {@code mig4j inventory --json} prints: one field per record
 * component, by name, nulls written as {@code null}. Kept apart from the records so that the value types do not
 * depend on a mapper. Thread-safe.
 */
public final class InventoryJson {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private InventoryJson() {
    }

    /** The inventory as an indented JSON document. */
    public static String write(Inventory inventory) {
        return JSON.writeValueAsString(inventory);
    }

    /**
     * Reads a document written by {@link #write(Inventory)}.
     *
     * @throws IllegalArgumentException when the text is not an inventory document, naming the field
     */
    public static Inventory read(String json) {
        try {
            return JSON.readValue(json, Inventory.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a mig4j inventory document: " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        }
    }
}
