package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** How Kubernetes names objects in messages ({@code klog.KObj}): {@code namespace/name}, or {@code name}. */
final class Names {
    private Names() {
    }

    static String claim(HasMetadata object) {
        if (object == null || object.getMetadata() == null) {
            return "";
        }
        String ns = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
        return ns == null || ns.isEmpty() ? name : ns + "/" + name;
    }

    static String name(HasMetadata object) {
        return object == null || object.getMetadata() == null || object.getMetadata().getName() == null ? ""
                : object.getMetadata().getName();
    }
}
