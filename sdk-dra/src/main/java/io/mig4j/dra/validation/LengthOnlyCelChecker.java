package io.mig4j.dra.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link CelChecker#lengthOnly()}: what the API server reports before and without type checking. An expression over
 * the limit gets {@code Too long: may not be more than 10240 bytes} (Kubernetes measures bytes and does not compile
 * it, {@code validateCELSelector} in {@code pkg/apis/resource/validation/validation.go}); an empty or blank one gets
 * the parse error cel-go reports for it, wrapped as Kubernetes wraps compile errors.
 */
final class LengthOnlyCelChecker implements CelChecker {
    static final LengthOnlyCelChecker INSTANCE = new LengthOnlyCelChecker();

    /** cel-go's parse error for an input that ends before any expression starts. */
    private static final String EOF_EXPECTING = "Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.',"
            + " '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";

    private LengthOnlyCelChecker() {
    }

    @Override
    public List<FieldError> check(String expression, String fieldPath, KubernetesVersion version) {
        if (expression.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) {
            return List.of(new FieldError(FieldError.Type.TOO_LONG, fieldPath, "<value omitted>",
                    "may not be more than " + MAX_EXPRESSION_BYTES + " bytes"));
        }
        if (expression.isBlank()) {
            int lastLine = expression.lastIndexOf('\n') + 1;
            long line = 1 + expression.chars().filter(c -> c == '\n').count();
            int column = expression.codePointCount(lastLine, expression.length()) + 1;
            return List.of(new FieldError(FieldError.Type.INVALID, fieldPath, expression,
                    "compilation failed: ERROR: <input>:" + line + ":" + column + ": " + EOF_EXPECTING));
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "CelChecker.lengthOnly()";
    }
}
