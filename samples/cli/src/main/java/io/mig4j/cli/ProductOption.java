package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;

/** Resolves {@code --gpu} values: a catalog alias, an NVML product name or a PCI device id. */
final class ProductOption {
    static final String DESCRIPTION = "GPU product: catalog alias (H100-80GB), NVML name (\"NVIDIA H100 80GB HBM3\")"
            + " or PCI device id (0x2330). See 'mig4j products'.";

    private ProductOption() {
    }

    static GpuProduct resolve(String value) {
        return ProductCatalog.builtIn().require(value);
    }
}
