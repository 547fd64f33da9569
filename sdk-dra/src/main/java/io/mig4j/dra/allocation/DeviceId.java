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

    /** Field by field; written out because the allocator hashes device IDs in its innermost loop. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof DeviceId && device.equals(((DeviceId) o).device) && pool.equals(((DeviceId) o).pool)
                && driver.equals(((DeviceId) o).driver);
    }

    @Override
    public int hashCode() {
        return (driver.hashCode() * 31 + pool.hashCode()) * 31 + device.hashCode();
    }

    /** {@code driver/pool/device}, as Kubernetes prints a device ID in messages. */
    @Override
    public String toString() {
        return driver + "/" + pool + "/" + device;
    }
}
