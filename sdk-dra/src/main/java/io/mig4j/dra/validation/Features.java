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
    EXTENDED_RESOURCE("DRAExtendedResource", KubernetesVersion.V1_36),
    // alpha and off by default in every release mig4j knows (the 2026-11 gate table: 1.36 and 1.37)
    LIST_TYPE_ATTRIBUTES("DRAListTypeAttributes", null),
    NODE_ALLOCATABLE_RESOURCES("DRANodeAllocatableResources", null),
    PARTITIONABLE_DEVICES_TYPE("DRAPartitionableDevicesType", null),
    OPTIONAL_NODE_OPERATIONS("DRAOptionalNodeOperations", null),
    DERIVED_ATTRIBUTES("DRADerivedAttributes", null);

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
        return onByDefaultSince != null && v.atLeast(onByDefaultSince);
    }

    /** The warning for a field this gate guards, when the gate is off by default in {@code v}. */
    String droppedWarning(KubernetesVersion v) {
        return "dropped by the API server of Kubernetes " + v + " unless the " + gate + " feature gate is enabled"
                + (onByDefaultSince == null ? " (alpha, off by default)" : " (off by default before " + onByDefaultSince
                + ")");
    }
}
