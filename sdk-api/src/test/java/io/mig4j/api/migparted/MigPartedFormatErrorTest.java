package io.mig4j.api.migparted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files mig-parted would reject (or misread): each error names the field path, the value and the rule, and the
 * config and device entry it is in, so the person who wrote the file can fix it without a stack trace.
 */
class MigPartedFormatErrorTest {

    /** One config {@code mixed-workload}: a valid first entry, then the entry under test. */
    static String secondEntry(String entry) {
        return """
                version: v1
                mig-configs:
                  mixed-workload:
                    - devices: [0, 1]
                      mig-enabled: true
                      mig-devices:
                        "3g.40gb": 1
                """ + entry.indent(4);
    }

    static MigPartedFormatException error(String yaml) {
        return catchThrowableOfType(MigPartedFormatException.class, () -> MigPartedConfig.parse(yaml));
    }

    @Test
    void nonIntegerCountNamesPathValueAndEntry() {
        MigPartedFormatException e = error(secondEntry("""
                - devices: [2, 3]
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": seven
                """));
        assertThat(e).hasMessage("mig-configs.mixed-workload[1].mig-devices.\"1g.10gb\": count must be a non-negative"
                + " integer, got 'seven' (config 'mixed-workload', device entry 2)");
        assertThat(e.path()).isEqualTo("mig-configs.mixed-workload[1].mig-devices.\"1g.10gb\"");
        assertThat(e.reason()).isEqualTo("count must be a non-negative integer, got 'seven'");
        assertThat(e.configName()).contains("mixed-workload");
        assertThat(e.entryNumber()).hasValue(2);
        assertThat(e.line()).isEmpty();
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> badCounts() {
        return Stream.of(
                arguments("-1", "-1"),
                arguments("2.5", "2.5"),
                arguments("\"3\"", "'3'"),
                arguments("99999999999", "99999999999"),
                arguments("[1]", "a list"));
    }

    @ParameterizedTest(name = "count {0}")
    @MethodSource("badCounts")
    void countMustBeANonNegativeInteger(String value, String shown) {
        MigPartedFormatException e = error(secondEntry("""
                - devices: all
                  mig-enabled: true
                  mig-devices: {"1g.10gb": %s}
                """.formatted(value)));
        assertThat(e).hasMessage("mig-configs.mixed-workload[1].mig-devices.\"1g.10gb\": count must be a"
                + " non-negative integer, got " + shown + " (config 'mixed-workload', device entry 2)");
    }

    @Test
    void wrongVersion() {
        MigPartedFormatException e = error("version: v2\nmig-configs: {a: [{devices: all, mig-enabled: false}]}\n");
        assertThat(e).hasMessage("version: must be 'v1' (the only version of the mig-parted config format), got 'v2'");
        assertThat(e.configName()).isEmpty();
        assertThat(e.entryNumber()).isEmpty();
        assertThat(error("version: 1\nmig-configs: {a: [{devices: all, mig-enabled: false}]}\n"))
                .hasMessage("version: must be 'v1' (the only version of the mig-parted config format), got 1");
        assertThat(error("mig-configs: {a: [{devices: all, mig-enabled: false}]}\n"))
                .hasMessage("version: is required");
    }

    @Test
    void migConfigsRequiredAndNotEmpty() {
        assertThat(error("version: v1\n")).hasMessage("mig-configs: is required");
        assertThat(error("version: v1\nmig-configs: {}\n")).hasMessage("mig-configs: must hold at least one config");
        assertThat(error("version: v1\nmig-configs: [a]\n"))
                .hasMessage("mig-configs: must be a mapping of config name to a list of device entries, got a list");
        assertThat(error("version: v1\nmig-configs:\n  all-1g.10gb: []\n"))
                .hasMessage("mig-configs.\"all-1g.10gb\": must list at least one device entry");
        assertThat(error("version: v1\nmig-configs:\n  a: {devices: all}\n")).hasMessage(
                "mig-configs.a: must be a list of device entries (each with 'devices' and 'mig-enabled'), got a mapping");
    }

    @Test
    void emptyOrNonMappingDocument() {
        assertThat(error("")).hasMessage("the document is empty; a mig-parted config starts with 'version: v1'"
                + " followed by 'mig-configs'");
        assertThat(error("# only a comment\n")).hasMessageStartingWith("the document is empty");
        assertThat(error("- version: v1\n"))
                .hasMessage("the document must be a mapping with 'version' and 'mig-configs', got a list");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(error("version: v1\nmig-config:\n  a: []\n")).hasMessage("unknown key 'mig-config' in a mig-parted"
                + " config file; did you mean 'mig-configs'? (known keys: version, mig-configs)");
    }

    @Test
    void missingMigEnabled() {
        MigPartedFormatException e = error(secondEntry("""
                - devices: all
                  mig-devices: {"1g.10gb": 1}
                """));
        assertThat(e).hasMessage("mig-configs.mixed-workload[1].mig-enabled: is required"
                + " (config 'mixed-workload', device entry 2)");
    }

    @Test
    void migEnabledMustBeABoolean() {
        assertThat(error(secondEntry("- devices: all\n  mig-enabled: yes\n"))).hasMessage("mig-configs.mixed-workload[1]"
                + ".mig-enabled: must be true or false, got 'yes' (config 'mixed-workload', device entry 2)");
    }

    @Test
    void missingDevices() {
        assertThat(error(secondEntry("- mig-enabled: false\n"))).hasMessage(
                "mig-configs.mixed-workload[1].devices: is required (config 'mixed-workload', device entry 2)");
    }

    @Test
    void invalidProfileName() {
        MigPartedFormatException e = error(secondEntry("""
                - devices: all
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb+xx": 1
                """));
        assertThat(e).hasMessage("mig-configs.mixed-workload[1].mig-devices.\"1g.10gb+xx\": invalid MIG profile name"
                + " '1g.10gb+xx': unknown attribute '+xx' (known after +: me, me.all, gfx)"
                + " (config 'mixed-workload', device entry 2)");
    }

    @Test
    void sameProfileTwice() {
        assertThat(error(secondEntry("""
                - devices: all
                  mig-enabled: true
                  mig-devices: {"1g.10gb": 1, "1G.10GB": 2}
                """))).hasMessage("mig-configs.mixed-workload[1].mig-devices.\"1G.10GB\": '1G.10GB' names the same"
                + " profile as '1g.10gb'; list each profile once (config 'mixed-workload', device entry 2)");
    }

    @Test
    void migDevicesMustBeAMapping() {
        assertThat(error(secondEntry("- devices: all\n  mig-enabled: true\n  mig-devices: [\"1g.10gb\"]\n")))
                .hasMessage("mig-configs.mixed-workload[1].mig-devices: must be a mapping of MIG profile name to"
                        + " count, such as {\"1g.10gb\": 7}, got a list (config 'mixed-workload', device entry 2)");
    }

    @Test
    void unknownKeyNamesTheKnownOnes() {
        MigPartedFormatException e = error(secondEntry("""
                - devices: all
                  mig-enabled: true
                  mig-device: {"1g.10gb": 1}
                """));
        assertThat(e).hasMessage("mig-configs.mixed-workload[1]: unknown key 'mig-device' in a device entry; did you"
                + " mean 'mig-devices'? (known keys: device-filter, devices, mig-enabled, mig-devices)"
                + " (config 'mixed-workload', device entry 2)");
        assertThat(error(secondEntry("- devices: all\n  mig-enabled: false\n  comment: x\n")))
                .hasMessage("mig-configs.mixed-workload[1]: unknown key 'comment' in a device entry (known keys:"
                        + " device-filter, devices, mig-enabled, mig-devices) (config 'mixed-workload', device entry 2)");
    }

    static Stream<Arguments> badDevices() {
        return Stream.of(
                arguments("some", "devices: must be 'all' or a list of GPU indexes such as [0, 1], got 'some'"),
                arguments("All", "devices: must be 'all' or a list of GPU indexes such as [0, 1], got 'All'"),
                arguments("3", "devices: must be 'all' or a list of GPU indexes such as [0, 1], got 3"),
                arguments("{x: 1}", "devices: must be 'all' or a list of GPU indexes such as [0, 1], got a mapping"),
                arguments("[]", "devices: must list at least one GPU index, or be 'all'"),
                arguments("[0, -1]", "devices[1]: GPU index must be a non-negative integer, got -1"),
                arguments("[0, '1']", "devices[1]: GPU index must be a non-negative integer, got '1'"),
                arguments("[2, 2]", "devices[1]: GPU index 2 is listed twice"));
    }

    @ParameterizedTest(name = "devices: {0}")
    @MethodSource("badDevices")
    void devicesMustBeAllOrAListOfIndexes(String value, String expected) {
        assertThat(error(secondEntry("- devices: " + value + "\n  mig-enabled: false\n")))
                .hasMessage("mig-configs.mixed-workload[1]." + expected + " (config 'mixed-workload', device entry 2)");
    }

    static Stream<Arguments> badDeviceFilters() {
        String expectedForm = "expected 0x, the 4-digit device id and NVIDIA's vendor id 10DE, such as \"0x233010DE\"";
        return Stream.of(
                arguments("\"0xZZ3010DE\"", "device-filter: invalid PCI device id '0xZZ3010DE': " + expectedForm),
                arguments("[\"0x233010DE\", \"233010DE\"]",
                        "device-filter[1]: invalid PCI device id '233010DE': " + expectedForm),
                arguments("[\"0x2330\"]", "device-filter[0]: '0x2330' lacks the vendor id: mig-parted compares"
                        + " device and vendor id together, so write \"0x233010DE\""),
                arguments("[\"0x23301002\"]", "device-filter[0]: invalid PCI device id '0x23301002': the low 16 bits"
                        + " must be NVIDIA's vendor id 10DE"),
                arguments("[\"0x233010DE:0x16C110DE\"]", "device-filter[0]: '0x233010DE:0x16C110DE' has a subsystem"
                        + " id after ':'; mig4j does not support subsystem-qualified device filters yet, write only"
                        + " the device and vendor id such as \"0x233010DE\""),
                arguments("[590352606]", "device-filter[0]: must be a PCI device id written as a string such as"
                        + " \"0x233010DE\", got 590352606"),
                arguments("[]", "device-filter: must name at least one PCI device id; leave device-filter out to"
                        + " match every GPU"),
                arguments("{a: 1}", "device-filter: must be a PCI device id such as \"0x233010DE\" or a list of"
                        + " them, got a mapping"));
    }

    @ParameterizedTest(name = "device-filter: {0}")
    @MethodSource("badDeviceFilters")
    void badPciIds(String value, String expected) {
        assertThat(error(secondEntry("- device-filter: " + value + "\n  devices: all\n  mig-enabled: false\n")))
                .hasMessage("mig-configs.mixed-workload[1]." + expected + " (config 'mixed-workload', device entry 2)");
    }

    @Test
    void migDevicesWithMigDisabled() {
        assertThat(error(secondEntry("- devices: all\n  mig-enabled: false\n  mig-devices: {\"1g.10gb\": 1}\n")))
                .hasMessage("mig-configs.mixed-workload[1].mig-devices: must be empty when mig-enabled is false"
                        + " (a GPU with MIG disabled has no MIG devices), got 1 profile(s)"
                        + " (config 'mixed-workload', device entry 2)");
        MigPartedConfig empty = MigPartedConfig.parse(secondEntry("- devices: all\n  mig-enabled: false\n"
                + "  mig-devices: {}\n"));
        assertThat(empty.entries("mixed-workload").orElseThrow().get(1).migDevices()).isEmpty();
    }

    @Test
    void entryMustBeAMapping() {
        assertThat(error(secondEntry("- all\n"))).hasMessage("mig-configs.mixed-workload[1]: a device entry must be"
                + " a mapping with 'devices' and 'mig-enabled', got 'all' (config 'mixed-workload', device entry 2)");
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumnAndNoStackTraceText() {
        MigPartedFormatException e = error("""
                version: v1
                mig-configs:
                  a:
                    - devices: all
                      mig-enabled: true
                      mig-devices: {"1g.10gb": 1
                """);
        assertThat(e.getMessage()).startsWith("YAML syntax error at line 7, column 1: ")
                .contains("expected ',' or '}'").doesNotContain("\n").doesNotContain("at tools.jackson")
                .doesNotContain("Exception");
        assertThat(e.line()).hasValue(7);
        assertThat(e.column()).hasValue(1);
        assertThat(e.path()).isEmpty();

        MigPartedFormatException tab = error("version: v1\nmig-configs:\n  a:\n    - devices: all\n\tmig-enabled: true\n");
        assertThat(tab.getMessage()).startsWith("YAML syntax error at line 5, column 1: ").contains("TAB");

        MigPartedFormatException colon = error("version: v1\nmig-configs:\n  a: b: c\n");
        assertThat(colon).hasMessage("YAML syntax error at line 3, column 7: mapping values are not allowed here");
    }

    @Test
    void duplicateKeysAreErrors() {
        MigPartedFormatException e = error("""
                version: v1
                mig-configs:
                  a:
                    - devices: all
                      mig-enabled: false
                  a:
                    - devices: all
                      mig-enabled: true
                """);
        assertThat(e.getMessage()).startsWith("YAML syntax error at line 6, ")
                .endsWith(": duplicate key 'a' (each key may appear once in a mapping)");
    }

    @Test
    void oneDocumentOnly() {
        MigPartedFormatException e = error("version: v1\nmig-configs:\n  a:\n    - devices: all\n      mig-enabled: false\n"
                + "---\nversion: v1\n");
        assertThat(e).hasMessage("YAML syntax error at line 7, column 1: a second YAML document starts here;"
                + " a mig-parted config file holds one document");
    }
}
