package io.mig4j.dra.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes CEL libraries on cel-java, against Kubernetes' own test cases:
 * <ul>
 *   <li>quantity: {@code TestQuantity} in {@code k8s.io/apiserver/pkg/cel/library/quantity_test.go};</li>
 *   <li>semver: {@code TestSemver} in {@code k8s.io/apiserver/pkg/cel/library/semver_test.go};</li>
 *   <li>lists, regex and optionals: the cases {@code "lists"}, {@code "stdlib regex functions"} and
 *       {@code "optionals"} of {@code TestValidationExpressions} in
 *       {@code staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation_test.go}
 *       (kubernetes/kubernetes), with {@code self.x} replaced by the literal lists that case binds.</li>
 * </ul>
 * Where Kubernetes compares the result with an expected value, the expression here compares it in CEL; each
 * test name is the Kubernetes case name.
 */
class KubernetesLibrariesTest {
    private static final CelDevice NO_DEVICE = CelDevice.of("", null, Map.of(), Map.of());

    static boolean eval(String expression) throws CelRuntimeException {
        CompilationResult r = DeviceSelectorCompiler.storedExpressions().compile(expression);
        assertThat(r.error()).as(expression).isEmpty();
        return r.selector().matches(NO_DEVICE);
    }

    static String compileError(String expression) {
        return DeviceSelectorCompiler.storedExpressions().compile(expression).error().orElseThrow().detail();
    }

    static String runtimeError(String expression) {
        CompilationResult r = DeviceSelectorCompiler.storedExpressions().compile(expression);
        assertThat(r.error()).as(expression).isEmpty();
        try {
            r.selector().matches(NO_DEVICE);
        } catch (CelRuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no runtime error for " + expression);
    }

    // ------------------------------------------------------------------------------------------ quantity_test.go

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            parse                          | quantity("12Mi") == quantity("12582912")
            isQuantity                     | isQuantity("20")
            isQuantity_megabytes           | isQuantity("20M")
            isQuantity_mebibytes           | isQuantity("20Mi")
            isQuantity_invalidSuffix       | !isQuantity("20Mo")
            isQuantity_passingRegex        | !isQuantity("10Mm")
            equality_reflexivity           | quantity("200M") == quantity("200M")
            equality_symmetry              | quantity("200M") == quantity("0.2G") && quantity("0.2G") == quantity("200M")
            equality_transitivity          | quantity("2M") == quantity("0.002G") && quantity("2000k") == quantity("2M") && quantity("0.002G") == quantity("2000k")
            inequality                     | !(quantity("200M") == quantity("0.3G"))
            quantity_less                  | quantity("50M").isLessThan(quantity("50Mi"))
            quantity_less_obvious          | quantity("50M").isLessThan(quantity("100M"))
            quantity_less_false            | !quantity("100M").isLessThan(quantity("50M"))
            quantity_greater               | quantity("50Mi").isGreaterThan(quantity("50M"))
            quantity_greater_obvious       | quantity("150Mi").isGreaterThan(quantity("100Mi"))
            quantity_greater_false         | !quantity("50M").isGreaterThan(quantity("100M"))
            compare_equal                  | quantity("200M").compareTo(quantity("0.2G")) == 0
            compare_less                   | quantity("50M").compareTo(quantity("50Mi")) == -1
            compare_greater                | quantity("50Mi").compareTo(quantity("50M")) == 1
            add_quantity                   | quantity("50k").add(quantity("20")) == quantity("50.02k")
            add_int                        | !quantity("50k").add(20).isLessThan(quantity("50020"))
            sub_quantity                   | quantity("50k").sub(quantity("20")) == quantity("49.98k")
            sub_int                        | quantity("50k").sub(20) == quantity("49980")
            arith_chain_1                  | quantity("50k").add(20).sub(quantity("100k")).asInteger() == -49980
            arith_chain                    | quantity("50k").add(20).sub(quantity("100k")).sub(-50000).asInteger() == 20
            as_integer                     | quantity("50k").asInteger() == 50000
            is_integer                     | !quantity("9999999999999999999999999999999999999G").isInteger()
            is_integer_50                  | quantity("50").isInteger()
            as_float                       | quantity("50.703k").asApproximateFloat() == 50703.0
            add_does_not_mutate_receiver   | [quantity("9999999999999999999999999999999999999")].all(x, x.add(quantity("1")).compareTo(x.add(quantity("2"))) == -1)
            sign_of_negative               | sign(quantity("-5")) == -1 && sign(quantity("0")) == 0 && sign(quantity("1m")) == 1
            """)
    void quantity(String name, String expression) throws Exception {
        assertThat(eval(expression)).as(name).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            parseInvalidSuffix             | quantity("10Mo") == quantity("1")  | quantities must match the regular expression
            parseInvalidSuffixPassesRegex  | quantity("10Mm") == quantity("1")  | unable to parse quantity's suffix
            as_integer_error               | quantity("9999999999999999999999999999999999999G").asInteger() == 1 | cannot convert value to integer
            """)
    void quantityRuntimeErrors(String name, String expression, String error) {
        assertThat(runtimeError(expression)).as(name).contains(error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            isQuantity_noOverload   | isQuantity([1, 2, 3])  | found no matching overload for 'isQuantity' applied to
            sign_is_global          | quantity("5").sign() == 1 | found no matching overload for 'sign' applied to 'kubernetes.Quantity.()'
            no_operator_overloads   | quantity("5") >= quantity("1") | found no matching overload for '_>=_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'
            """)
    void quantityCompileErrors(String name, String expression, String error) {
        assertThat(compileError(expression)).as(name).contains(error);
    }

    // ------------------------------------------------------------------------------------------ semver_test.go

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            parse                                        | semver("1.2.3").major() == 1 && semver("1.2.3").minor() == 2 && semver("1.2.3").patch() == 3
            isSemver                                     | isSemver("1.2.3-beta.1+build.1")
            isSemver_empty_false                         | !isSemver("")
            isSemver_v_prefix_false                      | !isSemver("v1.0.0")
            isSemver_v_leading_whitespace_false          | !isSemver(" 1.0.0")
            isSemver_v_contains_whitespace_false         | !isSemver("1. 0.0")
            isSemver_v_trailing_whitespace_false         | !isSemver("1.0.0 ")
            isSemver_leading_zeros_false                 | !isSemver("01.01.01")
            isSemver_major_only_false                    | !isSemver("1")
            isSemver_major_minor_only_false              | !isSemver("1.1")
            isSemver_empty_normalize_false               | !isSemver("", true)
            isSemver_v_leading_whitespace_normalize_false | !isSemver(" 1.0.0", true)
            isSemver_v_contains_whitespace_normalize_false | !isSemver("1. 0.0", true)
            isSemver_v_trailing_whitespace_normalize_false | !isSemver("1.0.0 ", true)
            isSemver_v_prefix_normalize_true             | isSemver("v1.0.0", true)
            isSemver_leading_zeros_normalize_true        | isSemver("01.01.01", true)
            isSemver_major_only_normalize_true           | isSemver("1", true)
            isSemver_major_minor_only_normalize_true     | isSemver("1.1", true)
            equality_normalize                           | semver("v01.01", true) == semver("1.1.0")
            equality_reflexivity                         | semver("1.2.3") == semver("1.2.3")
            inequality                                   | !(semver("1.2.3") == semver("1.0.0"))
            semver_less                                  | semver("1.0.0").isLessThan(semver("1.2.3"))
            semver_less_false                            | !semver("1.0.0").isLessThan(semver("1.0.0"))
            semver_greater                               | semver("1.2.3").isGreaterThan(semver("1.0.0"))
            semver_greater_false                         | !semver("1.0.0").isGreaterThan(semver("1.0.0"))
            compare_equal                                | semver("1.2.3").compareTo(semver("1.2.3")) == 0
            compare_less                                 | semver("1.0.0").compareTo(semver("1.2.3")) == -1
            compare_greater                              | semver("1.2.3").compareTo(semver("1.0.0")) == 1
            major                                        | semver("1.2.3").major() == 1
            minor                                        | semver("1.2.3").minor() == 2
            patch                                        | semver("1.2.3").patch() == 3
            prerelease_orders_below_release              | semver("1.0.0-alpha").isLessThan(semver("1.0.0-alpha.1")) && semver("1.0.0-rc.1").isLessThan(semver("1.0.0"))
            """)
    void semver(String name, String expression) throws Exception {
        assertThat(eval(expression)).as(name).isTrue();
    }

    /** semver_test.go {@code parseInvalidVersion} and {@code isSemver_noOverload}. */
    @ParameterizedTest
    @ValueSource(strings = "semver(\"v1.0\") == semver(\"1.0.0\")")
    void semverErrors(String expression) {
        assertThat(runtimeError(expression)).contains("No Major.Minor.Patch elements found");
        assertThat(compileError("isSemver([1, 2, 3])")).contains("found no matching overload for 'isSemver' applied to");
    }

    // ------------------------------------------------------------------------------------------ lists (validation_test.go)

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ints                    | [1, 2, 2, 3].sum() == 8 && [1, 2, 2, 3].min() == 1 && [1, 2, 2, 3].max() == 3 && [1, 2, 2, 3].isSorted() && [1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1, 2, 2, 3].indexOf(10) == -1 && [1, 2, 2, 3].lastIndexOf(10) == -1
            emptyInts               | dyn([]).sum() == 0 && [].isSorted()
            unsortedInts            | [3, 1].isSorted() == false
            doubles                 | [1.0, 2.0, 2.0, 3.0].sum() == 8.0 && [1.0, 2.0, 2.0, 3.0].min() == 1.0 && [1.0, 2.0, 2.0, 3.0].max() == 3.0 && [1.0, 2.0, 2.0, 3.0].isSorted() && [1.0, 2.0, 2.0, 3.0].indexOf(2.0) == 1 && [1.0, 2.0, 2.0, 3.0].lastIndexOf(2.0) == 2
            unsortedDoubles         | [2.0, 1.0].isSorted() == false
            durations               | [duration('1s'), duration('1m'), duration('1m'), duration('1h')].sum() == duration('1h2m1s') && [duration('1s'), duration('1m'), duration('1m'), duration('1h')].min() == duration('1s') && [duration('1s'), duration('1m'), duration('1m'), duration('1h')].max() == duration('1h') && [duration('1s'), duration('1m'), duration('1m'), duration('1h')].isSorted() && [duration('1s'), duration('1m'), duration('1m'), duration('1h')].indexOf(duration('1m')) == 1
            strings                 | ['a', 'b', 'b', 'c'].min() == 'a' && ['a', 'b', 'b', 'c'].max() == 'c' && ['a', 'b', 'b', 'c'].isSorted() && ['a', 'b', 'b', 'c'].indexOf('b') == 1 && ['a', 'b', 'b', 'c'].lastIndexOf('b') == 2 && ['a', 'b', 'b', 'c'].indexOf('x') == -1 && ['b', 'a'].isSorted() == false
            dates                   | [timestamp('2000-01-01T00:00:00.000Z'), timestamp('2000-02-01T00:00:00.000Z'), timestamp('2010-01-01T00:00:00.000Z')].max() == timestamp('2010-01-01T00:00:00.000Z') && [timestamp('2000-02-01T00:00:00.000Z'), timestamp('2000-01-01T00:00:00.000Z')].isSorted() == false
            structural_equality     | [[1], [2]].indexOf([1]) == 0 && [{'a': 1}, {'b': 2}].lastIndexOf({'b': 2}) == 1
            empty_min_workaround    | ([0] + []).min() == 0
            dynamic_dispatch        | dyn([]).sum() == 0 && dyn([1, 2]).sum() == 3 && dyn([1.0, 2.0]).sum() == 3.0 && [].sum() == 0
            """)
    void lists(String name, String expression) throws Exception {
        assertThat(eval(expression)).as(name).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            min_on_empty | dyn([]).min() == 1 | min called on empty list
            max_on_empty | dyn([]).max() == 3 | max called on empty list
            """)
    void listRuntimeErrors(String name, String expression, String error) {
        assertThat(runtimeError(expression)).as(name).contains(error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sum_of_strings   | ['a', 'b'].sum() == 'c'                | found no matching overload for 'sum' applied to 'list(string).()'
            min_of_lists     | [[1], [2]].min() == [1]                | found no matching overload for 'min' applied to 'list(list(int)).()'
            max_of_maps      | [{'a': 1}, {'b': 2}].max() == {'b': 2} | found no matching overload for 'max' applied to 'list(map(string, int)).()'
            """)
    void listCompileErrors(String name, String expression, String error) {
        assertThat(compileError(expression)).as(name).contains(error);
    }

    // ------------------------------------------------------------------------------------------ regex (validation_test.go)

    @ParameterizedTest
    @ValueSource(strings = {
            "'this is a 123 string 456'.find('[0-9]+') == '123'",
            "'this is a 123 string 456'.find('[0-9]+') != '456'",
            "'this is a 123 string 456'.find('xyz') == ''",
            "'this is a 123 string 456'.findAll('[0-9]+') == ['123', '456']",
            "'this is a 123 string 456'.findAll('[0-9]+', 0) == []",
            "'this is a 123 string 456'.findAll('[0-9]+', 1) == ['123']",
            "'this is a 123 string 456'.findAll('[0-9]+', 2) == ['123', '456']",
            "'this is a 123 string 456'.findAll('[0-9]+', 3) == ['123', '456']",
            "'this is a 123 string 456'.findAll('[0-9]+', -1) == ['123', '456']",
            "'this is a 123 string 456'.findAll('xyz') == []",
            "'this is a 123 string 456'.findAll('xyz', 1) == []"})
    void stdlibRegexFunctions(String expression) throws Exception {
        assertThat(eval(expression)).isTrue();
    }

    // ------------------------------------------------------------------------------------------ optionals (validation_test.go)

    @ParameterizedTest
    @ValueSource(strings = {
            "{'k': 'v'}[?'k'] == optional.of('v')",
            "{'k': 'v'}[?'k'].or(optional.of('nope')) == optional.of('v')",
            "{'k': 'v'}[?'k'].orValue('') == 'v'",
            "{'k': 'v'}[?'k'].hasValue() == true",
            "{'k': 'v'}[?'k'].optMap(v, v == 'v').hasValue()",
            "{'k': 'v'}[?'x'] == optional.none()",
            "{'k': 'v'}[?'x'].or(optional.of('nope')) == optional.of('nope')",
            "{'k': 'v'}[?'x'].orValue('nope') == 'nope'",
            "{'k': 'v'}[?'x'].hasValue() == false",
            "['a'][?0] == optional.of('a')",
            "['a'][?1] == optional.none()",
            "['a'][?0].orValue('') == 'a'",
            "['a'][?1].orValue('nope') == 'nope'",
            "optional.ofNonZeroValue(1).hasValue()",
            "optional.ofNonZeroValue('a').hasValue()",
            "optional.ofNonZeroValue(0) == optional.none()",
            "optional.ofNonZeroValue('') == optional.none()",
            "{?'k': optional.none(), 'k2': 'v2'} == {'k2': 'v2'}",
            "{?'k': optional.of('v'), 'k2': 'v2'} == {'k': 'v', 'k2': 'v2'}",
            "['a', ?optional.none(), 'c'] == ['a', 'c']",
            "['a', ?optional.of('v'), 'c'] == ['a', 'v', 'c']"})
    void optionals(String expression) throws Exception {
        assertThat(eval(expression)).isTrue();
    }

    /** Also in the base environment: the strings and sets extensions, two-variable comprehensions, cel.bind. */
    @ParameterizedTest
    @ValueSource(strings = {
            "'some_example_value'.split('example').size() == 2",
            "'Hello'.lowerAscii() == 'hello' && 'abc'.indexOf('b') == 1 && 'a,b'.replace(',', ';') == 'a;b'",
            "sets.contains([1, 2, 3], [1, 2]) && sets.intersects([1, 2], [2, 3]) && sets.equivalent([1, 2], [2, 1])",
            "[1, 2].exists(i, v, i == 1 && v == 2)",
            "cel.bind(x, [1, 2, 3], x.size() == 3)",
            "1 < 1.5 && 2u > 1"})
    void baseEnvironment(String expression) throws Exception {
        assertThat(eval(expression)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void semverValueParsingFollowsBlangSemver() {
        assertThat(Semver.parse("1.2.3-beta.1+build.5").toString()).isEqualTo("1.2.3-beta.1+build.5");
        assertThat(Semver.parse("1.0.0+a")).isEqualTo(Semver.parse("1.0.0+b"));
        assertThat(Semver.parseNormalized("v01.01")).isEqualTo(Semver.parse("1.1.0"));
        assertThatThrownBy(() -> Semver.parse("01.0.0")).hasMessage("Major number must not contain leading zeroes \"01\"");
        assertThatThrownBy(() -> Semver.parse("1.0.0-01")).hasMessage(
                "Numeric PreRelease version must not contain leading zeroes \"01\"");
        assertThatThrownBy(() -> Semver.parse("1.x.0")).hasMessage("Invalid character(s) found in minor number \"x\"");
        assertThatThrownBy(() -> Semver.parseNormalized("1-rc")).hasMessage(
                "short version cannot contain PreRelease/Build meta data");
    }
}
