package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The claim constraints, each a small type with {@code add}/{@code remove} so that undoing a choice is exact
 * ({@code constraint}, {@code matchAttributeConstraint} in {@code allocator_incubating.go} and
 * {@code distinctAttributeConstraint} in {@code constraint.go}; list semantics from {@code allocator_experimental.go}).
 * Constraints are monotonic: once a device is rejected, adding more devices cannot make it acceptable.
 */
final class Constraints {
    private Constraints() {
    }

    /** One constraint of a claim. */
    interface Constraint {
        /** Checks the device against the constraint and, if it fits, records it. */
        boolean add(String requestName, String subRequestName, DeviceView device);

        /** Undoes exactly one successful {@link #add} with the same arguments. */
        void remove(String requestName, String subRequestName, DeviceView device);

        /** The {@code domain/id} the constraint is about. */
        String attributeName();

        /** Whether the constraint concerns this request or subrequest. */
        boolean appliesTo(String requestName, String subRequestName);
    }

    /** The attribute a device has under a fully qualified name, also accepting the bare id in the driver's domain. */
    static DeviceAttribute lookup(DeviceView device, String attributeName) {
        Map<String, DeviceAttribute> attributes = device.device.getAttributes();
        if (attributes == null) {
            return null;
        }
        DeviceAttribute a = attributes.get(attributeName);
        if (a != null) {
            return a;
        }
        int slash = attributeName.indexOf('/');
        if (slash < 0 || !attributeName.substring(0, slash).equals(device.id.driver())) {
            return null;
        }
        return attributes.get(attributeName.substring(slash + 1));
    }

    private abstract static class Base implements Constraint {
        final Set<String> requestNames;
        final String attributeName;
        final boolean listTypeAttributes;

        Base(List<String> requests, String attributeName, boolean listTypeAttributes) {
            this.requestNames = new HashSet<>(requests == null ? List.of() : requests);
            this.attributeName = attributeName;
            this.listTypeAttributes = listTypeAttributes;
        }

        @Override
        public String attributeName() {
            return attributeName;
        }

        /** An empty request list means every request. */
        @Override
        public boolean appliesTo(String requestName, String subRequestName) {
            if (requestNames.isEmpty()) {
                return true;
            }
            if (subRequestName == null) {
                return requestNames.contains(requestName);
            }
            return requestNames.contains(requestName) || requestNames.contains(requestName + "/" + subRequestName);
        }
    }

    /** {@code matchAttribute}: all devices share the value (list attributes: a common element). */
    static final class MatchAttribute extends Base {
        private DeviceAttribute first;
        private ValueSet intersection;
        private int numDevices;

        MatchAttribute(List<String> requests, String attributeName, boolean listTypeAttributes) {
            super(requests, attributeName, listTypeAttributes);
        }

        @Override
        public boolean add(String requestName, String subRequestName, DeviceView device) {
            if (!appliesTo(requestName, subRequestName)) {
                return true;
            }
            DeviceAttribute attribute = lookup(device, attributeName);
            if (attribute == null) {
                return false;
            }
            if (numDevices == 0) {
                if (listTypeAttributes) {
                    intersection = ValueSet.of(attribute);
                    if (intersection == null) {
                        return false;
                    }
                } else {
                    first = attribute;
                }
                numDevices = 1;
                return true;
            }
            if (listTypeAttributes) {
                ValueSet set = ValueSet.of(attribute);
                if (set == null || !intersection.intersects(set)) {
                    return false;
                }
                // As Kubernetes does, the narrowed intersection is kept even if this device is removed later.
                intersection = intersection.intersect(set);
            } else if (!sameScalar(first, attribute)) {
                return false;
            }
            numDevices++;
            return true;
        }

        @Override
        public void remove(String requestName, String subRequestName, DeviceView device) {
            if (!appliesTo(requestName, subRequestName)) {
                return;
            }
            numDevices--;
        }
    }

    /**
     * {@code distinctAttribute}: all devices differ in the value (list attributes: pairwise disjoint). As in
     * Kubernetes, the values are remembered per request name, so a request's later device replaces its earlier one.
     */
    static final class DistinctAttribute extends Base {
        private final Map<String, DeviceAttribute> attributes = new HashMap<>();
        private int numDevices;

        DistinctAttribute(List<String> requests, String attributeName, boolean listTypeAttributes) {
            super(requests, attributeName, listTypeAttributes);
        }

        @Override
        public boolean add(String requestName, String subRequestName, DeviceView device) {
            if (!appliesTo(requestName, subRequestName)) {
                return true;
            }
            DeviceAttribute attribute = lookup(device, attributeName);
            if (attribute == null) {
                return false;
            }
            if (numDevices == 0) {
                attributes.put(requestName, attribute);
                numDevices = 1;
                return true;
            }
            if (listTypeAttributes) {
                ValueSet set = ValueSet.of(attribute);
                if (set == null) {
                    return false;
                }
                for (DeviceAttribute existing : attributes.values()) {
                    ValueSet e = ValueSet.of(existing);
                    if (e != null && set.intersects(e)) {
                        return false;
                    }
                }
            } else if (!distinctScalar(attribute)) {
                return false;
            }
            attributes.put(requestName, attribute);
            numDevices++;
            return true;
        }

        private boolean distinctScalar(DeviceAttribute attribute) {
            for (DeviceAttribute a : attributes.values()) {
                if (attribute.getString() != null) {
                    if (attribute.getString().equals(a.getString())) {
                        return false;
                    }
                } else if (attribute.getInt() != null) {
                    if (attribute.getInt().equals(a.getInt())) {
                        return false;
                    }
                } else if (attribute.getBool() != null) {
                    if (attribute.getBool().equals(a.getBool())) {
                        return false;
                    }
                } else if (attribute.getVersion() != null) {
                    if (attribute.getVersion().equals(a.getVersion())) {
                        return false;
                    }
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void remove(String requestName, String subRequestName, DeviceView device) {
            if (!appliesTo(requestName, subRequestName)) {
                return;
            }
            attributes.remove(requestName);
            numDevices--;
        }
    }

    /**
     * Same type and value. Versions compare as text: semver requires the minimal form, so equal versions are equal
     * strings.
     */
    static boolean sameScalar(DeviceAttribute first, DeviceAttribute attribute) {
        if (attribute.getString() != null) {
            return attribute.getString().equals(first.getString());
        }
        if (attribute.getInt() != null) {
            return attribute.getInt().equals(first.getInt());
        }
        if (attribute.getBool() != null) {
            return attribute.getBool().equals(first.getBool());
        }
        if (attribute.getVersion() != null) {
            return attribute.getVersion().equals(first.getVersion());
        }
        return false;
    }

    /** A scalar or list attribute as a set of values of one type ({@code deviceAttributeListAsSet}). */
    record ValueSet(String type, Set<Object> values) {
        static ValueSet of(DeviceAttribute a) {
            if (a == null) {
                return null;
            }
            if (notEmpty(a.getInts())) {
                return new ValueSet("int", new HashSet<>(a.getInts()));
            }
            if (notEmpty(a.getBools())) {
                return new ValueSet("bool", new HashSet<>(a.getBools()));
            }
            if (notEmpty(a.getStrings())) {
                return new ValueSet("string", new HashSet<>(a.getStrings()));
            }
            if (notEmpty(a.getVersions())) {
                return new ValueSet("version", new HashSet<>(a.getVersions()));
            }
            if (a.getInt() != null) {
                return new ValueSet("int", Set.of(a.getInt()));
            }
            if (a.getBool() != null) {
                return new ValueSet("bool", Set.of(a.getBool()));
            }
            if (a.getString() != null) {
                return new ValueSet("string", Set.of(a.getString()));
            }
            if (a.getVersion() != null) {
                return new ValueSet("version", Set.of(a.getVersion()));
            }
            return null;
        }

        private static boolean notEmpty(List<?> l) {
            return l != null && !l.isEmpty();
        }

        boolean intersects(ValueSet other) {
            if (!Objects.equals(type, other.type)) {
                return false;
            }
            for (Object v : values) {
                if (other.values.contains(v)) {
                    return true;
                }
            }
            return false;
        }

        ValueSet intersect(ValueSet other) {
            if (!Objects.equals(type, other.type)) {
                return this;
            }
            Set<Object> common = new HashSet<>(values);
            common.retainAll(other.values);
            return new ValueSet(type, common);
        }
    }
}
