package io.mig4j.dra;

import java.math.BigDecimal;

/**
 * Numeric helpers of {@link Quantity} that reproduce Kubernetes and Go bit for bit: the scaled-int64 arithmetic of
 * {@code amount.go} / {@code math.go} (kubernetes/apimachinery) and Go's {@code math.Pow10}.
 */
final class QuantityMath {
    private QuantityMath() {
    }

    // Kubernetes' scaled-int64 arithmetic (int64Amount): null where it overflows and Kubernetes falls back.

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

    // Go's math.Pow10: products of exactly rounded table entries, so results match Go bit for bit.
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
