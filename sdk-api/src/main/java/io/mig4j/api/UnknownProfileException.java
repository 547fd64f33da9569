package io.mig4j.api;

import java.util.stream.Collectors;

/** A profile name or ID that the product does not have. */
public final class UnknownProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownProfileException(GpuProduct product, String what) {
        this(product, what, "does not exist on " + product.alias());
    }

    UnknownProfileException(GpuProduct product, String what, String why) {
        super("profile '" + what + "' " + why + " (profiles of " + product.alias() + ": "
                + product.gpuInstanceProfiles().stream().map(p -> p.name() + "=" + p.id())
                        .collect(Collectors.joining(", ")) + ")");
    }
}
