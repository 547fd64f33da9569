package io.mig4j.dra.slices;

/**
 * An inventory NVIDIA's driver cannot publish (its device discovery fails on it, so it publishes nothing): a MIG device
 * whose compute instance does not span its GPU instance, a GPU without a PCI bus ID it accepts, a MIG GPU whose
 * product mig4j's catalog does not know.
 */
public final class UnsupportedInventoryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what the driver would fail on, naming the GPU */
    public UnsupportedInventoryException(String message) {
        super(message);
    }
}
