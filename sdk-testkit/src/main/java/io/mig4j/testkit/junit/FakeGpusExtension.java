package io.mig4j.testkit.junit;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link FakeGpus}: injects {@link Nvml}, {@link FakeNvml} and a {@link MigManager} (mutations
 * allowed); on a failing test, reports each GPU's MIG mode and layout.
 */
public final class FakeGpusExtension extends FixtureExtension<FakeNvml, FakeGpus> {

    /** Created by JUnit. */
    public FakeGpusExtension() {
        super(FakeGpus.class, List.of(Nvml.class, FakeNvml.class, MigManager.class), "mig4j.fakeGpus");
    }

    @Override
    Map<Class<?>, Object> values(FakeNvml nvml) {
        MigManager mig = MigManager.builder(nvml).allowMutations(true).build();
        return Map.of(Nvml.class, nvml, FakeNvml.class, nvml, MigManager.class, mig);
    }

    @Override
    FixtureLifecycle lifecycle(FakeGpus config) {
        return config.lifecycle();
    }

    @Override
    String describe(FakeNvml nvml) {
        StringBuilder b = new StringBuilder();
        for (int g = 0; g < nvml.gpuCount(); g++) {
            MigModeInfo mode = nvml.migMode(g);
            b.append("GPU ").append(g).append(' ').append(nvml.product(g).alias()).append(' ')
                    .append(nvml.gpuUuid(g)).append(": MIG ")
                    .append(mode.current() == MigModeInfo.ENABLE ? "enabled" : "disabled")
                    .append(mode.pending() != mode.current() ? " (change pending)" : "")
                    .append(", layout [").append(nvml.layout(g)).append("], MIG devices ")
                    .append(nvml.migDeviceUuids(g)).append('\n');
        }
        return b.toString();
    }

    @Override
    FakeNvml create(FakeGpus config, String where, ExtensionContext context) {
        if (config.count() < 1) {
            throw new ExtensionConfigurationException(where + ": count must be at least 1, got " + config.count());
        }
        if (config.migConfig().isEmpty() != config.config().isEmpty()) {
            throw new ExtensionConfigurationException(where + ": migConfig and config go together (a mig-parted file"
                    + " and the name of one of its configs)");
        }
        MigPartedConfig parted = null;
        String name = null;
        if (!config.migConfig().isEmpty()) {
            parted = read(context, config.migConfig(), where);
            name = config.config();
        } else if (config.migLayout().length > 0) {
            StringBuilder yaml = new StringBuilder("version: v1\nmig-configs:\n  custom:\n    - devices: all\n"
                    + "      mig-enabled: true\n      mig-devices:\n");
            for (String pc : config.migLayout()) {
                int eq = pc.indexOf('=');
                if (eq <= 0) {
                    throw new ExtensionConfigurationException(where + ": migLayout expects profile=count, got '"
                            + pc + "'");
                }
                yaml.append("        \"").append(pc.substring(0, eq).trim()).append("\": ")
                        .append(pc.substring(eq + 1).trim()).append('\n');
            }
            parted = MigPartedConfig.parse(yaml.toString());
            name = "custom";
        }
        FakeNvml nvml;
        try {
            nvml = FakeNvml.builder().gpus(config.product(), config.count()).seed(config.seed())
                    .migEnabled(config.migEnabled()).resetOnMigModeChange(true).build();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
        nvml.init();
        if (parted != null) {
            try {
                MigManager mig = MigManager.builder(nvml).allowMutations(true).build();
                mig.apply(mig.targets(parted, name, Set.of()), false);
            } catch (IllegalArgumentException e) {
                nvml.close();
                throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
            }
        }
        return nvml;
    }

    private static MigPartedConfig read(ExtensionContext context, String location, String where) {
        try (InputStream in = context.getRequiredTestClass().getClassLoader().getResourceAsStream(location)) {
            if (in != null) {
                return MigPartedConfig.read(in);
            }
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return MigPartedConfig.read(file);
            }
        } catch (IOException | RuntimeException e) {
            throw new ExtensionConfigurationException(where + ": cannot read migConfig '" + location + "': "
                    + e.getMessage(), e);
        }
        throw new ExtensionConfigurationException(where + ": migConfig '" + location
                + "' is neither on the class path nor a file");
    }
}
