package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The default {@link AdmissionValidator}: structural checks of {@code resource.k8s.io/v1} objects that need no CEL
 * compiler, worded as {@code pkg/apis/resource/validation/validation.go} in kubernetes/kubernetes words them.
 * CEL expressions are checked only for presence and length here; sdk-dra's validator compiles them.
 */
final class BasicDraAdmission implements AdmissionValidator {
    static final int CEL_MAX_LENGTH = 10 * 1024;
    static final int MAX_REQUESTS = 32;

    @Override
    public List<StatusCause> validate(AdmissionRequest request) {
        if (!request.resource().group().equals("resource.k8s.io") || !request.subresource().isEmpty()) {
            return List.of();
        }
        List<StatusCause> errs = new ArrayList<>();
        JsonNode spec = request.object().path("spec");
        switch (request.resource().kind()) {
            case "DeviceClass":
                selectors(spec.get("selectors"), "spec.selectors", errs);
                configs(spec.get("config"), "spec.config", errs);
                break;
            case "ResourceClaim":
                deviceClaim(spec.path("devices"), "spec.devices", errs);
                break;
            case "ResourceClaimTemplate":
                deviceClaim(spec.path("spec").path("devices"), "spec.spec.devices", errs);
                break;
            case "ResourceSlice":
                slice(spec, errs);
                break;
            default:
                break;
        }
        return errs;
    }

    private static void deviceClaim(JsonNode devices, String path, List<StatusCause> errs) {
        JsonNode requests = devices.get("requests");
        if (requests == null || !requests.isArray()) {
            return;
        }
        if (requests.size() > MAX_REQUESTS) {
            errs.add(StatusCause.tooMany(path + ".requests", requests.size(), MAX_REQUESTS));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            String rp = path + ".requests[" + i + "]";
            String name = Json.text(r, "name", "");
            name(name, rp + ".name", errs);
            JsonNode exactly = r.get("exactly");
            JsonNode firstAvailable = r.get("firstAvailable");
            boolean hasExactly = exactly != null && !exactly.isNull();
            boolean hasFirst = firstAvailable != null && firstAvailable.isArray() && !firstAvailable.isEmpty();
            if (!hasExactly && !hasFirst) {
                errs.add(StatusCause.required(rp, "exactly one of `exactly` or `firstAvailable` is required"));
            } else if (hasExactly && hasFirst) {
                errs.add(StatusCause.invalid(rp, null, "exactly one of `exactly` or `firstAvailable` is required, "
                        + "but multiple fields are set"));
            } else if (hasExactly) {
                exact(exactly, rp + ".exactly", errs);
            } else {
                Set<String> subNames = new HashSet<>();
                for (int j = 0; j < firstAvailable.size(); j++) {
                    JsonNode sub = firstAvailable.get(j);
                    String sp = rp + ".firstAvailable[" + j + "]";
                    String subName = Json.text(sub, "name", "");
                    name(subName, sp + ".name", errs);
                    if (!subName.isEmpty() && !subNames.add(subName)) {
                        errs.add(StatusCause.duplicate(sp + ".name", subName));
                    }
                    exact(sub, sp, errs);
                }
            }
            if (!name.isEmpty() && !names.add(name)) {
                errs.add(StatusCause.duplicate(rp, name));
            }
        }
    }

    private static void exact(JsonNode request, String path, List<StatusCause> errs) {
        String className = Json.text(request, "deviceClassName", "");
        if (className.isEmpty()) {
            errs.add(StatusCause.required(path + ".deviceClassName", ""));
        } else {
            for (String m : Validation.dns1123Subdomain(className)) {
                errs.add(StatusCause.invalid(path + ".deviceClassName", className, m));
            }
        }
        selectors(request.get("selectors"), path + ".selectors", errs);
        String mode = Json.text(request, "allocationMode", "");
        long count = Json.longValue(request.get("count"), 0);
        if (mode.equals("All")) {
            if (count != 0) {
                errs.add(StatusCause.invalid(path + ".count", count, "must not be specified when allocationMode is 'All'"));
            }
        } else if (mode.equals("ExactCount")) {
            if (count <= 0) {
                errs.add(StatusCause.invalid(path + ".count", count, "must be greater than zero"));
            }
        } else {
            errs.add(StatusCause.notSupported(path + ".allocationMode", mode, List.of("All", "ExactCount")));
        }
    }

    private static void selectors(JsonNode selectors, String path, List<StatusCause> errs) {
        if (selectors == null || !selectors.isArray()) {
            return;
        }
        if (selectors.size() > 32) {
            errs.add(StatusCause.tooMany(path, selectors.size(), 32));
        }
        for (int i = 0; i < selectors.size(); i++) {
            JsonNode cel = selectors.get(i).get("cel");
            String sp = path + "[" + i + "]";
            if (cel == null || cel.isNull()) {
                errs.add(StatusCause.required(sp + ".cel", ""));
                continue;
            }
            String expression = Json.text(cel, "expression", "");
            if (expression.isBlank()) {
                errs.add(StatusCause.required(sp + ".cel.expression", "expression must not be empty"));
            } else if (expression.length() > CEL_MAX_LENGTH) {
                errs.add(StatusCause.tooLong(sp + ".cel.expression", CEL_MAX_LENGTH));
            }
        }
    }

    private static void configs(JsonNode configs, String path, List<StatusCause> errs) {
        if (configs == null || !configs.isArray()) {
            return;
        }
        for (int i = 0; i < configs.size(); i++) {
            JsonNode opaque = configs.get(i).get("opaque");
            String cp = path + "[" + i + "]";
            if (opaque == null || opaque.isNull()) {
                errs.add(StatusCause.required(cp + ".opaque", ""));
                continue;
            }
            driver(Json.text(opaque, "driver", ""), cp + ".opaque.driver", errs);
            JsonNode parameters = opaque.get("parameters");
            if (parameters == null || parameters.isNull()) {
                errs.add(StatusCause.required(cp + ".opaque.parameters", ""));
            } else if (!parameters.isObject()) {
                errs.add(StatusCause.invalid(cp + ".opaque.parameters", "<value omitted>", "parameters must be a valid JSON object"));
            }
        }
    }

    private static void slice(JsonNode spec, List<StatusCause> errs) {
        driver(Json.text(spec, "driver", ""), "spec.driver", errs);
        JsonNode pool = spec.path("pool");
        String poolName = Json.text(pool, "name", "");
        if (poolName.isEmpty()) {
            errs.add(StatusCause.required("spec.pool.name", ""));
        } else {
            for (String part : poolName.split("/", -1)) {
                for (String m : Validation.dns1123Subdomain(part)) {
                    errs.add(StatusCause.invalid("spec.pool.name", part, m));
                }
            }
        }
        long count = Json.longValue(pool.get("resourceSliceCount"), 0);
        if (count <= 0) {
            errs.add(StatusCause.invalid("spec.pool.resourceSliceCount", count, "must be greater than zero"));
        }
        if (Json.longValue(pool.get("generation"), 0) < 0) {
            errs.add(StatusCause.invalid("spec.pool.generation", Json.longValue(pool.get("generation"), 0),
                    "must be greater than or equal to zero"));
        }
        List<String> set = new ArrayList<>();
        if (!Json.text(spec, "nodeName", "").isEmpty()) {
            set.add("`nodeName`");
        }
        if (spec.has("nodeSelector") && !spec.get("nodeSelector").isNull()) {
            set.add("`nodeSelector`");
        }
        if (spec.path("allNodes").asBoolean(false)) {
            set.add("`allNodes`");
        }
        if (spec.path("perDeviceNodeSelection").asBoolean(false)) {
            set.add("`perDeviceNodeSelection`");
        }
        String fields = "`nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection`";
        if (set.isEmpty()) {
            errs.add(StatusCause.required("spec", "exactly one of " + fields + " is required"));
        } else if (set.size() > 1) {
            errs.add(StatusCause.invalid("spec", "{" + String.join(", ", set) + "}",
                    "exactly one of " + fields + " is required, but multiple fields are set"));
        }
        JsonNode devices = spec.get("devices");
        if (devices != null && devices.isArray()) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < devices.size(); i++) {
                String n = Json.text(devices.get(i), "name", "");
                String dp = "spec.devices[" + i + "].name";
                if (n.isEmpty()) {
                    errs.add(StatusCause.required(dp, ""));
                } else {
                    for (String m : Validation.dns1123Label(n)) {
                        errs.add(StatusCause.invalid(dp, n, m));
                    }
                    if (!names.add(n)) {
                        errs.add(StatusCause.duplicate(dp, n));
                    }
                }
            }
        }
    }

    private static void name(String name, String path, List<StatusCause> errs) {
        if (name.isEmpty()) {
            errs.add(StatusCause.required(path, ""));
            return;
        }
        for (String m : Validation.dns1123Label(name)) {
            errs.add(StatusCause.invalid(path, name, m));
        }
    }

    private static void driver(String driver, String path, List<StatusCause> errs) {
        if (driver.isEmpty()) {
            errs.add(StatusCause.required(path, ""));
            return;
        }
        if (driver.length() > 63) {
            errs.add(StatusCause.tooLong(path, 63));
        }
        for (String m : Validation.dns1123Subdomain(driver.toLowerCase(java.util.Locale.ROOT))) {
            errs.add(StatusCause.invalid(path, driver, m));
        }
    }
}
