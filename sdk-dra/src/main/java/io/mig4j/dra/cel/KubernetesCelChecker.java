package io.mig4j.dra.cel;

import io.mig4j.dra.validation.CelChecker;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The validator's CEL check with the real compiler: what {@code validateCELSelector} in Kubernetes'
 * {@code pkg/apis/resource/validation/validation.go} reports for a new object. First the checks of
 * {@link CelChecker#lengthOnly()} (over 10 Ki bytes is {@code Too long} and not compiled), then compilation in the
 * {@link DeviceSelectorCompiler#newExpressions(KubernetesVersion) new-expressions environment} of the version:
 * a compile error is {@code Invalid value: "<expression>": compilation failed: ...} on the expression's field,
 * as Kubernetes' {@code convertCELErrorToValidationError} reports it.
 *
 * <p>Not checked, unlike Kubernetes: the estimated cost ({@code too complex, exceeds cost limit}); cel-java has no
 * cost estimator (see {@link DeviceSelectorCompiler}).
 */
public final class KubernetesCelChecker implements CelChecker {
    private static final int MAX_CACHED = 4096;
    private final boolean defaultGates;
    private final boolean consumableCapacity;
    private final boolean listTypeAttributes;
    /**
     * Expressions that compiled, per gates and version, shared by every checker of the JVM (compiling is a pure
     * function of those): an API server validates the same selectors (those of a template, a class) on every object
     * that carries them, and compiling one costs far more than the lookup. Bounded; only valid expressions are kept,
     * so errors are always reported afresh with their field path.
     */
    private static final Map<String, Boolean> COMPILED = new ConcurrentHashMap<>();

    private KubernetesCelChecker(boolean defaultGates, boolean consumableCapacity, boolean listTypeAttributes) {
        this.defaultGates = defaultGates;
        this.consumableCapacity = consumableCapacity;
        this.listTypeAttributes = listTypeAttributes;
    }

    /** A checker with each version's default feature gates. */
    public static KubernetesCelChecker create() {
        return new KubernetesCelChecker(true, false, false);
    }

    /** A checker with explicit DRAConsumableCapacity and DRAListTypeAttributes gates, whatever the version. */
    public static KubernetesCelChecker withFeatureGates(boolean consumableCapacity, boolean listTypeAttributes) {
        return new KubernetesCelChecker(false, consumableCapacity, listTypeAttributes);
    }

    @Override
    public List<FieldError> check(String expression, String fieldPath, KubernetesVersion version) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(version, "version");
        List<FieldError> basic = CelChecker.lengthOnly().check(expression, fieldPath, version);
        if (!basic.isEmpty()) {
            return basic;
        }
        String key = this + "\u0000" + version + "\u0000" + expression;
        if (COMPILED.containsKey(key)) {
            return List.of();
        }
        DeviceSelectorCompiler compiler = defaultGates ? DeviceSelectorCompiler.newExpressions(version)
                : DeviceSelectorCompiler.newExpressions(version, consumableCapacity, listTypeAttributes);
        CompilationResult result = compiler.compile(expression);
        if (result.isValid()) {
            if (COMPILED.size() >= MAX_CACHED) {
                COMPILED.clear();
            }
            COMPILED.put(key, Boolean.TRUE);
            return List.of();
        }
        CelCompileError error = result.error().orElseThrow();
        if (error.type() == CelCompileError.Type.INTERNAL) {
            return List.of(new FieldError(FieldError.Type.INTERNAL, fieldPath, error.detail(), error.detail()));
        }
        return List.of(new FieldError(FieldError.Type.INVALID, fieldPath, expression, error.detail()));
    }

    @Override
    public String toString() {
        return defaultGates ? "KubernetesCelChecker(default gates)"
                : "KubernetesCelChecker(DRAConsumableCapacity=" + consumableCapacity + ", DRAListTypeAttributes="
                        + listTypeAttributes + ")";
    }
}
