package io.mig4j.benchmarks;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.cel.CelDevice;
import io.mig4j.dra.cel.CompilationResult;
import io.mig4j.dra.cel.CompiledSelector;
import io.mig4j.dra.cel.DeviceSelectorCompiler;
import io.mig4j.dra.cel.SelectorCache;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Device selector evaluation per device with compiled programs from the cache, in Kubernetes' CEL environment
 * ({@code k8s*}: the {@code device} object type, the Kubernetes libraries, cel-go's error wording), beside plain
 * cel-java evaluating the same expression over plain maps in its standard environment ({@code celJava*}: cel-java's
 * own cost, no Kubernetes layer). Also the one-time costs the allocator caches: converting a device to its CEL view
 * and compiling an expression.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DraCelBenchmark {
    static final String DRIVER = "test-driver.cdi.k8s.io";
    static final String DRIVER_EXPR = "device.driver == \"" + DRIVER + "\"";
    static final String PROFILE_EXPR = "device.attributes[\"gpu.nvidia.com\"].profile == \"1g.10gb\"";
    static final String PROFILE_AND_MEMORY_EXPR = PROFILE_EXPR
            + " && device.capacity[\"gpu.nvidia.com\"].memory.compareTo(quantity(\"9Gi\")) >= 0";
    static final String SEMVER_EXPR =
            "device.attributes[\"gpu.nvidia.com\"].driverVersion.isGreaterThan(semver(\"550.0.0\"))";

    private Device migDevice;
    private CelDevice perfDevice;
    private CelDevice mig;
    private CompiledSelector driver;
    private CompiledSelector profile;
    private CompiledSelector profileAndMemory;
    private CompiledSelector semver;
    private CelRuntime.Program rawDriver;
    private CelRuntime.Program rawProfile;
    private Map<String, Object> rawPerfActivation;
    private Map<String, Object> rawMigActivation;
    private DeviceSelectorCompiler compiler;

    @Setup
    public void setUp() throws Exception {
        ResourceSlice perfSlice = DraAllocationBenchmark.slice("node-0");
        perfDevice = CelDevice.of(DRIVER, perfSlice.getSpec().getDevices().get(0));
        List<ResourceSlice> slices = NvidiaResourceSlices.generate(DraMigAllocationBenchmark.inventory(0),
                SliceOptions.forNode("gpu-node-0").withMode(SliceOptions.Mode.DYNAMIC_MIG));
        migDevice = slices.stream().flatMap(s -> s.getSpec().getDevices().stream())
                .filter(d -> d.getName().equals("gpu-0-mig-1g10gb-19-0")).findFirst().orElseThrow();
        mig = CelDevice.of("gpu.nvidia.com", migDevice);

        SelectorCache cache = SelectorCache.forScheduler();
        compiler = cache.compiler();
        driver = selector(cache, DRIVER_EXPR);
        profile = selector(cache, PROFILE_EXPR);
        profileAndMemory = selector(cache, PROFILE_AND_MEMORY_EXPR);
        semver = selector(cache, SEMVER_EXPR);
        if (!driver.matches(perfDevice) || !profile.matches(mig) || !profileAndMemory.matches(mig)
                || !semver.matches(mig)) {
            throw new IllegalStateException("setup: selectors should match");
        }

        CelOptions options = CelOptions.current().enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true).enableHomogeneousLiterals(true).build();
        Cel cel = CelFactory.standardCelBuilder().setOptions(options)
                .addVar("device", MapType.create(SimpleType.STRING, SimpleType.DYN)).build();
        rawDriver = cel.createProgram(cel.compile(DRIVER_EXPR).getAst());
        rawProfile = cel.createProgram(cel.compile(PROFILE_EXPR).getAst());
        rawPerfActivation = Map.of("device", rawDevice(DRIVER, Map.of(DRIVER, Map.of("model", "A100", "family",
                "GPU", "driverVersion", "1.2.3")), Map.of()));
        Map<String, Object> attrs = new LinkedHashMap<>();
        migDevice.getAttributes().forEach((name, a) -> attrs.put(name,
                a.getString() != null ? a.getString() : a.getInt() != null ? (Object) a.getInt()
                        : a.getBool() != null ? (Object) a.getBool() : a.getVersion()));
        rawMigActivation = Map.of("device", rawDevice("gpu.nvidia.com", Map.of("gpu.nvidia.com", attrs), Map.of()));
        if (!(Boolean) rawDriver.eval(rawPerfActivation) || !(Boolean) rawProfile.eval(rawMigActivation)) {
            throw new IllegalStateException("setup: raw programs should match");
        }
    }

    private static CompiledSelector selector(SelectorCache cache, String expression) {
        CompilationResult r = cache.getOrCompile(expression);
        if (!r.isValid()) {
            throw new IllegalStateException(r.toString());
        }
        return r.selector();
    }

    private static Map<String, Object> rawDevice(String driver, Map<String, Object> attributes,
            Map<String, Object> capacity) {
        return Map.of("driver", driver, "attributes", attributes, "capacity", capacity,
                "allowMultipleAllocations", false);
    }

    @Benchmark
    public boolean k8sDriver() throws Exception {
        return driver.matches(perfDevice);
    }

    @Benchmark
    public Object celJavaDriver() throws Exception {
        return rawDriver.eval(rawPerfActivation);
    }

    @Benchmark
    public boolean k8sMigProfile() throws Exception {
        return profile.matches(mig);
    }

    @Benchmark
    public Object celJavaMigProfile() throws Exception {
        return rawProfile.eval(rawMigActivation);
    }

    @Benchmark
    public boolean k8sMigProfileAndMemoryQuantity() throws Exception {
        return profileAndMemory.matches(mig);
    }

    @Benchmark
    public boolean k8sSemverComparison() throws Exception {
        return semver.matches(mig);
    }

    /** Once per device and snapshot in the allocator: the device's CEL view (attributes, quantities, semvers). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public CelDevice celDeviceOfMigDevice() {
        return CelDevice.of("gpu.nvidia.com", migDevice);
    }

    /** Once per distinct expression (the cache's miss): parse, check, plan. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public CompilationResult compileProfileAndMemory() {
        return compiler.compile(PROFILE_AND_MEMORY_EXPR);
    }
}
