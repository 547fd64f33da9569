package io.mig4j.api;

import java.util.Locale;

/**
 * PCI device ids of NVIDIA GPUs. NVML's {@code pciDeviceId} and mig-parted's {@code device-filter} write the
 * device id and the vendor id (0x10DE) in one 32-bit number, {@code 0x233010DE}; the catalog keeps the 16-bit
 * device id, {@code 0x2330}.
 */
public final class PciDeviceId {
    /** NVIDIA's PCI vendor id. */
    public static final int NVIDIA_VENDOR_ID = 0x10DE;

    private PciDeviceId() {
    }

    /**
     * Parses {@code 0x2330}, {@code 2330} or the combined {@code 0x233010DE} into the 16-bit device id.
     *
     * @throws IllegalArgumentException naming the value and the expected forms
     */
    public static int parse(String text) {
        String s = text.strip();
        String hex = s.regionMatches(true, 0, "0x", 0, 2) ? s.substring(2) : s;
        if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("invalid PCI device id '" + text
                    + "': expected hexadecimal 0x2330 or 0x233010DE (device id followed by vendor id 10DE)");
        }
        long v = Long.parseLong(hex, 16);
        if (hex.length() > 4) {
            if ((v & 0xFFFF) != NVIDIA_VENDOR_ID) {
                throw new IllegalArgumentException("invalid PCI device id '" + text
                        + "': the low 16 bits must be NVIDIA's vendor id 10DE");
            }
            return (int) (v >>> 16);
        }
        return (int) v;
    }

    /** Whether the text looks like a PCI id (starts with 0x), so lookups can tell it from a product name. */
    static boolean looksLikePciId(String text) {
        return text.strip().regionMatches(true, 0, "0x", 0, 2);
    }

    /** {@code 0x2330}. */
    public static String format(int deviceId) {
        return "0x" + hex4(deviceId); // not String.format: the catalog formats every board's id while it loads
    }

    /** {@code 0x233010DE}, as mig-parted's device filters write it. */
    public static String formatWithVendor(int deviceId) {
        return "0x" + hex4(deviceId) + hex4(NVIDIA_VENDOR_ID);
    }

    /** Upper-case hex of at least 4 digits, as {@code %04X} writes it. */
    private static String hex4(int value) {
        String hex = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return hex.length() >= 4 ? hex : "0000".substring(hex.length()) + hex;
    }
}
