package io.mig4j.api;

import java.util.stream.Collectors;

/** A profile name or ID that the product does not have. */
public final class UnknownProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownProfileException(GpuProduct product, String what) {
        super("profile '" + what + "' does not exist on " + product.alias() + " (profiles: "
                + product.gpuInstanceProfiles().stream().map(p -> p.name() + "=" + p.id())
                        .collect(Collectors.joining(", ")) + ")");
    }
}
