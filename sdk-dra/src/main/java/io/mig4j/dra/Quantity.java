package io.mig4j.dra;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A Kubernetes resource quantity ({@code 10Gi}, {@code 1500m}, {@code 1e3}) with exactly the semantics of
 * Kubernetes' {@code resource.Quantity}: the same grammar, the same rounding (values finer than a nano unit are
 * rounded up, away from zero), the same canonical text, and the same memory of the input's format.
 *
 * <p>Behaviour follows {@code k8s.io/apimachinery/pkg/api/resource/quantity.go}, {@code amount.go} and
 * {@code suffix.go} (kubernetes/apimachinery, read at commit eed236ce). In short:
 * <ul>
 *   <li>The text is {@code <sign><number><suffix>}; the suffix is binary ({@code Ki Mi Gi Ti Pi Ei}), decimal
 *       ({@code n u m "" k M G T P E}) or a decimal exponent ({@code e3}, {@code E-6}). Its kind becomes the
 *       quantity's {@link Format}, which the canonical text keeps ({@code 1536Mi} stays binary).</li>
 *   <li>The canonical text has no fraction and the largest suffix that loses nothing: {@code 1.5Gi} is
 *       {@code 1536Mi}, {@code 1.5} is {@code 1500m}, {@code 10240Mi} is {@code 10Gi}. A binary quantity that
 *       is below 1024 in magnitude or not a whole number is written in decimal form ({@code 0.5Ki} is
 *       {@code 512}).</li>
 *   <li>When Kubernetes finds the input already canonical by its fast check, it keeps the input text verbatim
 *       (so {@code 1.G} and {@code +1} print as written, as they do in Kubernetes).</li>
 *   <li>{@link #isInteger()} and {@link #asInteger()} depend on how Kubernetes stores the number (a scaled
 *       64-bit integer or an arbitrary-precision decimal), which this class tracks: {@code quantity("1536Mi")}
 *       is an integer, {@code quantity("1.5Gi")} is not, exactly as in the Kubernetes CEL library.</li>
 * </ul>
 * Equality and ordering are numeric: {@code 1Gi} equals {@code 1024Mi} and {@code 1073741824}, as Kubernetes'
 * {@code Quantity.Equal} and {@code Cmp} say.
 *
 * @implSpec Immutable and thread-safe.
 */
public final class Quantity implements Comparable<Quantity> {

    /** The three ways Kubernetes writes a quantity; parsing remembers the input's. */
    public enum Format {
        /** {@code 12e6}: a power-of-ten exponent. */
        DECIMAL_EXPONENT("DecimalExponent"),
        /** {@code 12Mi}: powers of 1024. */
        BINARY_SI("BinarySI"),
        /** {@code 12M}: powers of 1000. */
        DECIMAL_SI("DecimalSI");

        private final String kubernetesName;

        Format(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /** The name Kubernetes gives this format ({@code BinarySI}, ...). */
        public String kubernetesName() {
            return kubernetesName;
        }
    }

    /** Kubernetes' message for text that does not have the shape of a quantity. */
    public static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    /** Kubernetes' message for a number part it cannot read. */
    public static final String NUMERIC = "unable to parse numeric part of quantity";
    /** Kubernetes' message for an unknown suffix. */
    public static final String SUFFIX = "unable to parse quantity's suffix";

    private static final int NANO = -9;
    private static final int MAX_INT64_FACTORS = 18;
    private static final BigDecimal MAX_ALLOWED = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MINUS_1024 = BigDecimal.valueOf(-1024);
    private static final BigDecimal PLUS_1024 = BigDecimal.valueOf(1024);
    private static final BigInteger BIG_1024 = BigInteger.valueOf(1024);
    /** Exponents beyond this would make Kubernetes (and us) build numbers of millions of digits; refused. */
    private static final int MAX_DIGITS = 100_000;
    private static final String SUFFIX_LETTERS = "eEinumkKMGTP";

    /**
     * The number, with the unscaled value and scale Kubernetes holds: for an int64 amount {@code value * 10^scale}
     * is {@code unscaled * 10^-bigScale}; for an {@code inf.Dec} the two scales are the same.
     */
    private final BigDecimal amount;
    /** True when Kubernetes holds this number as {@code inf.Dec}, false for its scaled int64 form. */
    private final boolean decimal;
    private final Format format;
    /** The input text, when Kubernetes keeps it (already canonical), else null. */
    private final String inputText;
    private volatile String canonical;

    private Quantity(BigDecimal amount, boolean decimal, Format format, String inputText) {
        this.amount = amount;
        this.decimal = decimal;
        this.format = format;
        this.inputText = inputText;
    }

    // ------------------------------------------------------------------------------------------ construction

    /**
     * Parses a quantity as Kubernetes' {@code resource.ParseQuantity} does.
     *
     * @throws QuantityFormatException with Kubernetes' message when the text is not a quantity
     */
    public static Quantity parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new QuantityFormatException(text, FORMAT_WRONG);
        }
        if (text.equals("0")) {
            return new Quantity(BigDecimal.ZERO, false, Format.DECIMAL_SI, "0");
        }
        Scanned s = scan(text);
        Suffix suffix = Suffix.interpret(s.suffix);
        if (suffix == null) {
            throw new QuantityFormatException(text, SUFFIX);
        }
        Quantity fast = parseFast(text, s, suffix);
        return fast != null ? fast : parseDecimal(text, s, suffix);
    }

    /** Whether {@code text} parses as a quantity (CEL's {@code isQuantity}). */
    public static boolean isQuantity(String text) {
        try {
            parse(text);
            return true;
        } catch (QuantityFormatException e) {
            return false;
        }
    }

    /** {@code value} in the given format, as Kubernetes' {@code NewQuantity}. */
    public static Quantity of(long value, Format format) {
        return new Quantity(BigDecimal.valueOf(value), false, Objects.requireNonNull(format, "format"), null);
    }

    /** {@code value / 1000} in the given format, as Kubernetes' {@code NewMilliQuantity}. */
    public static Quantity ofMilli(long value, Format format) {
        return new Quantity(BigDecimal.valueOf(value, 3), false, Objects.requireNonNull(format, "format"), null);
    }

    /** {@code value * 10^scale} in decimal SI form, as Kubernetes' {@code NewScaledQuantity}. */
    public static Quantity ofScaled(long value, int scale) {
        return new Quantity(BigDecimal.valueOf(value, -scale), false, Format.DECIMAL_SI, null);
    }

    /**
     * An exact decimal in the given format, held with arbitrary precision, as Kubernetes' {@code NewDecimalQuantity}
     * (no rounding to nano units happens here, as in Kubernetes).
     */
    public static Quantity of(BigDecimal value, Format format) {
        return new Quantity(Objects.requireNonNull(value, "value"), true, Objects.requireNonNull(format, "format"),
                null);
    }

    /** {@code mebibytes * 2^20} bytes in binary form, the way NVIDIA's DRA driver publishes memory. */
    public static Quantity ofMebibytes(long mebibytes) {
        return of(Math.multiplyExact(mebibytes, 1L << 20), Format.BINARY_SI);
    }

    /** The Kubernetes quantity that a fabric8 quantity writes ({@code amount} followed by {@code format}). */
    public static Quantity fromFabric8(io.fabric8.kubernetes.api.model.Quantity quantity) {
        Objects.requireNonNull(quantity, "quantity");
        String amountText = quantity.getAmount() == null ? "" : quantity.getAmount();
        return parse(amountText + (quantity.getFormat() == null ? "" : quantity.getFormat()));
    }

    /** This quantity as a fabric8 quantity holding the canonical text. */
    public io.fabric8.kubernetes.api.model.Quantity toFabric8() {
        return new io.fabric8.kubernetes.api.model.Quantity(toString());
    }

    // ------------------------------------------------------------------------------------------ parsing

    /** The parts of a quantity text, split as Kubernetes' {@code parseQuantityString} splits them. */
    private record Scanned(boolean positive, String value, String num, String denom, String suffix) {
    }

    private static Scanned scan(String str) {
        boolean positive = true;
        int pos = 0;
        int end = str.length();
        char first = str.charAt(0);
        if (first == '-') {
            positive = false;
            pos++;
        } else if (first == '+') {
            pos++;
        }
        while (pos < end && str.charAt(pos) == '0') {
            pos++;
        }
        if (pos >= end) {
            return new Scanned(positive, "0", "0", "", "");
        }
        int numStart = pos;
        while (pos < end && isDigit(str.charAt(pos))) {
            pos++;
        }
        if (pos >= end) {
            return new Scanned(positive, str, str.substring(numStart), "", "");
        }
        String num = pos == numStart ? "0" : str.substring(numStart, pos);
        String denom = "";
        if (str.charAt(pos) == '.') {
            pos++;
            int denomStart = pos;
            while (pos < end && isDigit(str.charAt(pos))) {
                pos++;
            }
            if (pos >= end) {
                return new Scanned(positive, str, num, str.substring(denomStart), "");
            }
            denom = str.substring(denomStart, pos);
        }
        String value = str.substring(0, pos);
        int suffixStart = pos;
        while (pos < end && SUFFIX_LETTERS.indexOf(str.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < end && isDigit(str.charAt(pos))) {
            pos++;
        }
        if (pos < end) {
            throw new QuantityFormatException(str, FORMAT_WRONG);
        }
        return new Scanned(positive, value, num, denom, str.substring(suffixStart));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Kubernetes' int64 fast path; null where it falls back to arbitrary precision. */
    private static Quantity parseFast(String text, Scanned s, Suffix suffix) {
        int precision;
        int scale = 0;
        long mantissa = 1;
        if (suffix.format == Format.BINARY_SI) {
            if (suffix.exponent >= 0 && s.denom.isEmpty()) {
                mantissa = 1L << suffix.exponent;
                precision = 15 - s.num.length() - (int) ((float) suffix.exponent * 3 / 10) - 1;
            } else {
                precision = -1;
            }
        } else {
            scale = suffix.exponent;
            precision = MAX_INT64_FACTORS - (s.num.length() + s.denom.length());
        }
        if (precision < 0) {
            return null;
        }
        scale -= s.denom.length();
        if (scale < NANO) {
            return null;
        }
        String shifted = s.num + s.denom;
        long value = Long.parseLong(shifted);
        long result;
        try {
            result = Math.multiplyExact(value, mantissa);
        } catch (ArithmeticException overflow) {
            return null;
        }
        if (!s.positive) {
            result = -result;
        }
        BigDecimal amount = BigDecimal.valueOf(result, -scale);
        boolean canonical = suffix.format == Format.BINARY_SI
                ? suffix.exponent % 10 == 0 && (value & 0x07) != 0
                : scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
        return new Quantity(amount, false, suffix.format, canonical ? text : null);
    }

    /** Kubernetes' arbitrary-precision path: exact value, rounded up to nano units, binary capped at 2^63-1. */
    private static Quantity parseDecimal(String text, Scanned s, Suffix suffix) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(s.value);
        } catch (NumberFormatException e) {
            throw new QuantityFormatException(text, NUMERIC);
        }
        if (suffix.base == 10) {
            long resultingScale = (long) amount.scale() - suffix.exponent;
            if (Math.abs(resultingScale) > MAX_DIGITS) {
                throw new QuantityFormatException(text, NUMERIC + " (exponent out of range)");
            }
            amount = amount.scaleByPowerOfTen(suffix.exponent);
        } else {
            amount = new BigDecimal(amount.unscaledValue().shiftLeft(suffix.exponent), amount.scale());
        }
        boolean negative = amount.signum() < 0;
        amount = amount.abs();
        if (amount.signum() != 0) {
            amount = amount.setScale(-NANO, RoundingMode.UP);
        }
        Format format = suffix.format;
        if (format == Format.BINARY_SI && amount.compareTo(MAX_ALLOWED) > 0) {
            amount = MAX_ALLOWED;
        }
        if (format == Format.BINARY_SI && amount.compareTo(BigDecimal.ONE) < 0 && amount.signum() > 0) {
            format = Format.DECIMAL_SI;
        }
        return new Quantity(negative ? amount.negate() : amount, true, format, null);
    }

    /** What a suffix means: a base, an exponent of that base, and the format it implies. */
    private record Suffix(int base, int exponent, Format format) {
        static Suffix interpret(String s) {
            switch (s) {
                case "": return new Suffix(10, 0, Format.DECIMAL_SI);
                case "n": return new Suffix(10, -9, Format.DECIMAL_SI);
                case "u": return new Suffix(10, -6, Format.DECIMAL_SI);
                case "m": return new Suffix(10, -3, Format.DECIMAL_SI);
                case "k": return new Suffix(10, 3, Format.DECIMAL_SI);
                case "M": return new Suffix(10, 6, Format.DECIMAL_SI);
                case "G": return new Suffix(10, 9, Format.DECIMAL_SI);
                case "T": return new Suffix(10, 12, Format.DECIMAL_SI);
                case "P": return new Suffix(10, 15, Format.DECIMAL_SI);
                case "E": return new Suffix(10, 18, Format.DECIMAL_SI);
                case "Ki": return new Suffix(2, 10, Format.BINARY_SI);
                case "Mi": return new Suffix(2, 20, Format.BINARY_SI);
                case "Gi": return new Suffix(2, 30, Format.BINARY_SI);
                case "Ti": return new Suffix(2, 40, Format.BINARY_SI);
                case "Pi": return new Suffix(2, 50, Format.BINARY_SI);
                case "Ei": return new Suffix(2, 60, Format.BINARY_SI);
                default:
                    break;
            }
            if (s.length() > 1 && (s.charAt(0) == 'e' || s.charAt(0) == 'E')) {
                try {
                    // Kubernetes reads a 64-bit exponent and keeps its low 32 bits
                    return new Suffix(10, (int) Long.parseLong(s.substring(1)), Format.DECIMAL_EXPONENT);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        static String decimalSuffix(int exponent) {
            switch (exponent) {
                case -9: return "n";
                case -6: return "u";
                case -3: return "m";
                case 3: return "k";
                case 6: return "M";
                case 9: return "G";
                case 12: return "T";
                case 15: return "P";
                case 18: return "E";
                default: return ""; // Kubernetes also writes no suffix for exponents it has no name for
            }
        }

        static String binarySuffix(int exponent) {
            switch (exponent) {
                case 10: return "Ki";
                case 20: return "Mi";
                case 30: return "Gi";
                case 40: return "Ti";
                case 50: return "Pi";
                case 60: return "Ei";
                default: return "";
            }
        }
    }

    // ------------------------------------------------------------------------------------------ text

    /**
     * The text Kubernetes writes for this quantity: the input text when Kubernetes kept it, else the canonical form.
     */
    @Override
    public String toString() {
        if (inputText != null) {
            return inputText;
        }
        String c = canonical;
        if (c == null) {
            c = canonicalize();
            canonical = c;
        }
        return c;
    }

    /** The input text when Kubernetes keeps it verbatim, else null (for tests of that rule). */
    String keptInputText() {
        return inputText;
    }

    private String canonicalize() {
        if (amount.signum() == 0) {
            return "0";
        }
        Format f = format;
        BigDecimal rounded = null;
        if (f == Format.BINARY_SI) {
            if (amount.compareTo(MINUS_1024) > 0 && amount.compareTo(PLUS_1024) < 0) {
                f = Format.DECIMAL_SI;
            } else {
                rounded = amount.setScale(0, RoundingMode.UP);
                if (rounded.compareTo(amount) != 0) {
                    f = Format.DECIMAL_SI;
                }
            }
        }
        if (f == Format.BINARY_SI) {
            BigInteger value = rounded.unscaledValue();
            int times = 0;
            while (value.signum() != 0) {
                BigInteger[] qr = value.divideAndRemainder(BIG_1024);
                if (qr[1].signum() != 0) {
                    break;
                }
                value = qr[0];
                times++;
            }
            return value + Suffix.binarySuffix(times * 10);
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int down = Math.floorMod(exponent, 3);
        if (down != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
            exponent -= down;
        }
        String suffix;
        if (f == Format.DECIMAL_SI) {
            suffix = Suffix.decimalSuffix(exponent);
        } else {
            suffix = exponent == 0 ? "" : "e" + exponent;
        }
        return mantissa + suffix;
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** The format the text is written in (the input's, for a parsed quantity). */
    public Format format() {
        return format;
    }

    /** -1, 0 or 1 (CEL's {@code sign()}). */
    public int sign() {
        return amount.signum();
    }

    /** Whether the quantity is zero. */
    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** The exact value. */
    public BigDecimal toBigDecimal() {
        return amount;
    }

    /**
     * Whether Kubernetes can give this quantity as a 64-bit integer without rounding (CEL's {@code isInteger()}).
     * This follows Kubernetes' {@code AsInt64}: only quantities it holds as scaled 64-bit integers with no
     * fraction digits qualify, so {@code 1.5Gi} (held with arbitrary precision) and {@code 1000m} do not.
     */
    public boolean isInteger() {
        return int64Value() != null;
    }

    /**
     * The quantity as a 64-bit integer (CEL's {@code asInteger()}).
     *
     * @throws ArithmeticException "cannot convert value to integer" when {@link #isInteger()} is false
     */
    public long asInteger() {
        Long v = int64Value();
        if (v == null) {
            throw new ArithmeticException("cannot convert value to integer");
        }
        return v;
    }

    private Long int64Value() {
        if (decimal) {
            return null;
        }
        int scale = -amount.scale();
        long value = amount.unscaledValue().longValue();
        if (scale == 0) {
            return value;
        }
        if (scale < 0) {
            return null;
        }
        return Int64.scaleUp(value, scale);
    }

    /**
     * The value as a double, computed as Kubernetes' {@code AsApproximateFloat64} does (so the same rounding of
     * the last bit): the unscaled number times a power of ten from Go's {@code math.Pow10} table.
     */
    public double asApproximateFloat() {
        double base = decimal ? amount.unscaledValue().doubleValue() : (double) amount.unscaledValue().longValue();
        int exponent = -amount.scale();
        if (exponent == 0) {
            return base;
        }
        return base * GoPow10.pow10(exponent);
    }

    /**
     * The value rounded up, away from zero, to a whole number (Kubernetes' {@code Value()}).
     *
     * @throws ArithmeticException when it does not fit in a long (Kubernetes wraps silently)
     */
    public long value() {
        return amount.setScale(0, RoundingMode.UP).longValueExact();
    }

    /**
     * The value in thousandths, rounded up, away from zero (Kubernetes' {@code MilliValue()}).
     *
     * @throws ArithmeticException when it does not fit in a long (Kubernetes wraps silently)
     */
    public long milliValue() {
        return amount.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact();
    }

    // ------------------------------------------------------------------------------------------ arithmetic

    /**
     * The sum (CEL's {@code add}). The result keeps this quantity's format, or takes {@code other}'s when this one
     * is zero, as Kubernetes' {@code Add} does.
     */
    public Quantity add(Quantity other) {
        Objects.requireNonNull(other, "other");
        Format f = format;
        if (!decimal && !other.decimal) {
            if (amount.signum() == 0) {
                f = other.format;
            }
            BigDecimal sum = Int64.add(amount, other.amount);
            if (sum != null) {
                return new Quantity(sum, false, f, null);
            }
        } else if (amount.signum() == 0) {
            f = other.format;
        }
        return new Quantity(amount.add(other.amount), true, f, null);
    }

    /** The sum with an integer, which Kubernetes' CEL library treats as a quantity in exponent format. */
    public Quantity add(long other) {
        return add(of(other, Format.DECIMAL_EXPONENT));
    }

    /**
     * The difference (CEL's {@code sub}). The result keeps this quantity's format, or takes {@code other}'s when this
     * one is zero, as Kubernetes' {@code Sub} does.
     */
    public Quantity subtract(Quantity other) {
        Objects.requireNonNull(other, "other");
        Format f = amount.signum() == 0 ? other.format : format;
        if (!decimal && !other.decimal) {
            BigDecimal negated = Int64.negate(other.amount);
            BigDecimal difference = negated == null ? null : Int64.add(amount, negated);
            if (difference != null) {
                return new Quantity(difference, false, f, null);
            }
        }
        return new Quantity(amount.subtract(other.amount), true, f, null);
    }

    /** The difference with an integer, which Kubernetes' CEL library treats as a quantity in exponent format. */
    public Quantity subtract(long other) {
        return subtract(of(other, Format.DECIMAL_EXPONENT));
    }

    /** The quantity with the opposite sign, same format. */
    public Quantity negate() {
        BigDecimal negated = decimal ? null : Int64.negate(amount);
        return negated != null ? new Quantity(negated, false, format, null)
                : new Quantity(amount.negate(), true, format, null);
    }

    // ------------------------------------------------------------------------------------------ comparison

    /** -1, 0 or 1 as this quantity is less than, equal to or greater than {@code other} (CEL's {@code compareTo}). */
    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    /** Whether this quantity is greater than {@code other} (CEL's {@code isGreaterThan}). */
    public boolean isGreaterThan(Quantity other) {
        return compareTo(other) > 0;
    }

    /** Whether this quantity is less than {@code other} (CEL's {@code isLessThan}). */
    public boolean isLessThan(Quantity other) {
        return compareTo(other) < 0;
    }

    /** Numeric equality, whatever the formats ({@code 1Gi} equals {@code 1024Mi}), as Kubernetes' {@code Equal}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Kubernetes' scaled-int64 arithmetic ({@code int64Amount}), null where it overflows and falls back. */
    private static final class Int64 {
        private Int64() {
        }

        /** {@code a + b} with the scale rules of {@code int64Amount.Add}; null on overflow. */
        static BigDecimal add(BigDecimal a, BigDecimal b) {
            long av = a.unscaledValue().longValue();
            long bv = b.unscaledValue().longValue();
            int as = -a.scale();
            int bs = -b.scale();
            try {
                if (bv == 0) {
                    return a;
                }
                if (av == 0) {
                    return b;
                }
                if (as == bs) {
                    return BigDecimal.valueOf(Math.addExact(av, bv), -as);
                }
                if (as > bs) {
                    Long scaled = scaleUp(av, as - bs);
                    return scaled == null ? null : BigDecimal.valueOf(Math.addExact(scaled, bv), -bs);
                }
                Long scaled = scaleUp(bv, bs - as);
                return scaled == null ? null : BigDecimal.valueOf(Math.addExact(av, scaled), -as);
            } catch (ArithmeticException overflow) {
                return null;
            }
        }

        static BigDecimal negate(BigDecimal a) {
            long v = a.unscaledValue().longValue();
            return v == Long.MIN_VALUE ? null : BigDecimal.valueOf(-v, a.scale());
        }

        /** {@code value * 10^scale} for scale >= 0, null on overflow (Kubernetes' {@code positiveScaleInt64}). */
        static Long scaleUp(long value, int scale) {
            long v = value;
            for (int i = 0; i < scale; i++) {
                if (v == 0) {
                    return 0L;
                }
                if (v == Long.MIN_VALUE) {
                    return null;
                }
                try {
                    v = Math.multiplyExact(v, 10L);
                } catch (ArithmeticException overflow) {
                    return null;
                }
            }
            return v;
        }
    }

    /** Go's {@code math.Pow10}: products of exactly rounded table entries, so results match Go bit for bit. */
    private static final class GoPow10 {
        private static final double[] TAB = new double[32];
        private static final double[] POS32 = new double[10];
        private static final double[] NEG32 = new double[11];

        static {
            for (int i = 0; i < TAB.length; i++) {
                TAB[i] = Double.parseDouble("1e" + i);
            }
            for (int i = 0; i < POS32.length; i++) {
                POS32[i] = Double.parseDouble("1e" + (32 * i));
            }
            for (int i = 0; i < NEG32.length; i++) {
                NEG32[i] = Double.parseDouble("1e-" + (32 * i));
            }
        }

        private GoPow10() {
        }

        static double pow10(int n) {
            if (n >= 0 && n <= 308) {
                return POS32[n / 32] * TAB[n % 32];
            }
            if (n >= -323 && n <= 0) {
                return NEG32[-n / 32] / TAB[-n % 32];
            }
            return n > 0 ? Double.POSITIVE_INFINITY : 0;
        }
    }
}
