package io.mig4j.testkit.kube;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates HTTP requests into {@link KubeStore} calls and their results into the real server's responses: the
 * URL layout of {@code /api} and {@code /apis}, verbs, query parameters, content types (JSON, YAML, the patch
 * types, {@code as=Table}), discovery, OpenAPI and {@code Status} errors. Knows nothing of the HTTP server.
 */
final class ApiHandler {
    private static final byte[] NEWLINE = {'\n'};

    private final KubeStore store;
    private final Discovery discovery;
    private final String serverVersion;
    private final ObjectNode versionInfo;
    private final String token;
    private final long maxBodyBytes;
    private final DiscoveryEndpoints endpoints;

    ApiHandler(KubeStore store, String kubernetesVersion, String token, long maxBodyBytes) {
        this.store = store;
        this.discovery = new Discovery(store);
        this.serverVersion = "v" + kubernetesVersion;
        this.token = token;
        this.maxBodyBytes = maxBodyBytes;
        String[] mm = kubernetesVersion.split("\\.");
        versionInfo = Json.object();
        versionInfo.put("major", mm[0]);
        versionInfo.put("minor", mm[1]);
        versionInfo.put("emulationMajor", mm[0]);
        versionInfo.put("emulationMinor", mm[1]);
        versionInfo.put("minCompatibilityMajor", mm[0]);
        versionInfo.put("minCompatibilityMinor", Integer.toString(Integer.parseInt(mm[1]) - 1));
        versionInfo.put("gitVersion", serverVersion);
        versionInfo.put("gitCommit", "mig4j");
        versionInfo.put("gitTreeState", "clean");
        versionInfo.put("buildDate", "2026-09-01T00:00:00Z");
        versionInfo.put("goVersion", "go1.25.5");
        versionInfo.put("compiler", "gc");
        versionInfo.put("platform", "linux/amd64");
        this.endpoints = new DiscoveryEndpoints(store, discovery, serverVersion);
    }

    void serverAddress(String address) {
        endpoints.serverAddress(address);
    }

    /** Handles one request; never throws (errors become Status responses). */
    void handle(ApiExchange x) {
        x.responseHeaders.put("Audit-Id", UUID.randomUUID().toString());
        x.responseHeaders.put("Cache-Control", "no-cache, private");
        try {
            if (token != null && !("Bearer " + token).equals(x.header("authorization"))) {
                throw KubeApiException.unauthorized();
            }
            if (x.body.length > maxBodyBytes) {
                throw KubeApiException.tooLarge(maxBodyBytes);
            }
            route(x);
        } catch (KubeApiException e) {
            x.error(e);
        } catch (RuntimeException e) {
            x.error(KubeApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void route(ApiExchange x) {
        String path = x.path;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> seg = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                seg.add(ApiExchange.decode(s));
            }
        }
        if (seg.isEmpty()) {
            throw KubeApiException.pathNotFound();
        }
        switch (seg.get(0)) {
            case "version":
                x.verb = "get";
                x.json(200, Json.bytes(versionInfo));
                return;
            case "healthz":
            case "livez":
            case "readyz":
                x.status = 200;
                x.responseHeaders.put("Content-Type", "text/plain; charset=utf-8");
                x.responseBody = "ok".getBytes(StandardCharsets.UTF_8);
                return;
            case "openapi":
                endpoints.openApi(x, seg);
                return;
            case "api":
                if (seg.size() == 1) {
                    endpoints.discoveryRoot(x, true);
                    return;
                }
                api(x, "", seg.get(1), seg.subList(2, seg.size()));
                return;
            case "apis":
                if (seg.size() == 1) {
                    endpoints.discoveryRoot(x, false);
                    return;
                }
                if (seg.size() == 2) {
                    ObjectNode g = discovery.group(seg.get(1));
                    if (g == null) {
                        throw KubeApiException.pathNotFound();
                    }
                    x.json(200, Json.bytes(g));
                    return;
                }
                api(x, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
                return;
            default:
                throw KubeApiException.pathNotFound();
        }
    }

    // ------------------------------------------------------------------ resources

    private void api(ApiExchange x, String group, String version, List<String> rest) {
        if (rest.isEmpty()) {
            x.verb = "get";
            ObjectNode list = discovery.resourceList(group, version);
            if (list == null) {
                throw KubeApiException.pathNotFound();
            }
            x.json(200, Json.bytes(list));
            return;
        }
        if (group.isEmpty() && rest.size() == 3 && rest.get(0).equals("namespaces") && rest.get(2).equals("bindings")) {
            bindingsResource(x, version, rest.get(1));
            return;
        }
        String namespace = null;
        String plural;
        String name = null;
        String sub = "";
        ResourceDefinition def;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3
                && (def = store.definition(group, version, rest.get(2))) != null && def.type().namespaced()) {
            namespace = rest.get(1);
            plural = rest.get(2);
            if (rest.size() > 3) {
                name = rest.get(3);
            }
            if (rest.size() > 4) {
                sub = rest.get(4);
            }
            if (rest.size() > 5) {
                throw KubeApiException.pathNotFound();
            }
        } else {
            plural = rest.get(0);
            def = store.definition(group, version, plural);
            if (def == null) {
                throw KubeApiException.pathNotFound();
            }
            if (rest.size() > 1) {
                name = rest.get(1);
            }
            if (rest.size() > 2) {
                sub = rest.get(2);
            }
            if (rest.size() > 3 || (name != null && def.type().namespaced())) {
                throw KubeApiException.pathNotFound();
            }
        }
        if (!sub.isEmpty() && !def.type().hasSubresource(sub)) {
            throw KubeApiException.pathNotFound();
        }
        x.resource = def.type().qualifiedResource();
        x.namespace = namespace == null ? "" : namespace;
        x.name = name == null ? "" : name;
        x.subresource = sub;
        if (x.method.equals("GET") && "websocket".equalsIgnoreCase(x.header("upgrade"))) {
            // No WebSocket here: fabric8 retries a watch as a plain chunked HTTP GET when its WebSocket handshake
            // is answered with 200 (kubernetes-client BaseOperation.submitWatch).
            x.verb = "watch";
            x.json(200, "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (x.method) {
            case "GET":
                if (name == null) {
                    if (x.flag("watch")) {
                        watch(x, def, namespace);
                    } else {
                        list(x, def, namespace);
                    }
                } else if (sub.equals(ScaleSubresource.NAME)) {
                    x.verb = "get";
                    x.json(200, Json.bytes(ScaleSubresource.scale(store.get(def, namespace, name, null))));
                } else {
                    get(x, def, namespace, name);
                }
                return;
            case "POST":
                if (name != null && sub.equals("binding")) {
                    x.verb = "create";
                    ObjectNode binding = body(x, "Binding");
                    store.lifecycle.bind(def, namespace, name, binding);
                    ObjectNode ok = Json.object();
                    ok.put("kind", "Status");
                    ok.put("apiVersion", "v1");
                    ok.putObject("metadata");
                    ok.put("status", "Success");
                    ok.put("code", 201);
                    x.json(201, Json.bytes(ok));
                    return;
                }
                if (name != null || (def.type().namespaced() && namespace == null)) {
                    throw KubeApiException.methodNotAllowed();
                }
                create(x, def, namespace);
                return;
            case "PUT":
                if (name == null) {
                    throw KubeApiException.methodNotAllowed();
                }
                update(x, def, namespace, name, sub);
                return;
            case "PATCH":
                if (name == null) {
                    throw KubeApiException.methodNotAllowed();
                }
                patch(x, def, namespace, name, sub);
                return;
            case "DELETE":
                if (name == null) {
                    deleteCollection(x, def, namespace);
                } else if (sub.isEmpty()) {
                    delete(x, def, namespace, name);
                } else {
                    throw KubeApiException.methodNotAllowed();
                }
                return;
            default:
                throw KubeApiException.methodNotAllowed();
        }
    }

    /** The legacy {@code bindings} resource (create only) that fabric8's {@code bindings()} posts to. */
    private void bindingsResource(ApiExchange x, String version, String namespace) {
        ResourceDefinition pods = store.definition("", version, "pods");
        if (pods == null) {
            throw KubeApiException.pathNotFound();
        }
        if (!x.method.equals("POST")) {
            throw KubeApiException.methodNotAllowed();
        }
        x.verb = "create";
        x.resource = "bindings";
        x.namespace = namespace;
        ObjectNode binding = body(x, "Binding");
        x.name = Json.text(binding.path("metadata"), "name", "");
        store.lifecycle.bind(pods, namespace, x.name, binding);
        ObjectNode ok = Json.object();
        ok.put("kind", "Status");
        ok.put("apiVersion", "v1");
        ok.putObject("metadata");
        ok.put("status", "Success");
        ok.put("code", 201);
        x.json(201, Json.bytes(ok));
    }

    private ObjectNode body(ApiExchange x, String kind) {
        String ct = contentType(x);
        if (ct.equals(Protobuf.CONTENT_TYPE)) {
            return Protobuf.decode(x.body);
        }
        if (ct.contains("yaml")) {
            try {
                JsonNode n = Json.YAML.readTree(x.body);
                if (n instanceof ObjectNode) {
                    return (ObjectNode) n;
                }
            } catch (RuntimeException e) {
                throw KubeApiException.badRequest("error decoding YAML: " + Json.firstLine(e.getMessage()));
            }
            throw KubeApiException.badRequest("Object '" + kind + "' is missing in the body");
        }
        if (!ct.isEmpty() && !ct.equals("application/json") && !ct.equals("*/*")) {
            throw KubeApiException.unsupportedMediaType(ct, List.of("application/json", "application/yaml",
                    "application/vnd.kubernetes.protobuf"));
        }
        return Json.parseObject(x.body, kind);
    }

    private static String contentType(ApiExchange x) {
        String ct = x.header("content-type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private WriteOptions writeOptions(ApiExchange x) {
        String dryRun = x.param("dryRun");
        if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
            throw KubeApiException.invalid("CreateOptions.meta.k8s.io", "meta.k8s.io", "CreateOptions", "",
                    List.of(StatusCause.notSupported("dryRun", dryRun, List.of("All"))));
        }
        String validation = x.param("fieldValidation");
        if (validation != null && !validation.isEmpty() && !List.of("Strict", "Warn", "Ignore").contains(validation)) {
            throw KubeApiException.badRequest("fieldValidation invalid: " + validation + ". Must be one of Ignore, Warn or Strict");
        }
        String manager = x.param("fieldManager");
        if (manager != null && manager.length() > 128) {
            throw KubeApiException.invalid("CreateOptions.meta.k8s.io", "meta.k8s.io", "CreateOptions", "",
                    List.of(StatusCause.tooLong("fieldManager", 128)));
        }
        return new WriteOptions("All".equals(dryRun), manager, validation, x.flag("force"), x.header("user-agent"));
    }

    private ListOptions listOptions(ApiExchange x) {
        String sie = x.param("sendInitialEvents");
        return new ListOptions(x.param("labelSelector"), x.param("fieldSelector"), x.longParam("limit"),
                x.param("continue"), x.param("resourceVersion"), x.param("resourceVersionMatch"),
                x.flag("allowWatchBookmarks"), sie == null || sie.isEmpty() ? null : Boolean.valueOf(sie),
                x.longParam("timeoutSeconds"));
    }

    private static boolean wantsTable(ApiExchange x) {
        String accept = x.header("accept");
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            Map<String, String> p = DiscoveryEndpoints.mediaParams(part);
            if ("Table".equals(p.get("as")) && "meta.k8s.io".equals(p.get("g"))
                    && ("v1".equals(p.get("v")) || "v1beta1".equals(p.get("v")))) {
                return true;
            }
            if (p.get("as") == null && (p.get("").equals("application/json") || p.get("").equals("*/*"))) {
                return false;
            }
        }
        return false;
    }

    private void get(ApiExchange x, ResourceDefinition def, String namespace, String name) {
        x.verb = "get";
        Stored s = store.get(def, namespace, name, x.param("resourceVersion"));
        if (wantsTable(x)) {
            x.json(200, Json.bytes(TableConvertor.table(def, List.of(s.object), null, null, x.param("includeObject"))));
            return;
        }
        x.json(200, s.json(def.type().apiVersion()));
    }

    private void list(ApiExchange x, ResourceDefinition def, String namespace) {
        x.verb = "list";
        KubeStore.ListResult r = store.list(def, namespace, listOptions(x));
        String rv = Long.toString(r.resourceVersion());
        if (wantsTable(x)) {
            List<JsonNode> items = new ArrayList<>();
            r.items().forEach(s -> items.add(s.object));
            x.json(200, Json.bytes(TableConvertor.table(def, items, rv, r.continueToken(), x.param("includeObject"))));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + r.items().size() * 512);
        ObjectNode head = Json.object();
        head.put("kind", def.type().kind() + "List");
        head.put("apiVersion", def.type().apiVersion());
        ObjectNode meta = head.putObject("metadata");
        meta.put("resourceVersion", rv);
        if (r.continueToken() != null) {
            meta.put("continue", r.continueToken());
        }
        if (r.remainingItemCount() != null) {
            meta.put("remainingItemCount", r.remainingItemCount());
        }
        byte[] headBytes = Json.bytes(head);
        out.write(headBytes, 0, headBytes.length - 1);
        out.writeBytes(",\"items\":[".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Stored s : r.items()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(s.json(def.type().apiVersion()));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        x.json(200, out.toByteArray());
    }

    private void watch(ApiExchange x, ResourceDefinition def, String namespace) {
        x.verb = "watch";
        ListOptions o = listOptions(x);
        Watcher w = store.watch(def, namespace, o);
        boolean table = wantsTable(x);
        String includeObject = x.param("includeObject");
        String apiVersion = def.type().apiVersion();
        x.status = 200;
        x.responseHeaders.put("Content-Type", "application/json");
        x.stream = new WatchStream(w, item -> encode(def, apiVersion, item, table, includeObject), o.timeoutSeconds());
    }

    private static byte[] encode(ResourceDefinition def, String apiVersion, Watcher.Item item, boolean table,
                                 String includeObject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"type\":\"" + item.type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
        switch (item.kind) {
            case EVENT:
                if (table) {
                    out.writeBytes(Json.bytes(TableConvertor.table(def, List.of(item.object.object), null, null,
                            includeObject)));
                } else {
                    out.writeBytes(item.object.json(apiVersion));
                }
                break;
            case BOOKMARK: {
                ObjectNode o = Json.object();
                o.put("kind", def.type().kind());
                o.put("apiVersion", apiVersion);
                ObjectNode meta = o.putObject("metadata");
                meta.put("resourceVersion", Long.toString(item.resourceVersion));
                if (item.initialEventsEnd) {
                    meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
                }
                out.writeBytes(Json.bytes(o));
                break;
            }
            default:
                out.writeBytes(Json.bytes(item.error.status()));
        }
        out.write('}');
        out.writeBytes(NEWLINE);
        return out.toByteArray();
    }

    private void create(ApiExchange x, ResourceDefinition def, String namespace) {
        x.verb = "create";
        ObjectNode body = body(x, def.type().kind());
        StoreWrites.Result r = store.writes.create(def, namespace, body, writeOptions(x));
        x.name = r.stored().name();
        x.warnings(r.warnings());
        x.json(201, r.stored().json(def.type().apiVersion()));
    }

    private void update(ApiExchange x, ResourceDefinition def, String namespace, String name, String sub) {
        x.verb = "update";
        if (sub.equals(ScaleSubresource.NAME)) {
            x.json(200, Json.bytes(ScaleSubresource.update(store, def, namespace, name, body(x, "Scale"),
                    writeOptions(x))));
            return;
        }
        ObjectNode body = body(x, def.type().kind());
        if (sub.equals("finalize")) {
            x.json(200, store.lifecycle.finalizeNamespace(def, name, body).json());
            return;
        }
        StoreWrites.Result r = store.writes.update(def, namespace, name, sub, body, writeOptions(x));
        x.warnings(r.warnings());
        x.json(r.created() ? 201 : 200, r.stored().json(def.type().apiVersion()));
    }

    private void patch(ApiExchange x, ResourceDefinition def, String namespace, String name, String sub) {
        x.verb = "patch";
        String ct = contentType(x);
        if (sub.equals(ScaleSubresource.NAME)) {
            x.json(200, Json.bytes(ScaleSubresource.patch(store, def, namespace, name, ct, x.body, writeOptions(x))));
            return;
        }
        List<String> known = List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.STRATEGIC_MERGE_PATCH,
                Patches.APPLY_PATCH);
        if (!known.contains(ct)) {
            throw KubeApiException.unsupportedMediaType(ct, def.schema() == null || def.schema().source != null
                    ? List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.APPLY_PATCH)
                    : List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.APPLY_PATCH, Patches.STRATEGIC_MERGE_PATCH));
        }
        if (ct.equals(Patches.STRATEGIC_MERGE_PATCH) && (def.schema() == null || def.schema().source != null)) {
            throw KubeApiException.unsupportedMediaType(ct, List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH,
                    Patches.APPLY_PATCH));
        }
        StoreWrites.Result r = store.writes.patch(def, namespace, name, sub, ct, x.body, writeOptions(x));
        x.warnings(r.warnings());
        x.json(r.created() ? 201 : 200, r.stored().json(def.type().apiVersion()));
    }

    private void delete(ApiExchange x, ResourceDefinition def, String namespace, String name) {
        x.verb = "delete";
        JsonNode options = x.body.length == 0 ? Json.object() : Json.parse(x.body);
        boolean dryRun = "All".equals(x.param("dryRun")) || hasDryRun(options);
        if (x.param("gracePeriodSeconds") != null && options instanceof ObjectNode) {
            ((ObjectNode) options).put("gracePeriodSeconds", x.longParam("gracePeriodSeconds"));
        }
        Lifecycle.Deletion d = store.lifecycle.delete(def, namespace, name, options, dryRun);
        if (!d.removed() || def.strategy().returnsDeletedObject()) {
            x.json(200, d.stored().json(def.type().apiVersion()));
            return;
        }
        ObjectNode ok = Json.object();
        ok.put("kind", "Status");
        ok.put("apiVersion", "v1");
        ok.putObject("metadata");
        ok.put("status", "Success");
        ObjectNode details = ok.putObject("details");
        details.put("name", name);
        if (!def.type().group().isEmpty()) {
            details.put("group", def.type().group());
        }
        details.put("kind", def.type().plural());
        details.put("uid", Json.text(d.stored().object.path("metadata"), "uid", ""));
        x.json(200, Json.bytes(ok));
    }

    private static boolean hasDryRun(JsonNode options) {
        JsonNode d = options.get("dryRun");
        return d != null && d.isArray() && d.size() > 0 && "All".equals(d.get(0).asString());
    }

    private void deleteCollection(ApiExchange x, ResourceDefinition def, String namespace) {
        x.verb = "deletecollection";
        if (def.type().namespaced() && namespace == null) {
            throw KubeApiException.methodNotAllowed();
        }
        JsonNode options = x.body.length == 0 ? Json.object() : Json.parse(x.body);
        boolean dryRun = "All".equals(x.param("dryRun")) || hasDryRun(options);
        ListOptions o = listOptions(x);
        KubeStore.ListResult r = store.list(def, namespace, new ListOptions(o.labelSelector(), o.fieldSelector(), 0,
                null, null, null, false, null, 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"kind\":\"" + def.type().kind() + "List\",\"apiVersion\":\"" + def.type().apiVersion()
                + "\",\"metadata\":{},\"items\":[").getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Stored s : r.items()) {
            try {
                Lifecycle.Deletion d = store.lifecycle.delete(def, s.namespace(), s.name(), options, dryRun);
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.writeBytes(d.stored().json(def.type().apiVersion()));
            } catch (KubeApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        x.json(200, out.toByteArray());
    }
}
