package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three non-apply patch types of the API: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic
 * merge patch (apimachinery {@code pkg/util/strategicpatch}: merge keys, {@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>}).
 */
final class Patches {
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";
    static final int MAX_JSON_PATCH_OPERATIONS = 10000;

    private Patches() {
    }

    // ---------------------------------------------------------------- JSON patch

    static ObjectNode jsonPatch(ObjectNode document, byte[] patchBytes) {
        JsonNode patch = Json.parse(patchBytes);
        if (!patch.isArray()) {
            throw KubeApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        if (patch.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw new KubeApiException(413, "RequestEntityTooLarge", "The allowed maximum operations in a JSON patch is "
                    + MAX_JSON_PATCH_OPERATIONS + ", got " + patch.size(), null);
        }
        JsonNode doc = document;
        for (JsonNode op : patch) {
            doc = applyOp(doc, op);
        }
        if (!doc.isObject()) {
            throw unprocessable("the patched document is not an object");
        }
        return (ObjectNode) doc;
    }

    private static KubeApiException unprocessable(String why) {
        // NewGenericServerResponse(422): the message is generic, the cause is not reported.
        return new KubeApiException(422, "Invalid", "the server rejected our request due to an error in our request",
                Json.object());
    }

    private static JsonNode applyOp(JsonNode doc, JsonNode op) {
        String kind = Json.text(op, "op", "");
        String path = Json.text(op, "path", null);
        if (path == null) {
            throw unprocessable("missing path");
        }
        switch (kind) {
            case "add":
                return add(doc, pointer(path), required(op, "value").deepCopy());
            case "remove":
                return remove(doc, pointer(path));
            case "replace": {
                List<String> p = pointer(path);
                get(doc, p);
                JsonNode removed = remove(doc, p);
                return add(removed, p, required(op, "value").deepCopy());
            }
            case "move": {
                List<String> from = pointer(Json.text(op, "from", ""));
                JsonNode value = get(doc, from).deepCopy();
                return add(remove(doc, from), pointer(path), value);
            }
            case "copy":
                return add(doc, pointer(path), get(doc, pointer(Json.text(op, "from", ""))).deepCopy());
            case "test":
                if (!Json.same(get(doc, pointer(path)), required(op, "value"))) {
                    throw unprocessable("testing value " + path + " failed");
                }
                return doc;
            default:
                throw unprocessable("Unexpected kind: " + kind);
        }
    }

    private static JsonNode required(JsonNode op, String field) {
        if (!op.has(field)) {
            throw unprocessable("missing value");
        }
        return op.get(field);
    }

    private static List<String> pointer(String path) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) {
            return parts;
        }
        if (!path.startsWith("/")) {
            throw unprocessable("invalid path " + path);
        }
        for (String p : path.substring(1).split("/", -1)) {
            parts.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    private static JsonNode get(JsonNode doc, List<String> path) {
        JsonNode cur = doc;
        for (String p : path) {
            cur = child(cur, p);
            if (cur == null) {
                throw unprocessable("path does not exist");
            }
        }
        return cur;
    }

    private static JsonNode child(JsonNode node, String p) {
        if (node.isObject()) {
            return node.get(p);
        }
        if (node.isArray()) {
            try {
                int i = Integer.parseInt(p);
                return i >= 0 && i < node.size() ? node.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            if (last.equals("-")) {
                a.add(value);
            } else {
                int i = index(last, a.size() + 1);
                a.insert(i, value);
            }
        } else {
            throw unprocessable("cannot add to a scalar");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, List<String> path) {
        if (path.isEmpty()) {
            throw unprocessable("cannot remove the document");
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent.isObject()) {
            if (!parent.has(last)) {
                throw unprocessable("unable to remove nonexistent key: " + last);
            }
            ((ObjectNode) parent).remove(last);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size()));
        } else {
            throw unprocessable("cannot remove from a scalar");
        }
        return doc;
    }

    private static int index(String s, int limit) {
        try {
            int i = Integer.parseInt(s);
            if (i < 0 || i >= limit) {
                throw unprocessable("index out of bounds");
            }
            return i;
        } catch (NumberFormatException e) {
            throw unprocessable("invalid index " + s);
        }
    }

    // ---------------------------------------------------------------- merge patch

    static ObjectNode mergePatch(ObjectNode document, byte[] patchBytes) {
        JsonNode patch = Json.parse(patchBytes);
        if (!patch.isObject()) {
            throw KubeApiException.badRequest("Invalid JSON Patch");
        }
        JsonNode result = merge(document, patch);
        return (ObjectNode) result;
    }

    /** RFC 7386 MergePatch. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : Json.object();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- strategic merge patch

    static ObjectNode strategicMergePatch(ObjectNode document, byte[] patchBytes, ListSemantics lists) {
        JsonNode patch = Json.parse(patchBytes);
        if (!patch.isObject()) {
            throw KubeApiException.badRequest("unable to find api field in struct Unstructured for the json field");
        }
        return smpMap(document, (ObjectNode) patch, "", lists);
    }

    private static ObjectNode smpMap(ObjectNode original, ObjectNode patch, String path, ListSemantics lists) {
        String directive = Json.text(patch, "$patch", "");
        if (directive.equals("replace")) {
            ObjectNode copy = patch.deepCopy();
            copy.remove("$patch");
            return (ObjectNode) stripDirectives(copy);
        }
        if (directive.equals("delete")) {
            return null;
        }
        ObjectNode out = original == null ? Json.object() : original;
        JsonNode retain = patch.get("$retainKeys");
        if (retain != null && retain.isArray()) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asString()));
            out.remove(new ArrayList<>(out.propertyNames()).stream().filter(k -> !keep.contains(k)).toList());
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch") || key.equals("$retainKeys")) {
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode list = out.get(field);
                if (list instanceof ArrayNode && value.isArray()) {
                    ArrayNode a = (ArrayNode) list;
                    for (Iterator<JsonNode> it = a.values().iterator(); it.hasNext(); ) {
                        JsonNode item = it.next();
                        for (JsonNode del : value) {
                            if (Json.same(item, del)) {
                                it.remove();
                                break;
                            }
                        }
                    }
                }
                continue;
            }
            if (key.startsWith("$setElementOrder/")) {
                continue;
            }
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (value.isNull()) {
                out.remove(key);
            } else if (value.isObject()) {
                JsonNode cur = out.get(key);
                ObjectNode merged = smpMap(cur instanceof ObjectNode ? (ObjectNode) cur : null, (ObjectNode) value,
                        childPath, lists);
                if (merged == null) {
                    out.remove(key);
                } else {
                    out.set(key, merged);
                }
            } else if (value.isArray()) {
                JsonNode cur = out.get(key);
                out.set(key, smpList(cur instanceof ArrayNode ? (ArrayNode) cur : null, (ArrayNode) value, childPath,
                        lists));
            } else {
                out.set(key, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getKey().startsWith("$setElementOrder/") && e.getValue() instanceof ArrayNode) {
                String field = e.getKey().substring("$setElementOrder/".length());
                JsonNode list = out.get(field);
                if (list instanceof ArrayNode) {
                    out.set(field, reorder((ArrayNode) list, (ArrayNode) e.getValue(),
                            lists.rule(path.isEmpty() ? field : path + "." + field)));
                }
            }
        }
        return out;
    }

    private static ArrayNode smpList(ArrayNode original, ArrayNode patch, String path, ListSemantics lists) {
        if (!lists.merges(path)) {
            return (ArrayNode) stripDirectives(patch.deepCopy());
        }
        ListSemantics.Rule rule = lists.rule(path);
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(Json.text(item, "$patch", ""))) {
                ArrayNode copy = Json.array();
                for (JsonNode i : patch) {
                    if (!(i.isObject() && i.has("$patch"))) {
                        copy.add(stripDirectives(i.deepCopy()));
                    }
                }
                return copy;
            }
        }
        ArrayNode out = original == null ? Json.array() : original;
        if (!rule.keyed()) {
            for (JsonNode item : patch) {
                boolean present = false;
                for (JsonNode have : out) {
                    if (Json.same(have, item)) {
                        present = true;
                        break;
                    }
                }
                if (!present) {
                    out.add(item.deepCopy());
                }
            }
            return out;
        }
        String mergeKey = rule.keys().get(0);
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                continue;
            }
            JsonNode key = item.get(mergeKey);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (key != null && Json.same(out.get(i).get(mergeKey), key)) {
                    at = i;
                    break;
                }
            }
            if ("delete".equals(Json.text(item, "$patch", ""))) {
                if (at >= 0) {
                    out.remove(at);
                }
                continue;
            }
            if (at >= 0) {
                ObjectNode merged = smpMap((ObjectNode) out.get(at), (ObjectNode) item, path, lists);
                out.set(at, merged);
            } else {
                out.add(stripDirectives(item.deepCopy()));
            }
        }
        return out;
    }

    private static ArrayNode reorder(ArrayNode list, ArrayNode order, ListSemantics.Rule rule) {
        String key = rule.keyed() ? rule.keys().get(0) : null;
        ArrayNode out = Json.array();
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        for (JsonNode o : order) {
            for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
                JsonNode item = it.next();
                JsonNode id = key == null ? item : item.get(key);
                JsonNode want = key == null ? o : o.get(key);
                if (Json.same(id, want)) {
                    out.add(item);
                    it.remove();
                    break;
                }
            }
        }
        rest.forEach(out::add);
        return out;
    }

    private static JsonNode stripDirectives(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            o.remove(new ArrayList<>(o.propertyNames()).stream().filter(k -> k.startsWith("$")).toList());
            o.properties().forEach(e -> stripDirectives(e.getValue()));
        } else if (node instanceof ArrayNode) {
            node.forEach(Patches::stripDirectives);
        }
        return node;
    }
}
