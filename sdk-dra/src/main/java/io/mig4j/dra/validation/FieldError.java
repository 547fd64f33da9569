package io.mig4j.dra.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One validation error in the shape of Kubernetes' {@code field.Error}: a type, the path of the field, the bad value
 * and a detail, rendered exactly as {@code field.Error.Error()} renders it, e.g.
 * {@code spec.devices.requests[0].exactly.deviceClassName: Required value} or
 * {@code spec.devices.requests[0].exactly.allocationMode: Unsupported value: "Some": supported values: "All", "ExactCount"}.
 * Source: {@code pkg/util/validation/field/errors.go} in kubernetes/apimachinery (commit eed236ce).
 *
 * @param type     what is wrong
 * @param field    the field path, e.g. {@code spec.selectors[0].cel.expression}
 * @param badValue the offending value (a String, Number, Boolean, list, map or any JSON-serialisable object), or
 *                 {@link #OMIT_VALUE}; ignored by the types that never show it (Required, Forbidden, ...)
 * @param detail   the explanation after the value, may be empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** A bad value that is not shown (Kubernetes' {@code omitValue}). */
    public static final Object OMIT_VALUE = new Object() {
        @Override
        public String toString() {
            return "<omitted>";
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Kubernetes' {@code field.ErrorType}: the reason code and the words shown in messages. */
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        TOO_FEW("FieldValueTooFew", "Too few"),
        INTERNAL("InternalError", "Internal error"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
        TOO_SHORT("FieldValueTooShort", "Too short"),
        /**
         * A field the schema does not have. Not one of Kubernetes' field error types: the API server reports it while
         * decoding ({@code strict decoding error: unknown field "spec.suitableNodes"}); mig4j renders it as
         * {@code spec.suitableNodes: unknown field}.
         */
        UNKNOWN_FIELD("FieldValueUnknown", "unknown field");

        private final String reason;
        private final String words;

        Type(String reason, String words) {
            this.reason = reason;
            this.words = words;
        }

        /** The reason code of a {@code Status} cause, e.g. {@code FieldValueRequired}. */
        public String reason() {
            return reason;
        }

        /** The words that start the message, e.g. {@code Required value}. */
        public String words() {
            return words;
        }

        private boolean showsValue() {
            return switch (this) {
                case REQUIRED, FORBIDDEN, TOO_LONG, TOO_SHORT, INTERNAL, UNKNOWN_FIELD -> false;
                default -> true;
            };
        }
    }

    public FieldError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }

    // --------------------------------------------------------------------------------- factories (field.X)

    /** {@code field.Required}. */
    public static FieldError required(FieldPath path, String detail) {
        return new FieldError(Type.REQUIRED, path.toString(), "", detail);
    }

    /** {@code field.Invalid}. */
    public static FieldError invalid(FieldPath path, Object value, String detail) {
        return new FieldError(Type.INVALID, path.toString(), value, detail);
    }

    /** {@code field.TypeInvalid}. */
    public static FieldError typeInvalid(FieldPath path, Object value, String detail) {
        return new FieldError(Type.TYPE_INVALID, path.toString(), value, detail);
    }

    /** {@code field.NotSupported}: the detail lists the supported values, quoted. */
    public static FieldError notSupported(FieldPath path, Object value, List<String> supported) {
        String detail = "";
        if (!supported.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String s : supported) {
                quoted.add(goQuote(s));
            }
            detail = "supported values: " + String.join(", ", quoted);
        }
        return new FieldError(Type.NOT_SUPPORTED, path.toString(), value, detail);
    }

    /** {@code field.Forbidden}. */
    public static FieldError forbidden(FieldPath path, String detail) {
        return new FieldError(Type.FORBIDDEN, path.toString(), "", detail);
    }

    /** {@code field.Duplicate}. */
    public static FieldError duplicate(FieldPath path, Object value) {
        return new FieldError(Type.DUPLICATE, path.toString(), value, "");
    }

    /** {@code field.NotFound}. */
    public static FieldError notFound(FieldPath path, Object value) {
        return new FieldError(Type.NOT_FOUND, path.toString(), value, "");
    }

    /** {@code field.TooLong}: "may not be more than N bytes". */
    public static FieldError tooLong(FieldPath path, int maxBytes) {
        String detail = maxBytes >= 0 ? "may not be more than " + maxBytes + (maxBytes == 1 ? " byte" : " bytes")
                : "value is too long";
        return new FieldError(Type.TOO_LONG, path.toString(), "<value omitted>", detail);
    }

    /** {@code field.TooLongCharacters}: "may not be more than N characters". */
    public static FieldError tooLongCharacters(FieldPath path, int maxCharacters) {
        String detail = maxCharacters >= 0
                ? "may not be more than " + maxCharacters + (maxCharacters == 1 ? " character" : " characters")
                : "value is too long";
        return new FieldError(Type.TOO_LONG, path.toString(), "<value omitted>", detail);
    }

    /** {@code field.TooMany}: "must have at most N items", showing the actual count. */
    public static FieldError tooMany(FieldPath path, int actual, int max) {
        String detail = max >= 0 ? "must have at most " + max + (max == 1 ? " item" : " items") : "has too many items";
        return new FieldError(Type.TOO_MANY, path.toString(), actual >= 0 ? (Object) actual : OMIT_VALUE, detail);
    }

    /** A field the schema does not have ({@link Type#UNKNOWN_FIELD}). */
    public static FieldError unknownField(FieldPath path) {
        return new FieldError(Type.UNKNOWN_FIELD, path.toString(), "", "");
    }

    /**
     * The message of the API server's 400 answer to an object with unknown fields under strict field validation,
     * e.g. {@code DeviceClass in version "v1" cannot be handled as a DeviceClass: strict decoding error: unknown field
     * "spec.suitableNodes"} ({@code transformDecodeError} of kubernetes/apiserver's handlers).
     *
     * @param kind          the object's kind
     * @param version       the version of its apiVersion, e.g. {@code v1}
     * @param unknownFields the {@link Type#UNKNOWN_FIELD} errors (others are ignored)
     */
    public static String strictDecodingMessage(String kind, String version, List<FieldError> unknownFields) {
        List<String> parts = new ArrayList<>();
        for (FieldError e : unknownFields) {
            if (e.type() == Type.UNKNOWN_FIELD) {
                parts.add("unknown field \"" + e.field() + "\"");
            }
        }
        return kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": strict decoding error: "
                + String.join(", ", parts);
    }

    /** {@code field.InternalError}. */
    public static FieldError internal(FieldPath path, String detail) {
        return new FieldError(Type.INTERNAL, path.toString(), detail, detail);
    }

    // --------------------------------------------------------------------------------- rendering

    /** The message without the field: {@code ErrorBody()} of Kubernetes, e.g. {@code Invalid value: "x": detail}. */
    public String body() {
        StringBuilder s = new StringBuilder(type.words);
        if (type.showsValue() && badValue != OMIT_VALUE) {
            s.append(": ").append(renderValue(badValue));
        }
        if (!detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    /** {@code <field>: <body>}, exactly as Kubernetes prints a field error. */
    @Override
    public String toString() {
        return field + ": " + body();
    }

    /** This error with a different field path (used to map v1beta1 paths to v1 and back). */
    public FieldError withField(String newField) {
        return new FieldError(type, newField, badValue, detail);
    }

    /**
     * The errors without repeats, as {@code ErrorList.ToAggregate} removes errors whose text is equal, keeping order.
     */
    public static List<FieldError> deduplicate(List<FieldError> errors) {
        Set<String> seen = new LinkedHashSet<>();
        List<FieldError> out = new ArrayList<>();
        for (FieldError e : errors) {
            if (seen.add(e.toString())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String renderValue(Object value) {
        if (value instanceof String s) {
            return goQuote(s);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return goFloat(((Number) value).doubleValue());
        }
        try {
            return escapeLikeGoJson(JSON.writeValueAsString(value));
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }

    private static String goFloat(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** Go's encoding/json escapes HTML-sensitive characters and the line separators. */
    private static String escapeLikeGoJson(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Go's {@code strconv.Quote}: a double-quoted string with Go escapes for non-printable characters. */
    public static String goQuote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 11 -> out.append("\\v");
                default -> {
                    if (isGoPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xFFFF) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean isGoPrintable(int cp) {
        if (cp < 0x20 || cp == 0x7F) {
            return false;
        }
        if (cp < 0x7F) {
            return true;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && !(Character.isSpaceChar(cp) && cp != ' ');
    }
}
