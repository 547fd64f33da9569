package io.mig4j.testkit.kube;

import java.util.List;

/**
 * The validating-admission seam of {@link MockKubeApiServer}: kind strategies of the {@code resource.k8s.io} group
 * ask it about every create and update, and any cause it returns turns the write into {@code 422 Invalid} with those
 * causes, worded as the real API server words them.
 *
 * <p>{@link #basicDra()} is the default: the checks of the API server that need no CEL compiler (a request has
 * exactly one of {@code exactly}/{@code firstAvailable}, a device class name, a supported allocation mode and a
 * positive count; a selector has a CEL expression within the length limit; a ResourceSlice names its driver, pool
 * and node). sdk-dra's validator plugs in here to judge the rest (CEL included).
 */
@FunctionalInterface
public interface AdmissionValidator {

    /** Returns the causes for refusing the write, or an empty list to admit it. */
    List<StatusCause> validate(AdmissionRequest request);

    /** Admits everything. */
    static AdmissionValidator admitAll() {
        return request -> List.of();
    }

    /** The built-in structural checks of {@code resource.k8s.io/v1} objects; see the type's documentation. */
    static AdmissionValidator basicDra() {
        return new BasicDraAdmission();
    }

    /** Runs this validator and then {@code next}, reporting the causes of both. */
    default AdmissionValidator andThen(AdmissionValidator next) {
        return request -> {
            List<StatusCause> first = validate(request);
            List<StatusCause> second = next.validate(request);
            if (first.isEmpty()) {
                return second;
            }
            if (second.isEmpty()) {
                return first;
            }
            java.util.ArrayList<StatusCause> all = new java.util.ArrayList<>(first);
            all.addAll(second);
            return all;
        };
    }
}
