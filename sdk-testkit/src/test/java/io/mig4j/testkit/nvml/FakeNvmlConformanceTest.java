package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.ProductCatalog;
import io.mig4j.nvml.NvmlConformance;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The read-only NVML contract ({@code mig4j doctor}'s checks) holds for FakeNvml GPUs of every catalog product. */
class FakeNvmlConformanceTest {
    static Stream<String> products() {
        return ProductCatalog.builtIn().products().stream().map(p -> p.alias());
    }

    @ParameterizedTest
    @MethodSource("products")
    void fakeGpusMeetTheContractWithMigDisabledAndEnabled(String product) {
        for (boolean mig : List.of(false, true)) {
            try (FakeNvml fake = FakeNvml.builder().gpus(product, 2).migEnabled(mig).build()) {
                fake.init();
                List<NvmlConformance.Check> checks = NvmlConformance.run(fake);
                assertThat(checks).hasSizeGreaterThan(20);
                assertThat(checks).filteredOn(c -> !c.passed()).as("failed checks").isEmpty();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aBindingThatMixesUpAnswersFailsTheContract() {
        try (FakeNvml fake = FakeNvml.builder().gpu("H100-80GB").migEnabled(true).build()) {
            fake.init();
            io.mig4j.nvml.Nvml broken = new io.mig4j.nvml.ForwardingNvml(fake) {
                @Override
                public java.util.List<io.mig4j.api.Placement> deviceGetGpuInstancePossiblePlacements(
                        io.mig4j.nvml.DeviceHandle device, int profileId) {
                    return java.util.List.of(new io.mig4j.api.Placement(4, 4), new io.mig4j.api.Placement(0, 4));
                }

                @Override
                public String deviceGetUuid(io.mig4j.nvml.DeviceHandle device) {
                    return "GPU-wrong";
                }
            };
            List<NvmlConformance.Check> failed = NvmlConformance.run(broken).stream().filter(c -> !c.passed()).toList();
            assertThat(failed).extracting(NvmlConformance.Check::name)
                    .contains("UUID and PCI bus id lead back to the device", "placements are aligned, equal-sized and sorted");
        }
    }
}
