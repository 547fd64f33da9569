package io.mig4j.dra.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes' name and format rules with their exact messages: DNS labels and subdomains, C identifiers, label
 * keys and values, driver names, DRA qualified names. Each check returns the messages Kubernetes would give (empty
 * when the value is fine). Messages follow {@code pkg/api/validate/content/{dns,identifier,kube,errors}.go} of
 * kubernetes/apimachinery (commit eed236ce).
 */
public final class Names {
    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern DNS1123_LABEL = Pattern.compile("^" + DNS1123_LABEL_FMT + "$");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
    private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern C_IDENTIFIER = Pattern.compile("^" + C_IDENTIFIER_FMT + "$");
    private static final String C_IDENTIFIER_MSG = "a valid C identifier must start with alphabetic character or '_',"
            + " followed by a string of alphanumeric characters or '_'";
    private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern LABEL_KEY = Pattern.compile("^" + LABEL_KEY_FMT + "$");
    private static final String LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character";
    private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /** Maximum length of a DNS label. */
    public static final int DNS1123_LABEL_MAX = 63;
    /** Maximum length of a DNS subdomain. */
    public static final int DNS1123_SUBDOMAIN_MAX = 253;
    /** {@code DeviceMaxIDLength}: the identifier part of an attribute or capacity name. */
    public static final int DEVICE_MAX_ID_LENGTH = 32;
    /** {@code DeviceMaxDomainLength}: the domain part of an attribute or capacity name. */
    public static final int DEVICE_MAX_DOMAIN_LENGTH = 63;
    /** Maximum length of a driver name ({@code ValidateCSIDriverName}). */
    public static final int DRIVER_NAME_MAX = 63;

    private Names() {
    }

    static int bytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    /** Whether {@code s[from, to)} is a DNS label by the regex {@link #DNS1123_LABEL_FMT}, without a regex. */
    private static boolean isLabel(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && !(c == '-' && i != from && i != to - 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSubdomain(String s) {
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (!isLabel(s, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static boolean isCIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String maxLen(int n) {
        return "must be no more than " + n + " bytes";
    }

    /** Kubernetes' {@code RegexError} wording: the message, examples and the regex, as the API server words it. */
    public static String regexError(String msg, String re, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + re + "')";
        }
        StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(re).append("')").toString();
    }

    /** {@code IsDNS1123Label}. */
    public static List<String> dns1123Label(String value) {
        if (value.length() <= DNS1123_LABEL_MAX && isLabel(value, 0, value.length())) {
            return List.of();
        }
        List<String> errs = new ArrayList<>();
        if (bytes(value) > DNS1123_LABEL_MAX) {
            errs.add(maxLen(DNS1123_LABEL_MAX));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    /** {@code IsDNS1123Subdomain}. */
    public static List<String> dns1123Subdomain(String value) {
        if (value.length() <= DNS1123_SUBDOMAIN_MAX && isSubdomain(value)) {
            return List.of();
        }
        List<String> errs = new ArrayList<>();
        if (bytes(value) > DNS1123_SUBDOMAIN_MAX) {
            errs.add(maxLen(DNS1123_SUBDOMAIN_MAX));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /** {@code IsCIdentifier}. */
    public static List<String> cIdentifier(String value) {
        if (isCIdentifier(value)) {
            return List.of();
        }
        if (!C_IDENTIFIER.matcher(value).matches()) {
            return List.of(regexError(C_IDENTIFIER_MSG, C_IDENTIFIER_FMT, "my_name", "MY_NAME", "MyName"));
        }
        return List.of();
    }

    /** {@code IsQualifiedName} / {@code IsLabelKey}: an optional DNS subdomain prefix, '/', and a name. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String m : dns1123Subdomain(prefix)) {
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
        } else if (bytes(name) > DNS1123_LABEL_MAX) {
            errs.add("name part " + maxLen(DNS1123_LABEL_MAX));
        }
        if (!LABEL_KEY.matcher(name).matches()) {
            errs.add("name part " + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** {@code IsValidLabelValue}. */
    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (bytes(value) > DNS1123_LABEL_MAX) {
            errs.add(maxLen(DNS1123_LABEL_MAX));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    // ------------------------------------------------------------------ field-level checks (field.ErrorList)

    /** {@code ValidateCSIDriverName}: required, at most 63 bytes, a DNS subdomain when lower-cased. */
    public static List<FieldError> driverName(String value, FieldPath path) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && v.length() <= DRIVER_NAME_MAX && isSubdomain(v)) {
            return List.of();
        }
        List<FieldError> errs = new ArrayList<>();
        if (v.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        }
        if (bytes(v) > DRIVER_NAME_MAX) {
            errs.add(FieldError.tooLong(path, DRIVER_NAME_MAX));
        }
        for (String m : dns1123Subdomain(v.toLowerCase(Locale.ROOT))) {
            errs.add(FieldError.invalid(path, v, m));
        }
        return errs;
    }

    /** A DNS label field ({@code ValidateDNS1123Label}). */
    public static List<FieldError> dns1123Label(String value, FieldPath path) {
        List<String> msgs = dns1123Label(value);
        if (msgs.isEmpty()) {
            return List.of();
        }
        List<FieldError> errs = new ArrayList<>();
        for (String m : msgs) {
            errs.add(FieldError.invalid(path, value, m));
        }
        return errs;
    }

    /** A DNS subdomain field ({@code ValidateDNS1123Subdomain}). */
    public static List<FieldError> dns1123Subdomain(String value, FieldPath path) {
        List<String> msgs = dns1123Subdomain(value);
        if (msgs.isEmpty()) {
            return List.of();
        }
        List<FieldError> errs = new ArrayList<>();
        for (String m : msgs) {
            errs.add(FieldError.invalid(path, value, m));
        }
        return errs;
    }

    /** A label key field ({@code ValidateLabelName}). */
    public static List<FieldError> labelName(String value, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (String m : qualifiedName(value)) {
            errs.add(FieldError.invalid(path, value, m));
        }
        return errs;
    }

    /** A label value field. */
    public static List<FieldError> labelValue(String value, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (String m : labelValue(value)) {
            errs.add(FieldError.invalid(path, value, m));
        }
        return errs;
    }

    /** A C identifier of at most 32 bytes ({@code validateCIdentifier} of the resource validation). */
    static List<FieldError> deviceId(String id, FieldPath path) {
        if (id.length() <= DEVICE_MAX_ID_LENGTH && isCIdentifier(id)) {
            return List.of();
        }
        List<FieldError> errs = new ArrayList<>();
        if (bytes(id) > DEVICE_MAX_ID_LENGTH) {
            errs.add(FieldError.tooLong(path, DEVICE_MAX_ID_LENGTH));
        }
        for (String m : cIdentifier(id)) {
            errs.add(FieldError.invalid(path, id, m));
        }
        return errs;
    }

    /**
     * An attribute or capacity name ({@code validateQualifiedName} of the resource validation): {@code <id>} or
     * {@code <domain>/<id>}. Like Kubernetes, names with more than one slash are not rejected here.
     */
    public static List<FieldError> deviceQualifiedName(String name, FieldPath path) {
        int slash = name.indexOf('/');
        if (slash < 0 ? isCIdentifier(name) && name.length() <= DEVICE_MAX_ID_LENGTH
                : name.indexOf('/', slash + 1) < 0 && slash > 0 && slash <= DRIVER_NAME_MAX
                && isSubdomain(name.substring(0, slash).toLowerCase(java.util.Locale.ROOT))
                && name.length() - slash - 1 <= DEVICE_MAX_ID_LENGTH && isCIdentifier(name.substring(slash + 1))) {
            return List.of();
        }
        List<FieldError> errs = new ArrayList<>();
        String[] parts = name.split("/", -1);
        if (parts.length == 1) {
            errs.addAll(deviceId(parts[0], path));
        } else if (parts.length == 2) {
            if (parts[0].isEmpty()) {
                errs.add(FieldError.invalid(path, "", "the domain must not be empty"));
            } else {
                errs.addAll(driverName(parts[0], path));
            }
            if (parts[1].isEmpty()) {
                errs.add(FieldError.invalid(path, "", "the name must not be empty"));
            } else {
                errs.addAll(deviceId(parts[1], path));
            }
        } else {
            errs.add(FieldError.invalid(path, name, "must not contain more than one slash"));
        }
        return errs;
    }

    /** A fully qualified attribute name ({@code matchAttribute}, {@code distinctAttribute}): domain required. */
    public static List<FieldError> deviceFullyQualifiedName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(deviceQualifiedName(name, path));
        if (!name.contains("/")) {
            errs.add(FieldError.invalid(path, name, "a fully qualified name must be a domain and a name separated by a"
                    + " slash"));
        }
        return errs;
    }

    /** A pool name: required, at most 253 bytes, DNS subdomains separated by '/'. */
    public static List<FieldError> poolName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        if (bytes(name) > DNS1123_SUBDOMAIN_MAX) {
            errs.add(FieldError.tooLong(path, DNS1123_SUBDOMAIN_MAX));
        }
        for (String part : name.split("/", -1)) {
            errs.addAll(dns1123Subdomain(part, path));
        }
        return errs;
    }
}
