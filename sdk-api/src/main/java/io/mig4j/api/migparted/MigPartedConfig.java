package io.mig4j.api.migparted;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration file of NVIDIA's MIG partition editor ({@code nvidia-mig-parted}, also used by the GPU operator's
 * MIG manager), {@code version: v1}: named configs, each a list of device entries. mig4j reads the files operators
 * already have, checks them against the product catalog before a GPU is touched ({@link MigPartedValidator}), and
 * writes them back in the same format so that generated configs can be handed to mig-parted.
 *
 * <p>Reading is strict where mig-parted would fail later on a node (unknown keys, a {@code device-filter} without the
 * vendor id, counts that are not integers), and every error names the field path and the device entry.
 *
 * @param version always {@value #VERSION}
 * @param configs config name to device entries, in file order; no config is empty
 */
public record MigPartedConfig(String version, Map<String, List<MigPartedDeviceEntry>> configs) {
    /** The only config file version mig-parted defines. */
    public static final String VERSION = "v1";

    public MigPartedConfig {
        if (!VERSION.equals(version)) {
            throw new IllegalArgumentException("version must be '" + VERSION + "', got '" + version + "'");
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("a mig-parted config file needs at least one config");
        }
        Map<String, List<MigPartedDeviceEntry>> copy = new LinkedHashMap<>();
        configs.forEach((name, entries) -> {
            Objects.requireNonNull(name, "config name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("config names must not be empty");
            }
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("config '" + name + "' needs at least one device entry");
            }
            copy.put(name, List.copyOf(entries));
        });
        configs = Collections.unmodifiableMap(copy);
    }

    /** A {@code version: v1} file with these configs, in the map's iteration order. */
    public static MigPartedConfig of(Map<String, List<MigPartedDeviceEntry>> configs) {
        return new MigPartedConfig(VERSION, configs);
    }

    /**
     * Reads YAML (or JSON, which is YAML) text.
     *
     * @throws MigPartedFormatException naming the field path, or the line and column of a syntax error
     */
    public static MigPartedConfig parse(String yaml) {
        return new MigPartedReader(null).read(yaml);
    }

    /**
     * Reads a UTF-8 stream; the stream is not closed.
     *
     * @throws MigPartedFormatException naming the field path, or the line and column of a syntax error
     */
    public static MigPartedConfig read(InputStream in) throws IOException {
        return new MigPartedReader(null).read(in);
    }

    /**
     * Reads a UTF-8 file; errors start with the file name.
     *
     * @throws MigPartedFormatException naming the file and the field path, or the line and column
     */
    public static MigPartedConfig read(Path file) throws IOException {
        return new MigPartedReader(file.toString()).read(file);
    }

    /** The config names, in file order. */
    public List<String> configNames() {
        return List.copyOf(configs.keySet());
    }

    /** The device entries of one config. */
    public Optional<List<MigPartedDeviceEntry>> entries(String configName) {
        return Optional.ofNullable(configs.get(configName));
    }

    /**
     * A file with only this config, as {@code nvidia-mig-parted apply -c NAME} would use it.
     *
     * @throws IllegalArgumentException naming the known configs when there is no such config
     */
    public MigPartedConfig select(String configName) {
        List<MigPartedDeviceEntry> entries = configs.get(configName);
        if (entries == null) {
            throw new IllegalArgumentException("no config named '" + configName + "' (configs: "
                    + String.join(", ", configs.keySet()) + ")");
        }
        return new MigPartedConfig(version, Map.of(configName, entries));
    }

    /** The file in mig-parted's own layout, so that {@code parse(toYaml())} equals this. */
    public String toYaml() {
        return MigPartedWriter.write(this);
    }
}
