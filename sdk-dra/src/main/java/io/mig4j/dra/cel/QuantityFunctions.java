package io.mig4j.dra.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.QuantityFormatException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes quantity library ({@code k8s.io/apiserver/pkg/cel/library/quantity.go}, in the base environment
 * since 1.28) on sdk-dra's {@link Quantity}: {@code quantity(s)}, {@code isQuantity(s)}, {@code sign(q)},
 * {@code q.isGreaterThan(q)}, {@code q.isLessThan(q)}, {@code q.compareTo(q)}, {@code q.add(q|int)},
 * {@code q.sub(q|int)}, {@code q.asInteger()}, {@code q.isInteger()}, {@code q.asApproximateFloat()}.
 *
 * <p>As in Kubernetes there are no operator overloads: {@code q >= quantity("10Gi")} does not type-check.
 * {@code sign} is declared as a global function ({@code sign(q)}), exactly as Kubernetes' code declares it
 * ({@code cel.Overload("quantity_sign", ...)}), although its documentation writes {@code q.sign()}; so
 * {@code q.sign()} fails to compile in Kubernetes and here. Equality ({@code ==}) is numeric
 * ({@code quantity("200M") == quantity("0.2G")}).
 */
final class QuantityFunctions {
    /** The CEL type of quantities. */
    static final OpaqueType TYPE = OpaqueType.create("kubernetes.Quantity");

    private QuantityFunctions() {
    }

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("quantity",
                        CelOverloadDecl.newGlobalOverload("string_to_quantity", TYPE, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isQuantity",
                        CelOverloadDecl.newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("sign",
                        CelOverloadDecl.newGlobalOverload("quantity_sign", SimpleType.INT, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan", CelOverloadDecl.newMemberOverload(
                        "quantity_is_greater_than", SimpleType.BOOL, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan", CelOverloadDecl.newMemberOverload(
                        "quantity_is_less_than", SimpleType.BOOL, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("compareTo", CelOverloadDecl.newMemberOverload(
                        "quantity_compare_to", SimpleType.INT, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("asApproximateFloat", CelOverloadDecl.newMemberOverload(
                        "quantity_get_float", SimpleType.DOUBLE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("asInteger", CelOverloadDecl.newMemberOverload(
                        "quantity_get_int", SimpleType.INT, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("isInteger", CelOverloadDecl.newMemberOverload(
                        "quantity_is_integer", SimpleType.BOOL, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("add",
                        CelOverloadDecl.newMemberOverload("quantity_add", TYPE, TYPE, TYPE),
                        CelOverloadDecl.newMemberOverload("quantity_add_int", TYPE, TYPE, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("sub",
                        CelOverloadDecl.newMemberOverload("quantity_sub", TYPE, TYPE, TYPE),
                        CelOverloadDecl.newMemberOverload("quantity_sub_int", TYPE, TYPE, SimpleType.INT)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_quantity", String.class, QuantityFunctions::parse),
                CelFunctionBinding.from("is_quantity_string", String.class, Quantity::isQuantity),
                CelFunctionBinding.from("quantity_sign", Quantity.class, q -> (long) q.sign()),
                CelFunctionBinding.from("quantity_is_greater_than", Quantity.class, Quantity.class,
                        Quantity::isGreaterThan),
                CelFunctionBinding.from("quantity_is_less_than", Quantity.class, Quantity.class,
                        Quantity::isLessThan),
                CelFunctionBinding.from("quantity_compare_to", Quantity.class, Quantity.class,
                        (a, b) -> (long) Integer.signum(a.compareTo(b))),
                CelFunctionBinding.from("quantity_get_float", Quantity.class, Quantity::asApproximateFloat),
                CelFunctionBinding.from("quantity_get_int", Quantity.class, QuantityFunctions::asInteger),
                CelFunctionBinding.from("quantity_is_integer", Quantity.class, Quantity::isInteger),
                CelFunctionBinding.from("quantity_add", Quantity.class, Quantity.class, Quantity::add),
                CelFunctionBinding.from("quantity_add_int", Quantity.class, Long.class, (q, i) -> q.add(i)),
                CelFunctionBinding.from("quantity_sub", Quantity.class, Quantity.class, Quantity::subtract),
                CelFunctionBinding.from("quantity_sub_int", Quantity.class, Long.class, (q, i) -> q.subtract(i)));
    }

    /** Parsed quantities by text: selectors mostly parse the same literals on every device. Bounded. */
    private static final Map<String, Quantity> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 4096;

    private static Quantity parse(String text) throws CelEvaluationException {
        Quantity q = PARSED.get(text);
        if (q != null) {
            return q;
        }
        try {
            q = Quantity.parse(text);
        } catch (QuantityFormatException e) {
            throw new CelEvaluationException(e.reason());
        }
        if (PARSED.size() < PARSED_LIMIT) {
            PARSED.put(text, q);
        }
        return q;
    }

    private static long asInteger(Quantity q) throws CelEvaluationException {
        try {
            return q.asInteger();
        } catch (ArithmeticException e) {
            throw new CelEvaluationException("cannot convert value to integer");
        }
    }
}
