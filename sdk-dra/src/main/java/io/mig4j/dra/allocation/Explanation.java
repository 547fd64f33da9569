package io.mig4j.dra.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why claims could not be allocated: per claim, per request, what stands in the way on each node tried. Made by
 * {@link Explainer}; Kubernetes itself only says "cannot allocate all claims". Two renderings: {@link #toText()}
 * (one readable paragraph per request, what a {@code FailedScheduling} event carries) and {@link #toJson()} (the
 * same as maps and lists, with the details of each finding).
 *
 * @implSpec Immutable.
 */
public final class Explanation {
    private final List<ClaimExplanation> claims;

    Explanation(List<ClaimExplanation> claims) {
        this.claims = List.copyOf(claims);
    }

    /** Why nothing stands in the way: for claims that were allocated. */
    static Explanation none() {
        return new Explanation(List.of());
    }

    /** The claims that could not be allocated, in claim order. */
    public List<ClaimExplanation> claims() {
        return claims;
    }

    /** Whether there is anything to explain. */
    public boolean isEmpty() {
        return claims.isEmpty();
    }

    /** One paragraph per request (and one for a claim-wide problem), separated by blank lines. */
    public String toText() {
        List<String> paragraphs = new ArrayList<>();
        for (ClaimExplanation c : claims) {
            if (c.problem() != null) {
                paragraphs.add("Claim " + c.claim() + ": " + c.problem());
            }
            for (RequestExplanation r : c.requests()) {
                paragraphs.add(r.text(c.claim()));
            }
        }
        return String.join("\n\n", paragraphs);
    }

    /** The explanation as JSON-ready maps: {@code {"claims": [{"claim", "problem", "requests": [...]}]}}. */
    public Map<String, Object> toJson() {
        List<Object> list = new ArrayList<>();
        for (ClaimExplanation c : claims) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", c.claim());
            if (c.problem() != null) {
                m.put("problem", c.problem());
            }
            List<Object> requests = new ArrayList<>();
            for (RequestExplanation r : c.requests()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("request", r.request());
                rm.put("reason", r.reason().jsonName());
                rm.put("text", r.text(c.claim()));
                List<Object> findings = new ArrayList<>();
                for (Finding f : r.findings()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("node", f.node());
                    fm.put("reason", f.reason().jsonName());
                    fm.put("message", f.message());
                    fm.put("details", f.details());
                    findings.add(fm);
                }
                rm.put("findings", findings);
                requests.add(rm);
            }
            m.put("requests", requests);
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("claims", list);
        return root;
    }

    @Override
    public String toString() {
        return toText();
    }

    /** What stands in the way of one request on one node. */
    public enum Reason {
        /** The request names a DeviceClass that does not exist. */
        NO_DEVICE_CLASS("noDeviceClass"),
        /** The node has no devices of any usable pool. */
        NO_DEVICES("noDevices"),
        /** The class's selectors match none of the node's devices. */
        CLASS_SELECTOR_MATCHES_NOTHING("classSelectorMatchesNothing"),
        /** The request's own selectors match none of the devices the class matches. */
        REQUEST_SELECTOR_MATCHES_NOTHING("requestSelectorMatchesNothing"),
        /** Matching devices exist but are allocated to other claims. */
        ALLOCATED("allocated"),
        /** Matching devices exist but their shared counters are used up. */
        COUNTERS_EXHAUSTED("countersExhausted"),
        /** Matching multi-allocatable devices have too little capacity left, or the request breaks their policy. */
        CAPACITY_EXHAUSTED("capacityExhausted"),
        /** Matching devices carry taints the request does not tolerate. */
        TAINTS_NOT_TOLERATED("taintsNotTolerated"),
        /** Matching devices exist but too few of them (several of the reasons above may add up). */
        NOT_ENOUGH_DEVICES("notEnoughDevices"),
        /** Devices for each request exist, but no choice satisfies the claim's constraints. */
        CONSTRAINT_CONFLICT("constraintConflict"),
        /** The request fits alone, but not together with the claim's other requests or the other claims. */
        COMPETING_REQUESTS("competingRequests"),
        /** A selector failed to compile. */
        CEL_COMPILE_ERROR("celCompileError"),
        /** A selector failed while evaluating a device. */
        CEL_RUNTIME_ERROR("celRuntimeError"),
        /** The claim asks for more than 32 devices. */
        CLAIM_LIMIT("claimLimit"),
        /** A pool the request needs is incomplete or invalid. */
        POOL_PROBLEM("poolProblem"),
        /** The request uses something switched off or that Kubernetes rejects. */
        INVALID_REQUEST("invalidRequest"),
        /** Nothing in the way for this request: another request or claim is the problem. */
        FITS("fits");

        private final String jsonName;

        Reason(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name used in JSON. */
        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * What was found for one request on one node.
     *
     * @param node    the node
     * @param reason  the kind of obstacle
     * @param message one or more sentences
     * @param details structured data (counts, devices, holders, counters), JSON-ready
     */
    public record Finding(String node, Reason reason, String message, Map<String, Object> details) {
        public Finding {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /**
     * The findings for one request, one per node tried.
     *
     * @param request  the request name
     * @param findings per node, in the order tried
     */
    public record RequestExplanation(String request, List<Finding> findings) {
        public RequestExplanation {
            findings = List.copyOf(findings);
        }

        /** The reason on the first node where it is not {@link Reason#FITS}, else FITS. */
        public Reason reason() {
            for (Finding f : findings) {
                if (f.reason() != Reason.FITS) {
                    return f.reason();
                }
            }
            return Reason.FITS;
        }

        /** One paragraph: the claim and request, then what was found on each node. */
        public String text(String claim) {
            StringBuilder sb = new StringBuilder("Claim ").append(claim).append(", request ").append(request)
                    .append(": ");
            if (findings.size() == 1) {
                sb.append("on node ").append(findings.get(0).node()).append(", ").append(findings.get(0).message());
            } else {
                List<String> parts = new ArrayList<>();
                for (Finding f : findings) {
                    parts.add("on node " + f.node() + ", " + f.message());
                }
                sb.append(String.join(" ", parts));
            }
            return sb.toString();
        }
    }

    /**
     * The explanation for one claim.
     *
     * @param claim    {@code namespace/name}
     * @param problem  a claim-wide problem (for example the 32-device limit), or null
     * @param requests per request
     */
    public record ClaimExplanation(String claim, String problem, List<RequestExplanation> requests) {
        public ClaimExplanation {
            Objects.requireNonNull(claim, "claim");
            requests = List.copyOf(requests);
        }
    }
}
