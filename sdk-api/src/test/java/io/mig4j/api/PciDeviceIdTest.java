package io.mig4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PciDeviceIdTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 0xA, 0xBC, 0x20B2, 0x2330, 0xFFFF, 0x10000, 0x7FFFFFFF, -1})
    void formatsAsPercent04X(int id) {
        assertThat(PciDeviceId.format(id)).isEqualTo(String.format(Locale.ROOT, "0x%04X", id));
        assertThat(PciDeviceId.formatWithVendor(id)).isEqualTo(String.format(Locale.ROOT, "0x%04X%04X", id, 0x10DE));
    }
}
