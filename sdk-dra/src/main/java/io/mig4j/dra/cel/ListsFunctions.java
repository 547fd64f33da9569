package io.mig4j.dra.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes list library ({@code k8s.io/apiserver/pkg/cel/library/lists.go}): {@code isSorted}, {@code sum},
 * {@code min}, {@code max}, {@code indexOf}, {@code lastIndexOf}, and DRA's {@code includes}
 * ({@code k8s.io/dynamic-resource-allocation/cel/compile.go}).
 *
 * <p>The type checker sees one overload per element type, as in Kubernetes, so {@code ['a'].sum()} is a compile
 * error. At run time one implementation serves every element type; {@code isSorted}/{@code sum}/{@code min}/
 * {@code max} are resolved per call ({@link #dynamicOverloads()}) because a list typed {@code dyn} (a DRA list
 * attribute) matches all of their overloads and cel-java refuses to pick one.
 */
final class ListsFunctions {
    /** {@code ResourceSliceMaxAttributeValuesPerDevice}: DRA's {@code includes} refuses longer lists. */
    static final int INCLUDES_MAX_VALUES = 48;

    private static final List<NamedType> COMPARABLE = List.of(
            new NamedType("int", SimpleType.INT), new NamedType("uint", SimpleType.UINT),
            new NamedType("double", SimpleType.DOUBLE), new NamedType("bool", SimpleType.BOOL),
            new NamedType("duration", SimpleType.DURATION), new NamedType("timestamp", SimpleType.TIMESTAMP),
            new NamedType("string", SimpleType.STRING), new NamedType("bytes", SimpleType.BYTES));
    private static final List<NamedType> SUMMABLE = List.of(
            new NamedType("int", SimpleType.INT), new NamedType("uint", SimpleType.UINT),
            new NamedType("double", SimpleType.DOUBLE), new NamedType("duration", SimpleType.DURATION));

    private record NamedType(String name, CelType type) {
    }

    private ListsFunctions() {
    }

    static List<CelFunctionDecl> declarations(boolean includes) {
        List<CelFunctionDecl> decls = new ArrayList<>();
        decls.add(perType("isSorted", COMPARABLE, t -> CelOverloadDecl.newMemberOverload(
                "list_" + t.name() + "_is_sorted_bool", SimpleType.BOOL, ListType.create(t.type()))));
        decls.add(perType("sum", SUMMABLE, t -> CelOverloadDecl.newMemberOverload(
                "list_" + t.name() + "_sum_" + t.name(), t.type(), ListType.create(t.type()))));
        decls.add(perType("max", COMPARABLE, t -> CelOverloadDecl.newMemberOverload(
                "list_" + t.name() + "_max_" + t.name(), t.type(), ListType.create(t.type()))));
        decls.add(perType("min", COMPARABLE, t -> CelOverloadDecl.newMemberOverload(
                "list_" + t.name() + "_min_" + t.name(), t.type(), ListType.create(t.type()))));
        TypeParamType a = TypeParamType.create("A");
        decls.add(CelFunctionDecl.newFunctionDeclaration("indexOf",
                CelOverloadDecl.newMemberOverload("list_a_index_of_int", SimpleType.INT, ListType.create(a), a)));
        decls.add(CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                CelOverloadDecl.newMemberOverload("list_a_last_index_of_int", SimpleType.INT, ListType.create(a), a)));
        if (includes) {
            decls.add(CelFunctionDecl.newFunctionDeclaration("includes",
                    CelOverloadDecl.newMemberOverload("dra_includes_dyn_dyn", SimpleType.BOOL, SimpleType.DYN,
                            SimpleType.DYN)));
        }
        return decls;
    }

    private static CelFunctionDecl perType(String name, List<NamedType> types,
            java.util.function.Function<NamedType, CelOverloadDecl> overload) {
        return CelFunctionDecl.newFunctionDeclaration(name, types.stream().map(overload).toList());
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("list_a_index_of_int", List.class, Object.class, ListsFunctions::indexOf),
                CelFunctionBinding.from("list_a_last_index_of_int", List.class, Object.class,
                        ListsFunctions::lastIndexOf),
                CelFunctionBinding.from("dra_includes_dyn_dyn", Object.class, Object.class, ListsFunctions::includes));
    }

    /** Implementations chosen per call by overload id, see the class comment. */
    static Map<String, CelFunctionOverload> dynamicOverloads() {
        Map<String, CelFunctionOverload> m = new LinkedHashMap<>();
        for (NamedType t : COMPARABLE) {
            m.put("list_" + t.name() + "_is_sorted_bool", args -> isSorted(list(args)));
            m.put("list_" + t.name() + "_max_" + t.name(), args -> extreme(list(args), "max", -1));
            m.put("list_" + t.name() + "_min_" + t.name(), args -> extreme(list(args), "min", 1));
        }
        for (NamedType t : SUMMABLE) {
            Object zero = zero(t.name());
            m.put("list_" + t.name() + "_sum_" + t.name(), args -> sum(list(args), zero));
        }
        return m;
    }

    private static List<?> list(Object[] args) throws CelEvaluationException {
        if (args.length != 1 || !(args[0] instanceof List)) {
            throw new CelEvaluationException("no such overload");
        }
        return (List<?>) args[0];
    }

    private static Object zero(String type) {
        switch (type) {
            case "uint":
                return com.google.common.primitives.UnsignedLong.ZERO;
            case "double":
                return 0.0d;
            case "duration":
                return com.google.protobuf.Duration.getDefaultInstance();
            default:
                return 0L;
        }
    }

    static boolean isSorted(List<?> list) throws CelEvaluationException {
        Object previous = null;
        for (Object next : list) {
            if (previous != null && CelValues.compare(previous, next) > 0) {
                return false;
            }
            previous = next;
        }
        return true;
    }

    /** Starts from the first element, not the zero, so a list typed {@code dyn} sums in its own element type. */
    static Object sum(List<?> list, Object zero) throws CelEvaluationException {
        if (list.isEmpty()) {
            return zero;
        }
        Object acc = list.get(0);
        for (int i = 1; i < list.size(); i++) {
            acc = CelValues.add(acc, list.get(i));
        }
        return acc;
    }

    /** The element that compares {@code replaceWhen} against the current pick wins ({@code 1} for min). */
    static Object extreme(List<?> list, String name, int replaceWhen) throws CelEvaluationException {
        Object result = null;
        for (Object next : list) {
            if (result == null || CelValues.compare(result, next) == replaceWhen) {
                result = next;
            }
        }
        if (result == null) {
            throw new CelEvaluationException(name + " called on empty list");
        }
        return result;
    }

    static long indexOf(List<?> list, Object item) {
        for (int i = 0; i < list.size(); i++) {
            if (CelValues.equal(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    static long lastIndexOf(List<?> list, Object item) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (CelValues.equal(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code target.includes(arg)}: a list includes its equal elements, a scalar includes itself. */
    static boolean includes(Object target, Object arg) throws CelEvaluationException {
        if (target instanceof List) {
            List<?> list = (List<?>) target;
            for (int i = 0; i < list.size(); i++) {
                if (i >= INCLUDES_MAX_VALUES) {
                    throw new CelEvaluationException("'includes' function cannot be applied to lists longer than "
                            + INCLUDES_MAX_VALUES + " values");
                }
                if (CelValues.equal(list.get(i), arg)) {
                    return true;
                }
            }
            return false;
        }
        return CelValues.equal(target, arg);
    }
}
