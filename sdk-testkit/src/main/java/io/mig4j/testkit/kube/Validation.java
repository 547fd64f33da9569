package io.mig4j.testkit.kube;

import io.mig4j.dra.validation.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic object-metadata checks every kind gets, worded as apimachinery's {@code pkg/util/validation},
 * {@code pkg/api/validate/content/kube.go} and {@code pkg/api/validation/objectmeta.go} word them.
 */
final class Validation {
    /** How a kind's names are checked. */
    enum NameRule { DNS_SUBDOMAIN, DNS_LABEL, PATH_SEGMENT }

    private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_FMT);
    private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final String LABEL_KEY_MSG =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private Validation() {
    }

    static String regexError(String msg, String fmt, String... examples) {
        return Names.regexError(msg, fmt, examples);
    }

    static List<String> dns1123Label(String value) {
        return Names.dns1123Label(value);
    }

    static List<String> dns1123Subdomain(String value) {
        return Names.dns1123Subdomain(value);
    }

    static List<String> pathSegment(String value, boolean prefix) {
        List<String> errs = new ArrayList<>();
        if (!prefix && (value.equals(".") || value.equals(".."))) {
            errs.add("may not be '" + value + "'");
        }
        for (String bad : new String[] {"/", "%"}) {
            if (value.contains(bad)) {
                errs.add("may not contain '" + bad + "'");
            }
        }
        return errs;
    }

    /** Label keys, annotation keys and finalizers: {@code [prefix/]name}. Null when fine. */
    static String qualifiedNameProblem(String value) {
        List<String> errs = qualifiedName(value);
        return errs.isEmpty() ? null : errs.get(0);
    }

    static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String m : dns1123Subdomain(parts[0])) {
                    errs.add("prefix part " + m);
                }
            }
        } else {
            errs.add("a valid label key " + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 characters");
        }
        if (!LABEL_KEY.matcher(name).matches()) {
            errs.add("name part " + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    static String labelValueProblem(String value) {
        if (value.length() > 63) {
            return "must be no more than 63 characters";
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            return regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
                    + "or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT, "MyValue",
                    "my_value", "12345");
        }
        return null;
    }

    static List<String> name(NameRule rule, String name) {
        switch (rule) {
            case DNS_LABEL:
                return dns1123Label(name);
            case PATH_SEGMENT:
                return pathSegment(name, false);
            default:
                return dns1123Subdomain(name);
        }
    }

    /** ValidateObjectMetaAccessor: name/generateName, namespace, labels, annotations, finalizers. */
    static List<StatusCause> objectMeta(ObjectNode obj, boolean namespaced, NameRule rule) {
        List<StatusCause> errs = new ArrayList<>();
        JsonNode meta = obj.path("metadata");
        String name = Json.text(meta, "name", "");
        String generateName = Json.text(meta, "generateName", "");
        if (!generateName.isEmpty()) {
            for (String m : rule == NameRule.PATH_SEGMENT ? pathSegment(generateName, true) : List.<String>of()) {
                errs.add(StatusCause.invalid("metadata.generateName", generateName, m));
            }
        }
        if (name.isEmpty()) {
            errs.add(StatusCause.required("metadata.name", "name or generateName is required"));
        } else {
            for (String m : name(rule, name)) {
                errs.add(StatusCause.invalid("metadata.name", name, m));
            }
        }
        String namespace = Json.text(meta, "namespace", "");
        if (namespaced) {
            if (namespace.isEmpty()) {
                errs.add(StatusCause.required("metadata.namespace", ""));
            } else {
                for (String m : dns1123Label(namespace)) {
                    errs.add(StatusCause.invalid("metadata.namespace", namespace, m));
                }
            }
        } else if (!namespace.isEmpty()) {
            errs.add(StatusCause.forbidden("metadata.namespace", "not allowed on this type"));
        }
        errs.addAll(labels(meta.get("labels")));
        errs.addAll(annotations(meta.get("annotations")));
        JsonNode finalizers = meta.get("finalizers");
        if (finalizers != null && finalizers.isArray()) {
            for (JsonNode f : finalizers) {
                for (String m : qualifiedName(f.asString())) {
                    errs.add(StatusCause.invalid("metadata.finalizers", f.asString(), m));
                }
            }
        }
        return errs;
    }

    static List<StatusCause> labels(JsonNode labels) {
        List<StatusCause> errs = new ArrayList<>();
        if (labels == null || !labels.isObject()) {
            return errs;
        }
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            for (String m : qualifiedName(e.getKey())) {
                errs.add(StatusCause.invalid("metadata.labels", e.getKey(), m));
            }
            String problem = labelValueProblem(e.getValue().asString());
            if (problem != null) {
                errs.add(StatusCause.invalid("metadata.labels", e.getValue().asString(), problem));
            }
        }
        return errs;
    }

    static List<StatusCause> annotations(JsonNode annotations) {
        List<StatusCause> errs = new ArrayList<>();
        if (annotations == null || !annotations.isObject()) {
            return errs;
        }
        long size = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            for (String m : qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(StatusCause.invalid("metadata.annotations", e.getKey(), m));
            }
            size += e.getKey().length() + e.getValue().asString().length();
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(StatusCause.tooLong("metadata.annotations", (int) TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errs;
    }
}
