package io.mig4j.testkit.junit;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link FakeGpus}. */
public final class FakeGpusExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeGpusExtension.class);
    private static final List<Class<?>> TYPES = List.of(Nvml.class, FakeNvml.class, MigManager.class);

    /** Created by JUnit. */
    public FakeGpusExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<Field> statics = Injection.fields(context.getRequiredTestClass(), TYPES, true);
        if (!statics.isEmpty()) {
            Injection.inject(statics, null, values(gpus(context)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<Field> fields = Injection.fields(context.getRequiredTestClass(), TYPES, false);
        if (!fields.isEmpty()) {
            Injection.inject(fields, context.getRequiredTestInstance(), values(gpus(context)));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeNvml nvml = Injection.find(context, NS, FakeNvml.class);
        return values(nvml != null ? nvml : gpus(context)).get(parameter.getParameter().getType());
    }

    private static FakeNvml gpus(ExtensionContext context) {
        return Injection.getOrCreate(context, NS, FakeNvml.class, FakeGpusExtension::create);
    }

    private static Map<Class<?>, Object> values(FakeNvml nvml) {
        MigManager mig = MigManager.builder(nvml).allowMutations(true).build();
        return Map.of(Nvml.class, nvml, FakeNvml.class, nvml, MigManager.class, mig);
    }

    private static FakeNvml create(ExtensionContext context) {
        FakeGpus config = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, FakeGpus.class))
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), FakeGpus.class))
                .orElseThrow(() -> new ExtensionConfigurationException("FakeGpusExtension needs @FakeGpus on "
                        + context.getRequiredTestClass().getName()));
        String where = "@FakeGpus on " + context.getRequiredTestClass().getName();
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
