package io.mig4j.benchmarks;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.LayoutEnumerator;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of the sdk-api layout model: placing a layout and enumerating every layout of a product. No GPU needed. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayoutBenchmark {
    private final GpuProduct h100 = ProductCatalog.builtIn().require("H100-80GB");
    private final List<RequestedInstance> fragmenting = RequestedInstance.parseList(h100, "1g.10gb,1g.10gb,2g.20gb,3g.40gb");

    @Benchmark
    public PlacementResult solveFourInstances() {
        return LayoutSolver.solve(h100, fragmenting);
    }

    @Benchmark
    public long countMaximalLayouts() {
        return LayoutEnumerator.of(h100).count(true);
    }
}
