package io.mig4j.testkit.cluster;

import java.util.List;

/**
 * A claim prepared on a node by the fake NVIDIA DRA driver (its checkpoint entry).
 *
 * @param namespace the claim's namespace
 * @param name      the claim's name
 * @param uid       the claim's UID (CDI IDs are derived from it)
 * @param devices   the devices of the claim allocated on this node, in allocation result order
 */
public record PreparedClaim(String namespace, String name, String uid, List<PreparedDevice> devices) {
    public PreparedClaim {
        devices = List.copyOf(devices);
    }

    /** The MIG device UUIDs behind this claim, in device order (full GPUs left out). */
    public List<String> migDeviceUuids() {
        return devices.stream().map(PreparedDevice::migDeviceUuid).filter(u -> u != null).toList();
    }
}
