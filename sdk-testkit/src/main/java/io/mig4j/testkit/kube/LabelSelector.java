package io.mig4j.testkit.kube;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code labelSelector} query parameter with the grammar and semantics of apimachinery's
 * {@code pkg/labels/selector.go}: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
 * {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>5}, {@code k<5}, joined by commas (AND).
 * {@code !=} and {@code notin} also match objects that lack the key.
 */
final class LabelSelector {
    enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

    record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            switch (op) {
                case EQUALS:
                case IN:
                    return v != null && values.contains(v);
                case NOT_EQUALS:
                case NOT_IN:
                    return v == null || !values.contains(v);
                case EXISTS:
                    return v != null;
                case DOES_NOT_EXIST:
                    return v == null;
                case GREATER_THAN:
                case LESS_THAN:
                    if (v == null) {
                        return false;
                    }
                    try {
                        long have = Long.parseLong(v);
                        long want = Long.parseLong(values.iterator().next());
                        return op == Op.GREATER_THAN ? have > want : have < want;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                default:
                    return false;
            }
        }
    }

    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    List<Requirement> requirements() {
        return requirements;
    }

    boolean isEmpty() {
        return requirements.isEmpty();
    }

    boolean matches(JsonNode object) {
        if (requirements.isEmpty()) {
            return true;
        }
        return matches(labelsOf(object));
    }

    boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labelsOf(JsonNode object) {
        JsonNode labels = object == null ? null : object.path("metadata").get("labels");
        if (labels == null || !labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> m = new java.util.HashMap<>();
        labels.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString()));
        return m;
    }

    /** Parses a selector; a malformed one is a 400 with apimachinery's wording. */
    static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        try {
            return new LabelSelector(new Parser(selector).parse());
        } catch (IllegalArgumentException e) {
            throw KubeApiException.badRequest("unable to parse requirement: " + e.getMessage());
        }
    }

    /** A small lexer + recursive descent parser over the label selector grammar. */
    private static final class Parser {
        private final List<String> tokens = new ArrayList<>();
        private int pos;

        Parser(String s) {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == ',') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '!' || c == '=' || c == '<' || c == '>') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '=' && (c == '!' || c == '=')) {
                        tokens.add(c + "=");
                        i += 2;
                    } else {
                        tokens.add(String.valueOf(c));
                        i++;
                    }
                } else {
                    int j = i;
                    while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()!=<>,".indexOf(s.charAt(j)) < 0) {
                        j++;
                    }
                    tokens.add(s.substring(i, j));
                    i = j;
                }
            }
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private String next() {
            return pos < tokens.size() ? tokens.get(pos++) : null;
        }

        private static boolean isIdentifier(String t) {
            return t != null && !t.isEmpty() && "()!=<>,".indexOf(t.charAt(0)) < 0;
        }

        List<Requirement> parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                String t = peek();
                if (t == null) {
                    return out;
                }
                if (!isIdentifier(t) && !"!".equals(t)) {
                    throw new IllegalArgumentException("found '" + t + "', expected: !, identifier, or 'end of string'");
                }
                out.add(requirement());
                String sep = next();
                if (sep == null) {
                    return out;
                }
                if (!",".equals(sep)) {
                    throw new IllegalArgumentException("found '" + sep + "', expected: ',' or 'end of string'");
                }
                if (!isIdentifier(peek()) && !"!".equals(peek())) {
                    throw new IllegalArgumentException("found '" + (peek() == null ? "" : peek())
                            + "', expected: identifier after ','");
                }
            }
        }

        private Requirement requirement() {
            if ("!".equals(peek())) {
                next();
                String key = next();
                checkKey(key);
                return new Requirement(key, Op.DOES_NOT_EXIST, Set.of());
            }
            String key = next();
            checkKey(key);
            String op = peek();
            if (op == null || ",".equals(op)) {
                return new Requirement(key, Op.EXISTS, Set.of());
            }
            next();
            switch (op) {
                case "=":
                case "==":
                    return new Requirement(key, Op.EQUALS, Set.of(value()));
                case "!=":
                    return new Requirement(key, Op.NOT_EQUALS, Set.of(value()));
                case ">":
                case "<": {
                    String v = value();
                    try {
                        Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                    return new Requirement(key, op.equals(">") ? Op.GREATER_THAN : Op.LESS_THAN, Set.of(v));
                }
                case "in":
                    return new Requirement(key, Op.IN, set());
                case "notin":
                    return new Requirement(key, Op.NOT_IN, set());
                default:
                    throw new IllegalArgumentException("found '" + op + "', expected: in, notin, =, ==, !=, gt, lt");
            }
        }

        private String value() {
            String v = peek();
            if (v == null || ",".equals(v)) {
                return "";
            }
            if (!isIdentifier(v)) {
                throw new IllegalArgumentException("found '" + v + "', expected: identifier");
            }
            next();
            checkValue(v);
            return v;
        }

        private Set<String> set() {
            if (!"(".equals(next())) {
                throw new IllegalArgumentException("found '" + tokens.get(pos - 1) + "' expected: '('");
            }
            Set<String> values = new LinkedHashSet<>();
            while (true) {
                String t = next();
                if (t == null) {
                    throw new IllegalArgumentException("found '', expected: ')'");
                }
                if (")".equals(t)) {
                    return values;
                }
                if (",".equals(t)) {
                    values.add("");
                    continue;
                }
                checkValue(t);
                values.add(t);
                String after = next();
                if (")".equals(after)) {
                    return values;
                }
                if (!",".equals(after)) {
                    throw new IllegalArgumentException("found '" + after + "', expected: ',' or ')'");
                }
            }
        }

        private static void checkKey(String key) {
            String problem = Validation.qualifiedNameProblem(key);
            if (problem != null) {
                throw new IllegalArgumentException("key: Invalid value: " + StatusCause.quote(key) + ": " + problem);
            }
        }

        private static void checkValue(String value) {
            String problem = Validation.labelValueProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("values[0]: Invalid value: " + StatusCause.quote(value) + ": "
                        + problem);
            }
        }
    }
}
