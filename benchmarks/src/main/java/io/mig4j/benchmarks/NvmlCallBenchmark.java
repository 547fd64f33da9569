package io.mig4j.benchmarks;

import io.mig4j.api.Placement;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceProfileInfo;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlLoader;
import io.mig4j.nvml.NvmlReturn;
import io.mig4j.nvml.ProfileDiscovery;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-call cost of cheap, read-only NVML calls through each binding, to set beside {@code nvml_bench.c}
 * (the same calls from C) run on the same GPU. Needs a GPU with the NVIDIA driver; makes no mutating call.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar NvmlCallBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NvmlCallBenchmark {

    @Param({"ffm", "jna"})
    public String backend;

    private Nvml nvml;
    private DeviceHandle device;
    private MigManager manager;
    private int placementProfileId;

    @Setup(Level.Trial)
    public void load() {
        nvml = NvmlLoader.load(NvmlLoader.Options.defaults().withBackend(NvmlLoader.Backend.valueOf(backend.toUpperCase())));
        nvml.init();
        device = nvml.deviceGetHandleByIndex(0);
        manager = MigManager.builder(nvml).build();
        placementProfileId = nvml.deviceGetGpuInstanceProfileInfoV(device, 0).id();
    }

    @TearDown(Level.Trial)
    public void unload() {
        nvml.shutdown();
    }

    @Benchmark
    public int deviceGetCount() {
        return nvml.deviceGetCount();
    }

    @Benchmark
    public long deviceGetGpuInstanceProfileInfoV() {
        return nvml.deviceGetGpuInstanceProfileInfoV(device, 0).memorySizeMB();
    }

    /**
     * One placement query (the profile at index 0, 1g on A100 to B200): one NVML call through either binding, with
     * a buffer large enough for any profile; compare with {@code nvml_bench}'s "placements (index 0), one call".
     */
    @Benchmark
    public List<Placement> deviceGetGpuInstancePossiblePlacements() {
        return nvml.deviceGetGpuInstancePossiblePlacements(device, placementProfileId);
    }

    /** The C loop's work exactly: every index until INVALID_ARGUMENT, placements, remaining capacity. */
    @Benchmark
    public void fullProfileDiscovery(Blackhole bh) {
        for (int index = 0; index < 64; index++) {
            GpuInstanceProfileInfo info;
            try {
                info = nvml.deviceGetGpuInstanceProfileInfoV(device, index);
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT) {
                    break;
                }
                continue;
            }
            List<Placement> placements = nvml.deviceGetGpuInstancePossiblePlacements(device, info.id());
            bh.consume(placements);
            bh.consume(nvml.deviceGetGpuInstanceRemainingCapacity(device, info.id()));
        }
    }

    /** What {@code mig4j profiles --nvml} does per GPU (adds name, PCI and memory queries to the loop above). */
    @Benchmark
    public ProfileDiscovery migManagerDiscoverProfiles() {
        return manager.discoverProfiles(0);
    }
}
