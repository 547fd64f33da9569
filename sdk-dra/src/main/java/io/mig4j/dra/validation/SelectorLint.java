package io.mig4j.dra.validation;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds CEL selectors that compile but can never match a device of NVIDIA's driver, and the quantity-comparison
 * mistake, from the expression text. These are the mistakes of the recipe this project started from (see the
 * project's DRA fact sheet §5): the API server stores such selectors, and they then match nothing.
 * Semantics from {@code cel/compile.go} of kubernetes/dynamic-resource-allocation: attributes and capacities are
 * keyed by domain, then by identifier; values are plain CEL values; quantities only have comparison methods.
 */
final class SelectorLint {
    private static final Pattern DRIVER = Pattern.compile("device\\.driver\\s*(==|!=)\\s*(['\"])((?:\\\\.|(?!\\2).)*)\\2");
    private static final Pattern DOMAIN = Pattern.compile(
            "device\\.(attributes|capacity)\\s*\\[\\s*(['\"])((?:\\\\.|(?!\\2).)*)\\2\\s*\\]");
    private static final Pattern VALUE_FIELD = Pattern.compile(
            "device\\.attributes\\s*\\[[^\\]]*\\](?:\\s*(?:\\.\\s*[A-Za-z_][A-Za-z0-9_]*|\\[[^\\]]*\\]))?\\s*\\.\\s*"
                    + "(stringValue|boolValue|intValue|versionValue|quantity)\\b");
    private static final Pattern QUANTITY_OPERATOR = Pattern.compile(
            "(>=|<=|>|<)\\s*quantity\\s*\\(|quantity\\s*\\([^)]*\\)\\s*(>=|<=|>|<)|"
                    + "device\\.capacity\\s*\\[[^\\]]*\\]\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_]*\\s*(>=|<=|>|<)");

    private SelectorLint() {
    }

    static void lint(String expression, FieldPath path, Problems p) {
        Set<String> found = new LinkedHashSet<>();
        Matcher d = DRIVER.matcher(expression);
        while (d.find()) {
            String driver = d.group(3);
            if (!Names.driverName(driver, path).isEmpty()) {
                String hint = driver.toLowerCase(Locale.ROOT).contains("nvidia")
                        ? "; NVIDIA's GPU driver is \"gpu.nvidia.com\"" : "";
                found.add("device.driver is compared with " + FieldError.goQuote(driver) + ", which is not a valid driver"
                        + " name (a DNS subdomain such as \"gpu.nvidia.com\", without '/'), so no device ever matches"
                        + hint);
            }
        }
        Matcher m = DOMAIN.matcher(expression);
        while (m.find()) {
            String map = m.group(1);
            String domain = m.group(3);
            if (domain.contains("/")) {
                found.add("device." + map + " is keyed by domain only, and " + FieldError.goQuote(domain)
                        + " is a domain and a name, so this lookup is always empty and the selector never matches; "
                        + hint(map, domain.substring(domain.indexOf('/') + 1)));
            } else if (!Names.driverName(domain, path).isEmpty()) {
                found.add("device." + map + " is keyed by domain, and " + FieldError.goQuote(domain)
                        + " is not a valid domain, so this lookup is always empty");
            }
        }
        Matcher v = VALUE_FIELD.matcher(expression);
        while (v.find()) {
            found.add("attribute values are plain CEL values (string, int, bool or semver) without fields, so ."
                    + v.group(1) + " looks up an attribute named " + FieldError.goQuote(v.group(1))
                    + " that no driver publishes; compare the attribute itself, e.g."
                    + " device.attributes[\"gpu.nvidia.com\"].profile == \"1g.10gb\"");
        }
        if (QUANTITY_OPERATOR.matcher(expression).find()) {
            found.add("Kubernetes quantities have no comparison operators in CEL, so this does not compile in"
                    + " Kubernetes; compare with compareTo, e.g."
                    + " device.capacity[\"gpu.nvidia.com\"].memory.compareTo(quantity(\"10Gi\")) >= 0");
        }
        for (String f : found) {
            p.warn(path, f);
        }
    }

    private static String hint(String map, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("memory")) {
            return "memory is a capacity of NVIDIA's driver: device.capacity[\"gpu.nvidia.com\"].memory";
        }
        if (n.contains("profile")) {
            return "NVIDIA's driver publishes the profile as device.attributes[\"gpu.nvidia.com\"].profile";
        }
        if (n.contains("mig")) {
            return "NVIDIA's driver tells MIG devices apart by device.attributes[\"gpu.nvidia.com\"].type == \"mig\"";
        }
        return "NVIDIA's driver publishes its " + map + " under \"gpu.nvidia.com\", e.g. device." + map
                + "[\"gpu.nvidia.com\"]." + name.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
