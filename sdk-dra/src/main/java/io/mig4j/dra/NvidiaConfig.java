package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.resource.v1.OpaqueDeviceConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Opaque device configuration for NVIDIA's driver in its {@code resource.nvidia.com/v1beta1} shape: a
 * {@code GpuConfig} (full GPUs) or {@code MigDeviceConfig} (MIG devices), optionally with sharing by time slicing or
 * MPS. Shapes from {@code api/nvidia.com/resource/v1beta1/gpuconfig.go}, {@code migconfig.go} and {@code sharing.go}
 * of kubernetes-sigs/dra-driver-nvidia-gpu (main 95932046). Sharing is honoured only when the driver's
 * {@code TimeSlicingSettings} or {@code MPSSupport} feature gate is on.
 *
 * @param kind    {@code GpuConfig} or {@code MigDeviceConfig}
 * @param sharing how devices are shared, or null for none
 */
public record NvidiaConfig(Kind kind, Sharing sharing) {

    /** The configuration kinds this class builds. */
    public enum Kind {
        GPU_CONFIG("GpuConfig"),
        MIG_DEVICE_CONFIG("MigDeviceConfig");

        private final String kindName;

        Kind(String kindName) {
            this.kindName = kindName;
        }

        /** The {@code kind} written in the parameters. */
        public String kindName() {
            return kindName;
        }
    }

    /** The driver's sharing strategies. */
    public enum Strategy {
        TIME_SLICING("TimeSlicing"),
        MPS("MPS");

        private final String text;

        Strategy(String text) {
            this.text = text;
        }

        /** As written in the parameters. */
        public String text() {
            return text;
        }
    }

    /** Time-slice lengths ({@code timeSlicingConfig.interval}). */
    public enum TimeSliceInterval {
        DEFAULT("Default"),
        SHORT("Short"),
        MEDIUM("Medium"),
        LONG("Long");

        private final String text;

        TimeSliceInterval(String text) {
            this.text = text;
        }

        /** As written in the parameters. */
        public String text() {
            return text;
        }
    }

    /**
     * MPS settings ({@code mpsConfig}); every field may be null.
     *
     * @param defaultActiveThreadPercentage  0 to 100
     * @param defaultPinnedDeviceMemoryLimit pinned memory limit for every device
     * @param perDevicePinnedMemoryLimit     limits per device UUID or index
     * @param multiUser                      start the MPS daemon in multi-user mode
     */
    public record Mps(Integer defaultActiveThreadPercentage, Quantity defaultPinnedDeviceMemoryLimit,
                      Map<String, Quantity> perDevicePinnedMemoryLimit, Boolean multiUser) {
        public Mps {
            if (defaultActiveThreadPercentage != null
                    && (defaultActiveThreadPercentage < 0 || defaultActiveThreadPercentage > 100)) {
                throw new IllegalArgumentException("active thread percentage must be 0 to 100, got "
                        + defaultActiveThreadPercentage);
            }
            perDevicePinnedMemoryLimit = perDevicePinnedMemoryLimit == null ? null
                    : Map.copyOf(perDevicePinnedMemoryLimit);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (defaultActiveThreadPercentage != null) {
                m.put("defaultActiveThreadPercentage", defaultActiveThreadPercentage);
            }
            if (defaultPinnedDeviceMemoryLimit != null) {
                m.put("defaultPinnedDeviceMemoryLimit", defaultPinnedDeviceMemoryLimit.toString());
            }
            if (perDevicePinnedMemoryLimit != null && !perDevicePinnedMemoryLimit.isEmpty()) {
                Map<String, Object> per = new TreeMap<>();
                perDevicePinnedMemoryLimit.forEach((k, v) -> per.put(k, v.toString()));
                m.put("defaultPerDevicePinnedMemoryLimit", per);
            }
            if (multiUser != null) {
                m.put("multiUser", multiUser);
            }
            return m;
        }
    }

    /**
     * A sharing setting.
     *
     * @param strategy time slicing or MPS
     * @param interval the time slice (GpuConfig with time slicing only), or null
     * @param mps      MPS settings (MPS only), or null
     */
    public record Sharing(Strategy strategy, TimeSliceInterval interval, Mps mps) {
        public Sharing {
            Objects.requireNonNull(strategy, "strategy");
            if (strategy == Strategy.TIME_SLICING && mps != null) {
                throw new IllegalArgumentException("cannot use MpsConfig with the 'TimeSlicing' strategy");
            }
            if (strategy == Strategy.MPS && interval != null) {
                throw new IllegalArgumentException("cannot use TimeSlicingConfig with the 'MPS' strategy");
            }
        }
    }

    public NvidiaConfig {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.MIG_DEVICE_CONFIG && sharing != null && sharing.interval() != null) {
            throw new IllegalArgumentException("MigDeviceConfig has no time-slice interval");
        }
    }

    /** A {@code GpuConfig} without sharing. */
    public static NvidiaConfig gpu() {
        return new NvidiaConfig(Kind.GPU_CONFIG, null);
    }

    /** A {@code GpuConfig} sharing full GPUs by time slicing. */
    public static NvidiaConfig gpuTimeSlicing(TimeSliceInterval interval) {
        return new NvidiaConfig(Kind.GPU_CONFIG, new Sharing(Strategy.TIME_SLICING, interval, null));
    }

    /** A {@code GpuConfig} sharing full GPUs with MPS. */
    public static NvidiaConfig gpuMps(Mps mps) {
        return new NvidiaConfig(Kind.GPU_CONFIG, new Sharing(Strategy.MPS, null, mps));
    }

    /** A {@code MigDeviceConfig} without sharing. */
    public static NvidiaConfig mig() {
        return new NvidiaConfig(Kind.MIG_DEVICE_CONFIG, null);
    }

    /** A {@code MigDeviceConfig} sharing MIG devices by time slicing. */
    public static NvidiaConfig migTimeSlicing() {
        return new NvidiaConfig(Kind.MIG_DEVICE_CONFIG, new Sharing(Strategy.TIME_SLICING, null, null));
    }

    /** A {@code MigDeviceConfig} sharing MIG devices with MPS. */
    public static NvidiaConfig migMps(Mps mps) {
        return new NvidiaConfig(Kind.MIG_DEVICE_CONFIG, new Sharing(Strategy.MPS, null, mps));
    }

    /** The parameters object, as the driver decodes it. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", NvidiaDra.CONFIG_API_VERSION);
        m.put("kind", kind.kindName());
        if (sharing != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("strategy", sharing.strategy().text());
            if (sharing.interval() != null) {
                s.put("timeSlicingConfig", Map.of("interval", sharing.interval().text()));
            }
            if (sharing.mps() != null) {
                s.put("mpsConfig", sharing.mps().toMap());
            }
            m.put("sharing", s);
        }
        return m;
    }

    /** The opaque configuration for driver {@code gpu.nvidia.com}. */
    public OpaqueDeviceConfiguration opaque() {
        return new OpaqueDeviceConfiguration(NvidiaDra.DRIVER, parameters());
    }
}
