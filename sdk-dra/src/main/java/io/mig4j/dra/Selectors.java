package io.mig4j.dra;

import io.mig4j.dra.Selector.Precedence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Factories for {@link Selector}s that render valid Kubernetes CEL for DRA device selectors, in the forms that work
 * with NVIDIA's driver: attributes and capacities are looked up by domain, then by name
 * ({@code device.attributes['gpu.nvidia.com'].profile}); quantities are compared with {@code compareTo}; versions with
 * {@code semver()}. Strings are single-quoted, as in NVIDIA's Helm chart, so {@code Selectors.nvidiaGpu().cel()}
 * is exactly the chart's expression. Users never glue CEL strings unless they want to ({@link #cel(String)}).
 */
public final class Selectors {
    private Selectors() {
    }

    /** Any CEL text, taken as written (parenthesised when combined). */
    public static Selector cel(String expression) {
        if (Objects.requireNonNull(expression, "expression").isBlank()) {
            throw new IllegalArgumentException("a CEL selector must not be empty");
        }
        return new Selector.Cel(expression, Precedence.UNKNOWN);
    }

    /** {@code device.driver == '<driver>'}. */
    public static Selector driver(String driver) {
        return comparison("device.driver == " + literal(driver));
    }

    /** The devices of NVIDIA's GPU driver: {@code device.driver == 'gpu.nvidia.com'}. */
    public static Selector nvidia() {
        return driver(NvidiaDra.DRIVER);
    }

    /** NVIDIA device of a type ({@code gpu}, {@code mig}, {@code vfio}): {@code ...type == '<type>'}. */
    public static Selector type(String type) {
        return attribute(NvidiaDra.DRIVER, NvidiaDra.ATTR_TYPE).eq(type);
    }

    /** Full GPUs of NVIDIA's driver, as the {@code gpu.nvidia.com} DeviceClass selects them. */
    public static Selector nvidiaGpu() {
        return allOf(nvidia(), type(NvidiaDra.TYPE_GPU));
    }

    /** MIG devices of NVIDIA's driver, as the {@code mig.nvidia.com} DeviceClass selects them. */
    public static Selector nvidiaMig() {
        return allOf(nvidia(), type(NvidiaDra.TYPE_MIG));
    }

    /** VFIO pass-through GPUs of NVIDIA's driver, as the {@code vfio.gpu.nvidia.com} DeviceClass selects them. */
    public static Selector nvidiaVfio() {
        return allOf(nvidia(), type(NvidiaDra.TYPE_VFIO));
    }

    /** MIG devices of one profile: {@code device.attributes['gpu.nvidia.com'].profile == '1g.10gb'}. */
    public static Selector profile(String profile) {
        return attribute(NvidiaDra.DRIVER, NvidiaDra.ATTR_PROFILE).eq(profile);
    }

    /** Devices with at least this much memory: {@code device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('10Gi')) >= 0}. */
    public static Selector memoryAtLeast(Quantity memory) {
        return capacity(NvidiaDra.DRIVER, NvidiaDra.CAPACITY_MEMORY).atLeast(memory);
    }

    /** Devices on the GPU with this UUID (a MIG device's parent, or the full GPU itself). */
    public static Selector onGpu(String gpuUuid) {
        return anyOf(attribute(NvidiaDra.DRIVER, NvidiaDra.ATTR_PARENT_UUID).eq(gpuUuid),
                attribute(NvidiaDra.DRIVER, NvidiaDra.ATTR_UUID).eq(gpuUuid));
    }

    /** An attribute of a domain, e.g. {@code attribute("gpu.nvidia.com", "architecture")}. */
    public static AttributeRef attribute(String domain, String name) {
        return new AttributeRef(domain, name);
    }

    /** A capacity of a domain, e.g. {@code capacity("gpu.nvidia.com", "multiprocessors")}. */
    public static CapacityRef capacity(String domain, String name) {
        return new CapacityRef(domain, name);
    }

    /** All of these must match. */
    public static Selector allOf(Selector... selectors) {
        return new Selector.All(flatten(List.of(selectors), Selector.All.class));
    }

    /** At least one of these must match. */
    public static Selector anyOf(Selector... selectors) {
        return new Selector.Any(flatten(List.of(selectors), Selector.Any.class));
    }

    private static List<Selector> flatten(List<Selector> in, Class<?> kind) {
        List<Selector> out = new ArrayList<>();
        for (Selector s : in) {
            Objects.requireNonNull(s, "selector");
            if (kind == Selector.All.class && s instanceof Selector.All a) {
                out.addAll(a.terms());
            } else if (kind == Selector.Any.class && s instanceof Selector.Any a) {
                out.addAll(a.terms());
            } else {
                out.add(s);
            }
        }
        return out;
    }

    static Selector comparison(String cel) {
        return new Selector.Cel(cel, Precedence.COMPARISON);
    }

    static Selector primary(String cel) {
        return new Selector.Cel(cel, Precedence.PRIMARY);
    }

    /** A CEL string literal in single quotes. */
    static String literal(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static void checkIdentifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + name + "' is not an attribute or capacity name: it must be a C"
                    + " identifier (letters, digits, '_'; no '-' or '/')");
        }
    }

    /** An attribute to compare: {@code device.attributes['<domain>'].<name>}. */
    public static final class AttributeRef {
        private final String domain;
        private final String name;

        AttributeRef(String domain, String name) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.name = Objects.requireNonNull(name, "name");
            checkIdentifier(name);
        }

        /** The CEL that reads the attribute. */
        public String path() {
            return "device.attributes[" + literal(domain) + "]." + name;
        }

        /** The attribute equals this string. */
        public Selector eq(String value) {
            return comparison(path() + " == " + literal(value));
        }

        /** The attribute differs from this string. */
        public Selector ne(String value) {
            return comparison(path() + " != " + literal(value));
        }

        /** The attribute equals this integer. */
        public Selector eq(long value) {
            return comparison(path() + " == " + value);
        }

        /** The attribute equals this boolean. */
        public Selector eq(boolean value) {
            return comparison(path() + " == " + value);
        }

        /** The (version) attribute is at least this semantic version: {@code .compareTo(semver('8.0.0')) >= 0}. */
        public Selector versionAtLeast(String version) {
            return comparison(path() + ".compareTo(semver(" + literal(version) + ")) >= 0");
        }

        /** The (version) attribute is below this semantic version. */
        public Selector versionBelow(String version) {
            return comparison(path() + ".compareTo(semver(" + literal(version) + ")) < 0");
        }

        /** The device publishes the attribute: {@code '<name>' in device.attributes['<domain>']}. */
        public Selector exists() {
            return comparison(literal(name) + " in device.attributes[" + literal(domain) + "]");
        }
    }

    /** A capacity to compare: {@code device.capacity['<domain>'].<name>}, a quantity. */
    public static final class CapacityRef {
        private final String domain;
        private final String name;

        CapacityRef(String domain, String name) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.name = Objects.requireNonNull(name, "name");
            checkIdentifier(name);
        }

        /** The CEL that reads the capacity. */
        public String path() {
            return "device.capacity[" + literal(domain) + "]." + name;
        }

        private Selector compare(String op, Quantity q) {
            return comparison(path() + ".compareTo(quantity(" + literal(q.toString()) + ")) " + op + " 0");
        }

        /** At least {@code q}. */
        public Selector atLeast(Quantity q) {
            return compare(">=", q);
        }

        /** At most {@code q}. */
        public Selector atMost(Quantity q) {
            return compare("<=", q);
        }

        /** More than {@code q}. */
        public Selector greaterThan(Quantity q) {
            return compare(">", q);
        }

        /** Less than {@code q}. */
        public Selector lessThan(Quantity q) {
            return compare("<", q);
        }

        /** Exactly {@code q} (numerically). */
        public Selector eq(Quantity q) {
            return compare("==", q);
        }
    }
}
