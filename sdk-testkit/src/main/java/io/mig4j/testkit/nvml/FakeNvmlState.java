package io.mig4j.testkit.nvml;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.MigModeState;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.MigModeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link FakeNvml} node written to JSON and rebuilt from it, so a fake node can outlive one process (the
 * {@code mig4j --fake-state} file): the GPUs (product, order, seed), their MIG mode and their GPU and compute
 * instances with profiles and placements. The GPUs come from {@code FakeNvml}'s builder, their MIG mode and GPU
 * instances from the NVML calls a program makes ({@code nvmlDeviceSetMigMode}, create with placement); compute
 * instances are created again under the same rules with the IDs and MIG device UUIDs the file holds.
 *
 * <p>What is preserved: GPU UUIDs and PCI bus ids (they follow from the seed), MIG modes, every instance's profile
 * and placement, compute instance IDs and MIG device UUIDs (set as the file has them, gaps left by a destroy
 * included). GPU instance IDs are preserved where the fake's ID rule gives the same ID for the same placement (it
 * does on every product whose placements form a tree of memory slices, as NVML numbers them);
 * {@link Restored#notPreserved()} lists any ID that came out different. Not preserved: pending MIG mode changes,
 * attached clients and processes, queued faults and the call journal.
 */
public final class FakeNvmlState {
    /** The format version written in the file. */
    public static final int FORMAT = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private FakeNvmlState() {
    }

    /**
     * The node as JSON.
     *
     * @param seed the seed the fake was built with (identities follow from it)
     */
    public static String write(FakeNvml nvml, long seed) {
        Objects.requireNonNull(nvml, "nvml");
        MigManager reader = MigManager.builder(nvml).build();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("seed", seed);
        List<Map<String, Object>> gpus = new ArrayList<>();
        for (int i = 0; i < nvml.gpuCount(); i++) {
            GpuInventory gpu = reader.gpu(i);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("product", nvml.product(i).alias());
            g.put("uuid", gpu.uuid());
            g.put("migEnabled", gpu.migMode().current() == MigModeState.ENABLED);
            List<Map<String, Object>> gis = new ArrayList<>();
            for (GpuInstanceInfo gi : gpu.gpuInstances()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", gi.id());
                m.put("profile", gi.profileName());
                m.put("profileId", gi.profileId());
                m.put("placement", placement(gi.placement()));
                List<Map<String, Object>> cis = new ArrayList<>();
                for (ComputeInstanceInfo ci : gi.computeInstances()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("id", ci.id());
                    c.put("profile", ci.profileName());
                    c.put("profileId", ci.profileId());
                    c.put("placement", placement(ci.placement()));
                    c.put("migDeviceUuid", ci.migDeviceUuid());
                    cis.add(c);
                }
                m.put("computeInstances", cis);
                gis.add(m);
            }
            g.put("gpuInstances", gis);
            gpus.add(g);
        }
        doc.put("gpus", gpus);
        return MAPPER.writeValueAsString(doc);
    }

    /**
     * A fake node rebuilt from {@link #write}'s JSON, initialized (the caller shuts it down).
     *
     * @param builder the builder to add the GPUs to (for settings the file does not hold, such as
     *                {@link FakeNvml.Builder#resetOnMigModeChange(boolean)}); it must have no GPUs yet
     * @throws IllegalArgumentException naming the field when the JSON is not such a document, or when an instance
     *                                  in it cannot be created again (the file was edited into an invalid state)
     */
    public static Restored read(String json, FakeNvml.Builder builder) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a fake node state (JSON expected): " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("not a fake node state: expected a JSON object with 'gpus'");
        }
        if (doc.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("fake node state: 'format' must be " + FORMAT + ", got "
                    + doc.path("format"));
        }
        JsonNode gpus = doc.path("gpus");
        if (!gpus.isArray() || gpus.isEmpty()) {
            throw new IllegalArgumentException("fake node state: 'gpus' must be a non-empty array");
        }
        builder.seed(doc.path("seed").asLong(FakeNvml.DEFAULT_SEED));
        for (int i = 0; i < gpus.size(); i++) {
            builder.gpu(product(gpus.get(i).path("product"), "gpus[" + i + "].product"));
        }
        FakeNvml nvml = builder.build();
        nvml.init();
        List<String> notPreserved = new ArrayList<>();
        for (int i = 0; i < gpus.size(); i++) {
            JsonNode g = gpus.get(i);
            DeviceHandle device = nvml.deviceGetHandleByIndex(i);
            if (g.path("migEnabled").asBoolean(false)) {
                nvml.deviceSetMigMode(device, MigModeInfo.ENABLE);
                if (nvml.deviceGetMigMode(device).current() != MigModeInfo.ENABLE) {
                    nvml.resetGpu(i); // a fake built without resetOnMigModeChange: the file records the mode as current
                }
            }
            List<JsonNode> gis = new ArrayList<>();
            g.path("gpuInstances").forEach(gis::add);
            gis.sort(Comparator.comparingInt(n -> n.path("id").asInt()));
            for (int k = 0; k < gis.size(); k++) {
                JsonNode gi = gis.get(k);
                String where = "gpus[" + i + "].gpuInstances (id " + gi.path("id").asInt() + ")";
                GpuInstanceHandle handle;
                try {
                    handle = nvml.deviceCreateGpuInstanceWithPlacement(device, gi.path("profileId").asInt(),
                            placement(gi.path("placement"), where));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("fake node state: " + where + " cannot be created again: "
                            + e.getMessage(), e);
                }
                int id = nvml.gpuInstanceGetInfo(handle).id();
                if (id != gi.path("id").asInt()) {
                    notPreserved.add("GPU " + i + ": GPU instance " + gi.path("id").asInt() + " is now " + id);
                }
                List<JsonNode> cis = new ArrayList<>();
                gi.path("computeInstances").forEach(cis::add);
                cis.sort(Comparator.comparingInt(n -> n.path("id").asInt()));
                for (JsonNode ci : cis) {
                    String ciWhere = where + ".computeInstances (id " + ci.path("id").asInt() + ")";
                    Placement at = placement(ci.path("placement"), ciWhere);
                    JsonNode uuid = ci.path("migDeviceUuid");
                    try {
                        // with its ID and MIG device UUID: NVML would close the gaps a destroy left in the IDs
                        nvml.gate.run(() -> nvml.gate.handles.gpuInstance(handle).restore(ci.path("id").asInt(),
                                ci.path("profileId").asInt(), at,
                                uuid.isString() && uuid.stringValue().startsWith("MIG-") ? uuid.stringValue() : null));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("fake node state: " + ciWhere + " cannot be created again: "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        nvml.clearCalls();
        return new Restored(nvml, notPreserved);
    }

    /**
     * A rebuilt node.
     *
     * @param nvml         the fake, initialized
     * @param notPreserved instance IDs that came out different from the file, one sentence each (usually empty)
     */
    public record Restored(FakeNvml nvml, List<String> notPreserved) {
        public Restored {
            Objects.requireNonNull(nvml, "nvml");
            notPreserved = List.copyOf(notPreserved);
        }
    }

    private static GpuProduct product(JsonNode n, String where) {
        if (!n.isString()) {
            throw new IllegalArgumentException("fake node state: " + where + " must be a product alias");
        }
        return ProductCatalog.builtIn().require(n.stringValue());
    }

    private static Map<String, Object> placement(Placement p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", p.start());
        m.put("size", p.size());
        return m;
    }

    private static Placement placement(JsonNode n, String where) {
        if (!n.path("start").isInt() || !n.path("size").isInt()) {
            throw new IllegalArgumentException("fake node state: " + where + ".placement needs integer start and size");
        }
        return new Placement(n.path("start").intValue(), n.path("size").intValue());
    }
}
