package io.mig4j.dra.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.QuantityFormatException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict decoding as the API server does it with {@code fieldValidation=Strict} (kubectl's default): every field of a
 * document must exist in the schema of its kind and version, and have the right JSON type. The schema is that of the
 * fabric8 model class (its {@code @JsonProperty} fields), less the fields a Kubernetes version does not have yet.
 * Offending fields are removed from the tree so the rest can still be decoded and validated.
 */
final class StrictSchema {
    private static final Map<Class<?>, Map<String, Field>> PROPERTIES = new ConcurrentHashMap<>();
    /** {@code Class#property} → the Kubernetes version that introduced the field in {@code resource.k8s.io/v1}. */
    private static final Map<String, KubernetesVersion> SINCE = new HashMap<>();

    static {
        String v1 = "io.fabric8.kubernetes.api.model.resource.v1.";
        for (String list : List.of("bools", "ints", "strings", "versions")) {
            SINCE.put(v1 + "DeviceAttribute#" + list, KubernetesVersion.V1_36);
        }
        SINCE.put(v1 + "Device#nodeAllocatableResources", KubernetesVersion.V1_37);
        SINCE.put(v1 + "ResourceSliceSpec#partitionTypeAttribute", KubernetesVersion.V1_37);
        SINCE.put(v1 + "ResourceSliceSpec#skipNodeOperations", KubernetesVersion.V1_37);
        SINCE.put(v1 + "DeviceCounterConsumption#compatibilityGroups", KubernetesVersion.V1_37);
        SINCE.put(v1 + "ExactDeviceRequest#derivedAttributes", KubernetesVersion.V1_37);
        SINCE.put(v1 + "DeviceSubRequest#derivedAttributes", KubernetesVersion.V1_37);
    }

    private StrictSchema() {
    }

    /** Checks {@code node} against {@code type}; removes the fields it reports from {@code node}. */
    static void check(JsonNode node, Class<?> type, FieldPath path, KubernetesVersion version, List<FieldError> out) {
        if (node instanceof ObjectNode o) {
            object(o, type, path, version, out);
        }
    }

    private static void object(ObjectNode node, Class<?> type, FieldPath path, KubernetesVersion version,
                               List<FieldError> out) {
        Map<String, Field> props = properties(type);
        List<String> remove = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            FieldPath child = path == null ? FieldPath.root(name) : path.child(name);
            Field f = props.get(name);
            KubernetesVersion since = f == null ? null : SINCE.get(type.getName() + "#" + name);
            if (f == null || (since != null && version.before(since))) {
                out.add(FieldError.unknownField(child));
                remove.add(name);
                continue;
            }
            if (!value(e.getValue(), f.getGenericType(), child, version, out)) {
                remove.add(name);
            } else if (f.getType() == Object.class && e.getValue().isArray()) {
                arrays.add(name);
            }
        }
        for (String r : remove) {
            node.remove(r);
        }
        for (String a : arrays) {
            // fabric8 cannot decode a JSON array into an untyped field; keep it as text so that validation still
            // sees a value that is not a JSON object (validateRawExtension), as the API server does
            node.put(a, node.get(a).toString());
        }
    }

    /** Checks one value; false when it has the wrong type (and must be dropped). */
    private static boolean value(JsonNode v, Type type, FieldPath path, KubernetesVersion version,
                                 List<FieldError> out) {
        if (v == null || v.isNull()) {
            return true;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return expect(v.isString(), v, "string", path, out);
        }
        if (raw == Long.class || raw == Integer.class || raw == long.class || raw == int.class) {
            return expect(v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())), v,
                    "integer", path, out);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return expect(v.isBoolean(), v, "boolean", path, out);
        }
        if (raw == Double.class || raw == Float.class || raw == double.class || raw == float.class) {
            return expect(v.isNumber(), v, "number", path, out);
        }
        if (raw == io.fabric8.kubernetes.api.model.Quantity.class) {
            if (!(v.isString() || v.isNumber())) {
                return expect(false, v, "string", path, out);
            }
            try {
                Quantity.parse(v.isString() ? v.asString() : v.asString().strip());
                return true;
            } catch (QuantityFormatException e) {
                out.add(FieldError.invalid(path, v.isString() ? v.asString() : v.toString(), e.reason()));
                return false;
            }
        }
        if (raw == io.fabric8.kubernetes.api.model.IntOrString.class) {
            return expect(v.isString() || v.isIntegralNumber(), v, "string or integer", path, out);
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!v.isArray()) {
                return expect(false, v, "array", path, out);
            }
            Type element = typeArgument(type, 0);
            ArrayNode a = (ArrayNode) v;
            for (int i = a.size() - 1; i >= 0; i--) {
                if (!value(a.get(i), element, path.index(i), version, out)) {
                    a.remove(i);
                }
            }
            return true;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!v.isObject()) {
                return expect(false, v, "object", path, out);
            }
            Type element = typeArgument(type, 1);
            ObjectNode o = (ObjectNode) v;
            List<String> remove = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (!value(e.getValue(), element, path.key(e.getKey()), version, out)) {
                    remove.add(e.getKey());
                }
            }
            remove.forEach(o::remove);
            return true;
        }
        if (raw == Object.class || raw.isInterface() || raw.getName().startsWith("java.")) {
            return true;
        }
        if (!v.isObject()) {
            return expect(false, v, "object", path, out);
        }
        object((ObjectNode) v, raw, path, version, out);
        return true;
    }

    private static boolean expect(boolean ok, JsonNode v, String type, FieldPath path, List<FieldError> out) {
        if (!ok) {
            Object bad;
            if (v.isString()) {
                bad = v.asString();
            } else if (v.isNumber()) {
                bad = v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble();
            } else if (v.isBoolean()) {
                bad = v.asBoolean();
            } else {
                bad = v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            }
            out.add(FieldError.typeInvalid(path, bad, "must be of type " + type));
        }
        return ok;
    }

    static Map<String, Field> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            Map<String, Field> m = new HashMap<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    JsonProperty p = f.getAnnotation(JsonProperty.class);
                    if (p != null && !Modifier.isStatic(f.getModifiers())) {
                        m.putIfAbsent(p.value().isEmpty() ? f.getName() : p.value(), f);
                    }
                }
            }
            return m;
        });
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }
}
