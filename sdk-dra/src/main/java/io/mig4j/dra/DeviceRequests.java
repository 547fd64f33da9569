package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.resource.v1.CapacityRequirements;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceToleration;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Device requests of a claim in the {@code resource.k8s.io/v1} shape: {@code exactly} (one device class, with
 * selectors, a count or all devices, admin access, tolerations, capacity) or {@code firstAvailable} (alternatives
 * tried in order). Builders return fabric8 objects.
 */
public final class DeviceRequests {
    private DeviceRequests() {
    }

    /** A request for devices of one class. */
    public static Exact exactly(String name, String deviceClassName) {
        return new Exact(name, deviceClassName);
    }

    /** One alternative of a {@code firstAvailable} request. */
    public static Sub sub(String name, String deviceClassName) {
        return new Sub(name, deviceClassName);
    }

    /** A request satisfied by the first alternative that can be allocated. */
    public static DeviceRequest firstAvailable(String name, DeviceSubRequest... alternatives) {
        if (alternatives.length == 0) {
            throw new IllegalArgumentException("firstAvailable needs at least one alternative");
        }
        DeviceRequest r = new DeviceRequest();
        r.setName(Objects.requireNonNull(name, "name"));
        r.setFirstAvailable(new ArrayList<>(List.of(alternatives)));
        return r;
    }

    /** A toleration of a device taint: {@code operator: Equal} with a value, or {@code Exists} when value is null. */
    public static DeviceToleration toleration(String key, String value, String effect) {
        DeviceToleration t = new DeviceToleration();
        t.setKey(key);
        if (value == null) {
            t.setOperator("Exists");
        } else {
            t.setOperator("Equal");
            t.setValue(value);
        }
        t.setEffect(effect);
        return t;
    }

    /** The settings shared by exact requests and alternatives. */
    abstract static class Common<B extends Common<B>> {
        final String name;
        final String deviceClassName;
        final List<DeviceSelector> selectors = new ArrayList<>();
        final List<DeviceToleration> tolerations = new ArrayList<>();
        final Map<String, io.fabric8.kubernetes.api.model.Quantity> capacity = new LinkedHashMap<>();
        String allocationMode = "ExactCount";
        Long count = 1L;

        Common(String name, String deviceClassName) {
            this.name = Objects.requireNonNull(name, "name");
            this.deviceClassName = Objects.requireNonNull(deviceClassName, "deviceClassName");
        }

        abstract B self();

        /** Adds a selector the device must match. */
        public B selector(Selector selector) {
            selectors.add(selector.toDeviceSelector());
            return self();
        }

        /** Asks for {@code n} devices ({@code allocationMode: ExactCount}). */
        public B count(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("count must be greater than zero, got " + n);
            }
            allocationMode = "ExactCount";
            count = n;
            return self();
        }

        /** Asks for every matching device ({@code allocationMode: All}). */
        public B all() {
            allocationMode = "All";
            count = null;
            return self();
        }

        /** Tolerates a device taint. */
        public B toleration(DeviceToleration toleration) {
            tolerations.add(toleration);
            return self();
        }

        /** Requests part of a device's capacity (consumable capacity, devices with allowMultipleAllocations). */
        public B capacity(String name, Quantity amount) {
            capacity.put(name, amount.toFabric8());
            return self();
        }

        CapacityRequirements capacityRequirements() {
            if (capacity.isEmpty()) {
                return null;
            }
            CapacityRequirements c = new CapacityRequirements();
            c.setRequests(new LinkedHashMap<>(capacity));
            return c;
        }
    }

    /** Builds an {@code exactly} request. */
    public static final class Exact extends Common<Exact> {
        private Boolean adminAccess;

        Exact(String name, String deviceClassName) {
            super(name, deviceClassName);
        }

        @Override
        Exact self() {
            return this;
        }

        /** Admin access: the device may be in use by others (needs a namespace labelled for admin access). */
        public Exact adminAccess() {
            adminAccess = true;
            return this;
        }

        /** The request. */
        public DeviceRequest build() {
            ExactDeviceRequest e = new ExactDeviceRequest();
            e.setDeviceClassName(deviceClassName);
            e.setSelectors(new ArrayList<>(selectors));
            e.setAllocationMode(allocationMode);
            e.setCount(count);
            e.setAdminAccess(adminAccess);
            e.setTolerations(new ArrayList<>(tolerations));
            e.setCapacity(capacityRequirements());
            DeviceRequest r = new DeviceRequest();
            r.setName(name);
            r.setExactly(e);
            return r;
        }
    }

    /** Builds one {@code firstAvailable} alternative. */
    public static final class Sub extends Common<Sub> {
        Sub(String name, String deviceClassName) {
            super(name, deviceClassName);
        }

        @Override
        Sub self() {
            return this;
        }

        /** The alternative. */
        public DeviceSubRequest build() {
            DeviceSubRequest s = new DeviceSubRequest();
            s.setName(name);
            s.setDeviceClassName(deviceClassName);
            s.setSelectors(new ArrayList<>(selectors));
            s.setAllocationMode(allocationMode);
            s.setCount(count);
            s.setTolerations(new ArrayList<>(tolerations));
            s.setCapacity(capacityRequirements());
            return s;
        }
    }
}
