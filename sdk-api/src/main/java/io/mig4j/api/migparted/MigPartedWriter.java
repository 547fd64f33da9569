package io.mig4j.api.migparted;

import io.mig4j.api.PciDeviceId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes {@link MigPartedConfig} the way mig-parted's own files look (two-space indent, flow lists for
 * {@code device-filter} and {@code devices}, quoted profile names, a blank line between configs), so a generated
 * file reads like a hand-written one and diffs cleanly against NVIDIA's examples. Written by hand rather than
 * through Jackson's generator, whose YAML style cannot be steered to that layout.
 */
final class MigPartedWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    /** Words that YAML 1.1 readers (such as the Go library mig-parted uses) take for booleans or null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private MigPartedWriter() {
    }

    static String write(MigPartedConfig config) {
        StringBuilder sb = new StringBuilder();
        sb.append("version: ").append(config.version()).append('\n');
        sb.append("mig-configs:\n");
        boolean first = true;
        for (var e : config.configs().entrySet()) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append("  ").append(key(e.getKey())).append(":\n");
            for (MigPartedDeviceEntry entry : e.getValue()) {
                entry(sb, entry);
            }
        }
        return sb.toString();
    }

    private static void entry(StringBuilder sb, MigPartedDeviceEntry entry) {
        String lead = "    - ";
        if (entry.hasDeviceFilter()) {
            sb.append(lead).append("device-filter: ").append(entry.deviceFilter().stream()
                    .map(id -> quote(PciDeviceId.formatWithVendor(id))).collect(Collectors.joining(", ", "[", "]")))
                    .append('\n');
            lead = "      ";
        }
        sb.append(lead).append("devices: ").append(devices(entry.devices())).append('\n');
        sb.append("      mig-enabled: ").append(entry.migEnabled()).append('\n');
        if (!entry.migEnabled()) {
            return;
        }
        if (entry.migDevices().isEmpty()) {
            sb.append("      mig-devices: {}\n");
            return;
        }
        sb.append("      mig-devices:\n");
        for (MigPartedProfileCount c : entry.migDevices()) {
            sb.append("        ").append(quote(c.text())).append(": ").append(c.count()).append('\n');
        }
    }

    private static String devices(MigPartedDevices devices) {
        if (devices.all()) {
            return "all";
        }
        return devices.indexes().stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String key(String name) {
        return PLAIN.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT)) ? name : quote(name);
    }

    /** A YAML double-quoted scalar; escapes what YAML would otherwise read differently or not at all. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (cp < 0x20 || cp >= 0x7F && cp <= 0x9F || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
