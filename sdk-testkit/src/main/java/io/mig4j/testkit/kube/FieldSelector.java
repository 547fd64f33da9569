package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code fieldSelector}: terms {@code field=value}, {@code field==value}, {@code field!=value} joined by
 * commas, with backslash escapes, as apimachinery's {@code pkg/fields/selector.go} parses them. Which fields a
 * kind supports is the kind strategy's business ({@link KindStrategy#fieldLabel}).
 */
final class FieldSelector {
    record Term(String field, boolean equals, String value) {
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    List<Term> terms() {
        return terms;
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The value a term requires for {@code field} with {@code =}, or null. */
    String requiredValue(String field) {
        for (Term t : terms) {
            if (t.equals && t.field.equals(field)) {
                return t.value;
            }
        }
        return null;
    }

    boolean matches(Map<String, String> fields) {
        for (Term t : terms) {
            String have = fields.getOrDefault(t.field, "");
            if (t.equals != have.equals(t.value)) {
                return false;
            }
        }
        return true;
    }

    /** Parses and converts every field label through the kind's conversion, which rejects unsupported ones. */
    static FieldSelector parse(String selector, KindStrategy strategy, ResourceType type) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : splitUnescaped(selector, ',')) {
            if (part.isEmpty()) {
                continue;
            }
            int op = -1;
            int opLen = 0;
            boolean equals = true;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '\\') {
                    i++;
                    continue;
                }
                if (c == '!' && i + 1 < part.length() && part.charAt(i + 1) == '=') {
                    op = i;
                    opLen = 2;
                    equals = false;
                    break;
                }
                if (c == '=') {
                    op = i;
                    opLen = i + 1 < part.length() && part.charAt(i + 1) == '=' ? 2 : 1;
                    break;
                }
            }
            if (op < 0) {
                throw KubeApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            String field = unescape(part.substring(0, op).trim());
            String value = unescape(part.substring(op + opLen).trim());
            terms.add(new Term(strategy.fieldLabel(type, field), equals, value));
        }
        return new FieldSelector(terms);
    }

    private static List<String> splitUnescaped(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                b.append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
