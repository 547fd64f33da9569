package io.mig4j.dra.validation;

import java.util.List;

/**
 * Checks one CEL device-selector expression the way the API server does when an object is created: the validator
 * calls it for every {@code cel.expression} it meets and adds the returned errors to its own.
 *
 * <p>This is the seam for mig4j's CEL compiler: {@link #lengthOnly()} checks what can be checked without compiling
 * (the expression is not empty, and at most {@value #MAX_EXPRESSION_BYTES} bytes), and a compiling implementation
 * (type errors, unknown functions, cost limit) plugs in here with no change to the validator's callers.
 */
@FunctionalInterface
public interface CelChecker {
    /** {@code CELSelectorExpressionMaxLength} of {@code resource.k8s.io/v1}: 10 Ki bytes. */
    int MAX_EXPRESSION_BYTES = 10 * 1024;

    /**
     * The errors of one expression, with Kubernetes' field paths and wording.
     *
     * @param expression the expression text
     * @param fieldPath  where it sits, e.g. {@code spec.devices.requests[0].exactly.selectors[0].cel.expression}
     * @param version    the Kubernetes version whose rules apply (libraries and limits differ between releases)
     * @return the errors, empty when the expression is acceptable
     */
    List<FieldError> check(String expression, String fieldPath, KubernetesVersion version);

    /** The checker that does not compile: non-empty and within the length limit. */
    static CelChecker lengthOnly() {
        return LengthOnlyCelChecker.INSTANCE;
    }
}
