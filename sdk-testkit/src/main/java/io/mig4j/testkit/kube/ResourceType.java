package io.mig4j.testkit.kube;

import java.util.List;
import java.util.Objects;

/**
 * One resource the API server serves: where it lives in the API ({@code group}, {@code version}, {@code plural})
 * and how discovery describes it.
 *
 * @param group        the API group, {@code ""} for the core group
 * @param version      e.g. {@code v1}
 * @param kind         e.g. {@code DeviceClass}
 * @param plural       the resource name in URLs, e.g. {@code deviceclasses}
 * @param singular     e.g. {@code deviceclass}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   kubectl's short names, e.g. {@code po}
 * @param categories   e.g. {@code all}
 * @param subresources the served subresources, e.g. {@code status}, {@code binding}
 * @implSpec Immutable and thread-safe.
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           List<String> subresources) {

    /** Copies the lists. */
    public ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(singular, "singular");
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** {@code v1} for the core group, {@code resource.k8s.io/v1} otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code pods} or {@code deviceclasses.resource.k8s.io}: how error messages name the resource. */
    public String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code Pod} or {@code DeviceClass.resource.k8s.io}: how "is invalid" messages name the kind. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    /** Whether {@code name} is one of the served subresources. */
    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /** The URL prefix of this resource's group version: {@code /api/v1} or {@code /apis/<group>/<version>}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** A key unique per resource: {@code resource.k8s.io/v1/deviceclasses}. */
    String key() {
        return apiVersion() + "/" + plural;
    }
}
