package io.mig4j.dra.validation;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes minor release whose {@code resource.k8s.io/v1} rules mig4j knows: 1.34 (DRA GA) to 1.37.
 * Rules and limits that changed between them (taints per device, counter layout, devices per slice, ...) are
 * selected with it; {@link #DEFAULT} is the newest.
 *
 * @param major always 1
 * @param minor 34 to 37
 */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {
    private static final int OLDEST_MINOR = 34;
    private static final int NEWEST_MINOR = 37;

    /** Kubernetes 1.34: DRA {@code resource.k8s.io/v1} GA. */
    public static final KubernetesVersion V1_34 = new KubernetesVersion(1, 34);
    /** Kubernetes 1.35: counters apart from devices, up to 16 taints per device, 64 devices with taints or counters. */
    public static final KubernetesVersion V1_35 = new KubernetesVersion(1, 35);
    /** Kubernetes 1.36: list attributes (alpha), partitionable devices and consumable capacity beta. */
    public static final KubernetesVersion V1_36 = new KubernetesVersion(1, 36);
    /** Kubernetes 1.37: extended resources and device taints GA. */
    public static final KubernetesVersion V1_37 = new KubernetesVersion(1, 37);
    /** The version used when none is given: the newest. */
    public static final KubernetesVersion DEFAULT = V1_37;

    private static final List<KubernetesVersion> SUPPORTED = List.of(V1_34, V1_35, V1_36, V1_37);
    private static final Pattern TEXT = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?");

    public KubernetesVersion {
        if (major != 1 || minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
            throw new IllegalArgumentException("Kubernetes " + major + "." + minor + " is not supported (supported: "
                    + supportedText() + ")");
        }
    }

    /** Every supported version, oldest first. */
    public static List<KubernetesVersion> supported() {
        return SUPPORTED;
    }

    /**
     * Reads {@code 1.35}, {@code v1.35} or {@code 1.35.2} (the patch level is ignored).
     *
     * @throws IllegalArgumentException naming the supported versions when the text is not one of them
     */
    public static KubernetesVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Kubernetes version: '" + text + "' (expected one of "
                    + supportedText() + ")");
        }
        try {
            return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Kubernetes version: '" + text + "' (expected one of "
                    + supportedText() + ")", e);
        }
    }

    private static String supportedText() {
        return "1.34, 1.35, 1.36, 1.37";
    }

    /** Whether this version is {@code other} or newer. */
    public boolean atLeast(KubernetesVersion other) {
        return compareTo(other) >= 0;
    }

    /** Whether this version is older than {@code other}. */
    public boolean before(KubernetesVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(KubernetesVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    /** {@code 1.35}. */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
