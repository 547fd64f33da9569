package io.mig4j.nvml;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The names NVIDIA's DRA driver publishes for NVML's architecture and brand codes, so that an inventory carries
 * the same {@code architecture} and {@code brand} attribute values as a ResourceSlice of that driver. The driver
 * takes them from go-nvlib ({@code GetArchitectureAsString}, {@code GetBrandAsString} in
 * NVIDIA/go-nvlib {@code pkg/nvlib/device/device.go}, used by kubernetes-sigs/dra-driver-nvidia-gpu
 * {@code cmd/gpu-kubelet-plugin/nvlib.go}); the codes are {@code nvmlDeviceArchitecture_t} and
 * {@code nvmlBrandType_t} of NVIDIA's {@code nvml.h}.
 */
public final class NvmlNames {
    /** {@code NVML_DEVICE_ARCH_UNKNOWN} (0xffffffff). */
    public static final int ARCHITECTURE_UNKNOWN = 0xFFFFFFFF;
    /** {@code NVML_BRAND_NVIDIA}, the brand of current data-center GPUs. */
    public static final int BRAND_NVIDIA = 14;

    private static final Map<Integer, String> ARCHITECTURES = Map.ofEntries(
            Map.entry(2, "Kepler"), Map.entry(3, "Maxwell"), Map.entry(4, "Pascal"), Map.entry(5, "Volta"),
            Map.entry(6, "Turing"), Map.entry(7, "Ampere"), Map.entry(8, "Ada Lovelace"), Map.entry(9, "Hopper"),
            Map.entry(10, "Blackwell"), Map.entry(11, "Orin"), Map.entry(13, "Rubin"),
            Map.entry(ARCHITECTURE_UNKNOWN, "Unknown"));
    private static final Map<Integer, String> BRANDS = Map.ofEntries(
            Map.entry(0, "Unknown"), Map.entry(1, "Quadro"), Map.entry(2, "Tesla"), Map.entry(3, "NVS"),
            Map.entry(4, "Grid"), Map.entry(5, "GeForce"), Map.entry(6, "Titan"), Map.entry(7, "NvidiaVApps"),
            Map.entry(8, "NvidiaVPC"), Map.entry(9, "NvidiaVCS"), Map.entry(10, "NvidiaVWS"),
            Map.entry(11, "NvidiaCloudGaming"), Map.entry(12, "QuadroRTX"), Map.entry(13, "NvidiaRTX"),
            Map.entry(BRAND_NVIDIA, "Nvidia"), Map.entry(15, "GeForceRTX"), Map.entry(16, "TitanRTX"));

    private NvmlNames() {
    }

    /**
     * The name of an {@code nvmlDeviceGetArchitecture} code: {@code Ampere} for 7, {@code Hopper} for 9,
     * {@code Unknown} for {@link #ARCHITECTURE_UNKNOWN}; empty for a code newer than this table. (Rubin, 13, is in
     * NVIDIA's header but not yet named by go-nvlib; mig4j names it {@code Rubin}.)
     */
    public static Optional<String> architecture(int code) {
        return Optional.ofNullable(ARCHITECTURES.get(code));
    }

    /** The name of an {@code nvmlDeviceGetBrand} code: {@code Nvidia} for 14; empty for a code newer than this table. */
    public static Optional<String> brand(int code) {
        return Optional.ofNullable(BRANDS.get(code));
    }

    /**
     * The code of an architecture name, ignoring case ({@code hopper} is 9; {@code Ada} is accepted for
     * {@code Ada Lovelace}); empty for a name not in the table.
     */
    public static OptionalInt architectureCode(String name) {
        return code(ARCHITECTURES, name);
    }

    /** The code of a brand name, ignoring case ({@code Nvidia} is 14); empty for a name not in the table. */
    public static OptionalInt brandCode(String name) {
        return code(BRANDS, name);
    }

    private static OptionalInt code(Map<Integer, String> table, String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip();
        return table.entrySet().stream()
                .filter(e -> e.getValue().equalsIgnoreCase(n) || e.getValue().split(" ")[0].equalsIgnoreCase(n))
                .mapToInt(Map.Entry::getKey).findFirst();
    }
}
