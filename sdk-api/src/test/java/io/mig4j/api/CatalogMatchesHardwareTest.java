package io.mig4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The source of truth: real NVML answers ({@code nvmlDeviceGetGpuInstanceProfileInfoV} for every index and
 * {@code nvmlDeviceGetGpuInstancePossiblePlacements_v2}) dumped from an H100 80GB HBM3 and an H200 with driver
 * 580.159.04, in {@code src/test/resources/hardware}. rc 0 = NVML_SUCCESS, rc 3 = NVML_ERROR_NOT_SUPPORTED.
 * Every product the dumps cover must equal them field by field.
 */
class CatalogMatchesHardwareTest {

    private static final int NVML_SUCCESS = 0;
    private static final ProductCatalog CATALOG = ProductCatalog.builtIn();

    /** One GPU of one dump file. */
    record Gpu(String file, JsonNode json) {
        @Override
        public String toString() {
            return file + " " + json.get("name").stringValue();
        }

        int pciDeviceId() {
            return PciDeviceId.parse(json.get("pciDeviceId").stringValue());
        }

        GpuProduct product() {
            return CATALOG.findByPciDeviceId(pciDeviceId()).orElseThrow(
                    () -> new AssertionError("no catalog product for " + this + " PCI id "
                            + json.get("pciDeviceId").stringValue()));
        }

        List<JsonNode> profiles() {
            List<JsonNode> out = new ArrayList<>();
            json.get("gpuInstanceProfiles").forEach(out::add);
            return out;
        }
    }

    static List<Path> dumpFiles() {
        try {
            Path dir = Path.of(CatalogMatchesHardwareTest.class.getResource("/hardware").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Gpu> gpus() {
        List<Gpu> out = new ArrayList<>();
        for (Path f : dumpFiles()) {
            JsonNode root;
            try (InputStream in = Files.newInputStream(f)) {
                root = JsonMapper.shared().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            root.get("gpus").forEach(g -> out.add(new Gpu(f.getFileName().toString(), g)));
        }
        return out.stream();
    }

    @Test
    void bothHardwareDumpsArePresent() {
        assertThat(dumpFiles()).extracting(p -> p.getFileName().toString())
                .contains("nvml-h100-80gb-hbm3-580.159.04.json", "nvml-h200-580.159.04.json");
        assertThat(gpus().map(g -> g.product().alias())).contains("H100-80GB", "H200-141GB");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void productIsFoundByPciIdAndByNvmlName(Gpu gpu) {
        GpuProduct product = gpu.product();
        String nvmlName = gpu.json().get("name").stringValue();
        assertThat(CATALOG.find(nvmlName)).contains(product);
        assertThat(CATALOG.find(gpu.json().get("pciDeviceId").stringValue())).contains(product);
        assertThat(product.variants()).filteredOn(v -> v.pciDeviceId() == gpu.pciDeviceId())
                .extracting(GpuVariant::name).containsExactly(nvmlName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void productMemoryAndComputeCapabilityEqualTheGpus(Gpu gpu) {
        GpuProduct product = gpu.product();
        assertThat(product.memoryMiB()).isEqualTo(gpu.json().get("memoryMiB").longValue());
        assertThat(product.computeCapability()).isEqualTo(gpu.json().get("computeCapability").stringValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void productIsMarkedHardwareVerifiedWithNothingUnconfirmed(Gpu gpu) {
        GpuProduct product = gpu.product();
        assertThat(product.verification()).isEqualTo(Verification.HARDWARE_VERIFIED);
        assertThat(product.hardwareVerified()).isTrue();
        assertThat(product.unconfirmed()).isEmpty();
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            assertThat(p.unconfirmed()).as("%s unconfirmed GI fields", p).isEmpty();
            assertThat(p.fullyConfirmed()).as(p.toString()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void everySupportedIndexEqualsTheCatalogProfileFieldByField(Gpu gpu) {
        GpuProduct product = gpu.product();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode n : gpu.profiles()) {
            if (n.get("rc").intValue() != NVML_SUCCESS) {
                continue;
            }
            int index = n.get("index").intValue();
            var found = product.profileByIndex(index);
            soft.assertThat(found).as("catalog profile at index %s", index).isPresent();
            if (found.isEmpty()) {
                continue;
            }
            GpuInstanceProfile p = found.get();
            String nvmlName = n.get("name").stringValue();
            String at = gpu + " index " + index + " (" + nvmlName + ") ";
            soft.assertThat(nvmlName).as(at + "NVML name prefix").startsWith("MIG ");
            soft.assertThat(p.name().toString()).as(at + "name").isEqualTo(nvmlName.substring("MIG ".length()));
            soft.assertThat(p.name()).as(at + "parsed name").isEqualTo(ProfileName.parse(nvmlName));
            soft.assertThat(p.id()).as(at + "id").isEqualTo(n.get("id").intValue());
            soft.assertThat(p.slices()).as(at + "slices").isEqualTo(n.get("slices").intValue());
            soft.assertThat(p.memoryMiB()).as(at + "memoryMiB").isEqualTo(n.get("memoryMiB").longValue());
            soft.assertThat(p.multiprocessors()).as(at + "multiprocessors")
                    .isEqualTo(n.get("multiprocessors").intValue());
            soft.assertThat(p.copyEngines()).as(at + "copyEngines").isEqualTo(n.get("copyEngines").intValue());
            soft.assertThat(p.decoders()).as(at + "decoders").isEqualTo(n.get("decoders").intValue());
            soft.assertThat(p.encoders()).as(at + "encoders").isEqualTo(n.get("encoders").intValue());
            soft.assertThat(p.jpegEngines()).as(at + "jpegEngines").isEqualTo(n.get("jpegEngines").intValue());
            soft.assertThat(p.ofaEngines()).as(at + "ofaEngines").isEqualTo(n.get("ofaEngines").intValue());
            soft.assertThat(p.maxInstances()).as(at + "maxInstances").isEqualTo(n.get("maxInstances").intValue());
            soft.assertThat(n.get("placementsRc").intValue()).as(at + "placementsRc").isEqualTo(NVML_SUCCESS);
            List<Placement> placements = new ArrayList<>();
            n.get("placements").forEach(pl -> placements.add(
                    new Placement(pl.get("start").intValue(), pl.get("size").intValue())));
            soft.assertThat(p.placements()).as(at + "placements").isEqualTo(placements);
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void catalogHasNoProfileWhereTheGpuSaysNotSupported(Gpu gpu) {
        GpuProduct product = gpu.product();
        Set<Integer> supported = new TreeSet<>();
        Set<Integer> notSupported = new TreeSet<>();
        for (JsonNode n : gpu.profiles()) {
            (n.get("rc").intValue() == NVML_SUCCESS ? supported : notSupported).add(n.get("index").intValue());
        }
        assertThat(notSupported).as("the dump reports some NOT_SUPPORTED indexes").isNotEmpty();
        for (int index : notSupported) {
            assertThat(product.profileByIndex(index)).as("index %s is NOT_SUPPORTED on %s", index, gpu).isEmpty();
        }
        assertThat(product.gpuInstanceProfiles()).extracting(GpuInstanceProfile::index)
                .as("catalog indexes = indexes NVML answered with SUCCESS")
                .containsExactlyInAnyOrderElementsOf(supported);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpus")
    void remainingCapacityOfAnEmptyGpuIsMaxInstances(Gpu gpu) {
        // With no GI created, nvmlDeviceGetGpuInstanceRemainingCapacity equals instanceCount for every profile.
        GpuProduct product = gpu.product();
        for (JsonNode n : gpu.profiles()) {
            if (n.get("rc").intValue() != NVML_SUCCESS || !n.has("remainingCapacity")) {
                continue;
            }
            GpuInstanceProfile p = product.profileByIndex(n.get("index").intValue()).orElseThrow();
            assertThat(p.maxInstances()).as(p.toString()).isEqualTo(n.get("remainingCapacity").intValue());
        }
    }
}
