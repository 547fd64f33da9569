package io.mig4j.testkit.kube;

import java.util.Objects;

/**
 * A served resource with its behaviour: the discovery description, the kind's strategy, and the schema that decides
 * which fields are known (null: keep whatever arrives, as for CRDs without a schema).
 */
record ResourceDefinition(ResourceType type, KindStrategy strategy, Schema schema) {
    ResourceDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(strategy, "strategy");
    }
}
