package io.mig4j.testkit.kube;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request the API server refuses, carrying the {@code Status} body the real server would send: HTTP code,
 * {@code reason}, {@code message} and {@code details}. Messages are worded as apimachinery's
 * {@code pkg/api/errors/errors.go} words them.
 */
public final class KubeApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final transient ObjectNode details;

    /**
     * @param code    the HTTP status code
     * @param reason  the {@code reason} ({@code NotFound}, {@code Invalid}, ...), or {@code ""} for none
     * @param message the {@code message}
     * @param details the {@code details} object, or null for none
     */
    public KubeApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
        this.details = details;
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The {@code reason} of the Status, {@code ""} when the real server sends none. */
    public String reason() {
        return reason;
    }

    /** The causes listed in the details (empty when none). */
    public List<StatusCause> causes() {
        if (details == null || !details.has("causes")) {
            return List.of();
        }
        return details.get("causes").valueStream()
                .map(c -> new StatusCause(Json.text(c, "reason", ""), Json.text(c, "field", ""),
                        Json.text(c, "message", "")))
                .toList();
    }

    /** The whole {@code Status} object as the wire carries it. */
    public ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", getMessage());
        if (!reason.isEmpty()) {
            s.put("reason", reason);
        }
        if (details != null) {
            s.set("details", details.deepCopy());
        }
        s.put("code", code);
        return s;
    }

    // ---- factories, one per apimachinery constructor ----

    static ObjectNode details(ResourceType type, String name, boolean kindIsPlural) {
        ObjectNode d = Json.object();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (!type.group().isEmpty()) {
            d.put("group", type.group());
        }
        d.put("kind", kindIsPlural ? type.plural() : type.kind());
        return d;
    }

    static KubeApiException notFound(ResourceType type, String name) {
        return new KubeApiException(404, "NotFound", type.qualifiedResource() + " \"" + name + "\" not found",
                details(type, name, true));
    }

    static KubeApiException pathNotFound() {
        return new KubeApiException(404, "NotFound", "the server could not find the requested resource",
                Json.object());
    }

    static KubeApiException alreadyExists(ResourceType type, String name) {
        return new KubeApiException(409, "AlreadyExists",
                type.qualifiedResource() + " \"" + name + "\" already exists", details(type, name, true));
    }

    static KubeApiException conflict(ResourceType type, String name, String why) {
        return new KubeApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + type.qualifiedResource() + " \"" + name + "\": " + why,
                details(type, name, true));
    }

    static KubeApiException staleUpdate(ResourceType type, String name) {
        return conflict(type, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    static KubeApiException invalid(ResourceType type, String name, List<StatusCause> causes) {
        return invalid(type.qualifiedKind(), type.group(), type.kind(), name, causes);
    }

    static KubeApiException invalid(String qualifiedKind, String group, String kind, String name,
                                    List<StatusCause> causes) {
        ObjectNode d = Json.object();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (kind != null && !kind.isEmpty()) {
            d.put("kind", kind);
        }
        ArrayNode list = d.putArray("causes");
        for (StatusCause c : causes) {
            ObjectNode o = list.addObject();
            o.put("reason", c.reason());
            o.put("message", c.message());
            o.put("field", c.field());
        }
        List<String> errors = causes.stream().map(StatusCause::error).distinct().toList();
        String aggregate = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        String subject = qualifiedKind + " \"" + (name == null ? "" : name) + "\" is invalid";
        return new KubeApiException(422, "Invalid", errors.isEmpty() ? subject : subject + ": " + aggregate, d);
    }

    static KubeApiException badRequest(String message) {
        return new KubeApiException(400, "BadRequest", message, null);
    }

    static KubeApiException forbidden(ResourceType type, String name, String why) {
        return new KubeApiException(403, "Forbidden",
                type.qualifiedResource() + " \"" + (name == null ? "" : name) + "\" is forbidden: " + why,
                details(type, name, true));
    }

    static KubeApiException gone(String message) {
        return new KubeApiException(410, "Expired", message, null);
    }

    static KubeApiException methodNotAllowed() {
        return new KubeApiException(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", Json.object());
    }

    static KubeApiException unsupportedMediaType(String contentType, List<String> accepted) {
        return new KubeApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", accepted), null);
    }

    /** A plain (non-Status) error: the real server answers 500 with no reason. */
    static KubeApiException internal(String message) {
        return new KubeApiException(500, "", message, null);
    }

    static KubeApiException unauthorized() {
        return new KubeApiException(401, "Unauthorized", "Unauthorized", null);
    }

    static KubeApiException tooLarge(long limit) {
        return new KubeApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit,
                null);
    }

    static KubeApiException tooLargeResourceVersion(long requested, long current) {
        ObjectNode d = Json.object();
        ArrayNode causes = d.putArray("causes");
        ObjectNode c = causes.addObject();
        c.put("reason", "ResourceVersionTooLarge");
        c.put("message", "Too large resource version");
        d.put("retryAfterSeconds", 1);
        return new KubeApiException(504, "Timeout",
                "Too large resource version: " + requested + ", current: " + current, d);
    }
}
