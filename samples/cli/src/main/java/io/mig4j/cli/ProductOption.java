package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;

/**
 * Resolves {@code --product} values: a catalog alias, an NVML product name or a PCI device id. The CLI's words:
 * {@code --product} names a catalog product (in catalog commands, DRA manifests and {@code serve}); {@code --gpu}
 * (or {@code -i}, as in nvidia-smi) selects GPUs of a node by NVML index or UUID. Where {@code --gpu} used to take
 * a product it stays accepted as another name of {@code --product}, so existing scripts keep working.
 */
final class ProductOption {
    static final String DESCRIPTION = "GPU product: catalog alias (H100-80GB), NVML name (\"NVIDIA H100 80GB HBM3\")"
            + " or PCI device id (0x2330); see 'mig4j products'. --gpu is its older name.";

    private ProductOption() {
    }

    static GpuProduct resolve(String value) {
        return ProductCatalog.builtIn().require(value);
    }
}
