package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaimConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceConstraint;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import java.util.List;

/** Null-safe access to the parts of claims and classes the allocator reads. */
final class ClaimParts {
    private ClaimParts() {
    }

    static List<DeviceRequest> requests(ResourceClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getDevices() == null
                || claim.getSpec().getDevices().getRequests() == null) {
            return List.of();
        }
        return claim.getSpec().getDevices().getRequests();
    }

    static List<DeviceConstraint> constraints(ResourceClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getDevices() == null
                || claim.getSpec().getDevices().getConstraints() == null) {
            return List.of();
        }
        return claim.getSpec().getDevices().getConstraints();
    }

    static List<DeviceClaimConfiguration> configs(ResourceClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getDevices() == null
                || claim.getSpec().getDevices().getConfig() == null) {
            return List.of();
        }
        return claim.getSpec().getDevices().getConfig();
    }

    static List<DeviceSelector> selectors(DeviceClass deviceClass) {
        if (deviceClass == null || deviceClass.getSpec() == null || deviceClass.getSpec().getSelectors() == null) {
            return List.of();
        }
        return deviceClass.getSpec().getSelectors();
    }

    static List<DeviceClassConfiguration> configs(DeviceClass deviceClass) {
        if (deviceClass == null || deviceClass.getSpec() == null || deviceClass.getSpec().getConfig() == null) {
            return List.of();
        }
        return deviceClass.getSpec().getConfig();
    }
}
