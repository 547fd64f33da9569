package io.mig4j.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A suffix of a MIG profile name, telling which media or graphics engines the instance gets.
 * {@code +me} at least one media engine, {@code +me.all} all of them (and excludes every profile
 * but {@code -me} ones), {@code +gfx} graphics APIs, {@code -me} no media engine.
 */
public enum ProfileAttribute {
    ME("me", false),
    ME_ALL("me.all", false),
    GFX("gfx", false),
    NO_ME("me", true);

    private final String token;
    private final boolean negative;

    ProfileAttribute(String token, boolean negative) {
        this.token = token;
        this.negative = negative;
    }

    /** The attribute as written after its sign, e.g. {@code me.all}. */
    public String token() {
        return token;
    }

    /** Whether the attribute is written after {@code -} (it removes an engine) rather than {@code +}. */
    public boolean negative() {
        return negative;
    }

    /** The attribute with its sign, e.g. {@code +me.all} or {@code -me}. */
    @Override
    public String toString() {
        return (negative ? "-" : "+") + token;
    }

    static Optional<ProfileAttribute> of(String token, boolean negative) {
        return Arrays.stream(values()).filter(a -> a.negative == negative && a.token.equals(token)).findFirst();
    }

    static String known(boolean negative) {
        return Arrays.stream(values()).filter(a -> a.negative == negative).map(ProfileAttribute::token)
                .collect(Collectors.joining(", "));
    }
}
