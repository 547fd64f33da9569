package io.mig4j.testkit.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request and its answer, independent of the HTTP server that carries them. */
final class ApiExchange {
    final String method;
    final String path;
    final String rawQuery;
    private final Map<String, String> headers;
    private final Map<String, String> query = new LinkedHashMap<>();
    final byte[] body;

    int status = 200;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    byte[] responseBody = new byte[0];
    /** Set for a watch: the stream the server sends until the watch ends. */
    WatchStream stream;
    /** Kubernetes verb, resource, namespace, name, subresource, for the request journal. */
    String verb = "";
    String resource = "";
    String namespace = "";
    String name = "";
    String subresource = "";

    /** @param headers with lower-case names */
    ApiExchange(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.headers = headers;
        this.body = body == null ? new byte[0] : body;
        for (String pair : this.rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(k, v);
        }
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String param(String name) {
        return query.get(name);
    }

    Map<String, String> queryParameters() {
        return query;
    }

    boolean flag(String name) {
        String v = query.get(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    long longParam(String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw KubeApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    void json(int status, byte[] body) {
        this.status = status;
        responseHeaders.put("Content-Type", "application/json");
        this.responseBody = body;
    }

    void error(KubeApiException e) {
        json(e.code(), Json.bytes(e.status()));
    }

    void warnings(List<String> warnings) {
        if (!warnings.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (String w : warnings) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append("299 - ").append(StatusCause.quote(w));
            }
            responseHeaders.put("Warning", b.toString());
        }
    }
}
