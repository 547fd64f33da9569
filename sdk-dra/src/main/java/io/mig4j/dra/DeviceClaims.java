package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaimConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.OpaqueDeviceConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplateSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ResourceClaims and ResourceClaimTemplates ({@code resource.k8s.io/v1}) for NVIDIA GPUs. The domain-level
 * factories ({@link #profile}, {@link #memoryAtLeast}, {@link #firstAvailable}, {@link #sameGpu}, {@link #all},
 * {@link #gpu}) return a {@link Builder} that can take more requests, constraints and configuration before it builds
 * a claim, a template or a bare spec.
 */
public final class DeviceClaims {
    /** The request name the factories use for MIG devices. */
    public static final String MIG_REQUEST = "mig";
    /** The request name the factories use for full GPUs. */
    public static final String GPU_REQUEST = "gpu";

    private DeviceClaims() {
    }

    /** An empty claim builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** One MIG device of a profile, from {@code mig.nvidia.com} (request {@code mig}). */
    public static Builder profile(String profile) {
        return builder().request(DeviceRequests.exactly(MIG_REQUEST, NvidiaDra.CLASS_MIG)
                .selector(Selectors.profile(profile)).build());
    }

    /** One MIG device of a profile, from the per-profile class {@link DeviceClasses#migProfile} (request {@code mig}). */
    public static Builder profileClass(String profile) {
        return builder().request(DeviceRequests.exactly(MIG_REQUEST, DeviceClasses.migProfileClassName(profile)).build());
    }

    /** One device of a class with at least this much memory ({@code device.capacity[...].memory}). */
    public static Builder memoryAtLeast(String deviceClassName, Quantity memory) {
        String request = NvidiaDra.CLASS_GPU.equals(deviceClassName) ? GPU_REQUEST : MIG_REQUEST;
        return builder().request(DeviceRequests.exactly(request, deviceClassName)
                .selector(Selectors.memoryAtLeast(memory)).build());
    }

    /**
     * One MIG device of the first profile that can be allocated, in the given order ("1g.10gb, else 2g.20gb"):
     * request {@code mig} with one alternative per profile, named after the profile ({@code 1g-10gb}).
     */
    public static Builder firstAvailable(String... profiles) {
        if (profiles.length == 0) {
            throw new IllegalArgumentException("firstAvailable needs at least one profile");
        }
        List<DeviceSubRequest> subs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String profile : profiles) {
            String name = requestName(profile);
            String unique = name;
            for (int i = 2; !used.add(unique); i++) {
                unique = name + "-" + i;
            }
            subs.add(DeviceRequests.sub(unique, NvidiaDra.CLASS_MIG).selector(Selectors.profile(profile)).build());
        }
        return builder().request(DeviceRequests.firstAvailable(MIG_REQUEST, subs.toArray(new DeviceSubRequest[0])));
    }

    /**
     * {@code count} MIG devices of a profile, all on the same physical GPU: one request with a
     * {@code matchAttribute: gpu.nvidia.com/parentUUID} constraint.
     */
    public static Builder sameGpu(int count, String profile) {
        return builder().request(DeviceRequests.exactly(MIG_REQUEST, NvidiaDra.CLASS_MIG)
                .selector(Selectors.profile(profile)).count(count).build())
                .matchAttribute(NvidiaDra.FQ_PARENT_UUID, MIG_REQUEST);
    }

    /** Every device of a class ({@code allocationMode: All}); request {@code all}. */
    public static Builder all(String deviceClassName) {
        return builder().request(DeviceRequests.exactly("all", deviceClassName).all().build());
    }

    /** One full GPU from {@code gpu.nvidia.com} (request {@code gpu}). */
    public static Builder gpu() {
        return builder().request(DeviceRequests.exactly(GPU_REQUEST, NvidiaDra.CLASS_GPU).build());
    }

    /** A DNS-label request name for a profile: {@code 1g.10gb} → {@code 1g-10gb}, {@code 1g.10gb+me} → {@code 1g-10gb-me}. */
    public static String requestName(String profile) {
        String s = profile.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        return s.isEmpty() ? "device" : s;
    }

    /** Builds a claim spec, and claims or templates holding it. */
    public static final class Builder {
        private final List<DeviceRequest> requests = new ArrayList<>();
        private final List<DeviceConstraint> constraints = new ArrayList<>();
        private final List<DeviceClaimConfiguration> config = new ArrayList<>();
        private final Map<String, String> templateLabels = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a request ({@link DeviceRequests}). */
        public Builder request(DeviceRequest request) {
            requests.add(Objects.requireNonNull(request, "request"));
            return this;
        }

        /** All devices of these requests (all requests when none is named) share the value of this attribute. */
        public Builder matchAttribute(String fullyQualifiedAttribute, String... requestNames) {
            DeviceConstraint c = new DeviceConstraint();
            c.setMatchAttribute(fullyQualifiedAttribute);
            c.setRequests(new ArrayList<>(List.of(requestNames)));
            constraints.add(c);
            return this;
        }

        /** All devices of these requests have different values of this attribute (consumable capacity). */
        public Builder distinctAttribute(String fullyQualifiedAttribute, String... requestNames) {
            DeviceConstraint c = new DeviceConstraint();
            c.setDistinctAttribute(fullyQualifiedAttribute);
            c.setRequests(new ArrayList<>(List.of(requestNames)));
            constraints.add(c);
            return this;
        }

        /** Passes opaque configuration to the driver for these requests (all when none is named). */
        public Builder config(OpaqueDeviceConfiguration opaque, String... requestNames) {
            DeviceClaimConfiguration c = new DeviceClaimConfiguration();
            c.setOpaque(Objects.requireNonNull(opaque, "opaque"));
            c.setRequests(new ArrayList<>(List.of(requestNames)));
            config.add(c);
            return this;
        }

        /** Passes NVIDIA configuration (sharing) for these requests. */
        public Builder config(NvidiaConfig nvidia, String... requestNames) {
            return config(nvidia.opaque(), requestNames);
        }

        /** A label the generated claims of a template carry ({@code spec.metadata.labels}). */
        public Builder templateLabel(String key, String value) {
            templateLabels.put(key, value);
            return this;
        }

        /** The claim spec. */
        public ResourceClaimSpec spec() {
            DeviceClaim devices = new DeviceClaim();
            devices.setRequests(new ArrayList<>(requests));
            devices.setConstraints(new ArrayList<>(constraints));
            devices.setConfig(new ArrayList<>(config));
            ResourceClaimSpec spec = new ResourceClaimSpec();
            spec.setDevices(devices);
            return spec;
        }

        /** A ResourceClaim; {@code namespace} may be null to leave it to kubectl's context. */
        public ResourceClaim claim(String namespace, String name) {
            ResourceClaim c = new ResourceClaim();
            c.setApiVersion("resource.k8s.io/v1");
            c.setKind("ResourceClaim");
            c.setMetadata(meta(namespace, name));
            c.setSpec(spec());
            return c;
        }

        /** A ResourceClaimTemplate; {@code namespace} may be null to leave it to kubectl's context. */
        public ResourceClaimTemplate template(String namespace, String name) {
            ResourceClaimTemplate t = new ResourceClaimTemplate();
            t.setApiVersion("resource.k8s.io/v1");
            t.setKind("ResourceClaimTemplate");
            t.setMetadata(meta(namespace, name));
            ResourceClaimTemplateSpec ts = new ResourceClaimTemplateSpec();
            if (!templateLabels.isEmpty()) {
                ObjectMeta m = new ObjectMeta();
                m.setLabels(new LinkedHashMap<>(templateLabels));
                ts.setMetadata(m);
            }
            ts.setSpec(spec());
            t.setSpec(ts);
            return t;
        }

        private static ObjectMeta meta(String namespace, String name) {
            ObjectMeta m = new ObjectMeta();
            m.setName(Objects.requireNonNull(name, "name"));
            m.setNamespace(namespace);
            return m;
        }
    }
}
