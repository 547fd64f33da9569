package io.mig4j.dra.cel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes regex library ({@code k8s.io/apiserver/pkg/cel/library/regex.go}): {@code s.find(re)} and
 * {@code s.findAll(re[, n])}. Patterns use RE2 syntax through re2j, which reports syntax errors in Go's
 * {@code regexp} wording ({@code error parsing regexp: ...}).
 */
final class RegexFunctions {
    /** Compiled patterns by text; selectors use few distinct patterns, so this stays small. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_PATTERNS = 1024;

    private RegexFunctions() {
    }

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("find", CelOverloadDecl.newMemberOverload(
                        "string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("findAll",
                        CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                                SimpleType.STRING, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("string_find_all_string_int",
                                ListType.create(SimpleType.STRING), SimpleType.STRING, SimpleType.STRING,
                                SimpleType.INT)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_find_string", String.class, String.class, RegexFunctions::find),
                CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                        (s, re) -> findAll(s, re, -1)),
                CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class, Long.class),
                        args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    }

    /** The first match, or the empty string. */
    static String find(String s, String regex) throws CelEvaluationException {
        Matcher m = pattern(regex).matcher(s);
        return m.find() ? m.group() : "";
    }

    /** Up to {@code n} matches ({@code n < 0}: all), as Go's {@code FindAllString}. */
    static List<String> findAll(String s, String regex, long n) throws CelEvaluationException {
        List<String> result = new ArrayList<>();
        if (n == 0) {
            return result;
        }
        Matcher m = pattern(regex).matcher(s);
        while ((n < 0 || result.size() < n) && m.find()) {
            result.add(m.group());
        }
        return result;
    }

    static Pattern pattern(String regex) throws CelEvaluationException {
        Pattern p = PATTERNS.get(regex);
        if (p == null) {
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new CelEvaluationException("Illegal regex: " + e.getMessage());
            }
            if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, p);
        }
        return p;
    }
}
