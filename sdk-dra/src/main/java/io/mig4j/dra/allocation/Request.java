package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequirements;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import java.util.List;
import java.util.Map;

/**
 * A request or a subrequest, read the same way ({@code requestAccessor} in {@code allocator_incubating.go}).
 * Fields the API server defaults are defaulted here as it would ({@code allocationMode: ExactCount},
 * {@code count: 1}), so claims read from files behave as stored claims.
 */
final class Request {
    static final String EXACT_COUNT = "ExactCount";
    static final String ALL = "All";

    private final String name;
    private final String deviceClassName;
    private final String allocationMode;
    private final long count;
    private final Boolean adminAccess;
    private final List<DeviceSelector> selectors;
    private final List<DeviceToleration> tolerations;
    private final CapacityRequirements capacity;

    private Request(String name, String deviceClassName, String allocationMode, Long count, Boolean adminAccess,
            List<DeviceSelector> selectors, List<DeviceToleration> tolerations, CapacityRequirements capacity) {
        this.name = name == null ? "" : name;
        this.deviceClassName = deviceClassName == null ? "" : deviceClassName;
        this.allocationMode = allocationMode == null || allocationMode.isEmpty() ? EXACT_COUNT : allocationMode;
        this.count = count != null ? count : (EXACT_COUNT.equals(this.allocationMode) ? 1 : 0);
        this.adminAccess = adminAccess;
        this.selectors = selectors == null ? List.of() : selectors;
        this.tolerations = tolerations == null ? List.of() : tolerations;
        this.capacity = capacity;
    }

    /** A request with {@code exactly}; null {@code exactly} (a request of some future shape) reads as empty. */
    static Request exact(DeviceRequest request) {
        ExactDeviceRequest e = request.getExactly() == null ? new ExactDeviceRequest() : request.getExactly();
        return new Request(request.getName(), e.getDeviceClassName(), e.getAllocationMode(), e.getCount(),
                e.getAdminAccess(), e.getSelectors(), e.getTolerations(), e.getCapacity());
    }

    /** One entry of {@code firstAvailable}; subrequests never have admin access. */
    static Request sub(DeviceSubRequest sub) {
        return new Request(sub.getName(), sub.getDeviceClassName(), sub.getAllocationMode(), sub.getCount(), null,
                sub.getSelectors(), sub.getTolerations(), sub.getCapacity());
    }

    String name() {
        return name;
    }

    String deviceClassName() {
        return deviceClassName;
    }

    String allocationMode() {
        return allocationMode;
    }

    long count() {
        return count;
    }

    boolean adminAccess() {
        return Boolean.TRUE.equals(adminAccess);
    }

    /** Whether {@code adminAccess} is set at all, true or false (Kubernetes checks the pointer). */
    boolean hasAdminAccess() {
        return adminAccess != null;
    }

    List<DeviceSelector> selectors() {
        return selectors;
    }

    List<DeviceToleration> tolerations() {
        return tolerations;
    }

    /** The requested capacities, null when the request names none. */
    Map<String, io.fabric8.kubernetes.api.model.Quantity> capacityRequests() {
        return capacity == null ? null : capacity.getRequests();
    }

    boolean hasCapacity() {
        return capacity != null;
    }
}
