package io.mig4j.testkit.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply and field ownership ({@code metadata.managedFields}), after the semantics of
 * sigs.k8s.io/structured-merge-diff and apimachinery's {@code pkg/util/managedfields}: an Update records the fields
 * it changed for its manager and takes them from everyone else; an Apply owns exactly the fields of its
 * configuration, conflicts with other owners whose values differ (unless forced), and removes the fields it stops
 * applying when nobody else owns them. Field sets are kept in their wire form, {@code fieldsV1}
 * ({@code f:<field>}, {@code k:<key json>}, {@code v:<value json>}, {@code .}).
 */
final class FieldManager {
    private static final Set<String> STRIPPED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields",
            "selfLink", "generateName");

    /** One managedFields entry. */
    static final class Entry {
        final String manager;
        final String operation;
        String apiVersion;
        String time;
        final String subresource;
        ObjectNode fields;

        Entry(String manager, String operation, String apiVersion, String time, String subresource, ObjectNode fields) {
            this.manager = manager;
            this.operation = operation;
            this.apiVersion = apiVersion;
            this.time = time;
            this.subresource = subresource;
            this.fields = fields;
        }

        String key() {
            return manager + "\u0000" + operation + "\u0000" + subresource
                    + (operation.equals("Apply") ? "" : "\u0000" + apiVersion);
        }

        /** How conflicts name this manager: Apply owners by name, others with the version they used. */
        String describe() {
            return operation.equals("Apply") ? "conflict with \"" + manager + "\""
                    : "conflict with \"" + manager + "\" using " + apiVersion;
        }
    }

    private final ListSemantics lists;
    private final String apiVersion;

    FieldManager(ListSemantics lists, String apiVersion) {
        this.lists = lists;
        this.apiVersion = apiVersion;
    }

    // ------------------------------------------------------------------ entries

    static List<Entry> entries(JsonNode object) {
        List<Entry> out = new ArrayList<>();
        JsonNode mf = object == null ? null : object.path("metadata").get("managedFields");
        if (mf == null || !mf.isArray()) {
            return out;
        }
        for (JsonNode e : mf) {
            JsonNode f = e.get("fieldsV1");
            out.add(new Entry(Json.text(e, "manager", ""), Json.text(e, "operation", "Update"),
                    Json.text(e, "apiVersion", ""), Json.text(e, "time", null), Json.text(e, "subresource", ""),
                    f instanceof ObjectNode ? ((ObjectNode) f).deepCopy() : Json.object()));
        }
        return out;
    }

    static void write(ObjectNode object, List<Entry> entries) {
        ArrayNode arr = Json.array();
        for (Entry e : entries) {
            if (e.fields.isEmpty()) {
                continue;
            }
            ObjectNode o = arr.addObject();
            o.put("manager", e.manager);
            o.put("operation", e.operation);
            o.put("apiVersion", e.apiVersion);
            if (e.time != null) {
                o.put("time", e.time);
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", e.fields);
            if (!e.subresource.isEmpty()) {
                o.put("subresource", e.subresource);
            }
        }
        ObjectNode meta = Json.metadata(object);
        if (arr.isEmpty()) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", arr);
        }
    }

    // ------------------------------------------------------------------ update

    /** Records an Update by {@code manager}: the fields it changed become its own and nobody else's. */
    void update(ObjectNode old, ObjectNode updated, String manager, String subresource) {
        List<Entry> entries = entries(old);
        ObjectNode changed = Json.object();
        diff(old == null ? null : strip(old, subresource), strip(updated, subresource), "", changed);
        if (!changed.isEmpty()) {
            for (Entry e : entries) {
                subtract(e.fields, changed);
            }
            Entry mine = find(entries, manager, "Update", subresource, apiVersion);
            if (mine == null) {
                mine = new Entry(manager, "Update", apiVersion, now(), subresource, Json.object());
                entries.add(mine);
            }
            union(mine.fields, changed);
            mine.time = now();
        }
        for (Entry e : entries) {
            retainExisting(e.fields, updated);
        }
        write(updated, entries);
    }

    // ------------------------------------------------------------------ apply

    /**
     * Applies {@code applied} over {@code live} (null when creating) for {@code manager}.
     *
     * @return the merged object, with managedFields
     * @throws KubeApiException 409 Conflict listing the conflicting fields, unless {@code force}
     */
    ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource) {
        ObjectNode config = strip(applied, subresource);
        ObjectNode appliedSet = Json.object();
        toSet(config, "", appliedSet);
        List<Entry> entries = entries(live);
        if (live != null) {
            List<String[]> conflicts = new ArrayList<>();
            for (Entry e : entries) {
                if (e.manager.equals(manager) && e.operation.equals("Apply") && e.subresource.equals(subresource)) {
                    continue;
                }
                for (List<String> leaf : leaves(intersect(e.fields, appliedSet))) {
                    if (leaf.get(leaf.size() - 1).equals(".")) {
                        continue;
                    }
                    if (!Json.same(valueAt(live, leaf), valueAt(config, leaf))) {
                        conflicts.add(new String[] {e.describe(), render(leaf)});
                        if (force) {
                            removeLeaf(e.fields, leaf);
                        }
                    }
                }
            }
            if (!conflicts.isEmpty() && !force) {
                throw conflict(conflicts);
            }
        }
        ObjectNode merged = live == null ? Json.object() : live.deepCopy();
        mergeApply(merged, config, "");
        if (live == null) {
            merged.set("apiVersion", applied.get("apiVersion"));
            merged.set("kind", applied.get("kind"));
            ObjectNode meta = Json.metadata(merged);
            for (String f : new String[] {"name", "namespace", "generateName"}) {
                JsonNode v = applied.path("metadata").get(f);
                if (v != null) {
                    meta.set(f, v.deepCopy());
                }
            }
        }
        Entry mine = find(entries, manager, "Apply", subresource, null);
        if (mine != null) {
            ObjectNode dropped = mine.fields.deepCopy();
            subtract(dropped, appliedSet);
            for (List<String> leaf : leaves(dropped)) {
                List<String> target = leaf.get(leaf.size() - 1).equals(".") ? leaf.subList(0, leaf.size() - 1) : leaf;
                if (target.isEmpty() || target.equals(List.of("f:metadata"))) {
                    continue;
                }
                boolean ownedElsewhere = ownsUnder(appliedSet, target);
                for (Entry e : entries) {
                    if (e != mine && ownsUnder(e.fields, target)) {
                        ownedElsewhere = true;
                        break;
                    }
                }
                if (!ownedElsewhere) {
                    removeValue(merged, target);
                }
            }
            mine.fields = appliedSet;
            mine.apiVersion = apiVersion;
            mine.time = now();
        } else {
            entries.add(new Entry(manager, "Apply", apiVersion, now(), subresource, appliedSet));
        }
        for (Entry e : entries) {
            retainExisting(e.fields, merged);
        }
        write(merged, entries);
        return merged;
    }

    private static KubeApiException conflict(List<String[]> conflicts) {
        ObjectNode details = Json.object();
        ArrayNode causes = details.putArray("causes");
        StringBuilder msg = new StringBuilder("Apply failed with ").append(conflicts.size())
                .append(conflicts.size() == 1 ? " conflict: " : " conflicts: ");
        for (int i = 0; i < conflicts.size(); i++) {
            String[] c = conflicts.get(i);
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldManagerConflict");
            cause.put("message", c[0]);
            cause.put("field", c[1]);
            msg.append(i == 0 ? "" : "\n").append(c[0]).append(": ").append(c[1]);
        }
        return new KubeApiException(409, "Conflict", msg.toString(), details);
    }

    // ------------------------------------------------------------------ objects <-> field sets

    /** The object without what field managers never own: identity metadata, and status or spec for the other side. */
    private static ObjectNode strip(ObjectNode object, String subresource) {
        ObjectNode copy = object.deepCopy();
        copy.remove("apiVersion");
        copy.remove("kind");
        JsonNode meta = copy.get("metadata");
        if (meta instanceof ObjectNode) {
            ((ObjectNode) meta).remove(STRIPPED_METADATA);
            if (meta.isEmpty()) {
                copy.remove("metadata");
            }
        }
        if (subresource.equals("status")) {
            copy.retain("status", "metadata");
        } else {
            copy.remove("status");
        }
        return copy;
    }

    private void toSet(JsonNode value, String path, ObjectNode out) {
        if (!(value instanceof ObjectNode)) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            ObjectNode child = out.putObject("f:" + e.getKey());
            JsonNode v = e.getValue();
            if (v.isObject()) {
                toSet(v, childPath, child);
            } else if (v.isArray()) {
                ListSemantics.Rule rule = lists.rule(childPath);
                if (rule.keyed()) {
                    for (JsonNode item : v) {
                        ObjectNode itemSet = child.putObject("k:" + key(item, rule));
                        itemSet.putObject(".");
                        toSet(item, childPath, itemSet);
                    }
                } else if (rule.set()) {
                    for (JsonNode item : v) {
                        child.putObject("v:" + item.toString());
                    }
                }
            }
        }
    }

    /** Adds to {@code out} the fields whose value differs between {@code old} and {@code now}. */
    private void diff(JsonNode old, JsonNode now, String path, ObjectNode out) {
        if (!(now instanceof ObjectNode)) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : now.properties()) {
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode before = old == null ? null : old.get(e.getKey());
            JsonNode after = e.getValue();
            if (before != null && Json.same(before, after)) {
                continue;
            }
            ObjectNode child = out.has("f:" + e.getKey()) ? (ObjectNode) out.get("f:" + e.getKey())
                    : out.putObject("f:" + e.getKey());
            if (after.isObject()) {
                if (before == null || !before.isObject()) {
                    child.putObject(".");
                    toSet(after, childPath, child);
                } else {
                    diff(before, after, childPath, child);
                }
            } else if (after.isArray()) {
                ListSemantics.Rule rule = lists.rule(childPath);
                if (rule.keyed()) {
                    if (before == null) {
                        child.putObject(".");
                    }
                    for (JsonNode item : after) {
                        JsonNode match = before == null ? null : findItem(before, item, rule);
                        if (match != null && Json.same(match, item)) {
                            continue;
                        }
                        ObjectNode itemSet = child.putObject("k:" + key(item, rule));
                        if (match == null) {
                            itemSet.putObject(".");
                            toSet(item, childPath, itemSet);
                        } else {
                            diff(match, item, childPath, itemSet);
                        }
                    }
                } else if (rule.set()) {
                    for (JsonNode item : after) {
                        boolean had = false;
                        if (before != null) {
                            for (JsonNode b : before) {
                                had |= Json.same(b, item);
                            }
                        }
                        if (!had) {
                            child.putObject("v:" + item.toString());
                        }
                    }
                }
            }
        }
    }

    private void mergeApply(ObjectNode live, ObjectNode config, String path) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode value = e.getValue();
            JsonNode cur = live.get(e.getKey());
            if (value.isObject() && cur instanceof ObjectNode && !value.isEmpty()) {
                mergeApply((ObjectNode) cur, (ObjectNode) value, childPath);
            } else if (value.isArray() && cur != null && cur.isArray() && lists.rule(childPath) != ListSemantics.ATOMIC) {
                ListSemantics.Rule rule = lists.rule(childPath);
                ArrayNode out = (ArrayNode) cur;
                for (JsonNode item : value) {
                    if (rule.keyed()) {
                        JsonNode match = findItem(out, item, rule);
                        if (match instanceof ObjectNode && item.isObject()) {
                            mergeApply((ObjectNode) match, (ObjectNode) item, childPath);
                        } else {
                            out.add(item.deepCopy());
                        }
                    } else {
                        boolean present = false;
                        for (JsonNode have : out) {
                            present |= Json.same(have, item);
                        }
                        if (!present) {
                            out.add(item.deepCopy());
                        }
                    }
                }
            } else {
                live.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static String key(JsonNode item, ListSemantics.Rule rule) {
        ObjectNode k = Json.object();
        List<String> names = new ArrayList<>(rule.keys());
        java.util.Collections.sort(names);
        for (String name : names) {
            JsonNode v = item.get(name);
            if (v != null) {
                k.set(name, v);
            }
        }
        return k.toString();
    }

    private static JsonNode findItem(JsonNode list, JsonNode item, ListSemantics.Rule rule) {
        for (JsonNode candidate : list) {
            boolean all = true;
            for (String k : rule.keys()) {
                JsonNode want = item.get(k);
                if (want != null && !Json.same(candidate.get(k), want)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return candidate;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ set algebra

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

    /** Removes from {@code from} every member of {@code remove}. */
    static void subtract(ObjectNode from, ObjectNode remove) {
        for (List<String> leaf : leaves(remove)) {
            removeLeaf(from, leaf);
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

    private static void removeLeaf(ObjectNode set, List<String> leaf) {
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
    private static void retainExisting(ObjectNode set, JsonNode object) {
        for (List<String> leaf : leaves(set)) {
            if (valueAt(object, leaf) == null) {
                removeLeaf(set, leaf);
            }
        }
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
            if (pe.startsWith("f:")) {
                cur = cur.isObject() ? cur.get(pe.substring(2)) : null;
            } else if (pe.startsWith("k:")) {
                JsonNode key = Json.parse(pe.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode found = null;
                if (cur.isArray()) {
                    for (JsonNode item : cur) {
                        boolean all = true;
                        for (Map.Entry<String, JsonNode> k : key.properties()) {
                            all &= Json.same(item.get(k.getKey()), k.getValue());
                        }
                        if (all) {
                            found = item;
                            break;
                        }
                    }
                }
                cur = found;
            } else if (pe.startsWith("v:")) {
                JsonNode want = Json.parse(pe.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode found = null;
                if (cur.isArray()) {
                    for (JsonNode item : cur) {
                        if (Json.same(item, want)) {
                            found = item;
                            break;
                        }
                    }
                }
                cur = found;
            } else {
                return null;
            }
        }
        return cur;
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

    /** Removes the field or list item at {@code target}. */
    private static void removeValue(ObjectNode object, List<String> target) {
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
    }

    /** {@code .spec.selectors}, {@code .spec.containers[name="c"].image}: how conflicts print a path. */
    static String render(List<String> leaf) {
        StringBuilder b = new StringBuilder();
        for (String pe : leaf) {
            if (pe.startsWith("f:")) {
                b.append('.').append(pe.substring(2));
            } else if (pe.startsWith("k:")) {
                JsonNode key = Json.parse(pe.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                List<String> parts = new ArrayList<>();
                key.properties().forEach(k -> parts.add(k.getKey() + "=" + k.getValue().toString()));
                b.append('[').append(String.join(",", parts)).append(']');
            } else if (pe.startsWith("v:")) {
                b.append("[=").append(pe.substring(2)).append(']');
            }
        }
        return b.toString();
    }

    private static Entry find(List<Entry> entries, String manager, String operation, String subresource, String version) {
        for (Entry e : entries) {
            if (e.manager.equals(manager) && e.operation.equals(operation) && e.subresource.equals(subresource)
                    && (version == null || e.apiVersion.equals(version))) {
                return e;
            }
        }
        return null;
    }

    private static String now() {
        return Json.timestamp(Instant.now());
    }
}
