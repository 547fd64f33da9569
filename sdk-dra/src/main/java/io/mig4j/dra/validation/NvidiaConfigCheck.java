package io.mig4j.dra.validation;

import io.mig4j.dra.Quantity;
import io.mig4j.dra.QuantityFormatException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks opaque parameters meant for NVIDIA's GPU driver the way the driver decodes them when it prepares a device:
 * strictly (unknown fields rejected, {@code StrictDecoder} in {@code api/nvidia.com/resource/v1beta1/api.go}) and
 * with its {@code Validate()} rules ({@code validate.go}) of kubernetes-sigs/dra-driver-nvidia-gpu (main 95932046).
 * The API server does not look inside opaque parameters, so findings are warnings: the claim is stored, but pods
 * using it fail to start.
 */
final class NvidiaConfigCheck {
    static final String DRIVER = "gpu.nvidia.com";
    static final String API_VERSION = "resource.nvidia.com/v1beta1";
    private static final Set<String> KINDS = Set.of("GpuConfig", "MigDeviceConfig", "VfioDeviceConfig",
            "ComputeDomainChannelConfig", "ComputeDomainDaemonConfig");
    private static final List<String> STRATEGIES = List.of("TimeSlicing", "MPS");
    private static final List<String> INTERVALS = List.of("Default", "Short", "Medium", "Long");

    private NvidiaConfigCheck() {
    }

    static void check(Object parameters, FieldPath path, Problems p) {
        if (!(parameters instanceof Map<?, ?> m)) {
            return;
        }
        Object apiVersion = m.get("apiVersion");
        Object kind = m.get("kind");
        if (!API_VERSION.equals(apiVersion)) {
            p.warn(path.child("apiVersion"), "NVIDIA's driver decodes only apiVersion " + API_VERSION + ", got "
                    + FieldError.goQuote(String.valueOf(apiVersion)));
            return;
        }
        if (!(kind instanceof String k) || !KINDS.contains(k)) {
            p.warn(path.child("kind"), "NVIDIA's driver knows the kinds GpuConfig, MigDeviceConfig,"
                    + " VfioDeviceConfig, ComputeDomainChannelConfig and ComputeDomainDaemonConfig, got "
                    + FieldError.goQuote(String.valueOf(kind)));
            return;
        }
        if (!k.equals("GpuConfig") && !k.equals("MigDeviceConfig")) {
            return;
        }
        boolean gpu = k.equals("GpuConfig");
        unknown(m, Set.of("apiVersion", "kind", "sharing"), path, p);
        Object sharing = m.get("sharing");
        if (sharing == null) {
            return;
        }
        FieldPath sp = path.child("sharing");
        if (!(sharing instanceof Map<?, ?> s)) {
            p.warn(sp, "must be an object");
            return;
        }
        unknown(s, gpu ? Set.of("strategy", "timeSlicingConfig", "mpsConfig") : Set.of("strategy", "mpsConfig"), sp, p);
        Object strategy = s.get("strategy");
        if (!STRATEGIES.contains(strategy)) {
            p.warn(sp.child("strategy"), "unknown GPU sharing strategy: " + strategy
                    + ", supported GPU sharing strategies: TimeSlicing, MPS");
            return;
        }
        if ("TimeSlicing".equals(strategy) && s.get("mpsConfig") != null) {
            p.warn(sp.child("mpsConfig"), "cannot use MpsConfig with the 'TimeSlicing' strategy");
        }
        if ("MPS".equals(strategy) && s.get("timeSlicingConfig") != null) {
            p.warn(sp.child("timeSlicingConfig"), "cannot use TimeSlicingConfig with the 'MPS' strategy");
        }
        if (s.get("timeSlicingConfig") instanceof Map<?, ?> ts) {
            FieldPath tp = sp.child("timeSlicingConfig");
            unknown(ts, Set.of("interval"), tp, p);
            Object interval = ts.get("interval");
            if (interval != null && !INTERVALS.contains(interval)) {
                p.warn(tp.child("interval"), "unknown time-slice interval: " + interval
                        + ", supported time-slice intervals: Default, Short, Medium, Long");
            }
        }
        if (s.get("mpsConfig") instanceof Map<?, ?> mps) {
            mps(mps, sp.child("mpsConfig"), p);
        }
    }

    private static void mps(Map<?, ?> mps, FieldPath mp, Problems p) {
        unknown(mps, Set.of("defaultActiveThreadPercentage", "defaultPinnedDeviceMemoryLimit",
                "defaultPerDevicePinnedMemoryLimit", "multiUser"), mp, p);
        Object pct = mps.get("defaultActiveThreadPercentage");
        if (pct instanceof Number n) {
            if (n.longValue() < 0) {
                p.warn(mp.child("defaultActiveThreadPercentage"), "active thread percentage must not be negative");
            } else if (n.longValue() > 100) {
                p.warn(mp.child("defaultActiveThreadPercentage"),
                        "active thread percentage must not be greater than 100");
            }
        } else if (pct != null) {
            p.warn(mp.child("defaultActiveThreadPercentage"), "must be an integer");
        }
        quantity(mps.get("defaultPinnedDeviceMemoryLimit"), mp.child("defaultPinnedDeviceMemoryLimit"), p);
        if (mps.get("defaultPerDevicePinnedMemoryLimit") instanceof Map<?, ?> per) {
            for (Map.Entry<?, ?> e : per.entrySet()) {
                quantity(e.getValue(), mp.child("defaultPerDevicePinnedMemoryLimit").key(String.valueOf(e.getKey())),
                        p);
            }
        }
    }

    private static void quantity(Object value, FieldPath path, Problems p) {
        if (value == null) {
            return;
        }
        try {
            Quantity q = Quantity.parse(String.valueOf(value));
            if (q.toBigDecimal().signum() > 0 && q.value() / (1024 * 1024) == 0) {
                p.warn(path, "invalid limit: value set too low: " + value);
            }
        } catch (QuantityFormatException e) {
            p.warn(path, e.reason());
        }
    }

    private static void unknown(Map<?, ?> m, Set<String> known, FieldPath path, Problems p) {
        for (Object key : m.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                p.warn(path.child(String.valueOf(key)), "unknown field: NVIDIA's driver decodes its configuration"
                        + " strictly and will refuse to prepare the device");
            }
        }
    }
}
