package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassSpec;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.OpaqueDeviceConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DeviceClasses ({@code resource.k8s.io/v1}) for NVIDIA GPUs: the three that NVIDIA's Helm chart installs
 * ({@code deployments/helm/dra-driver-nvidia-gpu/templates/deviceclass-{gpu,mig,vfio-gpu}.yaml} of
 * kubernetes-sigs/dra-driver-nvidia-gpu, main 95932046), per-profile MIG classes, and any class built with
 * {@link #builder(String)}. Every factory returns a new fabric8 object.
 */
public final class DeviceClasses {
    private DeviceClasses() {
    }

    /** {@code gpu.nvidia.com}: full GPUs, with {@code extendedResourceName: nvidia.com/gpu} as the chart sets on v1. */
    public static DeviceClass gpu() {
        return builder(NvidiaDra.CLASS_GPU).selector(Selectors.nvidiaGpu())
                .extendedResourceName(NvidiaDra.EXTENDED_RESOURCE_GPU).build();
    }

    /** {@code mig.nvidia.com}: every MIG device. */
    public static DeviceClass mig() {
        return builder(NvidiaDra.CLASS_MIG).selector(Selectors.nvidiaMig()).build();
    }

    /** {@code vfio.gpu.nvidia.com}: GPUs for VFIO pass-through. */
    public static DeviceClass vfio() {
        return builder(NvidiaDra.CLASS_VFIO).selector(Selectors.nvidiaVfio()).build();
    }

    /** The three classes NVIDIA's chart installs, in the order above. */
    public static List<DeviceClass> nvidiaDefaults() {
        return List.of(gpu(), mig(), vfio());
    }

    /**
     * The name mig4j gives the class of one MIG profile: {@code mig-<profile>}, with {@code +} written as {@code .}
     * because DeviceClass names are DNS subdomains ({@code 1g.10gb} → {@code mig-1g.10gb}, {@code 1g.10gb+me} →
     * {@code mig-1g.10gb.me}).
     */
    public static String migProfileClassName(String profile) {
        return "mig-" + dnsSafe(profile);
    }

    /** The extended resource a per-profile class offers: {@code nvidia.com/mig-<profile>} ({@code +} as {@code .}). */
    public static String migProfileExtendedResourceName(String profile) {
        return "nvidia.com/mig-" + dnsSafe(profile);
    }

    private static String dnsSafe(String profile) {
        Objects.requireNonNull(profile, "profile");
        return profile.toLowerCase(java.util.Locale.ROOT).replace('+', '.');
    }

    /** The class of the MIG devices of one profile (e.g. {@code mig-1g.10gb}). */
    public static DeviceClass migProfile(String profile) {
        return migProfileBuilder(profile).build();
    }

    /** A builder for a profile's class, to add an extended resource name or configuration. */
    public static Builder migProfileBuilder(String profile) {
        return builder(migProfileClassName(profile)).selector(Selectors.nvidiaMig()).selector(Selectors.profile(profile));
    }

    /** A builder for any class. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a DeviceClass. */
    public static final class Builder {
        private final String name;
        private final List<Selector> selectors = new ArrayList<>();
        private final List<OpaqueDeviceConfiguration> config = new ArrayList<>();
        private String extendedResourceName;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a selector; a device must match every selector of the class. */
        public Builder selector(Selector selector) {
            selectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** Adds opaque configuration that every claim using this class passes to the driver. */
        public Builder config(OpaqueDeviceConfiguration opaque) {
            config.add(Objects.requireNonNull(opaque, "opaque"));
            return this;
        }

        /** Adds NVIDIA configuration ({@code GpuConfig} / {@code MigDeviceConfig}). */
        public Builder config(NvidiaConfig nvidia) {
            return config(nvidia.opaque());
        }

        /** Lets pods ask for devices of this class with {@code resources.limits[<name>]} (Kubernetes 1.36+). */
        public Builder extendedResourceName(String extendedResourceName) {
            this.extendedResourceName = extendedResourceName;
            return this;
        }

        /** The DeviceClass. */
        public DeviceClass build() {
            DeviceClass dc = new DeviceClass();
            dc.setApiVersion("resource.k8s.io/v1");
            dc.setKind("DeviceClass");
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            dc.setMetadata(meta);
            DeviceClassSpec spec = new DeviceClassSpec();
            List<DeviceSelector> s = new ArrayList<>();
            for (Selector sel : selectors) {
                s.add(sel.toDeviceSelector());
            }
            spec.setSelectors(s);
            List<DeviceClassConfiguration> c = new ArrayList<>();
            for (OpaqueDeviceConfiguration o : config) {
                DeviceClassConfiguration dcc = new DeviceClassConfiguration();
                dcc.setOpaque(o);
                c.add(dcc);
            }
            spec.setConfig(c);
            spec.setExtendedResourceName(extendedResourceName);
            dc.setSpec(spec);
            return dc;
        }
    }
}
