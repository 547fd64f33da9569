package io.mig4j.testkit.kube;

import java.util.List;

/**
 * The validating-admission seam of {@link MockKubeApiServer}: kind strategies of the {@code resource.k8s.io} group
 * ask it about every create and update, and any cause it returns turns the write into {@code 422 Invalid} with those
 * causes, worded as the real API server words them.
 *
 * <p>The default is {@link #dra()}: sdk-dra's {@code DraValidator}, with the API server's rules for every
 * {@code resource.k8s.io/v1} kind (its CEL checker by default checks presence and length only; pass a
 * {@link DraValidatorAdmission} built with a compiling checker to compile selectors). {@link #basicDra()} is a
 * smaller set of structural checks that needs nothing from sdk-dra.
 */
@FunctionalInterface
public interface AdmissionValidator {

    /** Returns the causes for refusing the write, or an empty list to admit it. */
    List<StatusCause> validate(AdmissionRequest request);

    /** Admits everything. */
    static AdmissionValidator admitAll() {
        return request -> List.of();
    }

    /** sdk-dra's validator with its defaults (the Kubernetes version it defaults to, length-only CEL checks). */
    static AdmissionValidator dra() {
        return DraValidatorAdmission.defaults();
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
