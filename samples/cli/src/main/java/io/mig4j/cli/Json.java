package io.mig4j.cli;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.Placement;
import io.mig4j.api.layout.LayoutViolation;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedGpuInstance;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's JSON documents. Field names are a public contract: add fields, never rename or remove them. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    static void print(PrintWriter out, Object document) {
        out.println(MAPPER.writeValueAsString(document));
    }

    static Map<String, Object> profile(GpuProduct product, GpuInstanceProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name().toString());
        m.put("index", p.index());
        m.put("id", p.id());
        m.put("slices", p.slices());
        m.put("memoryMiB", p.memoryMiB());
        m.put("multiprocessors", p.multiprocessors());
        m.put("copyEngines", p.copyEngines());
        m.put("decoders", p.decoders());
        m.put("encoders", p.encoders());
        m.put("jpegEngines", p.jpegEngines());
        m.put("ofaEngines", p.ofaEngines());
        m.put("maxInstances", p.maxInstances());
        m.put("placements", placements(p.placements()));
        m.put("verified", product.hardwareVerified() && p.fullyConfirmed());
        m.put("unconfirmed", new TreeSet<>(p.unconfirmed()));
        m.put("aliases", p.aliases().stream().map(Object::toString).toList());
        return m;
    }

    static Map<String, Object> computeProfile(GpuProduct product, GpuInstanceProfile gi, ComputeInstanceProfile c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpuInstanceProfile", gi.name().toString());
        m.put("name", c.name().toString());
        m.put("index", c.index());
        m.put("id", c.id());
        m.put("slices", c.slices());
        m.put("multiprocessors", c.multiprocessors());
        m.put("maxInstances", c.maxInstances());
        m.put("placements", placements(c.placements()));
        m.put("default", c.isDefault());
        m.put("verified", product.hardwareVerified() && c.unconfirmed().isEmpty());
        m.put("unconfirmed", new TreeSet<>(c.unconfirmed()));
        return m;
    }

    static List<Map<String, Object>> placements(List<Placement> placements) {
        return placements.stream().map(Json::placement).toList();
    }

    static Map<String, Object> placement(Placement p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", p.start());
        m.put("size", p.size());
        return m;
    }

    static Map<String, Object> product(GpuProduct p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", p.alias());
        m.put("architecture", p.architecture());
        m.put("computeCapability", p.computeCapability());
        m.put("memoryMiB", p.memoryMiB());
        m.put("minDriver", p.minDriver());
        m.put("verification", p.verification().label());
        m.put("source", p.source());
        m.put("variants", p.variants().stream().map(v -> {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("pciDeviceId", PciDeviceId.format(v.pciDeviceId()));
            vm.put("name", v.name());
            vm.put("formFactor", v.formFactor());
            return vm;
        }).toList());
        m.put("placementUnits", p.placementUnits());
        m.put("computeSlices", p.computeSlices());
        m.put("profiles", p.gpuInstanceProfiles().stream().map(g -> g.name().toString()).toList());
        m.put("unconfirmed", new TreeSet<>(p.unconfirmed()));
        return m;
    }

    static List<Map<String, Object>> layout(MigLayout layout) {
        return layout.gpuInstances().stream().map(Json::instance).toList();
    }

    static Map<String, Object> instance(PlacedGpuInstance g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", g.profile().name().toString());
        m.put("id", g.profile().id());
        m.put("start", g.placement().start());
        m.put("size", g.placement().size());
        return m;
    }

    static List<Map<String, Object>> violations(List<LayoutViolation> violations) {
        return violations.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", v.rule().name());
            m.put("instances", v.instances().stream().map(i -> i + 1).toList());
            m.put("message", v.message());
            return m;
        }).toList();
    }
}
