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
    private final Schema schema;

    FieldManager(ResourceDefinition def) {
        this.lists = ListSemantics.forType(def.type());
        this.apiVersion = def.type().apiVersion();
        this.schema = def.schema();
    }

    /**
     * Whether an object at {@code path} is a map (labels, annotations, data) rather than a struct (spec): a new map
     * is owned as a node of its own ({@code "."}), a new struct only through its fields.
     */
    private boolean isMap(String path) {
        if (schema == null) {
            return true;
        }
        Schema s = schema.at(path);
        return s == null || s.kind == Schema.Kind.MAP || s.kind == Schema.Kind.ANY;
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
        ObjectNode before = old == null ? Json.object() : strip(old, subresource);
        Json.ensureObject(before, "metadata");
        ObjectNode after = strip(updated, subresource);
        Json.ensureObject(after, "metadata");
        diff(before, after, "", changed);
        if (!changed.isEmpty()) {
            for (Entry e : entries) {
                FieldSets.subtract(e.fields, changed);
            }
            Entry mine = find(entries, manager, "Update", subresource, apiVersion);
            String now = now();
            if (mine == null) {
                mine = new Entry(manager, "Update", apiVersion, now, subresource, Json.object());
                entries.add(mine);
            }
            FieldSets.union(mine.fields, changed);
            mine.time = now;
        }
        for (Entry e : entries) {
            FieldSets.retainExisting(e.fields, updated);
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
        if (config.path("metadata").isEmpty()) {
            config.remove("metadata");
        }
        ObjectNode appliedSet = Json.object();
        toSet(config, "", appliedSet);
        List<Entry> entries = entries(live);
        if (live != null) {
            List<String[]> conflicts = new ArrayList<>();
            for (Entry e : entries) {
                if (e.manager.equals(manager) && e.operation.equals("Apply") && e.subresource.equals(subresource)) {
                    continue;
                }
                for (List<String> leaf : FieldSets.leaves(FieldSets.intersect(e.fields, appliedSet))) {
                    if (leaf.get(leaf.size() - 1).equals(".")) {
                        continue;
                    }
                    if (!Json.same(FieldSets.valueAt(live, leaf), FieldSets.valueAt(config, leaf))) {
                        conflicts.add(new String[] {e.describe(), FieldSets.render(leaf)});
                        if (force) {
                            FieldSets.removeLeaf(e.fields, leaf);
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
            FieldSets.subtract(dropped, appliedSet);
            for (List<String> leaf : FieldSets.leaves(dropped)) {
                List<String> target = leaf.get(leaf.size() - 1).equals(".") ? leaf.subList(0, leaf.size() - 1) : leaf;
                if (target.isEmpty() || target.equals(List.of("f:metadata"))) {
                    continue;
                }
                boolean ownedElsewhere = FieldSets.ownsUnder(appliedSet, target);
                for (Entry e : entries) {
                    if (e != mine && FieldSets.ownsUnder(e.fields, target)) {
                        ownedElsewhere = true;
                        break;
                    }
                }
                if (!ownedElsewhere) {
                    FieldSets.removeValue(merged, target);
                }
            }
            mine.fields = appliedSet;
            mine.apiVersion = apiVersion;
            mine.time = now();
        } else {
            entries.add(new Entry(manager, "Apply", apiVersion, now(), subresource, appliedSet));
        }
        for (Entry e : entries) {
            FieldSets.retainExisting(e.fields, merged);
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

    /**
     * The object without what field managers never own: identity metadata, and status or spec for the other side.
     * A shallow copy: the root and metadata are new, everything below them is shared with {@code object} and only
     * read (the diff and the field sets read it; apply's merge copies what it takes).
     */
    private static ObjectNode strip(ObjectNode object, String subresource) {
        ObjectNode copy = Json.object();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String f = e.getKey();
            boolean kept = subresource.equals("status") ? f.equals("status") || f.equals("metadata")
                    : !f.equals("status") && !f.equals("apiVersion") && !f.equals("kind");
            if (!kept) {
                continue;
            }
            if (f.equals("metadata") && e.getValue() instanceof ObjectNode) {
                ObjectNode meta = copy.putObject("metadata");
                for (Map.Entry<String, JsonNode> m : e.getValue().properties()) {
                    if (!STRIPPED_METADATA.contains(m.getKey())) {
                        meta.set(m.getKey(), m.getValue());
                    }
                }
            } else {
                copy.set(f, e.getValue());
            }
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
                    if (isMap(childPath)) {
                        child.putObject(".");
                    }
                    toSet(after, childPath, child);
                } else {
                    diff(before, after, childPath, child);
                }
            } else if (after.isArray()) {
                ListSemantics.Rule rule = lists.rule(childPath);
                if (rule.keyed()) {
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
