package io.mig4j.dra;

import static io.mig4j.dra.Quantity.Format.BINARY_SI;
import static io.mig4j.dra.Quantity.Format.DECIMAL_EXPONENT;
import static io.mig4j.dra.Quantity.Format.DECIMAL_SI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig4j.dra.Quantity.Format;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Quantity} against the cases of Kubernetes' own tests: {@code pkg/api/resource/quantity_test.go} in
 * kubernetes/apimachinery (commit eed236ce; the same file is
 * {@code staging/src/k8s.io/apimachinery/pkg/api/resource/quantity_test.go} in kubernetes/kubernetes). The tables
 * below restate the cases of {@code TestQuantityParse}, {@code TestQuantityString}, {@code TestQuantityParseEmit},
 * {@code TestParseQuantity}, {@code TestQuantityCmp}, {@code TestAdd}, {@code TestSub}, {@code TestNewSet},
 * {@code TestMilliNewSet}, {@code TestNewScaledSet} and {@code TestQuantityAsApproximateFloat64} in our own code,
 * plus the examples of the CEL quantity library ({@code pkg/cel/library/quantity.go}, kubernetes/apiserver).
 */
class QuantityTest {

    /** {@code decQuantity(i, exponent, format)} of the Go tests: the value {@code i * 10^exponent}. */
    private static BigDecimal dec(long i, int exponent) {
        return new BigDecimal(BigInteger.valueOf(i), -exponent);
    }

    private record Parse(String input, BigDecimal value, Format format) {
    }

    private static Parse p(String input, long i, int exponent, Format format) {
        return new Parse(input, dec(i, exponent), format);
    }

    /** TestQuantityParse's table. */
    private static final List<Parse> PARSE = List.of(
            p("0", 0, 0, DECIMAL_SI), p("0n", 0, 0, DECIMAL_SI), p("0u", 0, 0, DECIMAL_SI), p("0m", 0, 0, DECIMAL_SI),
            p("0Ki", 0, 0, BINARY_SI), p("0k", 0, 0, DECIMAL_SI), p("0Mi", 0, 0, BINARY_SI), p("0M", 0, 0, DECIMAL_SI),
            p("0Gi", 0, 0, BINARY_SI), p("0G", 0, 0, DECIMAL_SI), p("0Ti", 0, 0, BINARY_SI), p("0T", 0, 0, DECIMAL_SI),
            p("1", 1, 0, DECIMAL_SI),
            p("1Ki", 1024, 0, BINARY_SI), p("8Ki", 8 * 1024, 0, BINARY_SI), p("7Mi", 7L << 20, 0, BINARY_SI),
            p("6Gi", 6L << 30, 0, BINARY_SI), p("5Ti", 5L << 40, 0, BINARY_SI), p("4Pi", 4L << 50, 0, BINARY_SI),
            p("3Ei", 3L << 60, 0, BINARY_SI), p("10Ti", 10L << 40, 0, BINARY_SI), p("100Ti", 100L << 40, 0, BINARY_SI),
            p("5n", 5, -9, DECIMAL_SI), p("4u", 4, -6, DECIMAL_SI), p("3m", 3, -3, DECIMAL_SI), p("9", 9, 0, DECIMAL_SI),
            p("8k", 8, 3, DECIMAL_SI), p("50k", 5, 4, DECIMAL_SI), p("7M", 7, 6, DECIMAL_SI), p("6G", 6, 9, DECIMAL_SI),
            p("5T", 5, 12, DECIMAL_SI), p("40T", 4, 13, DECIMAL_SI), p("300T", 3, 14, DECIMAL_SI),
            p("2P", 2, 15, DECIMAL_SI), p("1E", 1, 18, DECIMAL_SI),
            p("1E-3", 1, -3, DECIMAL_EXPONENT), p("1e3", 1, 3, DECIMAL_EXPONENT), p("1E6", 1, 6, DECIMAL_EXPONENT),
            p("1e9", 1, 9, DECIMAL_EXPONENT), p("1E12", 1, 12, DECIMAL_EXPONENT), p("1e15", 1, 15, DECIMAL_EXPONENT),
            p("1E18", 1, 18, DECIMAL_EXPONENT),
            p("1e14", 1, 14, DECIMAL_EXPONENT), p("1e13", 1, 13, DECIMAL_EXPONENT),
            p("100.035k", 100035, 0, DECIMAL_SI),
            p("0.001", 1, -3, DECIMAL_SI), p("0.0005k", 5, -1, DECIMAL_SI), p("0.005", 5, -3, DECIMAL_SI),
            p("0.05", 5, -2, DECIMAL_SI), p("0.5", 5, -1, DECIMAL_SI), p("0.00050k", 5, -1, DECIMAL_SI),
            p("0.00500", 5, -3, DECIMAL_SI), p("0.05000", 5, -2, DECIMAL_SI), p("0.50000", 5, -1, DECIMAL_SI),
            p("0.5e0", 5, -1, DECIMAL_EXPONENT), p("0.5e-1", 5, -2, DECIMAL_EXPONENT),
            p("0.5e-2", 5, -3, DECIMAL_EXPONENT), p("10.035M", 10035, 3, DECIMAL_SI),
            p("1.2e3", 12, 2, DECIMAL_EXPONENT), p("1.3E+6", 13, 5, DECIMAL_EXPONENT),
            p("1.40e9", 14, 8, DECIMAL_EXPONENT), p("1.53E12", 153, 10, DECIMAL_EXPONENT),
            p("1.6e15", 16, 14, DECIMAL_EXPONENT), p("1.7E18", 17, 17, DECIMAL_EXPONENT),
            p("9.01", 901, -2, DECIMAL_SI), p("8.1k", 81, 2, DECIMAL_SI), p("7.123456M", 7123456, 0, DECIMAL_SI),
            p("6.987654321G", 6987654321L, 0, DECIMAL_SI), p("5.444T", 5444, 9, DECIMAL_SI),
            p("40.1T", 401, 11, DECIMAL_SI), p("300.2T", 3002, 11, DECIMAL_SI), p("2.5P", 25, 14, DECIMAL_SI),
            p("1.01E", 101, 16, DECIMAL_SI),
            // things that saturate or round up
            p("3.001n", 4, -9, DECIMAL_SI), p("1.1E-9", 2, -9, DECIMAL_EXPONENT),
            p("0.0000000001", 1, -9, DECIMAL_SI), p("0.0000000005", 1, -9, DECIMAL_SI),
            p("0.00000000050", 1, -9, DECIMAL_SI), p("0.5e-9", 1, -9, DECIMAL_EXPONENT), p("0.9n", 1, -9, DECIMAL_SI),
            p("0.00000012345", 124, -9, DECIMAL_SI), p("0.00000012354", 124, -9, DECIMAL_SI),
            p("9Ei", Long.MAX_VALUE, 0, BINARY_SI), p("9223372036854775807Ki", Long.MAX_VALUE, 0, BINARY_SI),
            p("12E", 12, 18, DECIMAL_SI),
            // fractional binary
            p("100.035Ki", 10243584, -2, BINARY_SI), p("0.5Mi", 512 * 1024, 0, BINARY_SI),
            p("0.05Gi", 536870912, -1, BINARY_SI), p("0.025Ti", 274877906944L, -1, BINARY_SI),
            // "things written by trolls"
            p("0.000000000001Ki", 2, -9, DECIMAL_SI), p(".001", 1, -3, DECIMAL_SI), p(".0001k", 100, -3, DECIMAL_SI),
            p("1.", 1, 0, DECIMAL_SI), p("1.G", 1, 9, DECIMAL_SI));

    @Test
    void parsesEveryCaseOfKubernetesParseTableWithItsValueAndFormat() {
        for (Parse c : PARSE) {
            Quantity q = Quantity.parse(c.input);
            assertThat(q.toBigDecimal()).as(c.input).isEqualByComparingTo(c.value);
            assertThat(q.format()).as(c.input).isEqualTo(c.format);
        }
    }

    @Test
    void negativeAndExplicitlyPositiveFormsOfTheParseTableKeepValueAndFormat() {
        for (Parse c : PARSE) {
            Quantity neg = Quantity.parse("-" + c.input);
            assertThat(neg.toBigDecimal()).as("-" + c.input).isEqualByComparingTo(c.value.negate());
            assertThat(neg.format()).as("-" + c.input).isEqualTo(c.format);
            Quantity pos = Quantity.parse("+" + c.input);
            assertThat(pos.toBigDecimal()).as("+" + c.input).isEqualByComparingTo(c.value);
            assertThat(pos.format()).as("+" + c.input).isEqualTo(c.format);
        }
    }

    @Test
    void rejectsWhatKubernetesRejectsWithItsMessage() {
        for (String bad : List.of("1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-",
                " 1", "1 ", "", "1K", "1e")) {
            assertThatThrownBy(() -> Quantity.parse(bad)).as(bad).isInstanceOf(QuantityFormatException.class);
            assertThat(Quantity.isQuantity(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> Quantity.parse("aoeu")).isInstanceOf(QuantityFormatException.class)
                .extracting(e -> ((QuantityFormatException) e).reason()).isEqualTo(
                        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThatThrownBy(() -> Quantity.parse("0.1mi")).extracting(e -> ((QuantityFormatException) e).reason())
                .isEqualTo("unable to parse quantity's suffix");
        assertThatThrownBy(() -> Quantity.parse("Ei")).extracting(e -> ((QuantityFormatException) e).reason())
                .isEqualTo("unable to parse numeric part of quantity");
        assertThat(Quantity.isQuantity("10Gi")).isTrue();
    }

    private record Emit(Quantity in, String expect, String alternate) {
    }

    private static Emit e(long i, int exponent, Format format, String expect, String alternate) {
        return new Emit(Quantity.of(dec(i, exponent), format), expect, alternate);
    }

    /** TestQuantityString's table: canonical text, and an alternate spelling that parses to the same text. */
    private static final List<Emit> STRING = List.of(
            e(1L << 30, 0, BINARY_SI, "1Gi", "1024Mi"), e(300L << 20, 0, BINARY_SI, "300Mi", "307200Ki"),
            e(6 * 1024, 0, BINARY_SI, "6Ki", ""), e(1001L << 30, 0, BINARY_SI, "1001Gi", "1025024Mi"),
            e(1L << 40, 0, BINARY_SI, "1Ti", "1024Gi"), e(5, 0, BINARY_SI, "5", "5000m"),
            e(500, -3, BINARY_SI, "500m", "0.5"), e(1, 9, DECIMAL_SI, "1G", "1000M"),
            e(1000, 6, DECIMAL_SI, "1G", "0.001T"), e(1000000, 3, DECIMAL_SI, "1G", ""),
            e(1000000000, 0, DECIMAL_SI, "1G", ""), e(1, -3, DECIMAL_SI, "1m", "1000u"),
            e(80, -3, DECIMAL_SI, "80m", ""), e(1080, -3, DECIMAL_SI, "1080m", "1.08"),
            e(108, -2, DECIMAL_SI, "1080m", "1080000000n"), e(10800, -4, DECIMAL_SI, "1080m", ""),
            e(300, 6, DECIMAL_SI, "300M", ""), e(1, 12, DECIMAL_SI, "1T", ""),
            e(1234567, 6, DECIMAL_SI, "1234567M", ""), e(1234567, -3, BINARY_SI, "1234567m", ""),
            e(3, 3, DECIMAL_SI, "3k", ""), e(1025, 0, BINARY_SI, "1025", ""), e(0, 0, DECIMAL_SI, "0", ""),
            e(0, 0, BINARY_SI, "0", ""), e(1, 9, DECIMAL_EXPONENT, "1e9", ".001e12"),
            e(1, -3, DECIMAL_EXPONENT, "1e-3", "0.001e0"), e(1, -9, DECIMAL_EXPONENT, "1e-9", "1000e-12"),
            e(80, -3, DECIMAL_EXPONENT, "80e-3", ""), e(300, 6, DECIMAL_EXPONENT, "300e6", ""),
            e(1, 12, DECIMAL_EXPONENT, "1e12", ""), e(1, 3, DECIMAL_EXPONENT, "1e3", ""),
            e(3, 3, DECIMAL_EXPONENT, "3e3", ""), e(3, 3, DECIMAL_SI, "3k", ""),
            e(0, 0, DECIMAL_EXPONENT, "0", "00"), e(1, -9, DECIMAL_SI, "1n", ""), e(80, -9, DECIMAL_SI, "80n", ""),
            e(1080, -9, DECIMAL_SI, "1080n", ""), e(108, -8, DECIMAL_SI, "1080n", ""),
            e(10800, -10, DECIMAL_SI, "1080n", ""), e(1, -6, DECIMAL_SI, "1u", ""), e(80, -6, DECIMAL_SI, "80u", ""),
            e(1080, -6, DECIMAL_SI, "1080u", ""));

    @Test
    void writesTheCanonicalTextOfKubernetesStringTable() {
        for (Emit c : STRING) {
            assertThat(c.in.toString()).as(c.expect).isEqualTo(c.expect);
            Quantity reparsed = Quantity.parse(c.expect);
            assertThat(reparsed.keptInputText()).as("canonical text kept on parse: " + c.expect).isEqualTo(c.expect);
            if (!c.alternate.isEmpty()) {
                Quantity alt = Quantity.parse(c.alternate);
                assertThat(alt.keptInputText()).as(c.alternate).isNull();
                assertThat(alt.toString()).as(c.alternate).isEqualTo(c.expect);
            }
            if (!c.in.isZero()) {
                assertThat(c.in.negate().toString()).as("-" + c.expect).isEqualTo("-" + c.expect);
            }
        }
    }

    @Test
    void parseThenEmitAsKubernetesDoes() {
        String[][] table = {{"1Ki", "1Ki"}, {"1Mi", "1Mi"}, {"1Gi", "1Gi"}, {"1024Mi", "1Gi"}, {"1000M", "1G"},
                {".001Ki", "1024m"}, {".000001Ki", "1024u"}, {".000000001Ki", "1024n"}, {".000000000001Ki", "2n"},
                // the issue's own examples
                {"10Gi", "10Gi"}, {"10240Mi", "10Gi"}, {"1.5G", "1500M"}, {"100m", "100m"}, {"1.5Gi", "1536Mi"},
                {"1.5", "1500m"}, {"0.1m", "100u"}, {"1e3", "1e3"}, {"1000e0", "1e3"}, {"12e6", "12e6"}};
        for (String[] row : table) {
            assertThat(Quantity.parse(row[0]).toString()).as(row[0]).isEqualTo(row[1]);
            assertThat(Quantity.parse("-" + row[0]).toString()).as("-" + row[0]).isEqualTo("-" + row[1]);
        }
    }

    @Test
    void keepsTheInputTextWhereKubernetesFastPathDoes() {
        // quantity.go ParseQuantity keeps str when the scaled int64 "is in canonical form" by its cheap check:
        // these odd spellings come back verbatim from a real API server too.
        assertThat(Quantity.parse("1.G").toString()).isEqualTo("1.G");
        assertThat(Quantity.parse("+1").toString()).isEqualTo("+1");
        assertThat(Quantity.parse("0100").toString()).isEqualTo("0100");
        // no suffix name for 10^21: Kubernetes writes the mantissa alone
        assertThat(Quantity.parse("1000E").toString()).isEqualTo("1");
        assertThat(Quantity.parse(".").isZero()).isTrue();
        assertThat(Quantity.parse("Ki").isZero()).isTrue();
    }

    private record Exact(String input, Long asInt64, String asDec, String canonical) {
    }

    private static Exact x(String input, Long asInt64, String asDec, String canonical) {
        return new Exact(input, asInt64, asDec, canonical);
    }

    @Test
    void integerRepresentationAndCanonicalTextAtTheInt64LimitsAsKubernetesTestParseQuantity() {
        List<Exact> table = List.of(
                x("-999999999999999999", -999999999999999999L, "-999999999999999999", null),
                x("999999999999999999", 999999999999999999L, "999999999999999999", null),
                x("-999999999999999999.0", null, "-999999999999999999", "-999999999999999999"),
                x("999999999999999999.1", null, "999999999999999999.1", "999999999999999999100m"),
                x("-9999999999999999999", null, "-9999999999999999999", null),
                x("-1E", -1000000000000000000L, "-1000000000000000000", null),
                x("1E", 1000000000000000000L, "1000000000000000000", null),
                x("1000000000000000000", null, "1000000000000000000", "1E"),
                x("1.0E", 1000000000000000000L, "1000000000000000000", "1E"),
                x("-1.0E", -1000000000000000000L, "-1000000000000000000", "-1E"),
                x("9999999999999999999000m", null, "9999999999999999999", "9999999999999999999"),
                x("1.0000000000000000001E", null, "1000000000000000000.1", "1000000000000000000100m"),
                x("1.000000000000000001E", null, "1000000000000000001", "1000000000000000001"),
                x("10E", null, "10000000000000000000", null),
                x("10000000000000000000", null, "10000000000000000000", "10E"),
                x("-10000000000000000000000m", null, "-10000000000000000000", "-10E"),
                x("10.000000000000000001E", null, "10000000000000000001", "10000000000000000001"),
                x("-9223372036854775809", null, "-9223372036854775809", null),
                x("9223372036854775807", null, "9223372036854775807", null),
                x("9223372036854775807000m", null, "9223372036854775807", "9223372036854775807"),
                x("9223372036854775808.1", null, "9223372036854775808.1", "9223372036854775808100m"));
        for (Exact c : table) {
            Quantity q = Quantity.parse(c.input);
            assertThat(q.isInteger()).as(c.input + " isInteger").isEqualTo(c.asInt64 != null);
            if (c.asInt64 != null) {
                assertThat(q.asInteger()).as(c.input).isEqualTo(c.asInt64);
            } else {
                assertThatThrownBy(q::asInteger).as(c.input).isInstanceOf(ArithmeticException.class)
                        .hasMessage("cannot convert value to integer");
            }
            assertThat(q.toBigDecimal()).as(c.input).isEqualByComparingTo(new BigDecimal(c.asDec));
            assertThat(q.toString()).as(c.input).isEqualTo(c.canonical == null ? c.input : c.canonical);
        }
    }

    @Test
    void comparesNumericallyWhateverTheFormat() {
        assertThat(Quantity.parse("0").compareTo(Quantity.parse("0"))).isZero();
        assertThat(Quantity.parse("100m").compareTo(Quantity.parse("50m"))).isEqualTo(1);
        assertThat(Quantity.parse("50m").compareTo(Quantity.parse("100m"))).isEqualTo(-1);
        assertThat(Quantity.parse("10000T").compareTo(Quantity.parse("100Gi"))).isEqualTo(1);
        // TestQuantityCmpInt64AndDec (selected rows), both orders
        assertCmp(Quantity.ofScaled(901, -2), Quantity.ofScaled(901, -2), 0);
        assertCmp(Quantity.ofScaled(90, -1), Quantity.ofScaled(901, -2), -1);
        assertCmp(Quantity.ofScaled(0, 1), Quantity.ofScaled(0, -1), 0);
        assertCmp(Quantity.ofScaled(800, -3), Quantity.ofScaled(79, -2), 1);
        assertCmp(Quantity.ofScaled(Long.MAX_VALUE, -16), Quantity.ofScaled(1, 3), -1);
        assertCmp(Quantity.ofScaled(Long.MIN_VALUE, -19), Quantity.ofScaled(-1, 0), 1);
        assertCmp(Quantity.ofScaled(1_000000_000000_000000L, -17), Quantity.ofScaled(1, 1), 0);
        assertCmp(Quantity.ofScaled(1_000000_000000_000000L - 1, -17), Quantity.ofScaled(1, 1), -1);
        // the CEL library's documented examples
        assertThat(Quantity.parse("200M").compareTo(Quantity.parse("0.2G"))).isZero();
        assertThat(Quantity.parse("50M").compareTo(Quantity.parse("50Mi"))).isEqualTo(-1);
        assertThat(Quantity.parse("150Mi").isGreaterThan(Quantity.parse("100Mi"))).isTrue();
        assertThat(Quantity.parse("50Mi").isGreaterThan(Quantity.parse("100Mi"))).isFalse();
        assertThat(Quantity.parse("50M").isLessThan(Quantity.parse("100M"))).isTrue();
        assertThat(Quantity.parse("10Gi")).isEqualTo(Quantity.parse("10240Mi")).hasSameHashCodeAs(
                Quantity.parse("10240Mi")).isEqualTo(Quantity.parse("10737418240"));
        assertThat(Quantity.parse("1.5").hashCode()).isEqualTo(Quantity.parse("1500m").hashCode());
    }

    private static void assertCmp(Quantity a, Quantity b, int expected) {
        assertThat(a.compareTo(b)).as(a + " vs " + b).isEqualTo(expected);
        assertThat(b.compareTo(a)).as(b + " vs " + a).isEqualTo(-expected);
    }

    @Test
    void addAndSubtractKeepTheFormatRulesOfKubernetes() {
        // TestAdd / TestSub
        assertThat(Quantity.of(dec(10, 0), DECIMAL_SI).add(Quantity.of(dec(1, 1), DECIMAL_SI)))
                .isEqualTo(Quantity.of(20, DECIMAL_SI));
        assertThat(Quantity.of(dec(10, 0), BINARY_SI).add(Quantity.of(dec(1, 0), DECIMAL_SI)).format())
                .isEqualTo(BINARY_SI);
        assertThat(Quantity.of(dec(10, 0), DECIMAL_SI).subtract(Quantity.of(dec(1, 1), DECIMAL_SI)).isZero()).isTrue();
        assertThat(Quantity.of(dec(10, 0), BINARY_SI).subtract(Quantity.of(dec(1, 0), DECIMAL_SI)))
                .isEqualTo(Quantity.of(9, BINARY_SI));
        // TestQuantityAddZeroPreservesSuffix / TestQuantitySubZeroPreservesSuffix
        Quantity zero = Quantity.parse("0");
        for (String v : List.of("100m", "1Gi")) {
            Quantity q = Quantity.parse(v);
            assertThat(q.add(zero).toString()).isEqualTo(v);
            assertThat(zero.add(q).toString()).isEqualTo(v);
            assertThat(q.subtract(zero).toString()).isEqualTo(v);
            assertThat(zero.subtract(q).toString()).isEqualTo(q.negate().toString());
        }
        // the CEL library's documented examples
        Quantity k50 = Quantity.parse("50k");
        assertThat(k50.add(Quantity.parse("20k"))).isEqualTo(Quantity.parse("70k"));
        assertThat(k50.add(20)).isEqualTo(Quantity.parse("50020"));
        assertThat(k50.subtract(Quantity.parse("20k"))).isEqualTo(Quantity.parse("30k"));
        assertThat(k50.subtract(20000)).isEqualTo(Quantity.parse("30k"));
        assertThat(k50.add(20).subtract(Quantity.parse("100k")).subtract(-50000)).isEqualTo(Quantity.parse("20"));
        assertThat(k50.subtract(20000).asApproximateFloat()).isEqualTo(30000.0);
        // overflow of the int64 form falls back to exact arithmetic
        Quantity max = Quantity.of(Long.MAX_VALUE, DECIMAL_SI);
        assertThat(max.add(max).toBigDecimal()).isEqualByComparingTo(
                new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE).shiftLeft(1)));
        assertThat(max.add(max).isInteger()).isFalse();
    }

    @Test
    void addingAndSubtractingTheSameRandomValuesCancels() {
        long seed = Long.getLong("mig4j.seed", 4242L);
        Random random = new Random(seed);
        for (int k = -10; k <= 10; k++) {
            Quantity q = Quantity.of(0, DECIMAL_SI);
            List<Long> order = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long j = random.nextLong() & Long.MAX_VALUE;
                order.add(j);
                q = q.add(Quantity.ofScaled(j, k));
            }
            for (long j : order) {
                q = q.subtract(Quantity.ofScaled(j, k));
            }
            assertThat(q.isZero()).as("seed " + seed + ", scale " + k).isTrue();
        }
    }

    @Test
    void factoriesWriteWhatKubernetesWrites() {
        // TestNewSet
        assertThat(Quantity.of(1, DECIMAL_SI)).hasToString("1");
        assertThat(Quantity.of(1000, DECIMAL_SI)).hasToString("1k");
        assertThat(Quantity.of(1234000, DECIMAL_SI)).hasToString("1234k");
        assertThat(Quantity.of(1024, BINARY_SI)).hasToString("1Ki");
        assertThat(Quantity.of(1000000, DECIMAL_EXPONENT)).hasToString("1e6");
        assertThat(Quantity.of(1024 * 1024, BINARY_SI)).hasToString("1Mi");
        // TestMilliNewSet
        assertThat(Quantity.ofMilli(1, DECIMAL_SI)).hasToString("1m");
        assertThat(Quantity.ofMilli(1000, DECIMAL_SI)).hasToString("1");
        assertThat(Quantity.ofMilli(1234000, DECIMAL_SI)).hasToString("1234");
        assertThat(Quantity.ofMilli(1024, BINARY_SI)).hasToString("1024m");
        assertThat(Quantity.ofMilli(1000000, DECIMAL_EXPONENT)).hasToString("1e3");
        assertThat(Quantity.ofMilli(1024 * 1024, BINARY_SI)).hasToString("1048576m");
        assertThat(Quantity.parse("1m").milliValue()).isEqualTo(1);
        // TestNewScaledSet
        assertThat(Quantity.ofScaled(1, -9)).hasToString("1n");
        assertThat(Quantity.ofScaled(1000, -9)).hasToString("1u");
        assertThat(Quantity.ofScaled(1000, -6)).hasToString("1m");
        assertThat(Quantity.ofScaled(1000, -3)).hasToString("1");
        assertThat(Quantity.ofScaled(0, -9)).hasToString("0");
        // Value(): rounded up away from zero
        assertThat(Quantity.parse("9.01").value()).isEqualTo(10);
        assertThat(Quantity.parse("-9.01").value()).isEqualTo(-10);
        // what NVIDIA's driver publishes for a 1g.10gb instance
        assertThat(Quantity.ofMebibytes(9856)).hasToString("9856Mi");
        assertThat(Quantity.ofMebibytes(81920)).hasToString("80Gi");
    }

    @Test
    void integerAndFloatViewsAsTheCelLibrary() {
        assertThat(Quantity.parse("50000000G").isInteger()).isTrue();
        assertThat(Quantity.parse("50k").isInteger()).isTrue();
        assertThat(Quantity.parse("50k").asInteger()).isEqualTo(50000);
        assertThat(Quantity.parse("9999999999999999999999999999999999999G").isInteger()).isFalse();
        assertThatThrownBy(() -> Quantity.parse("9999999999999999999999999999999999999G").asInteger())
                .hasMessage("cannot convert value to integer");
        assertThat(Quantity.parse("1536Mi").isInteger()).isTrue();
        assertThat(Quantity.parse("1.5Gi").isInteger()).isFalse();
        assertThat(Quantity.parse("1000m").isInteger()).isFalse();
        assertThat(Quantity.parse("-5").sign()).isEqualTo(-1);
        assertThat(Quantity.parse("0Gi").sign()).isZero();
        assertThat(Quantity.parse("1m").sign()).isEqualTo(1);
        // TestStringQuantityAsApproximateFloat64 and TestQuantityAsApproximateFloat64 (selected rows)
        assertThat(Quantity.parse("2Ki").asApproximateFloat()).isEqualTo(2048.0);
        assertThat(Quantity.parse("1.1Ki").asApproximateFloat()).isEqualTo(1126.4);
        assertThat(Quantity.parse("1Mi").asApproximateFloat()).isEqualTo(1.048576e+06);
        assertThat(Quantity.parse("2Gi").asApproximateFloat()).isEqualTo(2.147483648e+09);
        long m7 = 7L * 1024 * 1024;
        for (Format f : Format.values()) {
            assertThat(Quantity.of(dec(m7, 8), f).asApproximateFloat()).isEqualTo(m7 * 100000000.0);
            assertThat(Quantity.of(dec(m7, -1), f).asApproximateFloat()).isEqualTo(m7 * 0.1);
            assertThat(Quantity.of(dec(m7, -8), f).asApproximateFloat()).isEqualTo(m7 / 100000000.0);
        }
        assertThat(Quantity.of(dec(12, 18), DECIMAL_SI).asApproximateFloat()).isEqualTo(1.2e19);
        assertThat(Quantity.of(dec(Long.MAX_VALUE, 0), BINARY_SI).asApproximateFloat())
                .isEqualTo((double) Long.MAX_VALUE);
        assertThat(Quantity.of(dec(12, 500), DECIMAL_SI).asApproximateFloat()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Quantity.of(dec(-12, 500), DECIMAL_SI).asApproximateFloat()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void convertsToAndFromFabric8() {
        io.fabric8.kubernetes.api.model.Quantity f = Quantity.parse("10240Mi").toFabric8();
        assertThat(f.toString()).isEqualTo("10Gi");
        assertThat(Quantity.fromFabric8(f)).isEqualTo(Quantity.parse("10Gi"));
        assertThat(Quantity.fromFabric8(new io.fabric8.kubernetes.api.model.Quantity("1.5", "Gi")))
                .hasToString("1536Mi");
        assertThat(Quantity.fromFabric8(new io.fabric8.kubernetes.api.model.Quantity("1e3")).format())
                .isEqualTo(DECIMAL_EXPONENT);
        assertThatThrownBy(() -> Quantity.fromFabric8(new io.fabric8.kubernetes.api.model.Quantity("10", "GB")))
                .isInstanceOf(QuantityFormatException.class).hasMessageContaining("10GB");
    }
}
