package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A GPU instance someone asks for: a profile and, optionally, the memory slice it must start at.
 *
 * @param profile the profile
 * @param start   the requested first memory slice, or empty to let the solver choose
 */
public record RequestedInstance(GpuInstanceProfile profile, OptionalInt start) {
    public RequestedInstance {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(start, "start");
    }

    public static RequestedInstance anywhere(GpuInstanceProfile profile) {
        return new RequestedInstance(profile, OptionalInt.empty());
    }

    public static RequestedInstance at(GpuInstanceProfile profile, int start) {
        return new RequestedInstance(profile, OptionalInt.of(start));
    }

    /**
     * Parses a comma-separated list of profiles as {@code mig4j validate} takes it: each a name or profile ID,
     * optionally followed by {@code @start}, e.g. {@code 3g.40gb@4,2g.20gb@0,1g.10gb,19}.
     *
     * @throws IllegalArgumentException naming the element and what is wrong with it
     */
    public static List<RequestedInstance> parseList(GpuProduct product, String text) {
        Objects.requireNonNull(text, "layout");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty layout: expected comma-separated profiles such as 3g.40gb@4,1g.10gb");
        }
        List<RequestedInstance> out = new ArrayList<>();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            String where = "layout element " + (i + 1) + " '" + item + "'";
            if (item.isEmpty()) {
                throw new IllegalArgumentException("layout element " + (i + 1) + " is empty (check for a doubled or trailing comma)");
            }
            int at = item.indexOf('@');
            String profileText = at < 0 ? item : item.substring(0, at).strip();
            GpuInstanceProfile profile;
            try {
                profile = product.profile(profileText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (at < 0) {
                out.add(anywhere(profile));
                continue;
            }
            String startText = item.substring(at + 1).strip();
            if (startText.isEmpty() || !startText.chars().allMatch(Character::isDigit) || startText.length() > 4) {
                throw new IllegalArgumentException(where + ": '@" + startText
                        + "' is not a placement start; expected @ followed by a memory slice number, e.g. @4");
            }
            out.add(at(profile, Integer.parseInt(startText)));
        }
        return out;
    }

    @Override
    public String toString() {
        return start.isPresent() ? profile.name() + "@" + start.getAsInt() : profile.name().toString();
    }
}
