package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.resource.v1.CELDeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device selector as data: a tree of comparisons combined with {@code and}, {@code or} and {@code not}, that
 * renders to a Kubernetes CEL expression ({@link #cel()}). Build them with {@link Selectors}; a selector stays data
 * until something compiles its CEL (the API server, or mig4j's allocator), so it can be inspected, combined and
 * compared.
 *
 * @implSpec Implementations are immutable records.
 */
public sealed interface Selector permits Selector.Cel, Selector.All, Selector.Any, Selector.Not {

    /** The CEL expression, e.g. {@code device.attributes['gpu.nvidia.com'].profile == '1g.10gb'}. */
    String cel();

    /** How tightly the expression binds, to decide where parentheses are needed when combining. */
    Precedence precedence();

    /** Both this and {@code other} must match. */
    default Selector and(Selector other) {
        return Selectors.allOf(this, other);
    }

    /** This or {@code other} must match. */
    default Selector or(Selector other) {
        return Selectors.anyOf(this, other);
    }

    /** This must not match. */
    default Selector not() {
        return new Not(this);
    }

    /** The fabric8 {@code DeviceSelector} holding {@link #cel()}. */
    default DeviceSelector toDeviceSelector() {
        return new DeviceSelector(new CELDeviceSelector(cel()));
    }

    /** How an expression binds: a primary (call, member, literal), a comparison, {@code &&}, {@code ||}, or unknown. */
    enum Precedence {
        /** Text of unknown shape (user CEL); always parenthesised when combined. */
        UNKNOWN,
        OR,
        AND,
        COMPARISON,
        PRIMARY
    }

    /**
     * One expression given as CEL text.
     *
     * @param expression the CEL text
     * @param precedence how it binds; {@link Precedence#UNKNOWN} for text written by users
     */
    record Cel(String expression, Precedence precedence) implements Selector {
        public Cel {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(precedence, "precedence");
        }

        @Override
        public String cel() {
            return expression;
        }
    }

    /** Every term must match ({@code &&}). */
    record All(List<Selector> terms) implements Selector {
        public All {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("allOf needs at least two selectors, got " + terms.size());
            }
        }

        @Override
        public String cel() {
            List<String> parts = new ArrayList<>();
            for (Selector t : terms) {
                parts.add(wrap(t, Precedence.AND));
            }
            return String.join(" && ", parts);
        }

        @Override
        public Precedence precedence() {
            return Precedence.AND;
        }
    }

    /** At least one term must match ({@code ||}). */
    record Any(List<Selector> terms) implements Selector {
        public Any {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("anyOf needs at least two selectors, got " + terms.size());
            }
        }

        @Override
        public String cel() {
            List<String> parts = new ArrayList<>();
            for (Selector t : terms) {
                parts.add(wrap(t, Precedence.OR));
            }
            return String.join(" || ", parts);
        }

        @Override
        public Precedence precedence() {
            return Precedence.OR;
        }
    }

    /** The term must not match ({@code !}). */
    record Not(Selector term) implements Selector {
        public Not {
            Objects.requireNonNull(term, "term");
        }

        @Override
        public String cel() {
            return "!" + wrap(term, Precedence.PRIMARY);
        }

        @Override
        public Precedence precedence() {
            return Precedence.PRIMARY;
        }
    }

    /** The term's CEL, in parentheses unless it binds at least as tightly as the context needs. */
    private static String wrap(Selector term, Precedence context) {
        Precedence p = term.precedence();
        boolean safe = p != Precedence.UNKNOWN && p.ordinal() >= context.ordinal();
        return safe ? term.cel() : "(" + term.cel() + ")";
    }
}
