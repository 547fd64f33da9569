package io.mig4j.testkit.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing ({@code as=Table}): the columns kubectl shows for {@code kubectl get}, after the printers of
 * kubernetes/kubernetes {@code pkg/printers/internalversion/printers.go} (kinds without a printer get Name and
 * Created At, CRDs' resources Name and Age).
 */
final class TableConvertor {
    private record Column(String name, String type, String format, int priority, Function<JsonNode, Object> value) {
    }

    private TableConvertor() {
    }

    /** A Table of {@code items}; {@code includeObject} is None, Metadata (the default) or Object. */
    static ObjectNode table(ResourceDefinition def, List<JsonNode> items, String resourceVersion, String continueToken,
                            String includeObject) {
        List<Column> columns = columns(def);
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = t.putObject("metadata");
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode defs = t.putArray("columnDefinitions");
        for (Column c : columns) {
            ObjectNode d = defs.addObject();
            d.put("name", c.name);
            d.put("type", c.type);
            d.put("format", c.format);
            d.put("description", c.name);
            d.put("priority", c.priority);
        }
        ArrayNode rows = t.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                Object v = c.value.apply(item);
                if (v instanceof Number) {
                    cells.add(((Number) v).longValue());
                } else {
                    cells.add(String.valueOf(v));
                }
            }
            if (!"None".equals(includeObject)) {
                if ("Object".equals(includeObject)) {
                    row.set("object", item);
                } else {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", item.path("metadata"));
                }
            }
        }
        return t;
    }

    private static List<Column> columns(ResourceDefinition def) {
        ResourceType t = def.type();
        List<Column> c = new ArrayList<>();
        c.add(new Column("Name", "string", "name", 0, o -> Json.text(o.path("metadata"), "name", "")));
        String key = t.group() + "/" + t.kind();
        switch (key) {
            case "/Namespace":
                c.add(str("Status", o -> Json.text(o.path("status"), "phase", "")));
                break;
            case "/Node":
                c.add(str("Status", TableConvertor::nodeStatus));
                c.add(str("Roles", o -> "<none>"));
                c.add(age());
                c.add(str("Version", o -> Json.text(o.path("status").path("nodeInfo"), "kubeletVersion", "")));
                return c;
            case "/Pod":
                c.add(str("Ready", TableConvertor::podReady));
                c.add(str("Status", o -> o.path("metadata").has("deletionTimestamp") ? "Terminating"
                        : Json.text(o.path("status"), "phase", "")));
                c.add(new Column("Restarts", "string", "", 0, TableConvertor::restarts));
                c.add(age());
                c.add(new Column("IP", "string", "", 1, o -> orNone(Json.text(o.path("status"), "podIP", ""))));
                c.add(new Column("Node", "string", "", 1, o -> orNone(Json.text(o.path("spec"), "nodeName", ""))));
                return c;
            case "/ConfigMap":
                c.add(new Column("Data", "integer", "", 0, o -> o.path("data").size() + o.path("binaryData").size()));
                break;
            case "/Secret":
                c.add(str("Type", o -> Json.text(o, "type", "")));
                c.add(new Column("Data", "integer", "", 0, o -> o.path("data").size()));
                break;
            case "/Service":
                c.add(str("Type", o -> Json.text(o.path("spec"), "type", "")));
                c.add(str("Cluster-IP", o -> orNone(Json.text(o.path("spec"), "clusterIP", ""))));
                c.add(str("External-IP", o -> "<none>"));
                c.add(str("Port(s)", TableConvertor::ports));
                break;
            case "/Event":
                return List.of(str("Last Seen", o -> Json.text(o, "lastTimestamp", "")),
                        str("Type", o -> Json.text(o, "type", "")), str("Reason", o -> Json.text(o, "reason", "")),
                        str("Object", o -> Json.text(o.path("involvedObject"), "kind", "").toLowerCase(java.util.Locale.ROOT)
                                + "/" + Json.text(o.path("involvedObject"), "name", "")),
                        str("Message", o -> Json.text(o, "message", "")));
            case "apps/Deployment":
                c.add(str("Ready", o -> o.path("status").path("readyReplicas").asLong(0) + "/"
                        + o.path("spec").path("replicas").asLong(1)));
                c.add(new Column("Up-to-date", "integer", "", 0, o -> o.path("status").path("updatedReplicas").asLong(0)));
                c.add(new Column("Available", "integer", "", 0, o -> o.path("status").path("availableReplicas").asLong(0)));
                break;
            case "apps/ReplicaSet":
                c.add(new Column("Desired", "integer", "", 0, o -> o.path("spec").path("replicas").asLong(1)));
                c.add(new Column("Current", "integer", "", 0, o -> o.path("status").path("replicas").asLong(0)));
                c.add(new Column("Ready", "integer", "", 0, o -> o.path("status").path("readyReplicas").asLong(0)));
                break;
            case "resource.k8s.io/ResourceClaim":
                c.add(str("State", TableConvertor::claimState));
                break;
            case "resource.k8s.io/ResourceSlice":
                c.add(str("Node", o -> orNone(Json.text(o.path("spec"), "nodeName", ""))));
                c.add(str("Driver", o -> Json.text(o.path("spec"), "driver", "")));
                c.add(str("Pool", o -> Json.text(o.path("spec").path("pool"), "name", "")));
                break;
            case "coordination.k8s.io/Lease":
                c.add(str("Holder", o -> Json.text(o.path("spec"), "holderIdentity", "")));
                break;
            case "apiextensions.k8s.io/CustomResourceDefinition":
                c.add(new Column("Created At", "date", "", 0, o -> Json.text(o.path("metadata"), "creationTimestamp", "")));
                return c;
            default:
                break;
        }
        c.add(age());
        return c;
    }

    private static Column str(String name, Function<JsonNode, Object> f) {
        return new Column(name, "string", "", 0, f);
    }

    private static Column age() {
        return new Column("Age", "string", "", 0, o -> age(Json.text(o.path("metadata"), "creationTimestamp", "")));
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }

    /** Kubernetes' duration.HumanDuration. */
    static String age(String timestamp) {
        if (timestamp.isEmpty()) {
            return "<unknown>";
        }
        Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
        long s = d.getSeconds();
        if (s < -1) {
            return "<invalid>";
        }
        if (s < 0) {
            return "0s";
        }
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
        }
        if (h < 48) {
            return h + "h";
        }
        if (h < 192) {
            return h % 24 == 0 ? (h / 24) + "d" : (h / 24) + "d" + (h % 24) + "h";
        }
        long days = h / 24;
        if (days < 365 * 2) {
            return days + "d";
        }
        return (days / 365) + "y";
    }

    private static String nodeStatus(JsonNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(Json.text(c, "type", ""))) {
                String s = "True".equals(Json.text(c, "status", "")) ? "Ready" : "NotReady";
                return node.path("spec").path("unschedulable").asBoolean(false) ? s + ",SchedulingDisabled" : s;
            }
        }
        return "Unknown";
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    private static Object restarts(JsonNode pod) {
        long n = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            n += s.path("restartCount").asLong(0);
        }
        return n;
    }

    private static String ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : service.path("spec").path("ports")) {
            out.add(p.path("port").asLong() + "/" + Json.text(p, "protocol", "TCP"));
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static String claimState(JsonNode claim) {
        List<String> states = new ArrayList<>();
        if (claim.path("metadata").has("deletionTimestamp")) {
            states.add("deleted");
        }
        JsonNode allocation = claim.path("status").get("allocation");
        if (allocation == null || allocation.isNull()) {
            states.add("pending");
        } else {
            states.add("allocated");
            if (claim.path("status").path("reservedFor").size() > 0) {
                states.add("reserved");
            }
        }
        return String.join(",", states);
    }
}
