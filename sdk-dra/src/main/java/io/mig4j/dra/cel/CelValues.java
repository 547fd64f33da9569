package io.mig4j.dra.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelOptions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import io.mig4j.dra.Quantity;
import java.util.List;
import java.util.Map;

/**
 * Helpers over the Java values cel-java's runtime hands to functions: comparison, addition, equality and the
 * CEL type name of a value (for error messages worded like cel-go's).
 */
final class CelValues {
    /** CEL equality (heterogeneous numbers, structural lists and maps), as the {@code ==} operator applies it. */
    static final RuntimeEquality EQUALITY = RuntimeEquality.create(RuntimeHelpers.create(),
            CelOptions.current().enableHeterogeneousNumericComparisons(true).build());

    private CelValues() {
    }

    static boolean equal(Object a, Object b) {
        return EQUALITY.objectEquals(a, b);
    }

    /**
     * Orders two values of a comparable CEL type (int, uint, double, bool, string, bytes, duration, timestamp);
     * numbers of different types compare by value, as CEL's cross-type numeric comparison does.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) throws CelEvaluationException {
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b);
        }
        if (a instanceof String && b instanceof String) {
            return compareCodePoints((String) a, (String) b);
        }
        if (a instanceof com.google.protobuf.Timestamp && b instanceof com.google.protobuf.Timestamp) {
            com.google.protobuf.Timestamp x = (com.google.protobuf.Timestamp) a;
            com.google.protobuf.Timestamp y = (com.google.protobuf.Timestamp) b;
            int c = Long.compare(x.getSeconds(), y.getSeconds());
            return c != 0 ? c : Integer.compare(x.getNanos(), y.getNanos());
        }
        if (a instanceof com.google.protobuf.Duration && b instanceof com.google.protobuf.Duration) {
            return toJava((com.google.protobuf.Duration) a).compareTo(toJava((com.google.protobuf.Duration) b));
        }
        if (a instanceof Comparable && a.getClass().isInstance(b)) {
            return Integer.signum(((Comparable) a).compareTo(b));
        }
        throw new CelEvaluationException("no such overload");
    }

    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof UnsignedLong && b instanceof UnsignedLong) {
            return Integer.signum(((UnsignedLong) a).compareTo((UnsignedLong) b));
        }
        if (a instanceof UnsignedLong) {
            long bv = b.longValue();
            return bv < 0 ? 1 : Integer.signum(((UnsignedLong) a).compareTo(UnsignedLong.fromLongBits(bv)));
        }
        if (b instanceof UnsignedLong) {
            return -compareNumbers(b, a);
        }
        return Long.compare(a.longValue(), b.longValue());
    }

    private static double toDouble(Number n) {
        return n instanceof UnsignedLong ? ((UnsignedLong) n).doubleValue() : n.doubleValue();
    }

    /** Go compares strings by their UTF-8 bytes, which is the order of code points. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.signum((a.length() - i) - (b.length() - j));
    }

    /** {@code a + b} for the summable CEL types: int (overflow is an error), uint, double, duration. */
    static Object add(Object a, Object b) throws CelEvaluationException {
        if (a instanceof Long && b instanceof Long) {
            try {
                return Math.addExact((Long) a, (Long) b);
            } catch (ArithmeticException e) {
                throw new CelEvaluationException("integer overflow");
            }
        }
        if (a instanceof UnsignedLong && b instanceof UnsignedLong) {
            UnsignedLong sum = ((UnsignedLong) a).plus((UnsignedLong) b);
            if (sum.compareTo((UnsignedLong) a) < 0) {
                throw new CelEvaluationException("unsigned integer overflow");
            }
            return sum;
        }
        if (a instanceof Double && b instanceof Double) {
            return (Double) a + (Double) b;
        }
        if (a instanceof com.google.protobuf.Duration && b instanceof com.google.protobuf.Duration) {
            java.time.Duration sum = toJava((com.google.protobuf.Duration) a).plus(toJava((com.google.protobuf.Duration) b));
            return com.google.protobuf.Duration.newBuilder().setSeconds(sum.getSeconds()).setNanos(sum.getNano())
                    .build();
        }
        if (a instanceof java.time.Duration && b instanceof java.time.Duration) {
            return ((java.time.Duration) a).plus((java.time.Duration) b);
        }
        throw new CelEvaluationException("no such overload");
    }

    private static java.time.Duration toJava(com.google.protobuf.Duration d) {
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    /** The CEL name of a value's type, as cel-go prints it in messages ({@code int}, {@code list}, ...). */
    static String typeName(Object value) {
        if (value == null || value instanceof com.google.protobuf.NullValue) {
            return "null_type";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "int";
        }
        if (value instanceof UnsignedLong) {
            return "uint";
        }
        if (value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof Quantity) {
            return QuantityFunctions.TYPE.name();
        }
        if (value instanceof Semver) {
            return SemverFunctions.TYPE.name();
        }
        if (value instanceof com.google.protobuf.Duration || value instanceof java.time.Duration) {
            return "google.protobuf.Duration";
        }
        if (value instanceof com.google.protobuf.Timestamp || value instanceof java.time.Instant) {
            return "google.protobuf.Timestamp";
        }
        return value.getClass().getSimpleName();
    }
}
