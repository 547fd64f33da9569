package io.mig4j.api.migparted;

import io.mig4j.api.InvalidProfileNameException;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.ProfileName;
import io.mig4j.api.internal.TreeNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns mig-parted YAML into {@link MigPartedConfig}: Jackson builds a tree, then each field is checked through
 * {@link TreeNode} so that errors carry their path. Anchors and aliases are resolved (mig-parted's YAML library
 * does too), duplicate keys are errors (YAML forbids them; Jackson would otherwise keep the last one silently).
 */
final class MigPartedReader {
    static final List<String> FILE_KEYS = List.of("version", "mig-configs");
    static final List<String> ENTRY_KEYS = List.of("device-filter", "devices", "mig-enabled", "mig-devices");

    private static final YAMLMapper MAPPER = YAMLMapper.builder(new YAMLAnchorReplayingFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern PCI_ID = Pattern.compile("0[xX][0-9A-Fa-f]{8}");
    private static final Pattern SHORT_PCI_ID = Pattern.compile("0[xX][0-9A-Fa-f]{1,4}");
    private static final Pattern SNAKEYAML_MARK = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    private final String source;

    MigPartedReader(String source) {
        this.source = source;
    }

    MigPartedConfig read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8));
    }

    MigPartedConfig read(InputStream in) throws IOException {
        return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    MigPartedConfig read(String yaml) {
        JsonNode tree = parseYaml(yaml);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw MigPartedFormatException.at(source, "", "the document is empty; a mig-parted config starts with"
                    + " 'version: v1' followed by 'mig-configs'");
        }
        TreeNode root = new TreeNode(tree, "", this::error);
        if (!tree.isObject()) {
            throw MigPartedFormatException.at(source, "", "the document must be a mapping with 'version' and"
                    + " 'mig-configs', got " + root.describe());
        }
        rejectUnknownKeys(root, FILE_KEYS, "in a mig-parted config file");
        TreeNode version = root.required("version");
        if (!version.isString() || !MigPartedConfig.VERSION.equals(version.text())) {
            throw version.fail("must be '" + MigPartedConfig.VERSION + "' (the only version of the mig-parted config"
                    + " format), got " + version.describe());
        }
        TreeNode configs = root.required("mig-configs");
        if (!configs.raw().isObject()) {
            throw configs.fail("must be a mapping of config name to a list of device entries, got "
                    + configs.describe());
        }
        if (configs.raw().isEmpty()) {
            throw configs.fail("must hold at least one config");
        }
        Map<String, List<MigPartedDeviceEntry>> out = new LinkedHashMap<>();
        for (String name : configs.fieldNames()) {
            out.put(name, config(name, child(configs, name, this::error)));
        }
        return MigPartedConfig.of(out);
    }

    private List<MigPartedDeviceEntry> config(String name, TreeNode node) {
        if (name.isBlank()) {
            throw node.fail("config names must not be empty");
        }
        if (!node.isArray()) {
            throw node.fail("must be a list of device entries (each with 'devices' and 'mig-enabled'), got "
                    + node.describe());
        }
        if (node.raw().isEmpty()) {
            throw node.fail("must list at least one device entry");
        }
        List<MigPartedDeviceEntry> entries = new ArrayList<>();
        for (int i = 0; i < node.raw().size(); i++) {
            int number = i + 1;
            BiFunction<String, String, RuntimeException> error =
                    (path, message) -> MigPartedFormatException.inEntry(source, path, message, name, number);
            entries.add(entry(new TreeNode(node.raw().get(i), node.path() + "[" + i + "]", error), error));
        }
        return entries;
    }

    private MigPartedDeviceEntry entry(TreeNode e, BiFunction<String, String, RuntimeException> error) {
        if (!e.raw().isObject()) {
            throw e.fail("a device entry must be a mapping with 'devices' and 'mig-enabled', got " + e.describe());
        }
        rejectUnknownKeys(e, ENTRY_KEYS, "in a device entry");
        MigPartedDevices devices = devices(e.required("devices"));
        boolean enabled = e.required("mig-enabled").bool();
        List<Integer> filter = e.optional("device-filter").map(MigPartedReader::deviceFilter).orElse(List.of());
        List<MigPartedProfileCount> migDevices = e.optional("mig-devices").map(n -> migDevices(n, error)).orElse(List.of());
        if (!enabled && !migDevices.isEmpty()) {
            throw e.required("mig-devices").fail("must be empty when mig-enabled is false (a GPU with MIG disabled"
                    + " has no MIG devices), got " + migDevices.size() + " profile(s)");
        }
        return new MigPartedDeviceEntry(filter, devices, enabled, migDevices);
    }

    private static MigPartedDevices devices(TreeNode n) {
        if (n.isString()) {
            if (!"all".equals(n.text())) {
                throw n.fail("must be 'all' or a list of GPU indexes such as [0, 1], got " + n.describe());
            }
            return MigPartedDevices.ALL;
        }
        if (!n.isArray()) {
            throw n.fail("must be 'all' or a list of GPU indexes such as [0, 1], got " + n.describe());
        }
        if (n.raw().isEmpty()) {
            throw n.fail("must list at least one GPU index, or be 'all'");
        }
        List<Integer> indexes = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (TreeNode i : n.elements()) {
            int index = nonNegative(i, "GPU index");
            if (!seen.add(index)) {
                throw i.fail("GPU index " + index + " is listed twice");
            }
            indexes.add(index);
        }
        return new MigPartedDevices(false, indexes);
    }

    private static List<Integer> deviceFilter(TreeNode n) {
        List<TreeNode> ids;
        if (n.isString()) {
            ids = List.of(n);
        } else if (n.isArray()) {
            ids = n.elements();
        } else {
            throw n.fail("must be a PCI device id such as \"0x233010DE\" or a list of them, got " + n.describe());
        }
        if (ids.isEmpty() || n.isString() && n.text().isBlank()) {
            throw n.fail("must name at least one PCI device id; leave device-filter out to match every GPU");
        }
        List<Integer> out = new ArrayList<>();
        for (TreeNode id : ids) {
            out.add(pciDeviceId(id));
        }
        return out;
    }

    private static int pciDeviceId(TreeNode n) {
        if (!n.isString()) {
            throw n.fail("must be a PCI device id written as a string such as \"0x233010DE\", got " + n.describe());
        }
        String text = n.text().strip();
        if (text.contains(":")) {
            throw n.fail("'" + text + "' has a subsystem id after ':'; mig4j does not support subsystem-qualified"
                    + " device filters yet, write only the device and vendor id such as \"0x233010DE\"");
        }
        if (SHORT_PCI_ID.matcher(text).matches()) {
            throw n.fail("'" + text + "' lacks the vendor id: mig-parted compares device and vendor id together,"
                    + " so write \"" + PciDeviceId.formatWithVendor(Integer.parseInt(text.substring(2), 16)) + "\"");
        }
        if (!PCI_ID.matcher(text).matches()) {
            throw n.fail("invalid PCI device id '" + text + "': expected 0x, the 4-digit device id and NVIDIA's"
                    + " vendor id 10DE, such as \"0x233010DE\"");
        }
        try {
            return PciDeviceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
    }

    private static List<MigPartedProfileCount> migDevices(TreeNode n,
                                                          BiFunction<String, String, RuntimeException> error) {
        if (!n.raw().isObject()) {
            throw n.fail("must be a mapping of MIG profile name to count, such as {\"1g.10gb\": 7}, got "
                    + n.describe());
        }
        List<MigPartedProfileCount> out = new ArrayList<>();
        Map<ProfileName, String> seen = new HashMap<>();
        for (String text : n.fieldNames()) {
            TreeNode count = child(n, text, error);
            ProfileName name;
            try {
                name = ProfileName.parse(text);
            } catch (InvalidProfileNameException e) {
                throw count.fail(e.getMessage());
            }
            String previous = seen.putIfAbsent(name, text);
            if (previous != null) {
                throw count.fail("'" + text + "' names the same profile as '" + previous + "'; list each profile once");
            }
            out.add(new MigPartedProfileCount(text, name, nonNegative(count, "count")));
        }
        return out;
    }

    private static int nonNegative(TreeNode n, String what) {
        JsonNode v = n.raw();
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw n.fail(what + " must be a non-negative integer, got " + n.describe());
        }
        return v.intValue();
    }

    private static void rejectUnknownKeys(TreeNode n, List<String> known, String where) {
        for (String key : n.fieldNames()) {
            if (!known.contains(key)) {
                throw n.fail("unknown key '" + key + "' " + where + suggestion(key, known) + " (known keys: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** "; did you mean 'mig-devices'?" for a near miss such as {@code mig-device} or {@code migdevices}. */
    private static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** Edit distance (insertions, deletions, substitutions). */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /** The child under a key that may hold dots, quoted as yq does: {@code mig-devices."1g.10gb"}. */
    private static TreeNode child(TreeNode parent, String key, BiFunction<String, String, RuntimeException> error) {
        return new TreeNode(parent.raw().get(key), parent.path() + "." + pathKey(key), error);
    }

    static String pathKey(String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return key;
        }
        return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private RuntimeException error(String path, String message) {
        return MigPartedFormatException.at(source, path, message);
    }

    private JsonNode parseYaml(String yaml) {
        try {
            return MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            throw syntaxError(e);
        }
    }

    /**
     * SnakeYAML's messages repeat the location with a source excerpt on several lines; keep the sentences and
     * take the most precise location (the last one SnakeYAML gives, else Jackson's).
     */
    private MigPartedFormatException syntaxError(JacksonException e) {
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int line = 0;
        int column = 0;
        Matcher mark = SNAKEYAML_MARK.matcher(original);
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
            column = Integer.parseInt(mark.group(2));
        }
        if (line == 0) {
            TokenStreamLocation location = e.getLocation();
            if (location != null && location.getLineNr() > 0) {
                line = location.getLineNr();
                column = Math.max(location.getColumnNr(), 1);
            }
        }
        List<String> sentences = new ArrayList<>();
        for (String l : original.split("\\R")) {
            String s = l.strip();
            int in = s.indexOf(" in reader, line ");
            if (in >= 0) {
                s = s.substring(0, in).strip();
            } else if (s.startsWith("in reader, line ") || l.startsWith("    ")) {
                continue;
            }
            if (!s.isEmpty() && !s.equals("^")) {
                sentences.add(s);
            }
        }
        String reason = String.join("; ", sentences);
        Matcher duplicate = DUPLICATE.matcher(reason);
        if (duplicate.find()) {
            reason = "duplicate key '" + duplicate.group(1) + "' (each key may appear once in a mapping)";
        } else if (reason.startsWith("Trailing token")) {
            reason = "a second YAML document starts here; a mig-parted config file holds one document";
        }
        return MigPartedFormatException.syntax(source, reason.isEmpty() ? "unreadable YAML" : reason, line, column);
    }
}
