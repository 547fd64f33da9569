package io.mig4j.testkit.kube;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One reason an object was refused, shaped like Kubernetes' {@code metav1.StatusCause} built from a
 * {@code field.Error}: {@code reason} is the cause type ({@code FieldValueRequired}, {@code FieldValueInvalid},
 * ...), {@code field} the path ({@code spec.devices.requests[0].exactly.deviceClassName}) and {@code message} the
 * error body ({@code Required value}, {@code Invalid value: 0: must be greater than zero}).
 *
 * <p>The factories word messages exactly as apimachinery's {@code pkg/util/validation/field/errors.go}
 * ({@code ErrorBody}) does, so a test can match the text a real API server sends.
 *
 * @param reason  the cause type, e.g. {@code FieldValueInvalid}
 * @param field   the field path, e.g. {@code spec.selectors[0].cel.expression}
 * @param message the error body, e.g. {@code Required value}
 * @implSpec Immutable and thread-safe.
 */
public record StatusCause(String reason, String field, String message) {

    /** Requires all three parts. */
    public StatusCause {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code Required value[: detail]}. */
    public static StatusCause required(String field, String detail) {
        return new StatusCause("FieldValueRequired", field, withDetail("Required value", detail));
    }

    /** {@code Invalid value: <value>[: detail]}; the value is rendered as Go renders it (strings quoted). */
    public static StatusCause invalid(String field, Object value, String detail) {
        return new StatusCause("FieldValueInvalid", field, withDetail("Invalid value: " + render(value), detail));
    }

    /** {@code Unsupported value: "x": supported values: "a", "b"}. */
    public static StatusCause notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(StatusCause::quote).collect(Collectors.joining(", "));
        return new StatusCause("FieldValueNotSupported", field, withDetail("Unsupported value: " + render(value), detail));
    }

    /** {@code Forbidden: detail}. */
    public static StatusCause forbidden(String field, String detail) {
        return new StatusCause("FieldValueForbidden", field, withDetail("Forbidden", detail));
    }

    /** {@code Duplicate value: <value>}. */
    public static StatusCause duplicate(String field, Object value) {
        return new StatusCause("FieldValueDuplicate", field, "Duplicate value: " + render(value));
    }

    /** {@code Too long: may not be more than N bytes}. */
    public static StatusCause tooLong(String field, int maxLength) {
        return new StatusCause("FieldValueTooLong", field,
                "Too long: may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes"));
    }

    /** {@code Too many: N: must have at most M items}. */
    public static StatusCause tooMany(String field, int actual, int max) {
        return new StatusCause("FieldValueTooMany", field,
                "Too many: " + actual + ": must have at most " + max + (max == 1 ? " item" : " items"));
    }

    /** The error as one line, {@code field: message}, as Go's {@code field.Error.Error()} prints it. */
    public String error() {
        return field.isEmpty() ? message : field + ": " + message;
    }

    private static String withDetail(String head, String detail) {
        return detail == null || detail.isEmpty() ? head : head + ": " + detail;
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return quote((String) value);
        }
        if (value instanceof tools.jackson.databind.JsonNode) {
            return Json.render((tools.jackson.databind.JsonNode) value);
        }
        return String.valueOf(value);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
