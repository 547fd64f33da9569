package io.mig4j.nvml;

import java.util.List;

/** A plan would destroy MIG devices that run processes; re-run with force to destroy them anyway. */
public final class InstancesInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final List<String> devices;

    InstancesInUseException(List<String> devices) {
        super("refusing to destroy MIG devices in use: " + String.join(", ", devices)
                + "; stop their processes, or force (CLI: --force)");
        this.devices = List.copyOf(devices);
    }

    public List<String> devices() {
        return devices;
    }
}
