package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
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
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The recipe "MIG GPU Partitioning with DRA" as it was published: its YAML files, verbatim, in the CLI's resources
 * ({@code io/mig4j/cli/recipe/}), and what sdk-dra's reader, validator and converter say about them. The demo prints
 * these findings; it never edits the files.
 */
final class DemoRecipe {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

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
     * @param fix      what to do instead, where the finding knows it ({@code null}: the demo derives it)
     */
    record Finding(String file, List<String> objects, String severity, String finding, String fix) {
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
        List<Finding> all = new ArrayList<>(driverConfigFindings());
        all.addAll(found.values());
        return all;
    }

    /**
     * What the recipe's step 2 ConfigMap would do: nothing. NVIDIA's DRA driver takes no MIG settings from a
     * ConfigMap: without its {@code DynamicMIG} feature gate it publishes the MIG devices that exist on each GPU
     * (mig-manager's layout), with it every profile at every placement (kubernetes-sigs/dra-driver-nvidia-gpu,
     * {@code cmd/gpu-kubelet-plugin}; its feature gates in {@code pkg/featuregates}); sharing is configured per claim
     * with opaque {@code resource.nvidia.com/v1beta1} parameters. The per-model profile lists are still checked
     * against the catalog, as a user who moves them into mig-parted configs would need.
     */
    @SuppressWarnings("unchecked")
    static List<Finding> driverConfigFindings() {
        String file = "mig-dra-config.yaml";
        List<Finding> out = new ArrayList<>();
        for (ManifestDocument d : documents(file)) {
            Object data = d.raw().get("data");
            if (!"ConfigMap".equals(d.kind()) || !(data instanceof Map)) {
                continue;
            }
            for (Map.Entry<String, Object> e : ((Map<String, Object>) data).entrySet()) {
                String path = "data[\"" + e.getKey() + "\"]";
                Map<String, Object> config;
                try {
                    config = YAML.readValue(String.valueOf(e.getValue()), Map.class);
                } catch (JacksonException ex) {
                    out.add(new Finding(file, List.of(d.describe()), "error", path + ": not YAML: "
                            + Main.oneLine(ex.getOriginalMessage()), "write the file as YAML"));
                    continue;
                }
                out.add(new Finding(file, List.of(d.describe()), "warning", path + ": NVIDIA's DRA driver"
                        + " (gpu.nvidia.com) reads no ConfigMap: without its DynamicMIG feature gate it publishes the"
                        + " MIG devices that exist on each GPU, with it every profile at every placement; migStrategy,"
                        + " mig.strategy and the per-model profile lists change nothing, and restarting its"
                        + " DaemonSet publishes the same devices again",
                        "choose the layout with mig-manager: label each node nvidia.com/mig.config=<config of the"
                        + " mig-parted file> (the recipe's step 7; step 2 here), or install NVIDIA's driver with"
                        + " the DynamicMIG feature gate to create MIG devices per claim (mig4j demo --dynamic)"));
                Object sharing = config == null ? null : config.get("sharing");
                if (sharing instanceof Map && ((Map<String, Object>) sharing).containsKey("mig")) {
                    out.add(new Finding(file, List.of(d.describe()), "warning", path + ".sharing.mig: NVIDIA's DRA"
                            + " driver has no driver-wide sharing settings; devices are named"
                            + " gpu-<minor>-mig-<profile>-<profile ID>-<placement> whatever is set here",
                            "sharing (time-slicing, MPS) is set per claim: spec.devices.config[].opaque with driver"
                            + " gpu.nvidia.com and a MigDeviceConfig of resource.nvidia.com/v1beta1"
                            + " (io.mig4j.dra.NvidiaConfig)"));
                }
                out.addAll(modelFindings(file, d.describe(), path, config));
            }
        }
        return out;
    }

    /** The recipe's {@code mig.devices[].model} and {@code profiles} checked against the catalog. */
    @SuppressWarnings("unchecked")
    static List<Finding> modelFindings(String file, String object, String path, Map<String, Object> config) {
        List<Finding> out = new ArrayList<>();
        Object mig = config == null ? null : config.get("mig");
        Object devices = mig instanceof Map ? ((Map<String, Object>) mig).get("devices") : null;
        if (!(devices instanceof List)) {
            return out;
        }
        List<Object> list = (List<Object>) devices;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                continue;
            }
            Map<String, Object> device = (Map<String, Object>) list.get(i);
            String at = path + ".mig.devices[" + i + "]";
            String model = String.valueOf(device.get("model"));
            Optional<GpuProduct> product = ProductCatalog.builtIn().find(model);
            if (product.isEmpty()) {
                out.add(new Finding(file, List.of(object), "warning", at + ".model: \"" + model + "\" is no GPU"
                        + " the catalog knows by its NVML name", "use the name nvidia-smi -L prints (mig4j products)"));
                continue;
            }
            Object profiles = device.get("profiles");
            List<Object> names = profiles instanceof List ? (List<Object>) profiles : List.of();
            for (int j = 0; j < names.size(); j++) {
                try {
                    product.get().profile(String.valueOf(names.get(j)));
                } catch (IllegalArgumentException ex) {
                    out.add(new Finding(file, List.of(object), "error", at + ".profiles[" + j + "]: "
                            + Main.oneLine(ex.getMessage()), "one of " + product.get().alias() + "'s profiles"
                            + " (mig4j profiles --product " + product.get().alias() + ")"));
                }
            }
        }
        return out;
    }

    private static void add(Map<String, Finding> found, String file, ManifestDocument d, String severity,
                            String text) {
        String key = file + "|" + severity + "|" + generic(text, d.name());
        Finding f = found.get(key);
        List<String> objects = new ArrayList<>(f == null ? List.of() : f.objects());
        objects.add(d.describe());
        found.put(key, new Finding(file, objects, severity, f == null ? text : f.finding(), null));
    }

    /** The finding with the object's own names (profile, class) blanked, so the four profiles' findings group. */
    private static String generic(String text, String objectName) {
        String s = text.replaceAll("[0-9]+g\\.[0-9]+gb", "<profile>");
        return objectName == null ? s : s.replace(objectName, "<name>");
    }
}
