package io.mig4j.dra.cel;

import java.util.Objects;

/**
 * Why an expression did not compile, worded as Kubernetes words it ({@code apiservercel.Error}): for example
 * <pre>compilation failed: ERROR: &lt;input&gt;:1:1: undeclared reference to 'noSuchVar' (in container '')
 *  | noSuchVar
 *  | ^</pre>
 * The validator reports an {@link Type#INVALID} error as {@code Invalid value} on the expression's field, the
 * allocator as {@code CEL compile error}.
 *
 * @param type   the kind of error, as Kubernetes classifies it
 * @param detail the message
 */
public record CelCompileError(Type type, String detail) {

    /** Kubernetes' {@code apiservercel.ErrorType} values that the compiler produces. */
    public enum Type {
        /** The expression is wrong: syntax, types, or result type. */
        INVALID,
        /** The environment could not be set up; not the expression's fault. */
        INTERNAL
    }

    public CelCompileError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }

    /** The detail, as Go's {@code Error()} returns it. */
    @Override
    public String toString() {
        return detail;
    }
}
