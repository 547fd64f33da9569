package io.mig4j.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * A JSON/YAML tree node that knows its path in the document, so that every format error names the field,
 * the value and the rule. Shared by the catalog reader ({@code io.mig4j.api}) and the mig-parted reader
 * ({@code io.mig4j.api.migparted}), which is why it is public; it is not API (see the package documentation).
 *
 * <p>It reads two kinds of tree alike, with the same answers and messages: Jackson's, and the plain Java values of
 * {@link JsonTrees} (which the catalog uses when it can, to keep Jackson out of a CLI command's start-up).
 */
public final class TreeNode {
    private final JsonNode node; // null for a plain value
    private final Object plain; // a JsonTrees value; null for a Jackson node
    private final String path;
    private final BiFunction<String, String, RuntimeException> error;

    /** A node at {@code path} whose errors are made by {@code error(path, message)}. */
    public TreeNode(JsonNode node, String path, BiFunction<String, String, RuntimeException> error) {
        this(node, null, path, error);
    }

    private TreeNode(JsonNode node, Object plain, String path, BiFunction<String, String, RuntimeException> error) {
        this.node = node;
        this.plain = plain;
        this.path = path;
        this.error = error;
    }

    /** A node over a tree that {@link JsonTrees#read} returned. */
    public static TreeNode ofPlain(Object value, String path, BiFunction<String, String, RuntimeException> error) {
        if (value == null) {
            throw new IllegalArgumentException("no value: JSON's null is JsonTrees.NULL");
        }
        return new TreeNode(null, value, path, error);
    }

    private TreeNode at(JsonNode n, Object p, String childPath) {
        return new TreeNode(n, p, childPath, error);
    }

    /** Where the node is in the document, e.g. {@code mig-configs.all-1g[0].devices}. */
    public String path() {
        return path;
    }

    /**
     * The Jackson node.
     *
     * @throws IllegalStateException for a node of a plain tree, which has none
     */
    public JsonNode raw() {
        if (node == null) {
            throw new IllegalStateException("a plain JSON value has no Jackson node");
        }
        return node;
    }

    /** An error about this node (to throw). */
    public RuntimeException fail(String message) {
        return error.apply(path, message);
    }

    private String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private boolean isObject() {
        return node != null ? node.isObject() : plain instanceof Map;
    }

    private boolean isNull() {
        return node != null ? node.isNull() || node.isMissingNode() : plain == JsonTrees.NULL;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map() {
        return (Map<String, Object>) plain;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list() {
        return (List<Object>) plain;
    }

    /** The child field, empty when absent or null. */
    public Optional<TreeNode> optional(String field) {
        if (node != null) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(at(v, null, child(field)));
        }
        Object v = plain instanceof Map ? map().get(field) : null;
        return v == null || v == JsonTrees.NULL ? Optional.empty() : Optional.of(at(null, v, child(field)));
    }

    /** The child field; fails naming its path when absent. */
    public TreeNode required(String field) {
        requireObject();
        return optional(field).orElseThrow(() -> error.apply(child(field), "is required"));
    }

    /** This node, failing unless it is a mapping. */
    public TreeNode requireObject() {
        if (!isObject()) {
            throw fail("must be a mapping, got " + describe());
        }
        return this;
    }

    /** The field names of a mapping, in document order. */
    public List<String> fieldNames() {
        requireObject();
        return new ArrayList<>(node != null ? node.propertyNames() : map().keySet());
    }

    /** The elements of a list, each with its index in the path. */
    public List<TreeNode> elements() {
        if (!isArray()) {
            throw fail("must be a list, got " + describe());
        }
        List<TreeNode> out = new ArrayList<>();
        int size = node != null ? node.size() : list().size();
        for (int i = 0; i < size; i++) {
            String at = path + "[" + i + "]";
            out.add(node != null ? at(node.get(i), null, at) : at(null, list().get(i), at));
        }
        return out;
    }

    /** Whether the node is a list. */
    public boolean isArray() {
        return node != null ? node.isArray() : plain instanceof List;
    }

    /** Whether the node is a string. */
    public boolean isString() {
        return node != null ? node.isString() : plain instanceof String;
    }

    /** The string value; fails for anything else. */
    public String text() {
        if (!isString()) {
            throw fail("must be a string, got " + describe());
        }
        return node != null ? node.stringValue() : (String) plain;
    }

    /** The {@code int} value; fails for anything else. */
    public int integer() {
        boolean ok = node != null ? node.isIntegralNumber() && node.canConvertToInt() : plain instanceof Integer;
        if (!ok) {
            throw fail("must be an integer, got " + describe());
        }
        return node != null ? node.intValue() : (Integer) plain;
    }

    /** The {@code long} value; fails for anything else. */
    public long longInteger() {
        boolean ok = node != null ? node.isIntegralNumber() && node.canConvertToLong()
                : plain instanceof Integer || plain instanceof Long;
        if (!ok) {
            throw fail("must be an integer, got " + describe());
        }
        return node != null ? node.longValue() : ((Number) plain).longValue();
    }

    /** The boolean value; fails for anything else. */
    public boolean bool() {
        boolean ok = node != null ? node.isBoolean() : plain instanceof Boolean;
        if (!ok) {
            throw fail("must be true or false, got " + describe());
        }
        return node != null ? node.booleanValue() : (Boolean) plain;
    }

    /** A list of strings. */
    public List<String> texts() {
        return elements().stream().map(TreeNode::text).toList();
    }

    /** A list of {@code int}s. */
    public List<Integer> integers() {
        return elements().stream().map(TreeNode::integer).toList();
    }

    /** The value as an error message quotes it. */
    public String describe() {
        if (isString()) return "'" + (node != null ? node.stringValue() : plain) + "'";
        if (isObject()) return "a mapping";
        if (isArray()) return "a list";
        if (isNull()) return "nothing";
        return node != null ? node.toString() : plain.toString(); // a number or boolean, as JSON writes it
    }
}
