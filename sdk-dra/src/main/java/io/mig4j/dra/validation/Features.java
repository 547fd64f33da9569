package io.mig4j.dra.validation;

/**
 * The DRA feature gates whose default differs between Kubernetes 1.34 and 1.37 (the versioned feature-gate list of
 * kubernetes/kubernetes and the kubernetes.io feature-gate reference for v1.37). While a gate is off, the API server
 * silently drops the fields it guards from objects it stores; mig4j reports that as a warning.
 */
enum Features {
    DEVICE_TAINTS("DRADeviceTaints", KubernetesVersion.V1_36),
    PARTITIONABLE_DEVICES("DRAPartitionableDevices", KubernetesVersion.V1_36),
    CONSUMABLE_CAPACITY("DRAConsumableCapacity", KubernetesVersion.V1_36),
    BINDING_CONDITIONS("DRADeviceBindingConditions", KubernetesVersion.V1_36),
    EXTENDED_RESOURCE("DRAExtendedResource", KubernetesVersion.V1_36);

    private final String gate;
    private final KubernetesVersion onByDefaultSince;

    Features(String gate, KubernetesVersion onByDefaultSince) {
        this.gate = gate;
        this.onByDefaultSince = onByDefaultSince;
    }

    String gate() {
        return gate;
    }

    boolean enabledByDefault(KubernetesVersion v) {
        return v.atLeast(onByDefaultSince);
    }

    /** The warning for a field this gate guards, when the gate is off by default in {@code v}. */
    String droppedWarning(KubernetesVersion v) {
        return "dropped by the API server of Kubernetes " + v + " unless the " + gate + " feature gate is enabled"
                + " (off by default before " + onByDefaultSince + ")";
    }
}
