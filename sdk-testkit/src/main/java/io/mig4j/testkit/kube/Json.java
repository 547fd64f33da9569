package io.mig4j.testkit.kube;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** JSON helpers of the API server: one mapper, null-safe navigation, value equality, Kubernetes timestamps. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses a request body; anything but a JSON object is a 400 with the decoder's complaint. */
    static ObjectNode parseObject(byte[] body, String kindForMessage) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw KubeApiException.badRequest("couldn't get version/kind; json parse error: "
                    + firstLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw KubeApiException.badRequest("Object '" + kindForMessage + "' is missing in '"
                    + (node == null ? "" : abbreviate(node.toString())) + "'");
        }
        return (ObjectNode) node;
    }

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw KubeApiException.badRequest("error decoding patch: " + firstLine(e.getOriginalMessage()));
        }
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /** The text at a dotted path ({@code "spec.nodeName"}), or null when absent or not a scalar. */
    static String text(JsonNode node, String dottedPath) {
        JsonNode cur = node;
        int start = 0;
        while (cur != null && start <= dottedPath.length()) {
            int dot = dottedPath.indexOf('.', start);
            String key = dot < 0 ? dottedPath.substring(start) : dottedPath.substring(start, dot);
            cur = cur.get(key);
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (cur == null || cur.isNull() || cur.isContainer()) {
            return null;
        }
        return cur.asString();
    }

    static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainer() ? fallback : v.asString();
    }

    /** The object at {@code field}, created when absent (or replaced when not an object). */
    static ObjectNode ensureObject(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v instanceof ObjectNode) {
            return (ObjectNode) v;
        }
        return parent.putObject(field);
    }

    static ObjectNode objectOrNull(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v instanceof ObjectNode ? (ObjectNode) v : null;
    }

    static ObjectNode metadata(ObjectNode obj) {
        return ensureObject(obj, "metadata");
    }

    /**
     * Equality as Kubernetes sees values: numbers by value (an int 1 equals a long 1), objects regardless of
     * key order, and an absent member equal to none.
     */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return (a == null || a.isNull() || a.isMissingNode()) && (b == null || b.isNull() || b.isMissingNode());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!same(e.getValue(), b.get(e.getKey())) || !b.has(e.getKey())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<JsonNode> ia = a.values().iterator();
            Iterator<JsonNode> ib = b.values().iterator();
            while (ia.hasNext()) {
                if (!same(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A metav1.Time: RFC 3339, UTC, whole seconds. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static long longValue(JsonNode node, long fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isString()) {
            try {
                return new BigDecimal(node.asString()).longValue();
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** How Go's %v / json renders a value inside an error message ({@code "x"}, {@code 3}, {@code null}). */
    static String render(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        return value.toString();
    }
}
