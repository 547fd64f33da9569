package io.mig4j.dra.cel;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of compiling one expression: a {@link CompiledSelector}, or a {@link CelCompileError} in
 * Kubernetes' wording ({@code CompilationResult} in {@code k8s.io/dynamic-resource-allocation/cel}).
 *
 * @implSpec Immutable and thread-safe.
 */
public final class CompilationResult {
    private final String expression;
    private final CompiledSelector selector;
    private final CelCompileError error;
    private final String outputType;

    private CompilationResult(String expression, CompiledSelector selector, CelCompileError error,
            String outputType) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.selector = selector;
        this.error = error;
        this.outputType = outputType;
    }

    static CompilationResult success(String expression, CompiledSelector selector, String outputType) {
        return new CompilationResult(expression, Objects.requireNonNull(selector, "selector"), null, outputType);
    }

    static CompilationResult failure(String expression, CelCompileError error) {
        return new CompilationResult(expression, null, Objects.requireNonNull(error, "error"), null);
    }

    /** The expression text. */
    public String expression() {
        return expression;
    }

    /** Whether the expression compiled. */
    public boolean isValid() {
        return error == null;
    }

    /** The compile error, empty when the expression compiled. */
    public Optional<CelCompileError> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The compiled selector.
     *
     * @throws IllegalStateException with the compile error when the expression did not compile
     */
    public CompiledSelector selector() {
        if (selector == null) {
            throw new IllegalStateException(error.detail());
        }
        return selector;
    }

    /** The CEL type of the expression's value ({@code bool} or {@code dyn}), empty when it did not compile. */
    public Optional<String> outputType() {
        return Optional.ofNullable(outputType);
    }

    @Override
    public String toString() {
        return isValid() ? expression : expression + ": " + error.detail();
    }
}
