package io.mig4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a GPU instance profile ({@code 1g.10gb}, {@code 1g.24gb+me.all}, {@code 2g.48gb-me}) or of
 * a compute instance profile ({@code 1c.3g.40gb}).
 *
 * <p>A name is for display and matching only: the same name can mean different profiles on different
 * GPUs (a {@code 1g.35gb} is the 2-memory-slice profile on an H200 but the 1-slice one on a GB300), and
 * drivers have renamed profiles ({@code 7g.79gb} vs {@code 7g.80gb}). Key on product and NVML profile ID.
 *
 * @param computeSlices compute slices of a compute instance; equal to {@code gpuSlices} for a GPU instance name
 * @param gpuSlices     compute slices of the GPU instance (the {@code g} number), 1 to 8
 * @param memoryGb      memory in GB as the driver rounds it for the name
 * @param attributes    the suffixes; {@code -me} cannot be combined with a {@code +} attribute
 */
public record ProfileName(int computeSlices, int gpuSlices, int memoryGb, Set<ProfileAttribute> attributes)
        implements Comparable<ProfileName> {

    /** The most compute slices any MIG GPU has in one instance (8-slice profiles exist in NVML's header). */
    public static final int MAX_SLICES = 8;

    private static final Pattern SYNTAX = Pattern.compile(
            "(?:(?<c>[0-9]+)c\\.)?(?<g>[0-9]+)g(?:\\.(?<mem>[0-9]+)gb)?(?<rest>.*)");

    public ProfileName {
        Objects.requireNonNull(attributes, "attributes");
        String self = computeSlices + "c." + gpuSlices + "g." + memoryGb + "gb";
        if (gpuSlices < 1 || gpuSlices > MAX_SLICES) {
            throw new InvalidProfileNameException(self, "GPU slice count must be 1 to " + MAX_SLICES + ", got " + gpuSlices);
        }
        if (computeSlices < 1 || computeSlices > gpuSlices) {
            throw new InvalidProfileNameException(self,
                    "compute slice count must be 1 to the GPU slice count " + gpuSlices + ", got " + computeSlices);
        }
        if (memoryGb < 0) {
            throw new InvalidProfileNameException(self, "memory must not be negative");
        }
        attributes = attributes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(attributes));
        if (attributes.contains(ProfileAttribute.NO_ME) && attributes.size() > 1) {
            throw new InvalidProfileNameException(self, "-me cannot be combined with + attributes");
        }
    }

    /** A GPU instance profile name such as {@code 3g.40gb}. */
    public static ProfileName ofGpuInstance(int gpuSlices, int memoryGb, ProfileAttribute... attributes) {
        return new ProfileName(gpuSlices, gpuSlices, memoryGb, attrs(attributes));
    }

    private static Set<ProfileAttribute> attrs(ProfileAttribute... attributes) {
        return attributes.length == 0 ? Set.of() : EnumSet.copyOf(List.of(attributes));
    }

    /**
     * Parses a GPU or compute instance profile name. A leading {@code MIG } (as NVML names profiles) is
     * accepted; case is ignored.
     *
     * @throws InvalidProfileNameException naming what is wrong
     */
    public static ProfileName parse(String text) {
        Objects.requireNonNull(text, "profile name");
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("mig") || s.startsWith("mig ")) {
            s = s.substring(3).strip();
        }
        if (s.isEmpty()) {
            throw new InvalidProfileNameException(text, "empty; expected <g>g.<memory>gb, e.g. 1g.10gb");
        }
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new InvalidProfileNameException(text,
                    "expected [<c>c.]<g>g.<memory>gb[+attr|-attr], e.g. 1g.10gb, 1c.3g.40gb or 1g.10gb+me");
        }
        if (m.group("mem") == null) {
            throw new InvalidProfileNameException(text, "missing memory size: expected <g>g.<memory>gb, e.g. "
                    + m.group("g") + "g.10gb");
        }
        int g = number(text, m.group("g"), "GPU slice count");
        int c = m.group("c") == null ? g : number(text, m.group("c"), "compute slice count");
        int mem = number(text, m.group("mem"), "memory size");
        if (g < 1 || g > MAX_SLICES) {
            throw new InvalidProfileNameException(text, "GPU slice count must be 1 to " + MAX_SLICES + ", got " + g);
        }
        if (c < 1) {
            throw new InvalidProfileNameException(text, "compute slice count must be at least 1, got " + c);
        }
        if (c > g) {
            throw new InvalidProfileNameException(text,
                    "compute slices " + c + " exceed the GPU instance's " + g + " slices");
        }
        Set<ProfileAttribute> attributes = parseAttributes(text, m.group("rest"));
        return new ProfileName(c, g, mem, attributes);
    }

    private static int number(String text, String digits, String what) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidProfileNameException(text, what + " '" + digits + "' is too large");
        }
    }

    private static Set<ProfileAttribute> parseAttributes(String text, String rest) {
        if (rest.isEmpty()) {
            return Set.of();
        }
        char sign = rest.charAt(0);
        if (sign != '+' && sign != '-') {
            throw new InvalidProfileNameException(text,
                    "unexpected '" + rest + "' after the memory size; attributes start with + or -");
        }
        boolean negative = sign == '-';
        String body = rest.substring(1);
        if (body.isEmpty()) {
            throw new InvalidProfileNameException(text, "'" + sign + "' must be followed by an attribute (known: "
                    + ProfileAttribute.known(negative) + ")");
        }
        EnumSet<ProfileAttribute> attributes = EnumSet.noneOf(ProfileAttribute.class);
        for (String token : body.split(",", -1)) {
            ProfileAttribute a = ProfileAttribute.of(token, negative).orElseThrow(() -> new InvalidProfileNameException(
                    text, "unknown attribute '" + sign + token + "' (known after " + sign + ": "
                            + ProfileAttribute.known(negative) + ")"));
            if (!attributes.add(a)) {
                throw new InvalidProfileNameException(text, "attribute '" + token + "' is given twice");
            }
        }
        if (attributes.contains(ProfileAttribute.ME) && attributes.contains(ProfileAttribute.ME_ALL)) {
            throw new InvalidProfileNameException(text, "+me and +me.all cannot be combined");
        }
        return attributes;
    }

    /** Whether this names a compute instance smaller than its GPU instance ({@code 1c.3g.40gb}). */
    public boolean isComputeInstance() {
        return computeSlices < gpuSlices;
    }

    /** The name of the GPU instance this compute instance profile lives in (itself for a GI name). */
    public ProfileName gpuInstanceName() {
        return new ProfileName(gpuSlices, gpuSlices, memoryGb, attributes);
    }

    /** This name with another compute slice count, e.g. {@code 3g.40gb} to {@code 1c.3g.40gb}. */
    public ProfileName withComputeSlices(int c) {
        return new ProfileName(c, gpuSlices, memoryGb, attributes);
    }

    /** The name as NVIDIA writes it: {@code 1c.3g.40gb}, {@code 1g.24gb+me.all}, {@code 2g.48gb-me}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (isComputeInstance()) {
            sb.append(computeSlices).append("c.");
        }
        sb.append(gpuSlices).append("g.").append(memoryGb).append("gb");
        List<String> plus = new ArrayList<>();
        for (ProfileAttribute a : attributes) {
            if (a.negative()) {
                sb.append('-').append(a.token());
            } else {
                plus.add(a.token());
            }
        }
        if (!plus.isEmpty()) {
            sb.append('+').append(String.join(",", plus));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(ProfileName o) {
        int c = Integer.compare(gpuSlices, o.gpuSlices);
        if (c == 0) c = Integer.compare(memoryGb, o.memoryGb);
        if (c == 0) c = Integer.compare(computeSlices, o.computeSlices);
        if (c == 0) c = toString().compareTo(o.toString());
        return c;
    }
}
