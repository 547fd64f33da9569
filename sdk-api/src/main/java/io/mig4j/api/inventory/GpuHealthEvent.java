package io.mig4j.api.inventory;

import java.util.Objects;

/**
 * Something that makes a GPU unhealthy, as a health monitor reports it: an XID error, the GPU falling off the bus,
 * or the GPU not being monitored at all. These are the three health events of NVIDIA's DRA driver, which taints the
 * devices of the GPU with {@code gpu.nvidia.com/xid}, {@code /gpu-lost} or {@code /unmonitored}
 * (kubernetes-sigs/dra-driver-nvidia-gpu, {@code cmd/gpu-kubelet-plugin/device_health.go}).
 *
 * @param kind what happened
 * @param xid  the XID error number for {@link Kind#XID}; {@code null} for every other kind
 */
public record GpuHealthEvent(Kind kind, Integer xid) {

    /** What a health event reports. */
    public enum Kind {
        /** The driver reported an XID error (a critical error event of {@code nvmlEventSetWait}). */
        XID,
        /** The GPU is lost ({@code NVML_ERROR_GPU_IS_LOST}): fallen off the bus or otherwise inaccessible. */
        GPU_LOST,
        /** Nobody watches the GPU's health, so it is not known to be healthy. */
        UNMONITORED
    }

    public GpuHealthEvent {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.XID && xid == null) {
            throw new IllegalArgumentException("xid: required for kind XID");
        }
        if (kind != Kind.XID && xid != null) {
            throw new IllegalArgumentException("xid: must be null for kind " + kind + ", got " + xid);
        }
        if (xid != null && xid < 0) {
            throw new IllegalArgumentException("xid: must not be negative, got " + xid);
        }
    }

    /** An XID error event. */
    public static GpuHealthEvent xid(int xid) {
        return new GpuHealthEvent(Kind.XID, xid);
    }

    /** The GPU is lost. */
    public static GpuHealthEvent gpuLost() {
        return new GpuHealthEvent(Kind.GPU_LOST, null);
    }

    /** The GPU's health is not monitored. */
    public static GpuHealthEvent unmonitored() {
        return new GpuHealthEvent(Kind.UNMONITORED, null);
    }
}
