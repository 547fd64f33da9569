package io.mig4j.testkit.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The non-resource endpoints kubectl and fabric8 read before anything else: {@code /api} and {@code /apis} (legacy
 * or aggregated discovery, by the Accept header, with ETags) and {@code /openapi/v3} (documents cached until the
 * served resources change).
 */
final class DiscoveryEndpoints {
    private final Discovery discovery;
    private final String serverVersion;
    private volatile String serverAddress = "127.0.0.1:6443";
    private final Map<String, byte[]> openApiCache = new ConcurrentHashMap<>();

    DiscoveryEndpoints(KubeStore store, Discovery discovery, String serverVersion) {
        this.discovery = discovery;
        this.serverVersion = serverVersion;
        store.onDefinitionsChanged(openApiCache::clear);
    }

    void serverAddress(String address) {
        this.serverAddress = address;
    }

    void discoveryRoot(ApiExchange x, boolean core) {
        x.verb = "get";
        String accept = x.header("accept");
        String aggregated = null;
        if (accept != null) {
            for (String part : accept.split(",")) {
                Map<String, String> params = mediaParams(part);
                if ("apidiscovery.k8s.io".equals(params.get("g")) && "APIGroupDiscoveryList".equals(params.get("as"))) {
                    String v = params.get("v");
                    if ("v2".equals(v) || "v2beta1".equals(v)) {
                        aggregated = v;
                        break;
                    }
                }
            }
        }
        if (aggregated == null) {
            x.json(200, Json.bytes(core ? discovery.apiVersions(serverAddress) : discovery.groupList()));
            return;
        }
        byte[] body = Json.bytes(discovery.aggregated(core, "apidiscovery.k8s.io/" + aggregated));
        String etag = "\"" + Discovery.hash(body) + "\"";
        x.responseHeaders.put("ETag", etag);
        x.responseHeaders.put("Vary", "Accept");
        if (etag.equals(x.header("if-none-match"))) {
            x.status = 304;
            x.responseBody = new byte[0];
            return;
        }
        x.json(200, body);
        x.responseHeaders.put("Content-Type", aggregated.equals("v2") ? Discovery.AGGREGATED_V2
                : Discovery.AGGREGATED_V2BETA1);
    }

    static Map<String, String> mediaParams(String mediaType) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = mediaType.trim().split(";");
        m.put("", parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                m.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
            }
        }
        return m;
    }

    void openApi(ApiExchange x, List<String> seg) {
        x.verb = "get";
        if (seg.size() < 2 || !seg.get(1).equals("v3")) {
            throw KubeApiException.pathNotFound();
        }
        Map<String, byte[]> docs = openApiDocuments();
        if (seg.size() == 2) {
            x.json(200, Json.bytes(OpenApi.index(docs)));
            return;
        }
        String key = String.join("/", seg.subList(2, seg.size()));
        byte[] doc = docs.get(key);
        if (doc == null) {
            throw KubeApiException.pathNotFound();
        }
        x.json(200, doc);
        String hash = Discovery.hash(doc);
        x.responseHeaders.put("ETag", "\"" + hash + "\"");
        if (hash.equals(x.param("hash"))) {
            x.responseHeaders.put("Cache-Control", "public, immutable");
        }
    }

    private Map<String, byte[]> openApiDocuments() {
        Map<String, byte[]> docs = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<ResourceDefinition>>> g : discovery.groups().entrySet()) {
            for (Map.Entry<String, List<ResourceDefinition>> v : g.getValue().entrySet()) {
                String key = g.getKey().isEmpty() ? "api/" + v.getKey() : "apis/" + g.getKey() + "/" + v.getKey();
                docs.put(key, openApiCache.computeIfAbsent(key, k -> Json.bytes(
                        OpenApi.document(g.getKey(), v.getKey(), v.getValue(), serverVersion))));
            }
        }
        return docs;
    }

}
