package io.mig4j.dra.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelResolvedOverload;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.standard.InOperator;
import io.mig4j.dra.validation.KubernetesVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Compiles DRA device selectors ({@code cel.expression} of a DeviceClass or a request) in the CEL environment
 * Kubernetes gives them, on cel-java: the {@code device} variable ({@link CelDevice}), CEL's standard library with
 * cross-type numeric comparison and homogeneous literals, optional types, {@code cel.bind}, the strings, sets,
 * lists and two-variable-comprehension extensions, and the Kubernetes libraries quantity, semver, lists and regex,
 * plus DRA's {@code includes}.
 *
 * <p>Two environments, as Kubernetes has ({@code environment.StoredExpressions} and {@code NewExpressions}):
 * <ul>
 *   <li>{@link #storedExpressions()}: everything the newest Kubernetes knows. The scheduler evaluates stored
 *       objects with it, so the allocator does too.</li>
 *   <li>{@link #newExpressions(KubernetesVersion)}: what the API server of that version accepts in a new object:
 *       libraries introduced up to the previous release (its compatibility version) and fields behind feature
 *       gates only when the gate is on ({@code device.allowMultipleAllocations} needs DRAConsumableCapacity,
 *       {@code includes} needs DRAListTypeAttributes).</li>
 * </ul>
 *
 * <p>Errors are worded as Kubernetes words them: {@code compilation failed: ERROR: <input>:1:1: undeclared
 * reference to 'x' (in container '')}, {@code found no matching overload for '_>=_' applied to
 * '(kubernetes.Quantity, kubernetes.Quantity)'}, {@code Syntax error: ...}, {@code must evaluate to bool or the
 * unknown type, not int}.
 *
 * <p>Difference to Kubernetes: cel-java has no cost estimator and no runtime cost tracking. Instead of
 * Kubernetes' limit of 1,000,000 cost units, evaluation is bounded by {@value #ITERATION_LIMIT} comprehension
 * iterations in total (Kubernetes charges several units per iteration, so the bound is of the same order), and
 * an expression is never rejected at compile time for its estimated cost ({@code too complex, exceeds cost
 * limit}).
 *
 * @implSpec Instances are immutable and thread-safe; they are shared per configuration.
 */
public final class DeviceSelectorCompiler {
    /** The comprehension iterations one evaluation may run, standing in for Kubernetes' runtime cost limit. */
    public static final int ITERATION_LIMIT = 250_000;

    private static final Map<Spec, DeviceSelectorCompiler> INSTANCES = new ConcurrentHashMap<>();
    private static final Pattern CANDIDATES = Pattern.compile(" \\(candidates: [^\\n]*\\)");
    private static final List<String> SYNTAX_ERRORS = List.of("extraneous input", "mismatched input",
            "no viable alternative", "missing ", "token recognition error");

    /** What differs between environments. */
    private record Spec(boolean allowMultipleAllocations, boolean includes, boolean listsExtension) {
    }

    private final Spec spec;
    private final Cel cel;
    private final CelFunctionResolver resolver;

    private DeviceSelectorCompiler(Spec spec) {
        this.spec = spec;
        this.cel = build(spec);
        this.resolver = new DynamicResolver(ListsFunctions.dynamicOverloads());
    }

    /** The environment for stored expressions: everything, as the scheduler uses. */
    public static DeviceSelectorCompiler storedExpressions() {
        return instance(new Spec(true, true, true));
    }

    /**
     * The environment for new expressions on a cluster of the given version with its default feature gates
     * (DRAConsumableCapacity on from 1.36, DRAListTypeAttributes off).
     */
    public static DeviceSelectorCompiler newExpressions(KubernetesVersion version) {
        Objects.requireNonNull(version, "version");
        return newExpressions(version, version.atLeast(KubernetesVersion.V1_36), false);
    }

    /**
     * The environment for new expressions on a cluster of the given version with explicit feature gates.
     *
     * @param version            the API server's version; libraries introduced after the previous release are
     *                           not available (Kubernetes' compatibility version is one release back)
     * @param consumableCapacity DRAConsumableCapacity: declares {@code device.allowMultipleAllocations}
     * @param listTypeAttributes DRAListTypeAttributes: declares {@code includes}
     */
    public static DeviceSelectorCompiler newExpressions(KubernetesVersion version, boolean consumableCapacity,
            boolean listTypeAttributes) {
        Objects.requireNonNull(version, "version");
        int compatibilityMinor = version.minor() - 1;
        return instance(new Spec(consumableCapacity && compatibilityMinor >= 34,
                listTypeAttributes && compatibilityMinor >= 36, compatibilityMinor >= 34));
    }

    private static DeviceSelectorCompiler instance(Spec spec) {
        return INSTANCES.computeIfAbsent(spec, DeviceSelectorCompiler::new);
    }

    /** Whether {@code device.allowMultipleAllocations} is declared. */
    public boolean declaresAllowMultipleAllocations() {
        return spec.allowMultipleAllocations();
    }

    /** Whether {@code includes} is declared. */
    public boolean declaresIncludes() {
        return spec.includes();
    }

    /**
     * Compiles an expression. Never throws for a bad expression: the result carries the error.
     */
    public CompilationResult compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        CelValidationResult parsed = cel.parse(expression);
        if (parsed.hasError()) {
            return CompilationResult.failure(expression, invalid(syntaxErrors(parsed)));
        }
        CelValidationResult checked;
        CelAbstractSyntaxTree ast;
        try {
            checked = cel.check(parsed.getAst());
            if (checked.hasError()) {
                return CompilationResult.failure(expression, invalid(CANDIDATES.matcher(checked.getErrorString())
                        .replaceAll("")));
            }
            ast = checked.getAst();
        } catch (CelValidationException | RuntimeException e) {
            return CompilationResult.failure(expression, new CelCompileError(CelCompileError.Type.INTERNAL,
                    "unexpected compilation error: " + e.getMessage()));
        }
        CelType output = ast.getResultType();
        if (!output.equals(SimpleType.BOOL) && !output.equals(SimpleType.DYN)) {
            return CompilationResult.failure(expression, new CelCompileError(CelCompileError.Type.INVALID,
                    "must evaluate to bool or the unknown type, not " + CelTypes.format(output)));
        }
        try {
            return CompilationResult.success(expression,
                    new CompiledSelector(expression, cel.createProgram(ast), resolver), CelTypes.format(output));
        } catch (CelEvaluationException | RuntimeException e) {
            return CompilationResult.failure(expression, new CelCompileError(CelCompileError.Type.INTERNAL,
                    "program instantiation failed: " + e.getMessage()));
        }
    }

    private static CelCompileError invalid(String issues) {
        return new CelCompileError(CelCompileError.Type.INVALID, "compilation failed: " + issues);
    }

    /** cel-go prefixes the parser's ANTLR errors with {@code Syntax error:}; cel-java does not. */
    private static String syntaxErrors(CelValidationResult parsed) {
        List<CelIssue> issues = new ArrayList<>();
        for (CelIssue issue : parsed.getErrors()) {
            String message = issue.getMessage();
            if (SYNTAX_ERRORS.stream().anyMatch(message::startsWith)) {
                message = "Syntax error: " + message;
            }
            issues.add(CelIssue.formatError(issue.getExprId(), issue.getSourceLocation(), message));
        }
        return CelIssue.toDisplayString(issues, parsed.getSource());
    }

    // ------------------------------------------------------------------------------------------ environment

    private static Cel build(Spec spec) {
        CelOptions options = CelOptions.current()
                .enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true)
                .enableHomogeneousLiterals(true)
                .comprehensionMaxIterations(ITERATION_LIMIT)
                .build();
        StructType deviceType = deviceType(spec.allowMultipleAllocations());
        List<CelType> types = List.of(deviceType, QuantityFunctions.TYPE, SemverFunctions.TYPE);
        CelTypeProvider typeProvider = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.copyOf(types);
            }

            @Override
            public Optional<CelType> findType(String typeName) {
                return types.stream().filter(t -> t.name().equals(typeName)).findFirst();
            }
        };
        List<CelFunctionDecl> declarations = new ArrayList<>();
        declarations.addAll(ListsFunctions.declarations(spec.includes()));
        declarations.addAll(RegexFunctions.declarations());
        declarations.addAll(SemverFunctions.declarations());
        declarations.addAll(QuantityFunctions.declarations());
        List<CelFunctionBinding> bindings = new ArrayList<>();
        bindings.addAll(ListsFunctions.bindings());
        bindings.addAll(RegexFunctions.bindings());
        bindings.addAll(SemverFunctions.bindings());
        bindings.addAll(QuantityFunctions.bindings());
        bindings.add(CelFunctionBinding.from("in_map", Object.class, Map.class, DeviceSelectorCompiler::inMap));

        CelBuilder builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(typeProvider)
                .addVar("device", deviceType)
                // Replacing one standard overload (in_map) means declaring the standard environment explicitly.
                .setStandardEnvironmentEnabled(false)
                .setStandardDeclarations(CelStandardDeclarations.newBuilder().build())
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .filterFunctions((function, overload) -> overload != InOperator.InOverload.IN_MAP)
                        .build())
                .addFunctionDeclarations(merge(declarations))
                .addFunctionBindings(bindings)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.bindings(), CelExtensions.optional(),
                        CelExtensions.sets(options), CelExtensions.comprehensions())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(options),
                        CelExtensions.comprehensions());
        if (spec.listsExtension()) {
            builder.addCompilerLibraries(CelExtensions.lists()).addRuntimeLibraries(CelExtensions.lists());
        }
        return builder.build();
    }

    /** The {@code kubernetes.DRADevice} object type of {@code compile.go}, newest version. */
    private static StructType deviceType(boolean allowMultipleAllocations) {
        MapType attributes = MapType.create(SimpleType.STRING, MapType.create(SimpleType.STRING, SimpleType.DYN));
        MapType capacity = MapType.create(SimpleType.STRING,
                MapType.create(SimpleType.STRING, QuantityFunctions.TYPE));
        Map<String, CelType> fields = new LinkedHashMap<>();
        fields.put("driver", SimpleType.STRING);
        fields.put("attributes", attributes);
        fields.put("capacity", capacity);
        if (allowMultipleAllocations) {
            fields.put("allowMultipleAllocations", SimpleType.BOOL);
        }
        return StructType.create("kubernetes.DRADevice", ImmutableSet.copyOf(fields.keySet()),
                name -> Optional.ofNullable(fields.get(name)));
    }

    /** One declaration per function name, with the overloads of every library that declares it. */
    private static List<CelFunctionDecl> merge(List<CelFunctionDecl> declarations) {
        Map<String, List<CelOverloadDecl>> byName = new LinkedHashMap<>();
        for (CelFunctionDecl d : declarations) {
            byName.computeIfAbsent(d.name(), n -> new ArrayList<>()).addAll(d.overloads());
        }
        List<CelFunctionDecl> merged = new ArrayList<>();
        byName.forEach((name, overloads) -> merged.add(CelFunctionDecl.newFunctionDeclaration(name, overloads)));
        return merged;
    }

    /** {@code key in map}, answering from the real domains for {@link CelDevice.DomainMap}. */
    private static boolean inMap(Object key, Map<?, ?> map) {
        if (map instanceof CelDevice.DomainMap) {
            return ((CelDevice.DomainMap) map).containsDomain(key);
        }
        return CelValues.EQUALITY.findInMap(map, key).isPresent();
    }

    /** Resolves the list functions whose overloads cel-java cannot tell apart, see {@link ListsFunctions}. */
    private static final class DynamicResolver implements CelFunctionResolver {
        private final Map<String, CelResolvedOverload> overloads = new LinkedHashMap<>();

        DynamicResolver(Map<String, CelFunctionOverload> implementations) {
            implementations.forEach((id, impl) -> overloads.put(id,
                    CelResolvedOverload.of(functionName(id), id, impl, true, List.class)));
        }

        private static String functionName(String overloadId) {
            if (overloadId.endsWith("_is_sorted_bool")) {
                return "isSorted";
            }
            return overloadId.contains("_sum_") ? "sum" : overloadId.contains("_max_") ? "max" : "min";
        }

        @Override
        public Optional<CelResolvedOverload> findOverloadMatchingArgs(String functionName,
                Collection<String> overloadIds, Object[] args) {
            for (String id : overloadIds) {
                CelResolvedOverload o = overloads.get(id);
                if (o != null) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<CelResolvedOverload> findOverloadMatchingArgs(String functionName, Object[] args) {
            return Optional.empty();
        }
    }
}
