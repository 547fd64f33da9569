package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * NVML's architecture and brand codes get the names NVIDIA's DRA driver publishes (go-nvlib's
 * {@code GetArchitectureAsString} and {@code GetBrandAsString}). An H100 80GB HBM3 and an H200 on driver 580.159.04
 * answer {@code nvmlDeviceGetBrand} 14 and {@code nvmlDeviceGetArchitecture} 9 ({@code nvidia-smi -q}: Product Brand
 * NVIDIA, Product Architecture Hopper), so both are {@code Nvidia} / {@code Hopper}.
 */
class NvmlNamesTest {

    @Test
    void architecturesAreNamedAsNvidiasDraDriverNamesThem() {
        assertThat(NvmlNames.architecture(7)).contains("Ampere");
        assertThat(NvmlNames.architecture(8)).contains("Ada Lovelace");
        assertThat(NvmlNames.architecture(9)).contains("Hopper");
        assertThat(NvmlNames.architecture(10)).contains("Blackwell");
        assertThat(NvmlNames.architecture(2)).contains("Kepler");
        assertThat(NvmlNames.architecture(NvmlNames.ARCHITECTURE_UNKNOWN)).contains("Unknown");
        assertThat(NvmlNames.architecture(12)).as("not in NVIDIA's header").isEmpty();
        assertThat(NvmlNames.architecture(0)).isEqualTo(Optional.empty());
    }

    @Test
    void brandsAreNamedAsNvidiasDraDriverNamesThem() {
        assertThat(NvmlNames.brand(NvmlNames.BRAND_NVIDIA)).contains("Nvidia");
        assertThat(NvmlNames.brand(2)).contains("Tesla");
        assertThat(NvmlNames.brand(13)).contains("NvidiaRTX");
        assertThat(NvmlNames.brand(11)).contains("NvidiaCloudGaming");
        assertThat(NvmlNames.brand(0)).contains("Unknown");
        assertThat(NvmlNames.brand(17)).isEmpty();
    }

    @Test
    void namesLeadBackToTheirCodes() {
        for (int code = 0; code < 20; code++) {
            int c = code;
            NvmlNames.architecture(c).ifPresent(n -> assertThat(NvmlNames.architectureCode(n)).hasValue(c));
            NvmlNames.brand(c).ifPresent(n -> assertThat(NvmlNames.brandCode(n)).hasValue(c));
        }
        assertThat(NvmlNames.architectureCode(" hopper ")).hasValue(9);
        assertThat(NvmlNames.architectureCode("Ada")).as("the catalog's short name").hasValue(8);
        assertThat(NvmlNames.brandCode("NVIDIA")).hasValue(14);
        assertThat(NvmlNames.brandCode("Acme")).isEqualTo(OptionalInt.empty());
    }
}
