package io.mig4j.dra.allocation;

import io.mig4j.dra.validation.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The optional allocator behaviours, one switch per feature as Kubernetes' {@code structured.Features} has them
 * ({@code structured/internal/types.go} in kubernetes/dynamic-resource-allocation). Each corresponds to a feature
 * gate of the scheduler; turning one off makes the allocator behave as a cluster without that gate.
 *
 * @param adminAccess            DRAAdminAccess: {@code exactly.adminAccess}
 * @param prioritizedList        DRAPrioritizedList: {@code firstAvailable}
 * @param partitionableDevices   DRAPartitionableDevices: shared counters, {@code perDeviceNodeSelection}
 * @param deviceTaints           DRADeviceTaints: device taints and request tolerations
 * @param deviceBindingAndStatus DRADeviceBindingConditions + DRAResourceClaimDeviceStatus: binding conditions
 * @param consumableCapacity     DRAConsumableCapacity: {@code allowMultipleAllocations}, capacity requests,
 *                               {@code distinctAttribute}, {@code shareID}
 * @param listTypeAttributes     DRAListTypeAttributes: list attributes in {@code matchAttribute} and
 *                               {@code distinctAttribute} (non-empty intersection, pairwise disjoint)
 */
public record Features(boolean adminAccess, boolean prioritizedList, boolean partitionableDevices,
        boolean deviceTaints, boolean deviceBindingAndStatus, boolean consumableCapacity,
        boolean listTypeAttributes) {

    /** Every optional behaviour off: the GA-only allocator. */
    public static final Features NONE = new Features(false, false, false, false, false, false, false);
    /** Every behaviour on, including alpha ones. */
    public static final Features ALL = new Features(true, true, true, true, true, true, true);

    /**
     * The features the scheduler of the given Kubernetes version runs with its default feature gates
     * (kubernetes.io/docs/reference/command-line-tools-reference/feature-gates, DRA* gates): 1.34/1.35 with admin access and prioritized lists; 1.36/1.37 also
     * with partitionable devices, taints, binding conditions and consumable capacity (the "incubating" allocator);
     * list-type attributes stay alpha (off).
     */
    public static Features defaultsFor(KubernetesVersion version) {
        Objects.requireNonNull(version, "version");
        if (version.atLeast(KubernetesVersion.V1_36)) {
            return new Features(true, true, true, true, true, true, false);
        }
        return new Features(true, true, false, false, false, false, false);
    }

    /** The newest Kubernetes' defaults ({@link KubernetesVersion#DEFAULT}). */
    public static Features newest() {
        return defaultsFor(KubernetesVersion.DEFAULT);
    }

    /** A copy with admin access switched. */
    public Features withAdminAccess(boolean on) {
        return new Features(on, prioritizedList, partitionableDevices, deviceTaints, deviceBindingAndStatus,
                consumableCapacity, listTypeAttributes);
    }

    /** A copy with prioritized lists switched. */
    public Features withPrioritizedList(boolean on) {
        return new Features(adminAccess, on, partitionableDevices, deviceTaints, deviceBindingAndStatus,
                consumableCapacity, listTypeAttributes);
    }

    /** A copy with partitionable devices switched. */
    public Features withPartitionableDevices(boolean on) {
        return new Features(adminAccess, prioritizedList, on, deviceTaints, deviceBindingAndStatus,
                consumableCapacity, listTypeAttributes);
    }

    /** A copy with device taints switched. */
    public Features withDeviceTaints(boolean on) {
        return new Features(adminAccess, prioritizedList, partitionableDevices, on, deviceBindingAndStatus,
                consumableCapacity, listTypeAttributes);
    }

    /** A copy with binding conditions switched. */
    public Features withDeviceBindingAndStatus(boolean on) {
        return new Features(adminAccess, prioritizedList, partitionableDevices, deviceTaints, on,
                consumableCapacity, listTypeAttributes);
    }

    /** A copy with consumable capacity switched. */
    public Features withConsumableCapacity(boolean on) {
        return new Features(adminAccess, prioritizedList, partitionableDevices, deviceTaints, deviceBindingAndStatus,
                on, listTypeAttributes);
    }

    /** A copy with list-type attributes switched. */
    public Features withListTypeAttributes(boolean on) {
        return new Features(adminAccess, prioritizedList, partitionableDevices, deviceTaints, deviceBindingAndStatus,
                consumableCapacity, on);
    }

    /** The Kubernetes feature gate names of the switches that are on, as {@code Features.Set()} names them. */
    public List<String> gateNames() {
        List<String> names = new ArrayList<>();
        if (adminAccess) {
            names.add("DRAAdminAccess");
        }
        if (consumableCapacity) {
            names.add("DRAConsumableCapacity");
        }
        if (deviceTaints) {
            names.add("DRADeviceTaints");
        }
        if (listTypeAttributes) {
            names.add("DRAListTypeAttributes");
        }
        if (partitionableDevices) {
            names.add("DRAPartitionableDevices");
        }
        if (prioritizedList) {
            names.add("DRAPrioritizedList");
        }
        if (deviceBindingAndStatus) {
            names.add("DRADeviceBindingConditions+DRAResourceClaimDeviceStatus");
        }
        return names;
    }
}
