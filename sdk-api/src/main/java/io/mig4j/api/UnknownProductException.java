package io.mig4j.api;

/** A product alias, NVML name or PCI device id that the catalog does not have. */
public final class UnknownProductException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownProductException(String key, String known) {
        super("unknown GPU product '" + key + "': not an alias, NVML name or PCI device id in the catalog (aliases: "
                + known + ")");
    }
}
