package io.mig4j.api;

import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An immutable snapshot of a node's GPUs and their MIG instances. Produced by sdk-nvml's {@code MigManager}
 * (from a real or a fake NVML) or read from JSON; consumed by sdk-dra, which does not care where it came from.
 *
 * @param driverVersion NVIDIA driver version, e.g. {@code 580.159.04}
 * @param nvmlVersion   NVML library version
 * @param gpus          the GPUs, in NVML index order
 */
public record Inventory(String driverVersion, String nvmlVersion, List<GpuInventory> gpus) {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Inventory {
        Objects.requireNonNull(driverVersion, "driverVersion");
        Objects.requireNonNull(nvmlVersion, "nvmlVersion");
        gpus = List.copyOf(gpus);
    }

    /** The inventory as a JSON document (the format of {@code mig4j inventory --json}). */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads an inventory written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the text is not an inventory document, naming the field
     */
    public static Inventory fromJson(String json) {
        try {
            return JSON.readValue(json, Inventory.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a mig4j inventory document: " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        }
    }
}
