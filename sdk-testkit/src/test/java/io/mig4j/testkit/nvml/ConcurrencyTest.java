package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads on one fake: the rules hold and every call is journaled once. */
class ConcurrencyTest {

    @Test
    void concurrentCreatesAndDestroysNeverBreakTheRules() throws Exception {
        try (FakeNvml nvml = FakeNvml.builder().gpus("H100-80GB", 2).migEnabled(true).build()) {
            nvml.init();
            AtomicInteger calls = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Void>> workers = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    long seed = w;
                    workers.add(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        for (int i = 0; i < 300; i++) {
                            int index = random.nextInt(2);
                            DeviceHandle gpu = nvml.deviceGetHandleByIndex(index);
                            calls.incrementAndGet();
                            GpuProduct product = nvml.product(index);
                            GpuInstanceProfile p = product.gpuInstanceProfiles()
                                    .get(random.nextInt(product.gpuInstanceProfiles().size()));
                            try {
                                calls.incrementAndGet();
                                GpuInstanceHandle gi = nvml.deviceCreateGpuInstance(gpu, p.id());
                                if (random.nextBoolean()) {
                                    calls.incrementAndGet();
                                    nvml.gpuInstanceDestroy(gi);
                                }
                            } catch (NvmlException e) {
                                assertThat(e.result()).isIn(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES,
                                        NvmlReturn.ERROR_INVALID_ARGUMENT);
                            }
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(workers)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(nvml.layout(0).validate()).isEmpty();
            assertThat(nvml.layout(1).validate()).isEmpty();
            assertThat(nvml.calls()).hasSize(calls.get() + 1);
        }
    }
}
