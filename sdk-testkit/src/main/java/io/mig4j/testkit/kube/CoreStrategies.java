package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategies of the core, apps, batch, coordination and events kinds, following the registry strategies in
 * kubernetes/kubernetes {@code pkg/registry/core/*}/{@code strategy.go} (field labels from
 * {@code pkg/apis/core/v1/conversion.go}).
 */
final class CoreStrategies {
    private CoreStrategies() {
    }

    /** Generation tracks spec; nothing else special (apps kinds, jobs, DeviceTaintRules, ...). */
    static KindStrategy specTracking() {
        return new KindStrategy() {
        };
    }

    /** No generation (ConfigMaps, ServiceAccounts, Leases, events.k8s.io Events). */
    static KindStrategy plain() {
        return new KindStrategy() {
            @Override
            public Generation generation() {
                return Generation.NONE;
            }
        };
    }

    /** A kind-specific field label conversion, error worded "field label not supported: x". */
    static KindStrategy withFieldLabels(KindStrategy.Generation generation, String... labels) {
        return new KindStrategy() {
            @Override
            public Generation generation() {
                return generation;
            }

            @Override
            public String fieldLabel(ResourceType type, String label) {
                return KindStrategy.supportedLabel(label, "field label not supported: ", labels);
            }

            @Override
            public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
                Map<String, String> m = KindStrategy.metaFields(type, object);
                for (String l : labels) {
                    if (!l.startsWith("metadata.")) {
                        String v = Json.text(object, l);
                        m.put(l, v == null ? "" : v);
                    }
                }
                return m;
            }
        };
    }

    static final class NamespaceStrategy implements KindStrategy {
        @Override
        public Validation.NameRule nameRule() {
            return Validation.NameRule.DNS_LABEL;
        }

        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public void prepareForCreate(ObjectNode ns) {
            ObjectNode spec = Json.ensureObject(ns, "spec");
            ArrayNode finalizers = spec.putArray("finalizers");
            finalizers.add("kubernetes");
            Json.ensureObject(ns, "status").put("phase", "Active");
            nameLabel(ns);
        }

        @Override
        public void prepareForUpdate(ObjectNode ns, ObjectNode old) {
            JsonNode oldFinalizers = old.path("spec").get("finalizers");
            ObjectNode spec = Json.ensureObject(ns, "spec");
            if (oldFinalizers == null) {
                spec.remove("finalizers");
            } else {
                spec.set("finalizers", oldFinalizers.deepCopy());
            }
            nameLabel(ns);
        }

        @Override
        public void prepareForStatusUpdate(ObjectNode ns, ObjectNode old) {
            KindStrategy.super.prepareForStatusUpdate(ns, old);
        }

        private static void nameLabel(ObjectNode ns) {
            ObjectNode meta = Json.metadata(ns);
            Json.ensureObject(meta, "labels").put("kubernetes.io/metadata.name", Json.text(meta, "name", ""));
        }

        @Override
        public boolean returnsDeletedObject() {
            return true;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            return KindStrategy.supportedLabel(label, "field label not supported: ", "status.phase", "metadata.name");
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
            Map<String, String> m = KindStrategy.metaFields(type, object);
            m.put("status.phase", Json.text(object.path("status"), "phase", ""));
            return m;
        }
    }

    static final class NodeStrategy implements KindStrategy {
        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public boolean clearsStatusOnCreate() {
            return false;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            return KindStrategy.supportedLabel(label, "field label not supported: ", "metadata.name", "spec.unschedulable");
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
            Map<String, String> m = KindStrategy.metaFields(type, object);
            m.put("spec.unschedulable", String.valueOf(object.path("spec").path("unschedulable").asBoolean(false)));
            return m;
        }
    }

    static final class PodStrategy implements KindStrategy {
        private static final String[] LABELS = {"metadata.name", "metadata.namespace", "spec.nodeName",
            "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
            "status.podIP", "status.podIPs", "status.nominatedNodeName"};

        @Override
        public void applyDefaults(ObjectNode pod) {
            ObjectNode spec = Json.ensureObject(pod, "spec");
            putIfAbsent(spec, "restartPolicy", "Always");
            putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
            putIfAbsent(spec, "schedulerName", "default-scheduler");
            if (!spec.has("terminationGracePeriodSeconds")) {
                spec.put("terminationGracePeriodSeconds", 30);
            }
            if (!spec.has("securityContext")) {
                spec.putObject("securityContext");
            }
            if (!spec.has("enableServiceLinks")) {
                spec.put("enableServiceLinks", true);
            }
            putIfAbsent(spec, "serviceAccountName", "default");
            for (String list : new String[] {"containers", "initContainers"}) {
                JsonNode cs = spec.get(list);
                if (cs == null || !cs.isArray()) {
                    continue;
                }
                for (JsonNode c : cs) {
                    if (!(c instanceof ObjectNode)) {
                        continue;
                    }
                    ObjectNode container = (ObjectNode) c;
                    putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
                    putIfAbsent(container, "terminationMessagePolicy", "File");
                    String image = Json.text(container, "image", "");
                    String tag = image.contains("@") ? "digest" : image.lastIndexOf(':') > image.lastIndexOf('/')
                            ? image.substring(image.lastIndexOf(':') + 1) : "";
                    putIfAbsent(container, "imagePullPolicy", tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent");
                    if (!container.has("resources")) {
                        container.putObject("resources");
                    }
                    defaultRequestsFromLimits(Json.ensureObject(container, "resources"));
                    JsonNode ports = container.get("ports");
                    if (ports != null && ports.isArray()) {
                        for (JsonNode p : ports) {
                            if (p instanceof ObjectNode) {
                                putIfAbsent((ObjectNode) p, "protocol", "TCP");
                            }
                        }
                    }
                }
            }
        }

        /**
         * {@code SetDefaults_Pod} (kubernetes/kubernetes {@code pkg/apis/core/v1/defaults.go}): a resource with a
         * limit and no request gets the limit as its request.
         */
        private static void defaultRequestsFromLimits(ObjectNode resources) {
            JsonNode limits = resources.get("limits");
            if (limits == null || !limits.isObject() || limits.isEmpty()) {
                return;
            }
            ObjectNode requests = Json.ensureObject(resources, "requests");
            for (Map.Entry<String, JsonNode> e : limits.properties()) {
                if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }

        @Override
        public void prepareForCreate(ObjectNode pod) {
            ObjectNode status = Json.ensureObject(pod, "status");
            status.put("phase", "Pending");
            status.put("qosClass", qosClass(pod.path("spec")));
        }

        @Override
        public void prepareForStatusUpdate(ObjectNode pod, ObjectNode old) {
            // pods/status keeps labels and annotations writable: only owner references are reset
            // (kubernetes/kubernetes pkg/registry/core/pod/strategy.go podStatusStrategy.PrepareForUpdate).
            ObjectNode meta = Json.metadata(pod);
            JsonNode owners = old.path("metadata").get("ownerReferences");
            if (owners == null) {
                meta.remove("ownerReferences");
            } else {
                meta.set("ownerReferences", owners.deepCopy());
            }
        }

        @Override
        public List<StatusCause> validate(ObjectNode pod) {
            List<StatusCause> errs = new ArrayList<>();
            JsonNode containers = pod.path("spec").get("containers");
            if (containers == null || !containers.isArray() || containers.isEmpty()) {
                errs.add(StatusCause.required("spec.containers", ""));
                return errs;
            }
            for (int i = 0; i < containers.size(); i++) {
                JsonNode c = containers.get(i);
                String name = Json.text(c, "name", "");
                if (name.isEmpty()) {
                    errs.add(StatusCause.required("spec.containers[" + i + "].name", ""));
                } else {
                    for (String m : Validation.dns1123Label(name)) {
                        errs.add(StatusCause.invalid("spec.containers[" + i + "].name", name, m));
                    }
                }
                if (Json.text(c, "image", "").isBlank()) {
                    errs.add(StatusCause.required("spec.containers[" + i + "].image", ""));
                }
            }
            return errs;
        }

        @Override
        public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
            List<StatusCause> errs = new ArrayList<>(validate(pod));
            if (!Json.same(mutableMasked(pod.path("spec")), mutableMasked(old.path("spec")))) {
                errs.add(StatusCause.forbidden("spec", "pod updates may not change fields other than "
                        + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                        + "`spec.tolerations` (only additions to existing tolerations),"
                        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
            }
            return errs;
        }

        /** The spec without the fields a pod update may change. */
        private static JsonNode mutableMasked(JsonNode spec) {
            ObjectNode copy = spec.isObject() ? ((ObjectNode) spec).deepCopy() : Json.object();
            copy.remove("activeDeadlineSeconds");
            copy.remove("tolerations");
            copy.remove("terminationGracePeriodSeconds");
            copy.remove("schedulingGates");
            for (String list : new String[] {"containers", "initContainers"}) {
                JsonNode cs = copy.get(list);
                if (cs != null && cs.isArray()) {
                    for (JsonNode c : cs) {
                        if (c instanceof ObjectNode) {
                            ((ObjectNode) c).remove("image");
                        }
                    }
                }
            }
            return copy;
        }

        @Override
        public boolean returnsDeletedObject() {
            return true;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            if (label.equals("spec.host")) {
                return "spec.nodeName";
            }
            return KindStrategy.supportedLabel(label, "field label not supported: ", LABELS);
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode pod) {
            Map<String, String> m = KindStrategy.metaFields(type, pod);
            JsonNode spec = pod.path("spec");
            JsonNode status = pod.path("status");
            m.put("spec.nodeName", Json.text(spec, "nodeName", ""));
            m.put("spec.restartPolicy", Json.text(spec, "restartPolicy", ""));
            m.put("spec.schedulerName", Json.text(spec, "schedulerName", ""));
            m.put("spec.serviceAccountName", Json.text(spec, "serviceAccountName", ""));
            m.put("spec.hostNetwork", String.valueOf(spec.path("hostNetwork").asBoolean(false)));
            m.put("status.phase", Json.text(status, "phase", ""));
            JsonNode ips = status.get("podIPs");
            String podIp = ips != null && ips.isArray() && !ips.isEmpty() ? Json.text(ips.get(0), "ip", "")
                    : Json.text(status, "podIP", "");
            m.put("status.podIP", podIp);
            m.put("status.nominatedNodeName", Json.text(status, "nominatedNodeName", ""));
            return m;
        }

        /** BestEffort, Guaranteed or Burstable, from the containers' requests and limits (simplified). */
        static String qosClass(JsonNode spec) {
            boolean any = false;
            boolean guaranteed = true;
            for (String list : new String[] {"containers", "initContainers"}) {
                JsonNode cs = spec.get(list);
                if (cs == null || !cs.isArray()) {
                    continue;
                }
                for (JsonNode c : cs) {
                    JsonNode requests = c.path("resources").path("requests");
                    JsonNode limits = c.path("resources").path("limits");
                    if (requests.size() > 0 || limits.size() > 0) {
                        any = true;
                    }
                    for (String r : new String[] {"cpu", "memory"}) {
                        JsonNode limit = limits.get(r);
                        JsonNode request = requests.get(r);
                        if (limit == null || (request != null && !Json.same(limit, request))) {
                            guaranteed = false;
                        }
                    }
                }
            }
            if (!any) {
                return "BestEffort";
            }
            return guaranteed ? "Guaranteed" : "Burstable";
        }
    }

    static final class SecretStrategy implements KindStrategy {
        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public void applyDefaults(ObjectNode secret) {
            putIfAbsent(secret, "type", "Opaque");
            JsonNode stringData = secret.remove("stringData");
            if (stringData != null && stringData.isObject()) {
                ObjectNode data = Json.ensureObject(secret, "data");
                for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                    data.put(e.getKey(), Base64.getEncoder().encodeToString(
                            e.getValue().asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            return KindStrategy.supportedLabel(label, "field label not supported: ", "type", "metadata.namespace",
                    "metadata.name");
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
            Map<String, String> m = KindStrategy.metaFields(type, object);
            m.put("type", Json.text(object, "type", ""));
            return m;
        }
    }

    static final class ServiceStrategy implements KindStrategy {
        private final AtomicInteger nextIp = new AtomicInteger(1);

        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public void applyDefaults(ObjectNode service) {
            ObjectNode spec = Json.ensureObject(service, "spec");
            putIfAbsent(spec, "type", "ClusterIP");
            putIfAbsent(spec, "sessionAffinity", "None");
            JsonNode ports = spec.get("ports");
            if (ports != null && ports.isArray()) {
                for (JsonNode p : ports) {
                    if (p instanceof ObjectNode) {
                        ObjectNode port = (ObjectNode) p;
                        putIfAbsent(port, "protocol", "TCP");
                        if (!port.has("targetPort") && port.has("port")) {
                            port.set("targetPort", port.get("port").deepCopy());
                        }
                    }
                }
            }
        }

        @Override
        public void prepareForCreate(ObjectNode service) {
            ObjectNode spec = Json.ensureObject(service, "spec");
            if (!spec.has("clusterIP") && !"ExternalName".equals(Json.text(spec, "type", ""))) {
                int n = nextIp.getAndIncrement();
                String ip = "10.96." + (n / 250) + "." + (n % 250 + 1);
                spec.put("clusterIP", ip);
                spec.putArray("clusterIPs").add(ip);
            }
            Json.ensureObject(service, "status").putObject("loadBalancer");
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            return KindStrategy.supportedLabel(label, "field label not supported: ", "metadata.namespace",
                    "metadata.name", "spec.clusterIP", "spec.type");
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode object) {
            Map<String, String> m = KindStrategy.metaFields(type, object);
            m.put("spec.clusterIP", Json.text(object.path("spec"), "clusterIP", ""));
            m.put("spec.type", Json.text(object.path("spec"), "type", ""));
            return m;
        }
    }

    static final class CoreEventStrategy implements KindStrategy {
        private static final String[] LABELS = {"involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type", "metadata.namespace",
            "metadata.name"};

        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public Validation.NameRule nameRule() {
            return Validation.NameRule.PATH_SEGMENT;
        }

        @Override
        public boolean allowCreateOnUpdate() {
            return true;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            return KindStrategy.supportedLabel(label, "field label not supported: ", LABELS);
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode event) {
            Map<String, String> m = KindStrategy.metaFields(type, event);
            JsonNode involved = event.path("involvedObject");
            for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
                m.put("involvedObject." + f, Json.text(involved, f, ""));
            }
            m.put("reason", Json.text(event, "reason", ""));
            m.put("reportingComponent", Json.text(event, "reportingComponent", ""));
            m.put("source", Json.text(event.path("source"), "component", ""));
            m.put("type", Json.text(event, "type", ""));
            return m;
        }
    }

    static void putIfAbsent(ObjectNode node, String field, String value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isString() && v.asString().isEmpty())) {
            node.put(field, value);
        }
    }
}
