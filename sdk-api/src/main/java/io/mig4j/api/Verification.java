package io.mig4j.api;

import java.util.Locale;

/** How a product entry of the catalog is known. */
public enum Verification {
    /** Every profile was compared with NVML's answers on the real GPU (see {@link GpuProduct#source()}). */
    HARDWARE_VERIFIED,
    /** Taken from NVIDIA documentation and published {@code nvidia-smi} output, not checked on hardware by mig4j. */
    DOCUMENTED;

    /** {@code hardware-verified} or {@code documented}, as the catalog file writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Verification ofLabel(String label) {
        for (Verification v : values()) {
            if (v.label().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("verification must be hardware-verified or documented, got '" + label + "'");
    }
}
