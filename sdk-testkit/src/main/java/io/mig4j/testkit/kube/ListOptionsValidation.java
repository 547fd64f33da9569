package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * The ListOptions checks of apimachinery's {@code pkg/apis/meta/internalversion/validation}, shared by
 * {@link KubeStore}'s list and watch. They are pure functions of the options, so they live apart from
 * {@link KubeStore} (which had grown past the team's ~600-line limit for {@code src/main}).
 */
final class ListOptionsValidation {

    private ListOptionsValidation() {
    }

    /**
     * Checks the combination of {@code resourceVersion}, {@code resourceVersionMatch}, {@code continue} and
     * {@code sendInitialEvents} of a list ({@code watch} false) or a watch ({@code watch} true).
     *
     * @throws KubeApiException {@code 422 Invalid} with one cause per broken rule, in Kubernetes' wording
     */
    static void validate(ListOptions o, boolean watch) {
        List<StatusCause> errs = new ArrayList<>();
        String match = o.resourceVersionMatch();
        boolean hasRv = o.resourceVersion() != null && !o.resourceVersion().isEmpty();
        if (match != null && !match.isEmpty()) {
            if (watch) {
                if (!match.equals("NotOlderThan") || o.sendInitialEvents() == null) {
                    errs.add(StatusCause.forbidden("resourceVersionMatch",
                            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
                }
            } else if (!hasRv) {
                errs.add(StatusCause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            } else if (o.continueToken() != null && !o.continueToken().isEmpty()) {
                errs.add(StatusCause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden when continue is provided"));
            } else if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
                errs.add(StatusCause.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", "")));
            } else if (match.equals("Exact") && o.resourceVersion().equals("0")) {
                errs.add(StatusCause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (o.sendInitialEvents() != null) {
            if (!watch) {
                errs.add(StatusCause.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
            } else if (!"NotOlderThan".equals(match)) {
                errs.add(StatusCause.forbidden("resourceVersionMatch",
                        "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
            }
        }
        if (!errs.isEmpty()) {
            throw KubeApiException.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "", errs);
        }
    }
}
