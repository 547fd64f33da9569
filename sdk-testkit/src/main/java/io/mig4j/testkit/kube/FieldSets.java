package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field sets in their wire form ({@code fieldsV1}: {@code f:<field>}, {@code k:<key json>}, {@code v:<value json>},
 * {@code .}) and the operations server-side apply needs on them and on the objects they describe: union,
 * difference, intersection, members, the value a member denotes, removal.
 */
final class FieldSets {
    private static final int MAX_MEMBERS = 4096;
    private static final Map<String, JsonNode> MEMBERS = new java.util.concurrent.ConcurrentHashMap<>();
    private FieldSets() {
    }

    static void union(ObjectNode into, ObjectNode add) {
        for (Map.Entry<String, JsonNode> e : add.properties()) {
            JsonNode have = into.get(e.getKey());
            if (have instanceof ObjectNode) {
                union((ObjectNode) have, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /**
     * Removes from {@code from} every member of {@code remove}, and the nodes that leaves empty: the same outcome as
     * {@link #removeLeaf} for each of {@code remove}'s {@link #leaves}, in one walk of both trees.
     */
    static void subtract(ObjectNode from, ObjectNode remove) {
        for (Map.Entry<String, JsonNode> e : remove.properties()) {
            JsonNode have = from.get(e.getKey());
            if (!(have instanceof ObjectNode)) {
                continue;
            }
            if (e.getValue().isEmpty()) {
                if (have.isEmpty()) {
                    from.remove(e.getKey());
                }
            } else if (!have.isEmpty()) {
                subtract((ObjectNode) have, (ObjectNode) e.getValue());
                if (have.isEmpty()) {
                    from.remove(e.getKey());
                }
            }
        }
    }

    static ObjectNode intersect(ObjectNode a, ObjectNode b) {
        ObjectNode out = Json.object();
        for (List<String> leaf : leaves(a)) {
            if (contains(b, leaf)) {
                ObjectNode cur = out;
                for (String pe : leaf) {
                    cur = Json.ensureObject(cur, pe);
                }
            }
        }
        return out;
    }

    /** Members of a set: paths to empty nodes (fields, items) or to a {@code .} marker. */
    static List<List<String>> leaves(ObjectNode set) {
        List<List<String>> out = new ArrayList<>();
        collect(set, new ArrayList<>(), out);
        return out;
    }

    private static void collect(ObjectNode node, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            path.add(e.getKey());
            if (e.getValue().isEmpty()) {
                out.add(new ArrayList<>(path));
            } else {
                collect((ObjectNode) e.getValue(), path, out);
            }
            path.remove(path.size() - 1);
        }
    }

    static boolean contains(ObjectNode set, List<String> leaf) {
        JsonNode cur = set;
        for (String pe : leaf) {
            cur = cur.get(pe);
            if (cur == null) {
                return false;
            }
        }
        return cur.isEmpty();
    }

    static void removeLeaf(ObjectNode set, List<String> leaf) {
        List<ObjectNode> trail = new ArrayList<>();
        ObjectNode cur = set;
        for (int i = 0; i < leaf.size() - 1; i++) {
            trail.add(cur);
            JsonNode next = cur.get(leaf.get(i));
            if (!(next instanceof ObjectNode)) {
                return;
            }
            cur = (ObjectNode) next;
        }
        JsonNode target = cur.get(leaf.get(leaf.size() - 1));
        if (target == null || !target.isEmpty()) {
            return;
        }
        cur.remove(leaf.get(leaf.size() - 1));
        for (int i = leaf.size() - 2; i >= 0 && cur.isEmpty(); i--) {
            ObjectNode parent = trail.get(i);
            parent.remove(leaf.get(i));
            cur = parent;
        }
    }

    /** Drops members whose field no longer exists in {@code object}. */
    static void retainExisting(ObjectNode set, JsonNode object) {
        // one walk of the set beside the object (every write runs this for every owner): a member whose parent is
        // gone goes with it, and a node left empty is removed, as removeLeaf would for each leaf in turn
        java.util.Iterator<Map.Entry<String, JsonNode>> it = set.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(".")) {
                continue;
            }
            JsonNode value = step(object, e.getKey());
            if (value == null) {
                it.remove();
            } else if (!e.getValue().isEmpty()) {
                retainExisting((ObjectNode) e.getValue(), value);
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /**
     * The JSON of a {@code k:} or {@code v:} member, parsed once: every write checks every owner's members against
     * the new object, and the same few keys (container names, condition types) come back all the time. The nodes
     * are shared and only read.
     */
    private static JsonNode member(String pe) {
        JsonNode n = MEMBERS.get(pe);
        if (n == null) {
            n = Json.parse(pe.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (MEMBERS.size() >= MAX_MEMBERS) {
                MEMBERS.clear();
            }
            MEMBERS.put(pe, n);
        }
        return n;
    }

    /** The value a member denotes, or null when the object has no such field or item. */
    static JsonNode valueAt(JsonNode object, List<String> leaf) {
        JsonNode cur = object;
        for (String pe : leaf) {
            if (cur == null) {
                return null;
            }
            if (pe.equals(".")) {
                return cur;
            }
            cur = step(cur, pe);
        }
        return cur;
    }

    /** The field or list item that member {@code pe} ({@code f:}, {@code k:}, {@code v:}) names in {@code cur}. */
    private static JsonNode step(JsonNode cur, String pe) {
        if (pe.startsWith("f:")) {
            return cur.isObject() ? cur.get(pe.substring(2)) : null;
        }
        if (!cur.isArray()) {
            return null;
        }
        if (pe.startsWith("k:")) {
            JsonNode key = member(pe);
            for (JsonNode item : cur) {
                boolean all = true;
                for (Map.Entry<String, JsonNode> k : key.properties()) {
                    all &= Json.same(item.get(k.getKey()), k.getValue());
                }
                if (all) {
                    return item;
                }
            }
            return null;
        }
        if (pe.startsWith("v:")) {
            JsonNode want = member(pe);
            for (JsonNode item : cur) {
                if (Json.same(item, want)) {
                    return item;
                }
            }
        }
        return null;
    }

    /** Whether {@code set} has {@code path} or anything below it. */
    static boolean ownsUnder(ObjectNode set, List<String> path) {
        JsonNode cur = set;
        for (String pe : path) {
            cur = cur.get(pe);
            if (cur == null) {
                return false;
            }
        }
        return true;
    }

    /** Removes the field or list item at {@code target}, and the maps and structs that empties. */
    static void removeValue(ObjectNode object, List<String> target) {
        if (target.isEmpty()) {
            return;
        }
        JsonNode parent = valueAt(object, target.subList(0, target.size() - 1));
        String last = target.get(target.size() - 1);
        if (parent instanceof ObjectNode && last.startsWith("f:")) {
            ((ObjectNode) parent).remove(last.substring(2));
        } else if (parent instanceof ArrayNode) {
            JsonNode item = valueAt(object, target);
            ArrayNode arr = (ArrayNode) parent;
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i) == item) {
                    arr.remove(i);
                    break;
                }
            }
        }
        if (parent instanceof ObjectNode && parent.isEmpty() && target.size() > 2
                && target.get(target.size() - 2).startsWith("f:")) {
            removeValue(object, target.subList(0, target.size() - 1));
        }
    }

    /** {@code .spec.selectors}, {@code .spec.containers[name="c"].image}: how conflicts print a path. */
    static String render(List<String> leaf) {
        StringBuilder b = new StringBuilder();
        for (String pe : leaf) {
            if (pe.startsWith("f:")) {
                b.append('.').append(pe.substring(2));
            } else if (pe.startsWith("k:")) {
                JsonNode key = member(pe);
                List<String> parts = new ArrayList<>();
                key.properties().forEach(k -> parts.add(k.getKey() + "=" + k.getValue().toString()));
                b.append('[').append(String.join(",", parts)).append(']');
            } else if (pe.startsWith("v:")) {
                b.append("[=").append(pe.substring(2)).append(']');
            }
        }
        return b.toString();
    }

}
