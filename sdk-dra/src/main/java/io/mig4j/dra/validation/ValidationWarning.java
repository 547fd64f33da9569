package io.mig4j.dra.validation;

import java.util.Objects;

/**
 * Something the API server accepts but that cannot work as written: a field a disabled feature gate drops, a CEL
 * selector that can never match an NVIDIA device, a claim configuration NVIDIA's driver will reject when it prepares
 * the device. Printed as {@code <field>: <message>}.
 *
 * @param field   the field path, as in {@link FieldError#field()}
 * @param message what is wrong and what to write instead
 */
public record ValidationWarning(String field, String message) {
    public ValidationWarning {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
