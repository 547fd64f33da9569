package io.mig4j.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * A JSON/YAML tree node that knows its path in the document, so that every format error names the field,
 * the value and the rule. Shared by the catalog reader ({@code io.mig4j.api}) and the mig-parted reader
 * ({@code io.mig4j.api.migparted}), which is why it is public; it is not API (see the package documentation).
 */
public final class TreeNode {
    private final JsonNode node;
    private final String path;
    private final BiFunction<String, String, RuntimeException> error;

    /** A node at {@code path} whose errors are made by {@code error(path, message)}. */
    public TreeNode(JsonNode node, String path, BiFunction<String, String, RuntimeException> error) {
        this.node = node;
        this.path = path;
        this.error = error;
    }

    /** Where the node is in the document, e.g. {@code mig-configs.all-1g[0].devices}. */
    public String path() {
        return path;
    }

    /** The Jackson node. */
    public JsonNode raw() {
        return node;
    }

    /** An error about this node (to throw). */
    public RuntimeException fail(String message) {
        return error.apply(path, message);
    }

    private String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The child field, empty when absent or null. */
    public Optional<TreeNode> optional(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(new TreeNode(v, child(field), error));
    }

    /** The child field; fails naming its path when absent. */
    public TreeNode required(String field) {
        requireObject();
        return optional(field).orElseThrow(() -> error.apply(child(field), "is required"));
    }

    /** This node, failing unless it is a mapping. */
    public TreeNode requireObject() {
        if (!node.isObject()) {
            throw fail("must be a mapping, got " + describe());
        }
        return this;
    }

    /** The field names of a mapping, in document order. */
    public List<String> fieldNames() {
        requireObject();
        return new ArrayList<>(node.propertyNames());
    }

    /** The elements of a list, each with its index in the path. */
    public List<TreeNode> elements() {
        if (!node.isArray()) {
            throw fail("must be a list, got " + describe());
        }
        List<TreeNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new TreeNode(node.get(i), path + "[" + i + "]", error));
        }
        return out;
    }

    /** Whether the node is a list. */
    public boolean isArray() {
        return node.isArray();
    }

    /** Whether the node is a string. */
    public boolean isString() {
        return node.isString();
    }

    /** The string value; fails for anything else. */
    public String text() {
        if (!node.isString()) {
            throw fail("must be a string, got " + describe());
        }
        return node.stringValue();
    }

    /** The {@code int} value; fails for anything else. */
    public int integer() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw fail("must be an integer, got " + describe());
        }
        return node.intValue();
    }

    /** The {@code long} value; fails for anything else. */
    public long longInteger() {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail("must be an integer, got " + describe());
        }
        return node.longValue();
    }

    /** The boolean value; fails for anything else. */
    public boolean bool() {
        if (!node.isBoolean()) {
            throw fail("must be true or false, got " + describe());
        }
        return node.booleanValue();
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
        if (node.isString()) return "'" + node.stringValue() + "'";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isNull() || node.isMissingNode()) return "nothing";
        return node.toString();
    }
}
