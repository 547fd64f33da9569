package io.mig4j.dra;

import java.math.BigDecimal;
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
    /** The text split as fabric8 holds it: amount and unit (or null), computed once. */
    private volatile String[] fabric8Parts;

    private Quantity(BigDecimal amount, boolean decimal, Format format, String inputText) {
        this.amount = amount;
        this.decimal = decimal;
        this.format = format;
        this.inputText = inputText;
    }

    // ------------------------------------------------------------------------------------------ construction

    /** For {@link QuantityText}: a quantity as Kubernetes' parser leaves it. */
    static Quantity create(BigDecimal amount, boolean decimal, Format format, String inputText) {
        return new Quantity(amount, decimal, format, inputText);
    }

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
        return QuantityText.parse(text);
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
        String[] parts = fabric8Parts;
        if (parts == null) {
            String text = toString();
            int unit = 0;
            while (unit < text.length() && "+-.0123456789".indexOf(text.charAt(unit)) >= 0) {
                unit++;
            }
            parts = unit == text.length() ? new String[] {text, null}
                    : new String[] {text.substring(0, unit), text.substring(unit)};
            fabric8Parts = parts;
        }
        return new io.fabric8.kubernetes.api.model.Quantity(parts[0], parts[1]);
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
            c = QuantityText.canonicalize(amount, format);
            canonical = c;
        }
        return c;
    }

    /** The input text when Kubernetes keeps it verbatim, else null (for tests of that rule). */
    String keptInputText() {
        return inputText;
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
        return QuantityMath.scaleUp(value, scale);
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
        return base * QuantityMath.pow10(exponent);
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
            BigDecimal sum = QuantityMath.add(amount, other.amount);
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
            BigDecimal negated = QuantityMath.negate(other.amount);
            BigDecimal difference = negated == null ? null : QuantityMath.add(amount, negated);
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
        BigDecimal negated = decimal ? null : QuantityMath.negate(amount);
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
}
