package io.mig4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * A JSON/YAML tree node that knows its path in the document, so that every format error names the field,
 * the value and the rule. Shared by the catalog and mig-parted readers.
 */
final class TreeNode {
    private final JsonNode node;
    private final String path;
    private final BiFunction<String, String, RuntimeException> error;

    TreeNode(JsonNode node, String path, BiFunction<String, String, RuntimeException> error) {
        this.node = node;
        this.path = path;
        this.error = error;
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    RuntimeException fail(String message) {
        return error.apply(path, message);
    }

    private String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    Optional<TreeNode> optional(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(new TreeNode(v, child(field), error));
    }

    TreeNode required(String field) {
        requireObject();
        return optional(field).orElseThrow(() -> error.apply(child(field), "is required"));
    }

    TreeNode requireObject() {
        if (!node.isObject()) {
            throw fail("must be a mapping, got " + describe());
        }
        return this;
    }

    List<String> fieldNames() {
        requireObject();
        return new ArrayList<>(node.propertyNames());
    }

    List<TreeNode> elements() {
        if (!node.isArray()) {
            throw fail("must be a list, got " + describe());
        }
        List<TreeNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new TreeNode(node.get(i), path + "[" + i + "]", error));
        }
        return out;
    }

    boolean isArray() {
        return node.isArray();
    }

    boolean isString() {
        return node.isString();
    }

    String text() {
        if (!node.isString()) {
            throw fail("must be a string, got " + describe());
        }
        return node.stringValue();
    }

    int integer() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw fail("must be an integer, got " + describe());
        }
        return node.intValue();
    }

    long longInteger() {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail("must be an integer, got " + describe());
        }
        return node.longValue();
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw fail("must be true or false, got " + describe());
        }
        return node.booleanValue();
    }

    List<String> texts() {
        return elements().stream().map(TreeNode::text).toList();
    }

    List<Integer> integers() {
        return elements().stream().map(TreeNode::integer).toList();
    }

    String describe() {
        if (node.isString()) return "'" + node.stringValue() + "'";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isNull() || node.isMissingNode()) return "nothing";
        return node.toString();
    }
}
