package io.mig4j.dra.slices;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version text NVIDIA's driver publishes: it parses versions with Masterminds semver v3 in its coercing mode
 * ({@code semver.MustParse(x).String()} in {@code deviceinfo.go} and {@code mig.go}), which accepts {@code 9.0} and
 * leading zeros and writes {@code major.minor.patch}: {@code 580.95.05} becomes {@code 580.95.5}, {@code 9.0} becomes
 * {@code 9.0.0}.
 */
final class SemverCoercion {
    private static final Pattern LOOSE = Pattern.compile("^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
            + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

    private SemverCoercion() {
    }

    /**
     * The coerced version.
     *
     * @throws IllegalArgumentException for text that is not a version (the driver panics on it)
     */
    static String coerce(String version) {
        Matcher m = LOOSE.matcher(version == null ? "" : version.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + version + "' is not a version NVIDIA's driver can publish");
        }
        StringBuilder s = new StringBuilder();
        s.append(Long.parseUnsignedLong(m.group(1))).append('.')
                .append(m.group(2) == null ? 0 : Long.parseUnsignedLong(m.group(2).substring(1))).append('.')
                .append(m.group(3) == null ? 0 : Long.parseUnsignedLong(m.group(3).substring(1)));
        if (m.group(5) != null) {
            s.append('-').append(m.group(5));
        }
        if (m.group(8) != null) {
            s.append('+').append(m.group(8));
        }
        return s.toString();
    }
}
