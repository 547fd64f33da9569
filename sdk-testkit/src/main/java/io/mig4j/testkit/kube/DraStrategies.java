package io.mig4j.testkit.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategies of {@code resource.k8s.io/v1}: defaulting as {@code pkg/apis/resource/v1/defaults.go}, immutability and
 * status rules as {@code pkg/apis/resource/validation/validation.go}, field labels as
 * {@code pkg/apis/resource/v1/conversion.go} (kubernetes/kubernetes), and everything else through the
 * {@link AdmissionValidator} seam.
 */
final class DraStrategies {
    private DraStrategies() {
    }

    /** The shared part: admission through the seam, deleted objects returned. */
    abstract static class DraStrategy implements KindStrategy {
        private final Supplier<AdmissionValidator> admission;
        private final ResourceType type;

        DraStrategy(ResourceType type, Supplier<AdmissionValidator> admission) {
            this.type = type;
            this.admission = admission;
        }

        @Override
        public boolean returnsDeletedObject() {
            return true;
        }

        List<StatusCause> admit(ObjectNode object, ObjectNode old) {
            return admission.get().validate(new AdmissionRequest(type,
                    old == null ? AdmissionRequest.Operation.CREATE : AdmissionRequest.Operation.UPDATE, "", object, old));
        }

        @Override
        public List<StatusCause> validate(ObjectNode object) {
            return admit(object, null);
        }

        @Override
        public List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
            return admit(object, old);
        }
    }

    static final class DeviceClassStrategy extends DraStrategy {
        DeviceClassStrategy(ResourceType type, Supplier<AdmissionValidator> admission) {
            super(type, admission);
        }
    }

    static final class ResourceClaimStrategy extends DraStrategy {
        ResourceClaimStrategy(ResourceType type, Supplier<AdmissionValidator> admission) {
            super(type, admission);
        }

        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public void applyDefaults(ObjectNode claim) {
            defaultRequests(claim.path("spec").path("devices"));
        }

        @Override
        public List<StatusCause> validateUpdate(ObjectNode claim, ObjectNode old) {
            List<StatusCause> errs = new ArrayList<>();
            immutable(claim.get("spec"), old.get("spec"), "spec", errs);
            if (errs.isEmpty()) {
                errs.addAll(admit(claim, old));
            }
            return errs;
        }

        @Override
        public List<StatusCause> validateStatusUpdate(ObjectNode claim, ObjectNode old) {
            List<StatusCause> errs = new ArrayList<>();
            JsonNode status = claim.path("status");
            JsonNode oldStatus = old.path("status");
            JsonNode reservedFor = status.get("reservedFor");
            JsonNode allocation = status.get("allocation");
            JsonNode oldAllocation = oldStatus.get("allocation");
            boolean allocated = allocation != null && !allocation.isNull();
            if (reservedFor != null && reservedFor.isArray()) {
                Set<String> uids = new HashSet<>();
                for (int i = 0; i < reservedFor.size(); i++) {
                    JsonNode ref = reservedFor.get(i);
                    String p = "status.reservedFor[" + i + "]";
                    for (String f : new String[] {"resource", "name", "uid"}) {
                        if (Json.text(ref, f, "").isEmpty()) {
                            errs.add(StatusCause.required(p + "." + f, ""));
                        }
                    }
                    String uid = Json.text(ref, "uid", "");
                    if (!uid.isEmpty() && !uids.add(uid)) {
                        errs.add(StatusCause.duplicate(p + ".uid", uid));
                    }
                }
                if (reservedFor.size() > 256) {
                    errs.add(StatusCause.tooMany("status.reservedFor", reservedFor.size(), 256));
                }
                if (!reservedFor.isEmpty()) {
                    if (!allocated) {
                        errs.add(StatusCause.forbidden("status.reservedFor", "may not be specified when `allocated` is not set"));
                    } else if (claim.path("metadata").has("deletionTimestamp")) {
                        Set<String> oldUids = new HashSet<>();
                        oldStatus.path("reservedFor").forEach(r -> oldUids.add(Json.text(r, "uid", "")));
                        for (JsonNode r : reservedFor) {
                            if (!oldUids.contains(Json.text(r, "uid", ""))) {
                                errs.add(StatusCause.forbidden("status.reservedFor", "new entries may not be added "
                                        + "while `deallocationRequested` or `deletionTimestamp` are set"));
                                break;
                            }
                        }
                    }
                }
            }
            if (allocated && oldAllocation != null && !oldAllocation.isNull()) {
                immutable(allocation, oldAllocation, "status.allocation", errs);
            }
            return errs;
        }

    }

    static final class ResourceClaimTemplateStrategy extends DraStrategy {
        ResourceClaimTemplateStrategy(ResourceType type, Supplier<AdmissionValidator> admission) {
            super(type, admission);
        }

        @Override
        public Generation generation() {
            return Generation.NONE;
        }

        @Override
        public void applyDefaults(ObjectNode template) {
            defaultRequests(template.path("spec").path("spec").path("devices"));
        }

        @Override
        public List<StatusCause> validateUpdate(ObjectNode template, ObjectNode old) {
            List<StatusCause> errs = new ArrayList<>();
            immutable(template.get("spec"), old.get("spec"), "spec", errs);
            if (errs.isEmpty()) {
                errs.addAll(admit(template, old));
            }
            return errs;
        }
    }

    static final class ResourceSliceStrategy extends DraStrategy {
        private final boolean poolNameSelectable;

        ResourceSliceStrategy(ResourceType type, Supplier<AdmissionValidator> admission, boolean poolNameSelectable) {
            super(type, admission);
            this.poolNameSelectable = poolNameSelectable;
        }

        @Override
        public void prepareForCreate(ObjectNode slice) {
            stampTaints(slice, null);
        }

        @Override
        public void prepareForUpdate(ObjectNode slice, ObjectNode old) {
            stampTaints(slice, old);
        }

        /** Device taints get {@code timeAdded} when the server first sees them. */
        private static void stampTaints(ObjectNode slice, ObjectNode old) {
            JsonNode devices = slice.path("spec").get("devices");
            if (devices == null || !devices.isArray()) {
                return;
            }
            String now = Json.timestamp(Instant.now());
            for (JsonNode d : devices) {
                JsonNode taints = d.get("taints");
                if (taints == null || !taints.isArray()) {
                    continue;
                }
                for (JsonNode t : taints) {
                    if (t instanceof ObjectNode && !t.has("timeAdded")) {
                        ((ObjectNode) t).put("timeAdded", now);
                    }
                }
            }
        }

        @Override
        public List<StatusCause> validateUpdate(ObjectNode slice, ObjectNode old) {
            List<StatusCause> errs = new ArrayList<>();
            JsonNode spec = slice.path("spec");
            JsonNode oldSpec = old.path("spec");
            immutable(spec.path("pool").get("name"), oldSpec.path("pool").get("name"), "spec.pool.name", errs);
            immutable(spec.get("driver"), oldSpec.get("driver"), "spec.driver", errs);
            immutable(spec.get("nodeName"), oldSpec.get("nodeName"), "spec.nodeName", errs);
            errs.addAll(admit(slice, old));
            return errs;
        }

        @Override
        public String fieldLabel(ResourceType type, String label) {
            if (poolNameSelectable) {
                return KindStrategy.supportedLabel(label, "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: ",
                        "metadata.name", "spec.nodeName", "spec.driver", "spec.pool.name");
            }
            return KindStrategy.supportedLabel(label, "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: ",
                    "metadata.name", "spec.nodeName", "spec.driver");
        }

        @Override
        public Map<String, String> selectableFields(ResourceType type, ObjectNode slice) {
            Map<String, String> m = KindStrategy.metaFields(type, slice);
            JsonNode spec = slice.path("spec");
            m.put("spec.nodeName", Json.text(spec, "nodeName", ""));
            m.put("spec.driver", Json.text(spec, "driver", ""));
            m.put("spec.pool.name", Json.text(spec.path("pool"), "name", ""));
            return m;
        }
    }

    static final class DeviceTaintRuleStrategy extends DraStrategy {
        DeviceTaintRuleStrategy(ResourceType type, Supplier<AdmissionValidator> admission) {
            super(type, admission);
        }

        @Override
        public void prepareForCreate(ObjectNode rule) {
            JsonNode taint = rule.path("spec").get("taint");
            if (taint instanceof ObjectNode && !taint.has("timeAdded")) {
                ((ObjectNode) taint).put("timeAdded", Json.timestamp(Instant.now()));
            }
        }
    }

    /** ExactDeviceRequest and DeviceSubRequest defaults: ExactCount, count 1, toleration operator Equal. */
    static void defaultRequests(JsonNode devices) {
        JsonNode requests = devices.get("requests");
        if (requests == null || !requests.isArray()) {
            return;
        }
        for (JsonNode r : requests) {
            JsonNode exactly = r.get("exactly");
            if (exactly instanceof ObjectNode) {
                defaultExact((ObjectNode) exactly);
            }
            JsonNode firstAvailable = r.get("firstAvailable");
            if (firstAvailable != null && firstAvailable.isArray()) {
                for (JsonNode sub : firstAvailable) {
                    if (sub instanceof ObjectNode) {
                        defaultExact((ObjectNode) sub);
                    }
                }
            }
        }
    }

    private static void defaultExact(ObjectNode request) {
        CoreStrategies.putIfAbsent(request, "allocationMode", "ExactCount");
        if ("ExactCount".equals(Json.text(request, "allocationMode", "")) && Json.longValue(request.get("count"), 0) == 0) {
            request.put("count", 1);
        }
        JsonNode tolerations = request.get("tolerations");
        if (tolerations != null && tolerations.isArray()) {
            for (JsonNode t : tolerations) {
                if (t instanceof ObjectNode) {
                    CoreStrategies.putIfAbsent((ObjectNode) t, "operator", "Equal");
                }
            }
        }
    }

    /** ValidateImmutableField: {@code <path>: Invalid value: <new value>: field is immutable}. */
    static void immutable(JsonNode now, JsonNode before, String path, List<StatusCause> errs) {
        if (!Json.same(now, before)) {
            errs.add(StatusCause.invalid(path, now == null ? null : now, "field is immutable"));
        }
    }
}
