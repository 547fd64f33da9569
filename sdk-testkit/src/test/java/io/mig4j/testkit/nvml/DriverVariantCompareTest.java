package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.ProfileDiscovery;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 §7: a GPU whose driver reports another known value for a field (A100-80GB {@code 1g.10gb}: 9728 or 9984
 * MiB in published transcripts) matches the catalog with a note; any other value is a difference.
 */
class DriverVariantCompareTest {

    /** The built-in catalog with A100-80GB's 1g.10gb changed, as the GPU (FakeNvml) would report it. */
    private static ProductCatalog gpuReporting(UnaryOperator<GpuInstanceProfile> change) {
        return ProductCatalog.of(ProductCatalog.builtIn().products().stream().map(p -> !p.alias().equals("A100-80GB") ? p
                : new GpuProduct(p.alias(), p.architecture(), p.brand(), p.computeCapability(), p.memoryMiB(),
                        p.minDriver(), p.verification(), p.source(), p.variants(), p.gpuInstanceProfiles().stream()
                        .map(g -> g.name().toString().equals("1g.10gb") ? change.apply(g) : g).toList(),
                        p.unconfirmed())).toList());
    }

    private static GpuInstanceProfile withMemory(GpuInstanceProfile g, long memoryMiB, int sms) {
        return new GpuInstanceProfile(g.name(), g.aliases(), g.index(), g.id(), g.slices(), memoryMiB, sms,
                g.copyEngines(), g.decoders(), g.encoders(), g.jpegEngines(), g.ofaEngines(), g.maxInstances(),
                g.placements(), g.computeInstanceProfiles(), g.unconfirmed());
    }

    private static ProfileDiscovery discover(ProductCatalog gpu) {
        try (FakeNvml fake = FakeNvml.builder().catalog(gpu).gpu("A100-80GB").build()) {
            fake.init();
            return MigManager.builder(fake).build().discoverProfiles(0); // judged against the built-in catalog
        }
    }

    @Test
    void theCatalogRecordsTheA100MemoryVariants() {
        GpuProduct a100 = ProductCatalog.builtIn().require("A100-80GB");
        assertThat(a100.driverVariants(a100.profile("1g.10gb"))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("memoryMiB");
            assertThat(v.values()).containsExactly(9728L, 9984L);
        });
        assertThat(a100.driverVariants(a100.profile("3g.40gb"))).isEmpty();
    }

    @Test
    void aKnownDriverVariantIsANoteNotADifference() {
        ProfileDiscovery d = discover(gpuReporting(g -> withMemory(g, 9728, g.multiprocessors())));
        assertThat(d.differences()).isEmpty();
        assertThat(d.notes()).containsExactly("1g.10gb (index 0) memoryMiB: catalog 9984, NVML 9728 (a known driver"
                + " variant: 9728, 9984)");
    }

    @Test
    void anUnknownValueIsStillADifference() {
        ProfileDiscovery d = discover(gpuReporting(g -> withMemory(g, 9000, 16)));
        assertThat(d.differences()).containsExactly("1g.10gb (index 0) memoryMiB: catalog 9984, NVML 9000",
                "1g.10gb (index 0) multiprocessors: catalog 14, NVML 16");
        assertThat(d.notes()).isEmpty();
        assertThat(List.copyOf(discover(ProductCatalog.builtIn()).differences())).isEmpty();
    }
}
