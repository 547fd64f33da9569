package io.mig4j.dra.validation;

import java.util.Objects;

/**
 * A path to a field of an object, written as Kubernetes writes it in validation errors:
 * {@code spec.devices.requests[0].exactly.selectors[1].cel.expression}, {@code capacity[gpu.nvidia.com/memory]}.
 * Mirrors {@code field.Path} of k8s.io/apimachinery ({@code pkg/util/validation/field/path.go}).
 *
 * @implSpec Immutable and thread-safe.
 */
public final class FieldPath {
    private final FieldPath parent;
    private final String name;
    private final String index;

    private FieldPath(FieldPath parent, String name, String index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    /** A root path of one or more field names: {@code root("spec", "devices")} is {@code spec.devices}. */
    public static FieldPath root(String name, String... more) {
        FieldPath p = new FieldPath(null, Objects.requireNonNull(name, "name"), null);
        for (String m : more) {
            p = p.child(m);
        }
        return p;
    }

    /** This path followed by a field name (or several). */
    public FieldPath child(String name, String... more) {
        FieldPath p = new FieldPath(this, Objects.requireNonNull(name, "name"), null);
        for (String m : more) {
            p = p.child(m);
        }
        return p;
    }

    /** This path followed by a list index: {@code requests[2]}. */
    public FieldPath index(int index) {
        return new FieldPath(this, "", Integer.toString(index));
    }

    /** This path followed by a map key: {@code attributes[gpu.nvidia.com/profile]}. */
    public FieldPath key(String key) {
        return new FieldPath(this, "", Objects.requireNonNull(key, "key"));
    }

    /** The enclosing path, or null at the root. */
    public FieldPath parent() {
        return parent;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        append(out);
        return out.toString();
    }

    private void append(StringBuilder out) {
        if (parent != null) {
            parent.append(out);
        }
        if (!name.isEmpty()) {
            if (parent != null) {
                out.append('.');
            }
            out.append(name);
        } else {
            out.append('[').append(index).append(']');
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
