package io.mig4j.dra.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * The Kubernetes semver library ({@code k8s.io/apiserver/pkg/cel/library/semverlib.go}, version 1, in the base
 * environment since 1.33): {@code semver(s[, normalize])}, {@code isSemver(s[, normalize])},
 * {@code isGreaterThan}, {@code isLessThan}, {@code compareTo}, {@code major}, {@code minor}, {@code patch}.
 * DRA {@code version} attributes reach CEL as the same {@link Semver} values.
 */
final class SemverFunctions {
    /** The CEL type of {@link Semver} values. */
    static final OpaqueType TYPE = OpaqueType.create("kubernetes.Semver");

    private SemverFunctions() {
    }

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("semver",
                        CelOverloadDecl.newGlobalOverload("string_to_semver", TYPE, SimpleType.STRING),
                        CelOverloadDecl.newGlobalOverload("string_bool_to_semver", TYPE, SimpleType.STRING,
                                SimpleType.BOOL)),
                CelFunctionDecl.newFunctionDeclaration("isSemver",
                        CelOverloadDecl.newGlobalOverload("is_semver_string", SimpleType.BOOL, SimpleType.STRING),
                        CelOverloadDecl.newGlobalOverload("is_semver_string_bool", SimpleType.BOOL, SimpleType.STRING,
                                SimpleType.BOOL)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan", CelOverloadDecl.newMemberOverload(
                        "semver_is_greater_than", SimpleType.BOOL, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan", CelOverloadDecl.newMemberOverload(
                        "semver_is_less_than", SimpleType.BOOL, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("compareTo", CelOverloadDecl.newMemberOverload(
                        "semver_compare_to", SimpleType.INT, TYPE, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("major",
                        CelOverloadDecl.newMemberOverload("semver_major", SimpleType.INT, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("minor",
                        CelOverloadDecl.newMemberOverload("semver_minor", SimpleType.INT, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("patch",
                        CelOverloadDecl.newMemberOverload("semver_patch", SimpleType.INT, TYPE)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_semver", String.class, s -> parse(s, false)),
                CelFunctionBinding.from("string_bool_to_semver", String.class, Boolean.class, SemverFunctions::parse),
                CelFunctionBinding.from("is_semver_string", String.class, s -> isSemver(s, false)),
                CelFunctionBinding.from("is_semver_string_bool", String.class, Boolean.class,
                        SemverFunctions::isSemver),
                CelFunctionBinding.from("semver_is_greater_than", Semver.class, Semver.class,
                        (a, b) -> a.compareTo(b) > 0),
                CelFunctionBinding.from("semver_is_less_than", Semver.class, Semver.class,
                        (a, b) -> a.compareTo(b) < 0),
                CelFunctionBinding.from("semver_compare_to", Semver.class, Semver.class,
                        (a, b) -> (long) a.compareTo(b)),
                CelFunctionBinding.from("semver_major", Semver.class, Semver::major),
                CelFunctionBinding.from("semver_minor", Semver.class, Semver::minor),
                CelFunctionBinding.from("semver_patch", Semver.class, Semver::patch));
    }

    private static Semver parse(String text, boolean normalize) throws CelEvaluationException {
        try {
            return normalize ? Semver.parseNormalized(text) : Semver.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CelEvaluationException(e.getMessage());
        }
    }

    private static boolean isSemver(String text, boolean normalize) {
        try {
            parse(text, normalize);
            return true;
        } catch (CelEvaluationException e) {
            return false;
        }
    }
}
