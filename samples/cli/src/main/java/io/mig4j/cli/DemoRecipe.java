package io.mig4j.cli;

import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.KubernetesVersion;
import io.mig4j.dra.validation.ManifestConverter;
import io.mig4j.dra.validation.ManifestDocument;
import io.mig4j.dra.validation.ManifestReader;
import io.mig4j.dra.validation.ValidationReport;
import io.mig4j.dra.validation.ValidationWarning;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe "MIG GPU Partitioning with DRA" as it was published: its YAML files, verbatim, in the CLI's resources
 * ({@code io/mig4j/cli/recipe/}), and what sdk-dra's reader, validator and converter say about them. The demo prints
 * these findings; it never edits the files.
 */
final class DemoRecipe {
    /** The recipe's files, in the order its steps use them. */
    static final List<String> FILES = List.of("mig-dra-config.yaml", "mig-device-classes.yaml",
            "mig-claim-templates.yaml", "mig-inference-deployment.yaml", "mixed-mig-workloads.yaml",
            "mig-controller.yaml", "intelligent-mig-selection.yaml");

    private DemoRecipe() {
    }

    /** The text of one recipe file, exactly as published. */
    static String text(String file) {
        try (InputStream in = DemoRecipe.class.getResourceAsStream("recipe/" + file)) {
            if (in == null) {
                throw new IllegalStateException("recipe file " + file + " is missing from the CLI's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one recipe file. */
    static List<ManifestDocument> documents(String file) {
        return ManifestReader.forVersion(KubernetesVersion.DEFAULT).read(text(file), file);
    }

    /** The mig-parted file of the recipe's step 7: {@code data["mig-config.yaml"]} of ConfigMap mig-parted-config. */
    @SuppressWarnings("unchecked")
    static MigPartedConfig migPartedConfig() {
        for (ManifestDocument d : documents("mig-controller.yaml")) {
            if ("ConfigMap".equals(d.kind())) {
                Map<String, Object> data = (Map<String, Object>) d.raw().get("data");
                return MigPartedConfig.parse((String) data.get("mig-config.yaml"));
            }
        }
        throw new IllegalStateException("mig-controller.yaml has no ConfigMap");
    }

    /**
     * One thing wrong with the recipe, as sdk-dra reports it.
     *
     * @param file     the recipe file
     * @param objects  the objects it is found in ({@code DeviceClass nvidia.com/mig-1g.10gb}, ...)
     * @param severity {@code error} (the API server rejects it), {@code warning} (accepted, but cannot work) or
     *                 {@code conversion} (a change {@code mig4j dra convert --to v1} makes)
     * @param finding  the validator's or converter's text for the first object
     */
    record Finding(String file, List<String> objects, String severity, String finding) {
    }

    /**
     * Every finding of the validator (errors, warnings) and the converter (notes) on the recipe's DRA files; the same
     * finding on several objects of a file (one per MIG profile) is reported once, listing the objects.
     */
    static List<Finding> findings() {
        DraValidator validator = DraValidator.builder().version(KubernetesVersion.DEFAULT).build();
        Map<String, Finding> found = new LinkedHashMap<>();
        for (String file : List.of("mig-device-classes.yaml", "mig-claim-templates.yaml",
                "intelligent-mig-selection.yaml")) {
            List<ManifestDocument> docs = documents(file);
            List<ValidationReport> reports = validator.validateDocuments(docs);
            for (int i = 0; i < docs.size(); i++) {
                ManifestDocument d = docs.get(i);
                if (!d.isDra()) {
                    continue;
                }
                for (FieldError e : reports.get(i).errors()) {
                    add(found, file, d, "error", e.toString());
                }
                for (ValidationWarning w : reports.get(i).warnings()) {
                    add(found, file, d, "warning", w.toString());
                }
                for (ValidationWarning n : ManifestConverter.toV1(d).notes()) {
                    add(found, file, d, "conversion", n.toString());
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private static void add(Map<String, Finding> found, String file, ManifestDocument d, String severity,
                            String text) {
        String key = file + "|" + severity + "|" + generic(text, d.name());
        Finding f = found.get(key);
        List<String> objects = new ArrayList<>(f == null ? List.of() : f.objects());
        objects.add(d.describe());
        found.put(key, new Finding(file, objects, severity, f == null ? text : f.finding()));
    }

    /** The finding with the object's own names (profile, class) blanked, so the four profiles' findings group. */
    private static String generic(String text, String objectName) {
        String s = text.replaceAll("[0-9]+g\\.[0-9]+gb", "<profile>");
        return objectName == null ? s : s.replace(objectName, "<name>");
    }
}
