package io.mig4j.testkit.kube;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

/**
 * The structure of a kind, generated from its fabric8 model class: which fields exist and what type each has. It
 * decides which fields are unknown (strict field validation, pruning) and becomes the OpenAPI v3 schemas that
 * {@code kubectl explain} reads. Descriptions are not in fabric8's classes, so the schemas have none.
 */
final class Schema {
    enum Kind { OBJECT, ARRAY, MAP, STRING, INTEGER, NUMBER, BOOLEAN, ANY, INT_OR_STRING, QUANTITY }

    private static final Map<Type, Schema> CACHE = new ConcurrentHashMap<>();

    final Kind kind;
    final String format;
    /** The model class of an OBJECT schema. */
    final Class<?> model;
    /** ARRAY items or MAP values. */
    Schema element;
    /** The OpenAPI document a CRD's schema was read from, served back as is. */
    JsonNode source;
    private volatile Map<String, Schema> properties;

    private Schema(Kind kind, String format, Class<?> model) {
        this.kind = kind;
        this.format = format;
        this.model = model;
    }

    private static final Schema STRING = new Schema(Kind.STRING, null, null);
    private static final Schema INT32 = new Schema(Kind.INTEGER, "int32", null);
    private static final Schema INT64 = new Schema(Kind.INTEGER, "int64", null);
    private static final Schema DOUBLE = new Schema(Kind.NUMBER, "double", null);
    private static final Schema BOOLEAN = new Schema(Kind.BOOLEAN, null, null);
    static final Schema ANY = new Schema(Kind.ANY, null, null);
    private static final Schema INT_OR_STRING = new Schema(Kind.INT_OR_STRING, "int-or-string", null);
    private static final Schema QUANTITY = new Schema(Kind.QUANTITY, null, null);

    static Schema of(Class<?> model) {
        return forType(model);
    }

    /**
     * A schema from a CRD's {@code openAPIV3Schema}: properties as declared, {@code additionalProperties} as a map,
     * {@code x-kubernetes-preserve-unknown-fields} (or no properties at all) keeps whatever arrives.
     */
    static Schema fromOpenApi(JsonNode json, boolean root) {
        if (json == null || json.isNull() || json.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return ANY;
        }
        if (json.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return INT_OR_STRING;
        }
        switch (Json.text(json, "type", "")) {
            case "string":
                return STRING;
            case "integer":
                return "int32".equals(Json.text(json, "format", "")) ? INT32 : INT64;
            case "number":
                return DOUBLE;
            case "boolean":
                return BOOLEAN;
            case "array": {
                Schema s = new Schema(Kind.ARRAY, null, null);
                s.element = fromOpenApi(json.get("items"), false);
                return s;
            }
            case "object": {
                JsonNode additional = json.get("additionalProperties");
                if (additional != null && additional.isObject()) {
                    Schema s = new Schema(Kind.MAP, null, null);
                    s.element = fromOpenApi(additional, false);
                    return s;
                }
                JsonNode props = json.get("properties");
                if ((props == null || props.isEmpty()) && !root) {
                    return ANY;
                }
                Map<String, Schema> p = new LinkedHashMap<>();
                if (root) {
                    p.put("apiVersion", STRING);
                    p.put("kind", STRING);
                    p.put("metadata", forType(io.fabric8.kubernetes.api.model.ObjectMeta.class));
                }
                if (props != null) {
                    for (Map.Entry<String, JsonNode> e : props.properties()) {
                        if (root && e.getKey().equals("metadata")) {
                            continue;
                        }
                        p.put(e.getKey(), fromOpenApi(e.getValue(), false));
                    }
                }
                Schema s = new Schema(Kind.OBJECT, null, null);
                s.properties = Collections.unmodifiableMap(p);
                if (root) {
                    s.source = json;
                }
                return s;
            }
            default:
                return ANY;
        }
    }

    /** The schema at a dotted path without indices ({@code spec.containers.env}), or null when unknown. */
    Schema at(String dottedPath) {
        Schema cur = this;
        if (dottedPath.isEmpty()) {
            return cur;
        }
        for (String seg : dottedPath.split("\\.")) {
            while (cur != null && cur.kind == Kind.ARRAY) {
                cur = cur.element;
            }
            if (cur == null) {
                return null;
            }
            if (cur.kind == Kind.OBJECT) {
                cur = cur.properties().get(seg);
            } else if (cur.kind == Kind.MAP) {
                cur = cur.element;
            } else {
                return null;
            }
        }
        while (cur != null && cur.kind == Kind.ARRAY) {
            cur = cur.element;
        }
        return cur;
    }

    /** The properties of an OBJECT schema, in the model's order; built on first use (models are recursive). */
    Map<String, Schema> properties() {
        Map<String, Schema> p = properties;
        if (p == null) {
            synchronized (this) {
                p = properties;
                if (p == null) {
                    p = model == null ? Map.of() : Collections.unmodifiableMap(scan(model));
                    properties = p;
                }
            }
        }
        return p;
    }

    private static Schema forType(Type type) {
        Schema cached = CACHE.get(type);
        if (cached != null) {
            return cached;
        }
        Schema s = build(type);
        Schema prev = CACHE.putIfAbsent(type, s);
        return prev == null ? s : prev;
    }

    private static Schema build(Type type) {
        if (type instanceof WildcardType) {
            Type[] upper = ((WildcardType) type).getUpperBounds();
            return upper.length == 1 ? forType(upper[0]) : ANY;
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                Schema s = new Schema(Kind.ARRAY, null, null);
                s.element = forType(p.getActualTypeArguments()[0]);
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Schema s = new Schema(Kind.MAP, null, null);
                s.element = forType(p.getActualTypeArguments()[1]);
                return s;
            }
            return forType(raw);
        }
        if (!(type instanceof Class)) {
            return ANY;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c.isEnum()) {
            return STRING;
        }
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
            return INT32;
        }
        if (c == Long.class || c == long.class) {
            return INT64;
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return DOUBLE;
        }
        if (c == Boolean.class || c == boolean.class) {
            return BOOLEAN;
        }
        if (c.getName().equals("io.fabric8.kubernetes.api.model.Quantity")) {
            return QUANTITY;
        }
        if (c.getName().equals("io.fabric8.kubernetes.api.model.IntOrString")) {
            return INT_OR_STRING;
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c) || c.isInterface() || c.isArray()
                || !c.getName().startsWith("io.fabric8.") || customDeserializer(c) || !hasProperties(c)) {
            return ANY;
        }
        return new Schema(Kind.OBJECT, null, c);
    }

    /** A model class without declared properties (FieldsV1) is a free-form map. */
    private static boolean hasProperties(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(JsonProperty.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean customDeserializer(Class<?> c) {
        JsonDeserialize d = c.getAnnotation(JsonDeserialize.class);
        return d != null && !d.using().getSimpleName().equals("None");
    }

    private static Map<String, Schema> scan(Class<?> model) {
        Map<String, Schema> props = new LinkedHashMap<>();
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p == null) {
                    continue;
                }
                String name = p.value().isEmpty() ? f.getName() : p.value();
                props.put(name, forType(f.getGenericType()));
            }
        }
        return props;
    }

    /** An unknown field found while decoding. */
    record Problem(String path, String message) {
    }

    /**
     * Removes fields the schema does not know, reporting each path ({@code spec.suitableNodes},
     * {@code spec.devices.requests[0].deviceClassName}); reports the first value of the wrong JSON type as Go's
     * decoder does.
     *
     * @return the unknown field paths, in document order
     */
    List<String> prune(ObjectNode object, List<String> typeErrors) {
        List<String> unknown = new ArrayList<>();
        prune(this, object, null, unknown, typeErrors, structName(this));
        return unknown;
    }

    private static void prune(Schema schema, JsonNode node, Path path, List<String> unknown,
                              List<String> typeErrors, String goStruct) {
        if (node == null || node.isNull()) {
            return;
        }
        switch (schema.kind) {
            case OBJECT: {
                if (!node.isObject()) {
                    typeError(node, goStruct, path, "object", typeErrors);
                    return;
                }
                ObjectNode o = (ObjectNode) node;
                Map<String, Schema> props = schema.properties();
                List<String> drop = null;
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    Schema child = props.get(e.getKey());
                    Path childPath = new Path(path, e.getKey(), true);
                    if (child == null) {
                        unknown.add(childPath.json());
                        if (drop == null) {
                            drop = new ArrayList<>();
                        }
                        drop.add(e.getKey());
                    } else {
                        prune(child, e.getValue(), childPath, unknown, typeErrors, structName(schema));
                    }
                }
                if (drop != null) {
                    o.remove(drop);
                }
                return;
            }
            case ARRAY:
                if (!node.isArray()) {
                    typeError(node, goStruct, path, "[]" + goType(schema.element), typeErrors);
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    prune(schema.element, node.get(i), new Path(path, "[" + i + "]", false), unknown, typeErrors,
                            goStruct);
                }
                return;
            case MAP:
                if (!node.isObject()) {
                    typeError(node, goStruct, path, "map[string]" + goType(schema.element), typeErrors);
                    return;
                }
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    prune(schema.element, e.getValue(), new Path(path, "[" + e.getKey() + "]", false), unknown,
                            typeErrors, goStruct);
                }
                return;
            case STRING:
                if (!node.isString()) {
                    typeError(node, goStruct, path, "string", typeErrors);
                }
                return;
            case INTEGER:
                if (!node.isIntegralNumber()) {
                    typeError(node, goStruct, path, "int32".equals(schema.format) ? "int32" : "int64", typeErrors);
                }
                return;
            case NUMBER:
                if (!node.isNumber()) {
                    typeError(node, goStruct, path, "float64", typeErrors);
                }
                return;
            case BOOLEAN:
                if (!node.isBoolean()) {
                    typeError(node, goStruct, path, "bool", typeErrors);
                }
                return;
            case QUANTITY:
            case INT_OR_STRING:
                if (!node.isString() && !node.isNumber()) {
                    typeError(node, goStruct, path, schema.kind == Kind.QUANTITY ? "resource.Quantity"
                            : "intstr.IntOrString", typeErrors);
                }
                return;
            default:
        }
    }

    /**
     * Where the decoder is, as a chain of segments rendered only when something is reported: every write prunes its
     * whole object, and almost none has anything to report.
     *
     * @param field a field name (else an {@code [index]} or {@code [key]} segment)
     */
    private record Path(Path parent, String segment, boolean field) {
        /** {@code spec.devices.requests[0].name}: how unknown fields are named. */
        String json() {
            StringBuilder b = new StringBuilder();
            append(b, false);
            return b.toString();
        }

        /** {@code spec.devices.requests.name}: Go's decoder names struct fields without indexes or keys. */
        String go() {
            StringBuilder b = new StringBuilder();
            append(b, true);
            return b.toString();
        }

        private void append(StringBuilder b, boolean fieldsOnly) {
            if (parent != null) {
                parent.append(b, fieldsOnly);
            }
            if (field) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(segment);
            } else if (!fieldsOnly) {
                b.append(segment);
            }
        }
    }

    private static String structName(Schema s) {
        return s.model == null ? "Unstructured" : s.model.getSimpleName();
    }

    private static String goType(Schema s) {
        switch (s.kind) {
            case STRING: return "string";
            case INTEGER: return "int32".equals(s.format) ? "int32" : "int64";
            case BOOLEAN: return "bool";
            case NUMBER: return "float64";
            case OBJECT: return structName(s);
            default: return "interface {}";
        }
    }

    private static void typeError(JsonNode node, String goStruct, Path path, String want, List<String> errors) {
        if (!errors.isEmpty()) {
            return;
        }
        String have = node.isString() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
                : node.isArray() ? "array" : "object";
        errors.add("json: cannot unmarshal " + have + " into Go struct field " + goStruct + "." + (path == null ? "" : path.go())
                + " of type "
                + want);
    }
}
