package io.mig4j.testkit.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents: legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIGroup},
 * {@code APIResourceList}), which fabric8 reads, and aggregated discovery v2 ({@code APIGroupDiscoveryList}), which
 * kubectl asks for first (k8s.io/apiserver {@code pkg/endpoints/discovery}, client-go
 * {@code discovery/aggregated_discovery.go}).
 */
final class Discovery {
    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update",
            "watch");
    static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private final KubeStore store;

    Discovery(KubeStore store) {
        this.store = store;
    }

    /** Served resources grouped as group → version → resources, builtin groups first, in registration order. */
    Map<String, Map<String, List<ResourceDefinition>>> groups() {
        Map<String, Map<String, List<ResourceDefinition>>> out = new LinkedHashMap<>();
        List<ResourceDefinition> defs = new ArrayList<>(store.definitions());
        defs.sort(Comparator.comparingInt(Discovery::groupPriority).thenComparing(d -> d.type().group())
                .thenComparing(d -> d.type().version(), Discovery::compareVersions)
                .thenComparing(d -> d.type().plural()));
        for (ResourceDefinition d : defs) {
            out.computeIfAbsent(d.type().group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(d.type().version(), v -> new ArrayList<>()).add(d);
        }
        return out;
    }

    private static int groupPriority(ResourceDefinition d) {
        List<String> order = List.of("", "apps", "events.k8s.io", "batch", "coordination.k8s.io",
                "apiextensions.k8s.io", "resource.k8s.io");
        int i = order.indexOf(d.type().group());
        return i < 0 ? order.size() : i;
    }

    /** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
    static int compareVersions(String a, String b) {
        return Integer.compare(versionRank(b), versionRank(a));
    }

    private static int versionRank(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(v);
        if (!m.matches()) {
            return -1;
        }
        int major = Integer.parseInt(m.group(1));
        int stage = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return stage * 1_000_000 + major * 1000 + minor;
    }

    ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode cidr = o.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return o;
    }

    ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (Map.Entry<String, Map<String, List<ResourceDefinition>>> g : groups().entrySet()) {
            if (!g.getKey().isEmpty()) {
                groups.add(group(g.getKey(), g.getValue()));
            }
        }
        return o;
    }

    ObjectNode group(String name) {
        Map<String, List<ResourceDefinition>> versions = groups().get(name);
        if (versions == null || name.isEmpty()) {
            return null;
        }
        ObjectNode g = group(name, versions);
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        return g;
    }

    private static ObjectNode group(String name, Map<String, List<ResourceDefinition>> versions) {
        ObjectNode g = Json.object();
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions.keySet()) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", name + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        String first = versions.keySet().iterator().next();
        preferred.put("groupVersion", name + "/" + first);
        preferred.put("version", first);
        return g;
    }

    ObjectNode resourceList(String group, String version) {
        Map<String, List<ResourceDefinition>> versions = groups().get(group);
        List<ResourceDefinition> defs = versions == null ? null : versions.get(version);
        if (defs == null) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        if (group.isEmpty()) {
            ObjectNode b = resources.addObject();
            b.put("name", "bindings");
            b.put("singularName", "binding");
            b.put("namespaced", true);
            b.put("kind", "Binding");
            b.putArray("verbs").add("create");
        }
        for (ResourceDefinition d : defs) {
            ResourceType t = d.type();
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            verbs(r.putArray("verbs"), VERBS);
            if (!t.shortNames().isEmpty()) {
                verbs(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                verbs(r.putArray("categories"), t.categories());
            }
            r.put("storageVersionHash", storageVersionHash(t));
            for (String sub : t.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                if (sub.equals("binding")) {
                    s.put("kind", "Binding");
                } else if (sub.equals(ScaleSubresource.NAME)) {
                    s.put("group", "autoscaling");
                    s.put("version", "v1");
                    s.put("kind", "Scale");
                } else {
                    s.put("kind", t.kind());
                }
                verbs(s.putArray("verbs"), subresourceVerbs(sub));
            }
        }
        return o;
    }

    static List<String> subresourceVerbs(String sub) {
        switch (sub) {
            case "binding":
                return List.of("create");
            case "finalize":
                return List.of("update");
            default:
                return List.of("get", "patch", "update");
        }
    }

    private static void verbs(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /** The aggregated document of the core group ({@code /api}) or of all named groups ({@code /apis}). */
    ObjectNode aggregated(boolean core, String apiVersion) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupDiscoveryList");
        o.put("apiVersion", apiVersion);
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        for (Map.Entry<String, Map<String, List<ResourceDefinition>>> g : groups().entrySet()) {
            if (g.getKey().isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!core) {
                meta.put("name", g.getKey());
            }
            meta.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (Map.Entry<String, List<ResourceDefinition>> v : g.getValue().entrySet()) {
                ObjectNode version = versions.addObject();
                version.put("version", v.getKey());
                ArrayNode resources = version.putArray("resources");
                if (core) {
                    ObjectNode b = resources.addObject();
                    b.put("resource", "bindings");
                    responseKind(b, "", "v1", "Binding");
                    b.put("scope", "Namespaced");
                    b.put("singularResource", "binding");
                    b.putArray("verbs").add("create");
                }
                for (ResourceDefinition d : v.getValue()) {
                    ResourceType t = d.type();
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    responseKind(r, t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    verbs(r.putArray("verbs"), VERBS);
                    if (!t.shortNames().isEmpty()) {
                        verbs(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        verbs(r.putArray("categories"), t.categories());
                    }
                    if (!t.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String sub : t.subresources()) {
                            ObjectNode s = subs.addObject();
                            s.put("subresource", sub);
                            if (sub.equals("binding")) {
                                responseKind(s, "", "v1", "Binding");
                            } else if (sub.equals(ScaleSubresource.NAME)) {
                                responseKind(s, "autoscaling", "v1", "Scale");
                            } else {
                                responseKind(s, t.group(), t.version(), t.kind());
                            }
                            verbs(s.putArray("verbs"), subresourceVerbs(sub));
                        }
                    }
                }
                version.put("freshness", "Current");
            }
        }
        return o;
    }

    private static void responseKind(ObjectNode r, String group, String version, String kind) {
        ObjectNode k = r.putObject("responseKind");
        k.put("group", group);
        k.put("version", version);
        k.put("kind", kind);
    }

    /** base64(sha256("group/version/Kind")[:8]), as apiserver's discovery/storageversionhash.go computes it. */
    static String storageVersionHash(ResourceType t) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(
                    (t.group() + "/" + t.version() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sum, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(byte[] body) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(body);
            StringBuilder b = new StringBuilder();
            for (byte x : sum) {
                b.append(String.format("%02X", x));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
