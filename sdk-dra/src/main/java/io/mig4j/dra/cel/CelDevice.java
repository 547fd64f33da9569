package io.mig4j.dra.cel;

import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAttribute;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceCapacity;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.QuantityFormatException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A device as a CEL selector sees it: the {@code device} variable with {@code driver}, {@code attributes[domain]},
 * {@code capacity[domain]} and {@code allowMultipleAllocations}, built once and reused for every expression.
 *
 * <p>Built as {@code DeviceMatches} in {@code k8s.io/dynamic-resource-allocation/cel/compile.go} builds it: a name
 * without a domain is placed under the driver's name; version attributes become {@link Semver}s, capacities
 * {@link Quantity}s, list attributes ({@code ints}, {@code strings}, ...) lists; looking up a domain the device
 * does not have gives an empty map, while {@code "domain" in device.attributes} still tells whether it has it.
 * An attribute that cannot be converted (no value, or a version that is not semver) makes every evaluation on
 * this device fail with Kubernetes' message, as it does in Kubernetes.
 *
 * @implSpec Immutable and thread-safe once built.
 */
public final class CelDevice {
    private final String driver;
    private final Map<String, Object> activation;
    private final String conversionError;

    private CelDevice(String driver, Map<String, Object> activation, String conversionError) {
        this.driver = driver;
        this.activation = activation;
        this.conversionError = conversionError;
    }

    /**
     * The CEL view of a device published by {@code driver}.
     *
     * @param driver the slice's {@code spec.driver}, also the domain of attribute and capacity names without one
     * @param device the device as the slice lists it
     */
    public static CelDevice of(String driver, Device device) {
        Objects.requireNonNull(device, "device");
        return of(driver, device.getAllowMultipleAllocations(), device.getAttributes(), device.getCapacity());
    }

    /**
     * The CEL view of a device given by its parts.
     *
     * @param driver                   the driver name (domain of unqualified names)
     * @param allowMultipleAllocations the device's field, null meaning false
     * @param attributes               attributes by qualified name, may be null
     * @param capacity                 capacities by qualified name, may be null
     */
    public static CelDevice of(String driver, Boolean allowMultipleAllocations,
            Map<String, DeviceAttribute> attributes, Map<String, DeviceCapacity> capacity) {
        Objects.requireNonNull(driver, "driver");
        String error = null;
        Map<String, Map<String, Object>> attributeDomains = new HashMap<>();
        if (attributes != null) {
            for (Map.Entry<String, DeviceAttribute> e : attributes.entrySet()) {
                Object value;
                try {
                    value = attributeValue(e.getValue());
                } catch (IllegalArgumentException ex) {
                    if (error == null) {
                        error = "attribute " + e.getKey() + ": " + ex.getMessage();
                    }
                    continue;
                }
                put(attributeDomains, e.getKey(), driver, value);
            }
        }
        Map<String, Map<String, Object>> capacityDomains = new HashMap<>();
        if (capacity != null) {
            for (Map.Entry<String, DeviceCapacity> e : capacity.entrySet()) {
                DeviceCapacity c = e.getValue();
                Quantity q;
                try {
                    q = c == null || c.getValue() == null ? Quantity.parse("0") : Quantity.fromFabric8(c.getValue());
                } catch (QuantityFormatException ex) {
                    if (error == null) {
                        error = "capacity " + e.getKey() + ": " + ex.getMessage();
                    }
                    continue;
                }
                put(capacityDomains, e.getKey(), driver, q);
            }
        }
        Map<String, Object> device = new HashMap<>();
        device.put("driver", driver);
        device.put("allowMultipleAllocations", Boolean.TRUE.equals(allowMultipleAllocations));
        device.put("attributes", new DomainMap(attributeDomains));
        device.put("capacity", new DomainMap(capacityDomains));
        return new CelDevice(driver, Map.of("device", Collections.unmodifiableMap(device)), error);
    }

    private static void put(Map<String, Map<String, Object>> domains, String qualifiedName, String driver,
            Object value) {
        int slash = qualifiedName.indexOf('/');
        String domain = slash < 0 ? driver : qualifiedName.substring(0, slash);
        String id = slash < 0 ? qualifiedName : qualifiedName.substring(slash + 1);
        domains.computeIfAbsent(domain, d -> new HashMap<>()).put(id, value);
    }

    /** Kubernetes' {@code getAttributeValue}: list values first, then scalars; exactly one must be set. */
    static Object attributeValue(DeviceAttribute a) {
        if (a == null) {
            throw new IllegalArgumentException("unsupported attribute value");
        }
        if (notEmpty(a.getInts())) {
            return List.copyOf(a.getInts());
        }
        if (notEmpty(a.getBools())) {
            return List.copyOf(a.getBools());
        }
        if (notEmpty(a.getStrings())) {
            return List.copyOf(a.getStrings());
        }
        if (notEmpty(a.getVersions())) {
            List<Semver> versions = new ArrayList<>();
            for (String v : a.getVersions()) {
                versions.add(semver(v));
            }
            return Collections.unmodifiableList(versions);
        }
        if (a.getInt() != null) {
            return a.getInt();
        }
        if (a.getBool() != null) {
            return a.getBool();
        }
        if (a.getString() != null) {
            return a.getString();
        }
        if (a.getVersion() != null) {
            return semver(a.getVersion());
        }
        throw new IllegalArgumentException("unsupported attribute value");
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static Semver semver(String text) {
        try {
            return Semver.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parse semantic version: " + e.getMessage(), e);
        }
    }

    /** The driver name. */
    public String driver() {
        return driver;
    }

    /** Why this device cannot be evaluated (Kubernetes' wording), or null when it can. */
    public String conversionError() {
        return conversionError;
    }

    /** The variables for cel-java: {@code device} and nothing else. */
    Map<String, Object> activation() {
        return activation;
    }

    /**
     * {@code device.attributes} or {@code device.capacity}: indexing an unknown domain gives an empty map (as
     * Kubernetes' {@code newStringInterfaceMapWithDefault}), while membership and iteration see only real domains.
     * The {@code in} operator is routed to {@link #containsDomain} by the environment, because cel-java answers
     * {@code in} through {@link #get}.
     */
    static final class DomainMap extends AbstractMap<String, Object> {
        private static final Map<String, Object> EMPTY = Map.of();
        private final Map<String, Map<String, Object>> domains;

        DomainMap(Map<String, Map<String, Object>> domains) {
            this.domains = domains;
        }

        @Override
        public Object get(Object key) {
            Map<String, Object> domain = domains.get(key);
            if (domain != null) {
                return domain;
            }
            return key instanceof String ? EMPTY : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return domains.containsKey(key);
        }

        boolean containsDomain(Object key) {
            return domains.containsKey(key);
        }

        @Override
        public int size() {
            return domains.size();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Set<Entry<String, Object>> entrySet() {
            return (Set) Collections.unmodifiableMap(domains).entrySet();
        }
    }
}
