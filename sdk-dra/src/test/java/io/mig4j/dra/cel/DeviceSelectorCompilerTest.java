package io.mig4j.dra.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttributeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacityBuilder;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DRA CEL environment against the cases of Kubernetes' own table, {@code testcases} in
 * {@code cel/compile_test.go} of kubernetes/dynamic-resource-allocation (master 3d03671); each case keeps its name.
 * Kubernetes checks that errors contain the expected text; so do these tests.
 */
class DeviceSelectorCompilerTest {
    private static final String DRIVER = "dra.example.com";

    /** One row of the table. {@code compileError}/{@code matchError} are substrings; otherwise {@code match}. */
    record Case(String name, String expression, String driver, Map<String, DeviceAttribute> attributes,
            Map<String, DeviceCapacity> capacity, Boolean allowMultipleAllocations, String compileError,
            String matchError, boolean match) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case match(String name, String expression, Map<String, DeviceAttribute> attributes,
            Map<String, DeviceCapacity> capacity, boolean expected) {
        return new Case(name, expression, DRIVER, attributes, capacity, null, null, null, expected);
    }

    private static Case matchError(String name, String expression, Map<String, DeviceAttribute> attributes,
            String error) {
        return new Case(name, expression, DRIVER, attributes, Map.of(), null, null, error, false);
    }

    private static Case compileError(String name, String expression, String error) {
        return new Case(name, expression, DRIVER, Map.of(), Map.of(), null, error, null, false);
    }

    static DeviceAttribute bool(boolean v) {
        return new DeviceAttributeBuilder().withBool(v).build();
    }

    static DeviceAttribute integer(long v) {
        return new DeviceAttributeBuilder().withInt(v).build();
    }

    static DeviceAttribute string(String v) {
        return new DeviceAttributeBuilder().withString(v).build();
    }

    static DeviceAttribute version(String v) {
        return new DeviceAttributeBuilder().withVersion(v).build();
    }

    static DeviceCapacity quantity(String v) {
        return new DeviceCapacityBuilder().withValue(new Quantity(v)).build();
    }

    static Stream<Case> kubernetesCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(match("true", "true", Map.of(), Map.of(), true));
        cases.add(match("false", "false", Map.of(), Map.of(), false));
        cases.add(compileError("syntax-error", "?!", "Syntax error"));
        cases.add(compileError("type-error", "1", "must evaluate to bool or the unknown type, not int"));
        cases.add(matchError("runtime-error-lookup-identifier",
                "device.attributes[\"no-such-domain\"].noSuchAttr.isGreaterThan(quantity(\"0\"))", Map.of(),
                "no such key: noSuchAttr"));
        cases.add(matchError("runtime-error-lookup-map",
                "device.attributes[\"no-such-domain\"][\"noSuchAttr\"].isGreaterThan(quantity(\"0\"))", Map.of(),
                "no such key: noSuchAttr"));
        cases.add(match("domain-check-negative", "\"no-such-domain\" in device.attributes", Map.of(), Map.of(),
                false));
        cases.add(match("domain-check-positive", "\"dra.example.com\" in device.attributes",
                Map.of("dra.example.com/something", bool(true)), Map.of(), true));
        cases.add(new Case("empty-driver-name", "device.driver == \"\"", "", Map.of(), Map.of(), null, null, null,
                true));
        cases.add(match("real-driver-name", "device.driver == \"dra.example.com\"", Map.of(), Map.of(), true));
        cases.add(match("driver-name-qualifier", "device.attributes[\"dra.example.com\"].name",
                Map.of("name", bool(true)), Map.of(), true));
        cases.add(match("driver-name-qualifier-map-lookup", "device.attributes[\"dra.example.com\"][\"name\"]",
                Map.of("name", bool(true)), Map.of(), true));
        cases.add(match("bind", "cel.bind(dra, device.attributes[\"dra.example.com\"], dra.name)",
                Map.of("name", bool(true)), Map.of(), true));
        cases.add(match("qualified-attribute-name", "device.attributes[\"other.example.com\"].name",
                Map.of("other.example.com/name", bool(true)), Map.of(), true));
        cases.add(match("bool", "device.attributes[\"dra.example.com\"].name", Map.of("name", bool(true)),
                Map.of(), true));
        cases.add(match("int", "device.attributes[\"dra.example.com\"].name > 0", Map.of("name", integer(1)),
                Map.of(), true));
        cases.add(match("string", "device.attributes[\"dra.example.com\"].name == \"fish\"",
                Map.of("name", string("fish")), Map.of(), true));
        cases.add(matchError("macro-exists-on-int", "device.attributes[\"dra.example.com\"].name.exists(x, x > 0)",
                Map.of("name", integer(1)), "got 'types.Int', expected iterable type"));
        cases.add(matchError("macro-exists-on-bool",
                "device.attributes[\"dra.example.com\"].name.exists(x, x == true)", Map.of("name", bool(true)),
                "got 'types.Bool', expected iterable type"));
        cases.add(matchError("macro-exists-on-string",
                "device.attributes[\"dra.example.com\"].name.exists(x, x == \"fish\")",
                Map.of("name", string("fish")), "got 'types.String', expected iterable type"));
        cases.add(matchError("list-result-type-causes-match-error", "device.attributes[\"dra.example.com\"].names",
                Map.of("names", new DeviceAttributeBuilder().withStrings("fish", "bird").build()),
                "CEL result of type list could not be converted to bool"));
        cases.add(match("includes-function-can-evaluate",
                "device.attributes[\"dra.example.com\"].name.includes(\"fish\")",
                Map.of("name", new DeviceAttributeBuilder().withStrings("fish", "bird").build()), Map.of(), true));
        cases.add(match("list-of-bool", "device.attributes[\"dra.example.com\"].names.size() == 2",
                Map.of("names", new DeviceAttributeBuilder().withBools(true, false).build()), Map.of(), true));
        cases.add(match("list-of-int", "device.attributes[\"dra.example.com\"].names.size() == 2",
                Map.of("names", new DeviceAttributeBuilder().withInts(1L, 2L).build()), Map.of(), true));
        cases.add(match("list-of-string", "device.attributes[\"dra.example.com\"].names.size() == 2",
                Map.of("names", new DeviceAttributeBuilder().withStrings("fish", "bird").build()), Map.of(), true));
        cases.add(match("list-of-semver", "device.attributes[\"dra.example.com\"].names.size() == 2",
                Map.of("names", new DeviceAttributeBuilder().withVersions("1.0.0", "2.0.0").build()), Map.of(),
                true));
        cases.add(match("macro-on-list-of-int", "device.attributes[\"dra.example.com\"].names.exists(x, x > 0)",
                Map.of("names", new DeviceAttributeBuilder().withInts(1L, 2L).build()), Map.of(), true));
        cases.add(match("macro-on-list-of-string", "device.attributes[\"dra.example.com\"].names.all(x, x != \"\")",
                Map.of("names", new DeviceAttributeBuilder().withStrings("fish", "bird").build()), Map.of(), true));
        cases.add(match("macro-on-list-of-semver",
                "device.attributes[\"dra.example.com\"].names.all(x, x.isGreaterThan(semver(\"0.0.1\")))",
                Map.of("names", new DeviceAttributeBuilder().withVersions("1.0.0", "2.0.0").build()), Map.of(),
                true));
        String includes = "device.attributes[\"dra.example.com\"].name.includes(";
        cases.add(match("includes-function-on-bool-scalar-positive", includes + "true)", Map.of("name", bool(true)),
                Map.of(), true));
        cases.add(match("includes-function-on-bool-scalar-negative", includes + "true)",
                Map.of("name", bool(false)), Map.of(), false));
        cases.add(match("includes-function-on-bool-list-positive", includes + "true)",
                Map.of("name", new DeviceAttributeBuilder().withBools(true, false).build()), Map.of(), true));
        cases.add(match("includes-function-on-bool-list-negative", includes + "false)",
                Map.of("name", new DeviceAttributeBuilder().withBools(true, true).build()), Map.of(), false));
        cases.add(match("includes-function-on-int-scalar-positive", includes + "1)", Map.of("name", integer(1)),
                Map.of(), true));
        cases.add(match("includes-function-on-int-scalar-negative", includes + "1)", Map.of("name", integer(2)),
                Map.of(), false));
        cases.add(match("includes-function-on-int-list-positive", includes + "1)",
                Map.of("name", new DeviceAttributeBuilder().withInts(1L, 2L).build()), Map.of(), true));
        cases.add(match("includes-function-on-int-list-negative", includes + "3)",
                Map.of("name", new DeviceAttributeBuilder().withInts(1L, 2L).build()), Map.of(), false));
        cases.add(match("includes-function-on-string-scalar-positive", includes + "\"fish\")",
                Map.of("name", string("fish")), Map.of(), true));
        cases.add(match("includes-function-on-string-scalar-negative", includes + "\"bird\")",
                Map.of("name", string("fish")), Map.of(), false));
        cases.add(match("includes-function-on-string-list-positive", includes + "\"fish\")",
                Map.of("name", new DeviceAttributeBuilder().withStrings("fish", "bird").build()), Map.of(), true));
        cases.add(match("includes-function-on-string-list-negative", includes + "\"cat\")",
                Map.of("name", new DeviceAttributeBuilder().withStrings("fish", "bird").build()), Map.of(), false));
        cases.add(match("includes-function-on-semver-scalar-positive", includes + "semver(\"1.0.0\"))",
                Map.of("name", version("1.0.0")), Map.of(), true));
        cases.add(match("includes-function-on-semver-scalar-negative", includes + "semver(\"2.0.0\"))",
                Map.of("name", version("1.0.0")), Map.of(), false));
        cases.add(match("includes-function-on-semver-list-positive", includes + "semver(\"1.0.0\"))",
                Map.of("name", new DeviceAttributeBuilder().withVersions("1.0.0", "2.0.0").build()), Map.of(),
                true));
        cases.add(match("includes-function-on-semver-list-negative", includes + "semver(\"3.0.0\"))",
                Map.of("name", new DeviceAttributeBuilder().withVersions("1.0.0", "2.0.0").build()), Map.of(),
                false));
        cases.add(match("includes-function-on-very-long-list-positive", includes + "\"value-48\")",
                Map.of("name", new DeviceAttributeBuilder().withStrings(values(48)).build()), Map.of(), false));
        cases.add(matchError("includes-function-on-very-long-list-runtime-error", includes + "\"value-49\")",
                Map.of("name", new DeviceAttributeBuilder().withStrings(values(49)).build()),
                "'includes' function cannot be applied to lists longer than 48 values"));
        cases.add(match("in-operator-on-list", "1 in device.attributes[\"dra.example.com\"].names",
                Map.of("names", new DeviceAttributeBuilder().withInts(1L, 2L, 3L).build()), Map.of(), true));
        cases.add(match("version",
                "device.attributes[\"dra.example.com\"].name.isGreaterThan(semver(\"0.0.1\"))",
                Map.of("name", version("1.0.0")), Map.of(), true));
        cases.add(match("version_v", "device.attributes[\"dra.example.com\"].name.isGreaterThan("
                + "semver(\"v0.0.1\", true)) && isSemver(\"v1.0.0\", true)", Map.of("name", version("1.0.0")),
                Map.of(), true));
        cases.add(matchError("macro-exists-on-version",
                "device.attributes[\"dra.example.com\"].name.exists(x, x.isGreaterThan(semver(\"0.0.1\")))",
                Map.of("name", version("1.0.0")), "got 'cel.Semver', expected iterable type"));
        cases.add(match("quantity", "device.capacity[\"dra.example.com\"].name.isGreaterThan(quantity(\"1Ki\"))",
                Map.of(), Map.of("name", quantity("1Mi")), true));
        cases.add(match("check-positive", "\"name\" in device.capacity[\"dra.example.com\"] && "
                + "device.capacity[\"dra.example.com\"].name.isGreaterThan(quantity(\"1Ki\"))", Map.of(),
                Map.of("name", quantity("1Mi")), true));
        cases.add(match("check-negative", "!(\"name\" in device.capacity[\"dra.example.com\"]) || "
                + "device.capacity[\"dra.example.com\"].name.isGreaterThan(quantity(\"1Ki\"))", Map.of(), Map.of(),
                true));
        cases.add(match("all", String.join(" && ",
                "device.capacity[\"dra.example.com\"].quantity.isGreaterThan(quantity(\"1Ki\"))",
                "device.attributes[\"dra.example.com\"].bool",
                "device.attributes[\"dra.example.com\"].int > 0",
                "device.attributes[\"dra.example.com\"].string == \"fish\"",
                "device.attributes[\"dra.example.com\"].version.isGreaterThan(semver(\"0.0.1\"))",
                "device.capacity[\"dra.example.com\"][\"quantity\"].isGreaterThan(quantity(\"1Ki\"))",
                "device.attributes[\"dra.example.com\"][\"bool\"]",
                "device.attributes[\"dra.example.com\"][\"int\"] > 0",
                "device.attributes[\"dra.example.com\"][\"string\"] == \"fish\"",
                "device.attributes[\"dra.example.com\"][\"version\"].isGreaterThan(semver(\"0.0.1\"))"),
                Map.of("bool", bool(true), "int", integer(1), "string", string("fish"), "version", version("1.0.0")),
                Map.of("quantity", quantity("1Mi")), true));
        cases.add(match("many", "device.attributes[\"dra.example.com\"].a && device.attributes[\"dra.example.com\"].b"
                + " && device.attributes[\"dra.example.com\"].c", Map.of("a", bool(true), "b", bool(true), "c",
                bool(true)), Map.of(), true));
        cases.add(match("check_attribute_domains", "device.attributes.exists_one(x, x == \"dra.example.com\")",
                Map.of("services", string("some_example_value")), Map.of(), true));
        cases.add(match("check_attribute_ids",
                "device.attributes[\"dra.example.com\"].exists_one(x, x == \"services\")",
                Map.of("services", string("some_example_value")), Map.of(), true));
        cases.add(match("split_attribute",
                "device.attributes[\"dra.example.com\"].services.split(\"example\").size() >= 2",
                Map.of("services", string("some_example_value")), Map.of(), true));
        cases.add(match("regexp_attribute", "device.attributes[\"dra.example.com\"].services.matches(\"[^a]?sym\")",
                Map.of("services", string("asymetric")), Map.of(), true));
        cases.add(match("check_capacity_domains", "device.capacity.exists_one(x, x == \"dra.example.com\")",
                Map.of(), Map.of("memory", quantity("1Mi")), true));
        cases.add(match("check_capacity_ids", "device.capacity[\"dra.example.com\"].exists_one(x, x == \"memory\")",
                Map.of(), Map.of("memory", quantity("1Mi")), true));
        String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        cases.add(matchError("expensive", ten + ".all(x, " + ten + ".all(y, " + ten + ".all(z, " + ten + ".all(z2, "
                + ten + ".all(z3, " + ten + ".all(z4, " + ten + ".all(z5, int('1'.find('[0-9]*')) < 100)))))))",
                Map.of(), "actual cost limit exceeded"));
        cases.add(new Case("allow_multiple_allocations", "device.allowMultipleAllocations == true", DRIVER, Map.of(),
                Map.of(), true, null, null, true));
        cases.add(new Case("allow_multiple_allocations_default", "device.allowMultipleAllocations == false", DRIVER,
                Map.of(), Map.of(), null, null, null, true));
        cases.add(new Case("allow_multiple_allocations_false", "device.allowMultipleAllocations == false", DRIVER,
                Map.of(), Map.of(), false, null, null, true));
        return cases.stream();
    }

    private static String[] values(int n) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = "value-" + i;
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesCases")
    void kubernetesCompileTestCase(Case c) throws Exception {
        CompilationResult result = DeviceSelectorCompiler.storedExpressions().compile(c.expression());
        if (c.compileError() != null) {
            assertThat(result.isValid()).as("expected a compile error").isFalse();
            assertThat(result.error().orElseThrow().detail()).contains(c.compileError());
            return;
        }
        assertThat(result.error()).isEmpty();
        CelDevice device = CelDevice.of(c.driver(), c.allowMultipleAllocations(), new LinkedHashMap<>(c.attributes()),
                new LinkedHashMap<>(c.capacity()));
        if (c.matchError() != null) {
            assertThatThrownBy(() -> result.selector().matches(device))
                    .isInstanceOf(CelRuntimeException.class)
                    .hasMessageContaining(c.matchError());
            return;
        }
        assertThat(result.selector().matches(device)).isEqualTo(c.match());
    }

    /** compile_test.go {@code allow_multiple_allocations_disabled}: the field needs DRAConsumableCapacity. */
    @Test
    void allowMultipleAllocationsDisabledIsACompileError() {
        CompilationResult r = DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_37, false, false)
                .compile("device.allowMultipleAllocations == false");
        assertThat(r.error().orElseThrow().detail()).contains("undefined field 'allowMultipleAllocations'");
        assertThat(DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_37, true, false)
                .compile("device.allowMultipleAllocations == false").isValid()).isTrue();
    }

    /** compile_test.go {@code includes-function-compilation-error} and {@code ...-and-eval-success}. */
    @Test
    void includesNeedsListTypeAttributesForNewExpressions() throws Exception {
        String e = "device.attributes[\"dra.example.com\"].attr.includes(\"fish\")";
        assertThat(DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_37, true, false).compile(e)
                .error().orElseThrow().detail()).contains("undeclared reference to 'includes'");
        CompilationResult ok = DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_37, true, true).compile(e);
        assertThat(ok.selector().matches(CelDevice.of(DRIVER, null, Map.of("attr", string("fish")), Map.of())))
                .isTrue();
    }

    @Test
    void compileErrorsUseKubernetesWording() {
        DeviceSelectorCompiler c = DeviceSelectorCompiler.storedExpressions();
        assertThat(c.compile("noSuchVar").error().orElseThrow().detail()).isEqualTo(
                "compilation failed: ERROR: <input>:1:1: undeclared reference to 'noSuchVar' (in container '')\n"
                        + " | noSuchVar\n"
                        + " | ^");
        // The blog recipe's selector: quantities have no >= operator in Kubernetes (kubernetes.io/docs/reference/using-api/cel, quantity library: compareTo, isGreaterThan).
        assertThat(c.compile("device.attributes[\"nvidia.com/gpu-memory\"].quantity >= quantity(\"10Gi\")")
                .error().orElseThrow().detail()).startsWith("compilation failed: ERROR: <input>:1:53: found no "
                        + "matching overload for '_>=_' applied to '(dyn, kubernetes.Quantity)'");
        assertThat(c.compile("quantity(1)").error().orElseThrow().detail())
                .contains("found no matching overload for 'quantity' applied to '(int)'")
                .doesNotContain("candidates");
        assertThat(c.compile("device.nofield").error().orElseThrow().detail()).contains("undefined field 'nofield'");
    }

    @Test
    void unknownDomainIsAnEmptyMapAndUnknownKeyAnError() throws Exception {
        CompiledSelector s = DeviceSelectorCompiler.storedExpressions()
                .compile("device.attributes[\"gpu.nvidia.com\"].profile == \"1g.10gb\"").selector();
        assertThatThrownBy(() -> s.matches(CelDevice.of("other.example.com", null, Map.of(), Map.of())))
                .hasMessage("no such key: profile" + CompiledSelector.NO_SUCH_KEY_HINT);
        assertThat(DeviceSelectorCompiler.storedExpressions()
                .compile("device.attributes[\"gpu.nvidia.com\"].size() == 0").selector()
                .matches(CelDevice.of("other.example.com", null, Map.of(), Map.of()))).isTrue();
        assertThat(DeviceSelectorCompiler.storedExpressions()
                .compile("device.attributes[\"gpu.nvidia.com\"][?\"profile\"].orValue(\"none\") == \"none\"")
                .selector().matches(CelDevice.of("other.example.com", null, Map.of(), Map.of()))).isTrue();
    }

    /** {@code getAttributeValue} in compile.go: a version attribute that is not semver fails every evaluation. */
    @Test
    void badVersionAttributeFailsEvaluation() throws Exception {
        CompiledSelector s = DeviceSelectorCompiler.storedExpressions().compile("true").selector();
        assertThatThrownBy(() -> s.matches(CelDevice.of(DRIVER, null, Map.of("v", version("1.0")), Map.of())))
                .hasMessage("attribute v: parse semantic version: No Major.Minor.Patch elements found");
        assertThatThrownBy(() -> s.matches(CelDevice.of(DRIVER, null, Map.of("v", new DeviceAttribute()), Map.of())))
                .hasMessage("attribute v: unsupported attribute value");
    }

    @Test
    void listsExtensionArrivesWithKubernetes135ForNewExpressions() {
        String e = "[3, 1, 2].sort() == [1, 2, 3]";
        assertThat(DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_34).compile(e).isValid()).isFalse();
        assertThat(DeviceSelectorCompiler.newExpressions(KubernetesVersion.V1_35).compile(e).isValid()).isTrue();
        assertThat(DeviceSelectorCompiler.storedExpressions().compile(e).isValid()).isTrue();
    }

    @Test
    void cacheKeepsCompiledSelectors() {
        SelectorCache cache = new SelectorCache(DeviceSelectorCompiler.storedExpressions(), 2);
        CompilationResult a = cache.getOrCompile("true");
        assertThat(cache.getOrCompile("true")).isSameAs(a);
        cache.getOrCompile("false");
        cache.getOrCompile("1 == 1");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.getOrCompile("true")).isNotSameAs(a);
        cache.getOrCompile("noSuchVar");
        assertThat(cache.size()).isEqualTo(2);
    }
}
