package io.mig4j.dra.cel;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.Program;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled device selector: evaluate it on {@link CelDevice}s. Obtained from
 * {@link DeviceSelectorCompiler#compile(String)} (or cached in a {@link SelectorCache}).
 *
 * @implSpec Immutable and thread-safe: one instance may evaluate on many threads at once.
 */
public final class CompiledSelector {
    /** Kubernetes' hint for a missing map key ({@code cel.EnhanceRuntimeError} in dynamic-resource-allocation). */
    static final String NO_SUCH_KEY_HINT = ". consider using CEL optional chaining (.? followed by orValue()) or"
            + " guarding the check with has() for optional fields";
    private static final Pattern LOCATION_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
    private static final Pattern MISSING_KEY = Pattern.compile("^key '(.*)' is not present in map\\.?$",
            Pattern.DOTALL);
    private static final Pattern NOT_ITERABLE = Pattern.compile(
            "^expected a list or a map for iteration range but got '(\\w+)'$");
    /** cel-go's names of the value types cel-java names by their Java class. */
    private static final java.util.Map<String, String> GO_TYPE_NAMES = java.util.Map.of("Long", "types.Int",
            "Boolean", "types.Bool", "String", "types.String", "Double", "types.Double", "UnsignedLong",
            "types.Uint", "Semver", "cel.Semver", "Quantity", "cel.Quantity");

    private final String expression;
    private final Program program;
    private final CelFunctionResolver resolver;

    CompiledSelector(String expression, Program program, CelFunctionResolver resolver) {
        this.expression = expression;
        this.program = program;
        this.resolver = resolver;
    }

    /** The expression text. */
    public String expression() {
        return expression;
    }

    /**
     * Whether the device matches.
     *
     * @throws CelRuntimeException when evaluation fails (a missing key, a non-boolean result, the iteration
     *                             limit, ...), with Kubernetes' wording
     */
    public boolean matches(CelDevice device) throws CelRuntimeException {
        if (device.conversionError() != null) {
            throw new CelRuntimeException(device.conversionError(), null);
        }
        Object result;
        try {
            result = program.eval(device.activation(), resolver);
        } catch (CelEvaluationException e) {
            throw new CelRuntimeException(kubernetesMessage(e), e);
        } catch (RuntimeException e) {
            // cel-java lets some failures of functions escape unwrapped; they are still evaluation errors.
            throw new CelRuntimeException(String.valueOf(e.getMessage()), e);
        }
        if (result instanceof Boolean) {
            return (Boolean) result;
        }
        String type = CelValues.typeName(result);
        throw new CelRuntimeException("CEL result of type " + type + " could not be converted to bool: "
                + "type conversion error from '" + type + "' to 'bool'", null);
    }

    /** cel-java's message in cel-go's words, with Kubernetes' hint for missing keys. */
    static String kubernetesMessage(CelEvaluationException e) {
        String message = LOCATION_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst("");
        CelErrorCode code = e.getErrorCode();
        if (code == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
            Matcher m = MISSING_KEY.matcher(message);
            if (m.matches()) {
                message = "no such key: " + m.group(1);
            } else if (!message.startsWith("Error resolving field") && !message.startsWith("No such attribute")) {
                // An index on a map reports just the key.
                message = "no such key: " + message;
            }
        } else if (code == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
            message = "operation cancelled: actual cost limit exceeded";
        } else if (message.startsWith("No matching overload for function")) {
            message = "no such overload";
        } else if (message.equals("/ by zero")) {
            message = "division by zero";
        } else {
            Matcher m = NOT_ITERABLE.matcher(message);
            if (m.matches()) {
                message = "got '" + GO_TYPE_NAMES.getOrDefault(m.group(1), m.group(1))
                        + "', expected iterable type";
            }
        }
        if (message.contains("no such key:") && !message.contains(NO_SUCH_KEY_HINT)) {
            message = message + NO_SUCH_KEY_HINT;
        }
        return message;
    }

    @Override
    public String toString() {
        return expression;
    }
}
