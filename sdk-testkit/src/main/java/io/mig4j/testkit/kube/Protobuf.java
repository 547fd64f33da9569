package io.mig4j.testkit.kube;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}), which kubectl's
 * typed clients send for {@code kubectl create namespace|configmap|secret|serviceaccount}: the {@code k8s\0}
 * envelope around a {@code runtime.Unknown}, and the messages of those kinds, decoded to the same JSON a JSON body
 * would have been. Field numbers are those of k8s.io/api {@code core/v1} and k8s.io/apimachinery
 * {@code meta/v1}/{@code runtime} protobuf definitions. Other kinds are refused with 415.
 */
final class Protobuf {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private enum T { STRING, BYTES, INT64, BOOL, TIME, MESSAGE, MAP_STRING, MAP_BYTES }

    private record F(String name, T type, boolean repeated, String message) {
    }

    private static F f(String name, T type) {
        return new F(name, type, false, null);
    }

    private static F list(String name, T type) {
        return new F(name, type, true, null);
    }

    private static F msg(String name, String message, boolean repeated) {
        return new F(name, T.MESSAGE, repeated, message);
    }

    private static final Map<String, Map<Integer, F>> MESSAGES = Map.of(
            "ObjectMeta", Map.ofEntries(Map.entry(1, f("name", T.STRING)), Map.entry(2, f("generateName", T.STRING)),
                    Map.entry(3, f("namespace", T.STRING)), Map.entry(5, f("uid", T.STRING)),
                    Map.entry(6, f("resourceVersion", T.STRING)), Map.entry(7, f("generation", T.INT64)),
                    Map.entry(8, f("creationTimestamp", T.TIME)), Map.entry(11, f("labels", T.MAP_STRING)),
                    Map.entry(12, f("annotations", T.MAP_STRING)), Map.entry(14, list("finalizers", T.STRING))),
            "Namespace", Map.of(1, msg("metadata", "ObjectMeta", false), 2, msg("spec", "NamespaceSpec", false)),
            "NamespaceSpec", Map.of(1, list("finalizers", T.STRING)),
            "ConfigMap", Map.of(1, msg("metadata", "ObjectMeta", false), 2, f("data", T.MAP_STRING),
                    3, f("binaryData", T.MAP_BYTES), 4, f("immutable", T.BOOL)),
            "Secret", Map.of(1, msg("metadata", "ObjectMeta", false), 2, f("data", T.MAP_BYTES), 3, f("type", T.STRING),
                    4, f("stringData", T.MAP_STRING), 5, f("immutable", T.BOOL)),
            "ServiceAccount", Map.of(1, msg("metadata", "ObjectMeta", false), 2, msg("secrets", "ObjectReference", true),
                    3, msg("imagePullSecrets", "LocalObjectReference", true), 4, f("automountServiceAccountToken", T.BOOL)),
            "ObjectReference", Map.of(1, f("kind", T.STRING), 2, f("namespace", T.STRING), 3, f("name", T.STRING),
                    4, f("uid", T.STRING), 5, f("apiVersion", T.STRING), 6, f("resourceVersion", T.STRING),
                    7, f("fieldPath", T.STRING)),
            "LocalObjectReference", Map.of(1, f("name", T.STRING)));

    private Protobuf() {
    }

    /** Decodes an enveloped object to JSON. */
    static ObjectNode decode(byte[] body) {
        if (body.length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
            throw KubeApiException.badRequest("provided data does not appear to be a protobuf message, expected prefix "
                    + new String(MAGIC, 0, 3, StandardCharsets.US_ASCII));
        }
        Reader unknown = new Reader(body, 4, body.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.more()) {
            int tag = unknown.varint32();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                Reader typeMeta = unknown.sub();
                while (typeMeta.more()) {
                    int t = typeMeta.varint32();
                    if (t >>> 3 == 1) {
                        apiVersion = typeMeta.string();
                    } else if (t >>> 3 == 2) {
                        kind = typeMeta.string();
                    } else {
                        typeMeta.skip(t & 7);
                    }
                }
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                raw = unknown.bytes();
            } else {
                unknown.skip(tag & 7);
            }
        }
        if (!MESSAGES.containsKey(kind) || kind.equals("ObjectMeta") || kind.endsWith("Spec") || kind.endsWith("Reference")) {
            throw KubeApiException.unsupportedMediaType(CONTENT_TYPE, java.util.List.of("application/json",
                    "application/yaml", CONTENT_TYPE + " (kinds Namespace, ConfigMap, Secret, ServiceAccount)"));
        }
        ObjectNode o = message(new Reader(raw, 0, raw.length), kind);
        ObjectNode out = Json.object();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.setAll(o);
        return out;
    }

    private static ObjectNode message(Reader r, String type) {
        Map<Integer, F> fields = MESSAGES.get(type);
        ObjectNode o = Json.object();
        while (r.more()) {
            int tag = r.varint32();
            F field = fields.get(tag >>> 3);
            if (field == null) {
                r.skip(tag & 7);
                continue;
            }
            switch (field.type) {
                case STRING: {
                    String v = r.string();
                    if (field.repeated) {
                        array(o, field.name).add(v);
                    } else if (!v.isEmpty()) {
                        o.put(field.name, v);
                    }
                    break;
                }
                case BYTES:
                    o.put(field.name, Base64.getEncoder().encodeToString(r.bytes()));
                    break;
                case INT64: {
                    long v = r.varint();
                    if (v != 0) {
                        o.put(field.name, v);
                    }
                    break;
                }
                case BOOL:
                    if (r.varint() != 0) {
                        o.put(field.name, true);
                    }
                    break;
                case TIME: {
                    Reader t = r.sub();
                    long seconds = 0;
                    while (t.more()) {
                        int tt = t.varint32();
                        if (tt >>> 3 == 1) {
                            seconds = t.varint();
                        } else {
                            t.skip(tt & 7);
                        }
                    }
                    if (seconds != 0) {
                        o.put(field.name, Json.timestamp(Instant.ofEpochSecond(seconds)));
                    }
                    break;
                }
                case MESSAGE: {
                    ObjectNode child = message(r.sub(), field.message);
                    if (field.repeated) {
                        array(o, field.name).add(child);
                    } else {
                        o.set(field.name, child);
                    }
                    break;
                }
                default: {
                    Reader entry = r.sub();
                    String key = "";
                    String value = "";
                    while (entry.more()) {
                        int et = entry.varint32();
                        if (et >>> 3 == 1) {
                            key = entry.string();
                        } else if (et >>> 3 == 2) {
                            value = field.type == T.MAP_BYTES ? Base64.getEncoder().encodeToString(entry.bytes())
                                    : entry.string();
                        } else {
                            entry.skip(et & 7);
                        }
                    }
                    Json.ensureObject(o, field.name).put(key, value);
                }
            }
        }
        return o;
    }

    private static ArrayNode array(ObjectNode o, String name) {
        return o.has(name) ? (ArrayNode) o.get(name) : o.putArray(name);
    }

    /** Protobuf wire-format reading over a byte range. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw KubeApiException.badRequest("truncated protobuf message");
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw KubeApiException.badRequest("malformed protobuf varint");
        }

        int varint32() {
            return (int) varint();
        }

        byte[] bytes() {
            int len = varint32();
            if (len < 0 || pos + len > end) {
                throw KubeApiException.badRequest("truncated protobuf message");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader sub() {
            int len = varint32();
            if (len < 0 || pos + len > end) {
                throw KubeApiException.badRequest("truncated protobuf message");
            }
            Reader r = new Reader(b, pos, pos + len);
            pos += len;
            return r;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0:
                    varint();
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2: {
                    int len = varint32();
                    pos += len;
                    break;
                }
                case 5:
                    pos += 4;
                    break;
                default:
                    throw KubeApiException.badRequest("unsupported protobuf wire type " + wireType);
            }
        }
    }
}
