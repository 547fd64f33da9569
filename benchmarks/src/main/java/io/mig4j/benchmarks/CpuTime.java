package io.mig4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The DRA benchmarks measured in thread CPU time instead of wall time, for shared machines where other processes
 * make JMH's wall-clock numbers swing: each benchmark method runs for 3 warm-up and 5 measured rounds of one CPU
 * second; the best round counts. Not a replacement for JMH (no forking, no dead-code protection beyond returning
 * results into a sink), a cross-check.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.mig4j.benchmarks.CpuTime [name-filter]}</pre>
 */
public final class CpuTime {
    private static volatile Object sink;

    private CpuTime() {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Class<?> type : List.of(DraAllocationBenchmark.class, DraMigAllocationBenchmark.class,
                DraCelBenchmark.class)) {
            List<Method> methods = new ArrayList<>();
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class) && (type.getSimpleName() + "." + m.getName())
                        .contains(filter)) {
                    methods.add(m);
                }
            }
            if (methods.isEmpty()) {
                continue;
            }
            methods.sort(Comparator.comparing(Method::getName));
            Object state = type.getConstructor().newInstance();
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Setup.class)) {
                    m.invoke(state);
                }
            }
            for (Method m : methods) {
                OperationsPerInvocation ops = m.getAnnotation(OperationsPerInvocation.class);
                int perCall = ops == null ? 1 : ops.value();
                double[] rounds = new double[8];
                for (int r = 0; r < rounds.length; r++) {
                    long start = threads.getCurrentThreadCpuTime();
                    long end;
                    long calls = 0;
                    do {
                        sink = m.invoke(state);
                        calls++;
                        end = threads.getCurrentThreadCpuTime();
                    } while (end - start < 1_000_000_000L);
                    rounds[r] = (end - start) / (double) calls / perCall;
                }
                double best = Arrays.stream(rounds, 3, rounds.length).min().orElseThrow();
                System.out.printf("%-55s %12.1f ns CPU per op %12.0f ops per CPU second%n",
                        type.getSimpleName() + "." + m.getName(), best, 1e9 / best);
            }
        }
    }
}
