package io.mig4j.dra.cel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A semantic version (<a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0.0</a>), the value CEL sees for a
 * DRA {@code version} attribute and the result of the Kubernetes CEL function {@code semver(...)}.
 *
 * <p>Parsing and ordering follow {@code github.com/blang/semver/v4}, the library Kubernetes' CEL semver library
 * ({@code k8s.io/apiserver/pkg/cel/library/semverlib.go}) and DRA's attribute conversion
 * ({@code k8s.io/dynamic-resource-allocation/cel/compile.go}) use, including its error wording (for example
 * {@code No Major.Minor.Patch elements found}). Equality and ordering ignore build metadata, as SemVer requires.
 *
 * @implSpec Immutable, thread-safe, value-based.
 */
public final class Semver implements Comparable<Semver> {
    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;
    private final List<String> build;

    private Semver(long major, long minor, long patch, List<String> preRelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.build = build;
    }

    /**
     * Parses a strict semantic version such as {@code 1.2.3-beta.1+build.5}.
     *
     * @throws IllegalArgumentException with blang/semver's message when the text is not a semantic version
     */
    public static Semver parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Version string empty");
        }
        String[] parts = text.split("\\.", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("No Major.Minor.Patch elements found");
        }
        long major = number(parts[0], "major");
        long minor = number(parts[1], "minor");
        String patchText = parts[2];
        List<String> build = List.of();
        int plus = patchText.indexOf('+');
        if (plus >= 0) {
            build = identifiers(patchText.substring(plus + 1));
            patchText = patchText.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = patchText.indexOf('-');
        if (dash >= 0) {
            pre = identifiers(patchText.substring(dash + 1));
            patchText = patchText.substring(0, dash);
        }
        long patch = number(patchText, "patch");
        for (String p : pre) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("Prerelease is empty");
            }
            if (isNumeric(p)) {
                if (p.length() > 1 && p.charAt(0) == '0') {
                    throw new IllegalArgumentException(
                            "Numeric PreRelease version must not contain leading zeroes \"" + p + "\"");
                }
            } else if (!isAlphanumeric(p)) {
                throw new IllegalArgumentException("Invalid character(s) found in prerelease \"" + p + "\"");
            }
        }
        for (String b : build) {
            if (b.isEmpty()) {
                throw new IllegalArgumentException("Build meta data is empty");
            }
            if (!isAlphanumeric(b)) {
                throw new IllegalArgumentException("Invalid character(s) found in build meta data \"" + b + "\"");
            }
        }
        return new Semver(major, minor, patch, pre, build);
    }

    /**
     * Parses leniently like {@code semver(text, true)} in Kubernetes' CEL library: a leading {@code v} is
     * dropped, leading zeroes are removed and a missing minor or patch number becomes 0 ({@code v01.1} is
     * {@code 1.1.0}).
     *
     * @throws IllegalArgumentException when the normalized text is still not a semantic version
     */
    public static Semver parseNormalized(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.startsWith("v") ? text.substring(1) : text;
        List<String> parts = new ArrayList<>(List.of(s.split("\\.", 3)));
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.length() > 1) {
                int first = 0;
                while (first < p.length() && p.charAt(first) == '0') {
                    first++;
                }
                p = p.substring(first);
                if (p.isEmpty() || p.charAt(0) < '0' || p.charAt(0) > '9') {
                    p = "0" + p;
                }
                parts.set(i, p);
            }
        }
        if (parts.size() < 3) {
            String last = parts.get(parts.size() - 1);
            if (last.contains("+") || last.contains("-")) {
                throw new IllegalArgumentException("short version cannot contain PreRelease/Build meta data");
            }
            while (parts.size() < 3) {
                parts.add("0");
            }
        }
        return parse(String.join(".", parts));
    }

    /** Whether {@link #parse} accepts the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> identifiers(String text) {
        return Collections.unmodifiableList(new ArrayList<>(List.of(text.split("\\.", -1))));
    }

    private static long number(String text, String which) {
        if (text.isEmpty() || !isNumeric(text)) {
            throw new IllegalArgumentException(
                    "Invalid character(s) found in " + which + " number \"" + text + "\"");
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            String capitalized = Character.toUpperCase(which.charAt(0)) + which.substring(1);
            throw new IllegalArgumentException(
                    capitalized + " number must not contain leading zeroes \"" + text + "\"");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid character(s) found in " + which + " number \"" + text + "\"");
        }
    }

    private static boolean isNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The major version. */
    public long major() {
        return major;
    }

    /** The minor version. */
    public long minor() {
        return minor;
    }

    /** The patch version. */
    public long patch() {
        return patch;
    }

    /** The pre-release identifiers ({@code ["beta", "1"]} for {@code 1.0.0-beta.1}), empty for a release. */
    public List<String> preRelease() {
        return preRelease;
    }

    /** The build metadata identifiers; ignored by {@link #compareTo} and {@link #equals}. */
    public List<String> build() {
        return build;
    }

    /**
     * SemVer precedence: numbers first, then a release is greater than any of its pre-releases, then
     * pre-release identifiers one by one (numeric ones numerically and below alphanumeric ones).
     */
    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        if (c != 0) {
            return Integer.signum(c);
        }
        if (preRelease.isEmpty() && o.preRelease.isEmpty()) {
            return 0;
        }
        if (preRelease.isEmpty()) {
            return 1;
        }
        if (o.preRelease.isEmpty()) {
            return -1;
        }
        int n = Math.min(preRelease.size(), o.preRelease.size());
        for (int i = 0; i < n; i++) {
            int p = comparePreRelease(preRelease.get(i), o.preRelease.get(i));
            if (p != 0) {
                return p;
            }
        }
        return Integer.signum(Integer.compare(preRelease.size(), o.preRelease.size()));
    }

    private static int comparePreRelease(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            // Long enough for any number a driver publishes; longer ones compare by length, then text.
            if (a.length() != b.length()) {
                return Integer.signum(Integer.compare(a.length(), b.length()));
            }
            return Integer.signum(a.compareTo(b));
        }
        if (an) {
            return -1;
        }
        if (bn) {
            return 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    /** Equal when {@link #compareTo} is 0, so build metadata does not matter. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Semver && compareTo((Semver) o) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease);
    }

    /** The canonical text, for example {@code 1.2.3-beta.1+build.5}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            sb.append('+').append(String.join(".", build));
        }
        return sb.toString();
    }
}
