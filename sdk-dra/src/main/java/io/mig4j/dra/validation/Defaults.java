package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import java.util.List;

/**
 * The API server's defaulting of {@code resource.k8s.io/v1} claim specs ({@code pkg/apis/resource/v1/defaults.go}):
 * {@code allocationMode: ExactCount} when empty, {@code count: 1} for ExactCount when zero, toleration
 * {@code operator: Equal} when empty. Applied before validation, as the API server does.
 */
final class Defaults {
    private Defaults() {
    }

    /** Fills the defaults in place. */
    static void claimSpec(ResourceClaimSpec spec) {
        if (spec == null || spec.getDevices() == null || spec.getDevices().getRequests() == null) {
            return;
        }
        for (DeviceRequest r : spec.getDevices().getRequests()) {
            ExactDeviceRequest e = r.getExactly();
            if (e != null) {
                if (e.getAllocationMode() == null || e.getAllocationMode().isEmpty()) {
                    e.setAllocationMode("ExactCount");
                }
                if ("ExactCount".equals(e.getAllocationMode()) && (e.getCount() == null || e.getCount() == 0)) {
                    e.setCount(1L);
                }
                tolerations(e.getTolerations());
            }
            if (r.getFirstAvailable() != null) {
                for (DeviceSubRequest s : r.getFirstAvailable()) {
                    if (s.getAllocationMode() == null || s.getAllocationMode().isEmpty()) {
                        s.setAllocationMode("ExactCount");
                    }
                    if ("ExactCount".equals(s.getAllocationMode()) && (s.getCount() == null || s.getCount() == 0)) {
                        s.setCount(1L);
                    }
                    tolerations(s.getTolerations());
                }
            }
        }
    }

    private static void tolerations(List<DeviceToleration> tolerations) {
        if (tolerations == null) {
            return;
        }
        for (DeviceToleration t : tolerations) {
            if (t.getOperator() == null || t.getOperator().isEmpty()) {
                t.setOperator("Equal");
            }
        }
    }
}
