package io.mig4j.dra;

import io.mig4j.dra.Quantity.Format;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Kubernetes' quantity text: parsing ({@code ParseQuantity}, {@code parseQuantityString}, the suffixer of
 * {@code suffix.go}) and canonical formatting ({@code CanonicalizeBytes}), as in {@code pkg/api/resource/} of
 * kubernetes/apimachinery (commit eed236ce). Kept apart from {@link Quantity} to keep each class readable.
 */
final class QuantityText {
    private static final int NANO = -9;
    private static final int MAX_INT64_FACTORS = 18;
    private static final BigDecimal MAX_ALLOWED = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MINUS_1024 = BigDecimal.valueOf(-1024);
    private static final BigDecimal PLUS_1024 = BigDecimal.valueOf(1024);
    private static final BigInteger BIG_1024 = BigInteger.valueOf(1024);
    /** Exponents beyond this would make Kubernetes (and us) build numbers of millions of digits; refused. */
    private static final int MAX_DIGITS = 100_000;
    private static final String SUFFIX_LETTERS = "eEinumkKMGTP";

    private QuantityText() {
    }

    static Quantity parse(String text) {
        Scanned s = scan(text);
        Suffix suffix = Suffix.interpret(s.suffix);
        if (suffix == null) {
            throw new QuantityFormatException(text, Quantity.SUFFIX);
        }
        Quantity fast = parseFast(text, s, suffix);
        return fast != null ? fast : parseDecimal(text, s, suffix);
    }

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
            throw new QuantityFormatException(str, Quantity.FORMAT_WRONG);
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
        return Quantity.create(amount, false, suffix.format, canonical ? text : null);
    }

    /** Kubernetes' arbitrary-precision path: exact value, rounded up to nano units, binary capped at 2^63-1. */
    private static Quantity parseDecimal(String text, Scanned s, Suffix suffix) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(s.value);
        } catch (NumberFormatException e) {
            throw new QuantityFormatException(text, Quantity.NUMERIC);
        }
        if (suffix.base == 10) {
            long resultingScale = (long) amount.scale() - suffix.exponent;
            if (Math.abs(resultingScale) > MAX_DIGITS) {
                throw new QuantityFormatException(text, Quantity.NUMERIC + " (exponent out of range)");
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
        return Quantity.create(negative ? amount.negate() : amount, true, format, null);
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

    static String canonicalize(BigDecimal amount, Quantity.Format format) {
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
}
