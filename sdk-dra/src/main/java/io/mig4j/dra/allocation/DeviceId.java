package io.mig4j.dra.allocation;

import java.util.Objects;

/**
 * A device's identity in a cluster: driver, pool and device name ({@code DeviceID} of the scheduler API).
 *
 * @param driver the driver name
 * @param pool   the pool name
 * @param device the device name, unique within the pool
 */
public record DeviceId(String driver, String pool, String device) {

    public DeviceId {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(device, "device");
    }

    /** {@code driver/pool/device}, as Kubernetes prints a device ID in messages. */
    @Override
    public String toString() {
        return driver + "/" + pool + "/" + device;
    }
}
