package io.mig4j.dra.validation;

/**
 * The size limits of {@code resource.k8s.io/v1} per Kubernetes version ({@code staging/src/k8s.io/api/resource/v1/types.go}
 * at release-1.34, release-1.35, release-1.36 and master; summarised in the project's DRA fact sheet).
 */
final class Limits {
    static final int DEVICE_REQUESTS_MAX = 32;
    static final int FIRST_AVAILABLE_MAX = 8;
    static final int SELECTORS_MAX = 32;
    static final int CONSTRAINTS_MAX = 32;
    static final int CONFIG_MAX = 32;
    static final int TOLERATIONS_MAX = 16;
    static final int OPAQUE_PARAMETERS_MAX_BYTES = 10 * 1024;
    static final int ATTRIBUTES_AND_CAPACITIES_MAX = 32;
    static final int ATTRIBUTE_VALUE_MAX = 64;
    /** ResourceSliceMaxAttributeValuesPerDevice (1.36+): list items count one each. */
    static final int ATTRIBUTE_VALUES_MAX = 48;
    static final int POOL_NAME_MAX = 253;
    static final int SLICE_DEVICES_MAX = 128;
    /** 1.35+: slices whose devices have taints or consume counters (1.36+: or list attributes). */
    static final int SLICE_DEVICES_MAX_ADVANCED = 64;
    /** 1.35+. */
    static final int COUNTER_SETS_MAX = 8;
    static final int COUNTERS_PER_SET_MAX = 32;
    static final int COUNTER_CONSUMPTIONS_PER_DEVICE_MAX = 2;
    static final int COUNTERS_PER_CONSUMPTION_MAX = 32;
    /** 1.34: all counters of all sets in one slice. */
    static final int SHARED_COUNTERS_V134_MAX = 32;
    /** 1.34: counters one device consumes, all sets together. */
    static final int DEVICE_COUNTERS_V134_MAX = 32;
    /** 1.34: counters all devices of one slice consume. */
    static final int SLICE_DEVICE_COUNTERS_V134_MAX = 1024;
    static final int BINDING_CONDITIONS_MAX = 4;
    static final int REQUEST_POLICY_VALID_VALUES_MAX = 10;

    private Limits() {
    }

    /** Device taints per device: 4 in 1.34, 16 from 1.35. */
    static int taintsPerDevice(KubernetesVersion v) {
        return v.before(KubernetesVersion.V1_35) ? 4 : 16;
    }
}
