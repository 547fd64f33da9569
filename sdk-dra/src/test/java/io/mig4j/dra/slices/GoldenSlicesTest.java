package io.mig4j.dra.slices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.dra.Manifests;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.KubernetesVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden ResourceSlices per product, static and dynamic MIG, compared byte for byte with
 * {@code src/test/resources/golden/slices/<product>-<mode>.yaml}, and checked field by field against the rules of
 * NVIDIA's driver. All line numbers are kubernetes-sigs/dra-driver-nvidia-gpu at main 95932046,
 * {@code cmd/gpu-kubelet-plugin/}:
 * <ul>
 *   <li>full GPU name {@code gpu-<minor>}: deviceinfo.go:124-126; MIG device name
 *       {@code gpu-<minor>-mig-<profile without dots, RFC 1123>-<GI profile ID>-<placement start>}: mig.go:111-114,
 *       249-262 ({@code toRFC1123Compliant}); the driver's own parser of that name: mig.go:239-240.</li>
 *   <li>full GPU attributes (type, uuid, productName, brand, architecture, cudaComputeCapability, driverVersion,
 *       cudaDriverVersion as semver, pciBusID, pcieRoot, numaNode, addressingMode): deviceinfo.go:170-220, 333-351;
 *       MIG attributes (no uuid before the device exists, parentUUID, profile): mig.go:139-185; static MIG adds uuid:
 *       deviceinfo.go:258-264.</li>
 *   <li>MIG capacities multiprocessors, copyEngines, decoders, encoders, jpegEngines, ofaEngines, memory
 *       (MemorySizeMB × 2^20 bytes), all {@code NewQuantity(n, BinarySI)}: mig.go:118-135, partitions.go:256-258;
 *       static {@code memorySlice<i>} = 1 per slot: deviceinfo.go:269-279; full GPU memory in static mode:
 *       partitions.go:34-43.</li>
 *   <li>dynamic MIG: every GI profile × placement with C == G: nvlib.go:1247-1310; the per-capacity maxima and the
 *       memory slice count: nvlib.go:1296-1320, 1413-1417; counter set {@code gpu-<minor>-counter-set} with counters
 *       named by {@code camelToDNSName} plus {@code memory-slice-<i>}: partitions.go:62-86, 179-185, 239-253,
 *       mig.go:264-275; consumption per device: partitions.go:209-215; the full GPU consumes everything:
 *       partitions.go:89-117; not published on Ampere with MIG on: nvlib.go:255-271, 1506-1551.</li>
 *   <li>slice layout: one devices slice per GPU after one slice with every counter set (Kubernetes 1.35+),
 *       GPUs in PCI bus ID order and devices sorted by name: driver.go:197-252; pool, generation and
 *       generateName of the slice controller: resourceslicecontroller.go:157-159, 760-810, 864-880 of
 *       kubernetes/dynamic-resource-allocation (3d03671).</li>
 * </ul>
 * Regenerate after a reviewed change with {@code -Dmig4j.updateGolden=true} (the files are then rewritten under
 * {@code src/test/resources}); review the diff against the lines above before committing it.
 */
class GoldenSlicesTest {
    private static final Pattern MIG_NAME = Pattern.compile("^gpu-(\\d+)-mig-(.+)-(\\d+)-(\\d+)$");
    private static final Set<String> MIG_ATTRIBUTES = Set.of("type", "parentUUID", "profile", "productName", "brand",
            "architecture", "cudaComputeCapability", "driverVersion", "cudaDriverVersion",
            "resource.kubernetes.io/pciBusID", "resource.kubernetes.io/numaNode");
    private static final Set<String> GPU_ATTRIBUTES = Set.of("type", "uuid", "productName", "brand", "architecture",
            "cudaComputeCapability", "driverVersion", "cudaDriverVersion", "resource.kubernetes.io/pciBusID",
            "resource.kubernetes.io/numaNode");
    private static final List<String> PROFILE_CAPACITIES = List.of("multiprocessors", "copyEngines", "decoders",
            "encoders", "jpegEngines", "ofaEngines", "memory");

    static Stream<Arguments> products() {
        return Stream.of(
                Arguments.of("A100-40GB", new String[] {"3g.20gb@4", "2g.10gb@0", "1g.5gb@2", "1g.5gb@3"}),
                Arguments.of("A100-80GB", new String[] {"3g.40gb@4", "2g.20gb@0", "1g.10gb@2", "1g.10gb@3"}),
                Arguments.of("H100-80GB", new String[] {"3g.40gb@4", "2g.20gb@0", "1g.10gb@2", "1g.10gb+me@3"}),
                Arguments.of("H200-141GB", new String[] {"4g.71gb@0", "1g.35gb@4", "1g.18gb@6"}),
                Arguments.of("B200", new String[] {"2g.45gb@0", "2g.45gb@2", "3g.90gb@4"}));
    }

    /** Static: GPU 0 partitioned as given, GPU 1 with MIG disabled, on node {@code gpu-node-1}. */
    @ParameterizedTest(name = "{0} static")
    @MethodSource("products")
    void staticSlicesMatchTheGoldenFileAndTheDriverRules(String alias, String[] layout) throws IOException {
        Inventory inventory = TestInventories.mixed(alias, layout);
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(inventory, SliceOptions.forNode("gpu-node-1"));
        compareWithGolden(alias + "-static.yaml", slices);

        assertThat(slices).hasSize(1);
        List<Device> devices = slices.get(0).getSpec().getDevices();
        assertThat(devices).extracting(Device::getName).isSorted();
        assertThat(devices).hasSize(layout.length + 1);
        GpuProduct product = TestInventories.product(alias);
        for (Device d : devices) {
            if (d.getName().equals("gpu-1")) {
                assertThat(d.getAttributes().keySet()).isEqualTo(GPU_ATTRIBUTES);
                assertThat(d.getAttributes().get("type").getString()).isEqualTo("gpu");
                assertThat(d.getCapacity().keySet()).containsExactly("memory");
                assertThat(Quantity.fromFabric8(d.getCapacity().get("memory").getValue()))
                        .isEqualTo(Quantity.ofMebibytes(product.memoryMiB()));
                continue;
            }
            Matcher m = MIG_NAME.matcher(d.getName());
            assertThat(m.matches()).as(d.getName()).isTrue();
            assertThat(d.getAttributes().keySet()).isEqualTo(union(MIG_ATTRIBUTES, "uuid"));
            GpuInstanceProfile profile = product.profileById(Integer.parseInt(m.group(3))).orElseThrow();
            assertThat(d.getAttributes().get("profile").getString()).isEqualTo(profile.name().toString());
            assertThat(m.group(2)).isEqualTo(profile.name().toString().replace(".", "").replace("+", "-"));
            int start = Integer.parseInt(m.group(4));
            Set<String> expected = new TreeSet<>(PROFILE_CAPACITIES);
            for (int i = start; i < start + profile.placementAt(start).orElseThrow().size(); i++) {
                expected.add("memorySlice" + i);
            }
            assertThat(d.getCapacity().keySet()).isEqualTo(expected);
            checkProfileCapacities(d, profile);
        }
        assertThat(DraValidator.defaults().validateAll(slices)).allSatisfy(r -> assertThat(r.clean()).isTrue());
    }

    /**
     * Dynamic MIG on Kubernetes 1.37: one GPU, MIG disabled on Hopper and Blackwell (the full GPU is published), MIG
     * enabled on A100 (dynamic MIG needs it there, and the full GPU is not published).
     */
    @ParameterizedTest(name = "{0} dynamic")
    @MethodSource("products")
    void dynamicSlicesMatchTheGoldenFileAndTheDriverRules(String alias, String[] ignored) throws IOException {
        GpuProduct product = TestInventories.product(alias);
        boolean ampere = product.architecture().equals("Ampere");
        Inventory inventory = TestInventories.gpus(alias, 1, ampere);
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(inventory,
                SliceOptions.forNode("gpu-node-1").withMode(SliceOptions.Mode.DYNAMIC_MIG));
        compareWithGolden(alias + "-dynamic.yaml", slices);

        assertThat(slices).hasSize(2);
        assertThat(slices.get(0).getSpec().getDevices()).isEmpty();
        var set = slices.get(0).getSpec().getSharedCounters().get(0);
        assertThat(set.getName()).isEqualTo("gpu-0-counter-set");
        List<Device> devices = slices.get(1).getSpec().getDevices();
        assertThat(devices).extracting(Device::getName).isSorted();
        int placements = product.gpuInstanceProfiles().stream().mapToInt(p -> p.placements().size()).sum();
        assertThat(devices).hasSize(placements + (ampere ? 0 : 1));
        assertThat(devices.stream().anyMatch(d -> d.getName().equals("gpu-0"))).isEqualTo(!ampere);
        int slots = product.placementUnits();
        for (int i = 0; i < slots; i++) {
            assertThat(set.getCounters()).containsKey("memory-slice-" + i);
        }
        for (String cap : PROFILE_CAPACITIES) {
            long max = product.gpuInstanceProfiles().stream().mapToLong(p -> value(p, cap)).max().orElseThrow();
            String counter = cap.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            assertThat(Quantity.fromFabric8(set.getCounters().get(counter).getValue()).value()).isEqualTo(max);
        }
        for (Device d : devices) {
            assertThat(d.getConsumesCounters()).singleElement()
                    .satisfies(c -> assertThat(c.getCounterSet()).isEqualTo("gpu-0-counter-set"));
            if (d.getName().equals("gpu-0")) {
                assertThat(d.getConsumesCounters().get(0).getCounters().keySet()).isEqualTo(set.getCounters().keySet());
                continue;
            }
            Matcher m = MIG_NAME.matcher(d.getName());
            assertThat(m.matches()).as(d.getName()).isTrue();
            assertThat(d.getAttributes().keySet()).isEqualTo(MIG_ATTRIBUTES);
            GpuInstanceProfile profile = product.profileById(Integer.parseInt(m.group(3))).orElseThrow();
            assertThat(d.getCapacity().keySet()).isEqualTo(new TreeSet<>(PROFILE_CAPACITIES));
            checkProfileCapacities(d, profile);
            int start = Integer.parseInt(m.group(4));
            Map<String, ?> counters = d.getConsumesCounters().get(0).getCounters();
            for (int i = 0; i < slots; i++) {
                boolean inside = i >= start && i < start + profile.placementAt(start).orElseThrow().size();
                assertThat(counters.containsKey("memory-slice-" + i)).as(d.getName() + " slice " + i)
                        .isEqualTo(inside);
            }
        }
        assertThat(DraValidator.defaults().validateAll(slices)).allSatisfy(r -> assertThat(r.clean()).isTrue());
        assertThat(DraValidator.builder().version(KubernetesVersion.V1_35).build().validateAll(slices))
                .allSatisfy(r -> assertThat(r.valid()).isTrue());
    }

    private static void checkProfileCapacities(Device d, GpuInstanceProfile profile) {
        for (String cap : PROFILE_CAPACITIES) {
            Quantity q = Quantity.fromFabric8(d.getCapacity().get(cap).getValue());
            long expected = cap.equals("memory") ? profile.memoryMiB() << 20 : value(profile, cap);
            assertThat(q.value()).as(d.getName() + " " + cap).isEqualTo(expected);
            // NewQuantity(n, BinarySI): below 1024 written in decimal form, memory as Mi/Gi
            if (cap.equals("memory")) {
                assertThat(q.format()).isEqualTo(Quantity.Format.BINARY_SI);
            } else {
                assertThat(d.getCapacity().get(cap).getValue().toString()).isEqualTo(Long.toString(expected));
            }
        }
    }

    private static long value(GpuInstanceProfile p, String cap) {
        return switch (cap) {
            case "multiprocessors" -> p.multiprocessors();
            case "copyEngines" -> p.copyEngines();
            case "decoders" -> p.decoders();
            case "encoders" -> p.encoders();
            case "jpegEngines" -> p.jpegEngines();
            case "ofaEngines" -> p.ofaEngines();
            default -> p.memoryMiB() << 20;
        };
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> s = new TreeSet<>(a);
        s.add(b);
        return s;
    }

    private static void compareWithGolden(String file, List<ResourceSlice> slices) throws IOException {
        String actual = Manifests.toYaml(slices);
        String resource = "/golden/slices/" + file;
        if (Boolean.getBoolean("mig4j.updateGolden")) {
            Path target = Path.of("src/test/resources" + resource);
            Files.createDirectories(target.getParent());
            Files.writeString(target, header() + actual, StandardCharsets.UTF_8);
            return;
        }
        String expected;
        try (InputStream in = GoldenSlicesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("golden file " + resource + " (create it with -Dmig4j.updateGolden=true)").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>(expected.lines().toList());
        lines.removeIf(l -> l.startsWith("#"));
        assertThat(actual).isEqualTo(String.join("\n", lines) + "\n");
    }

    private static String header() {
        return "# Generated by GoldenSlicesTest and reviewed against kubernetes-sigs/dra-driver-nvidia-gpu main 95932046\n"
                + "# (cmd/gpu-kubelet-plugin/deviceinfo.go, mig.go, partitions.go, nvlib.go, driver.go); see the test's javadoc.\n";
    }
}
