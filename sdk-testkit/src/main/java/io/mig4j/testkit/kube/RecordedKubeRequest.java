package io.mig4j.testkit.kube;

import java.util.Map;
import java.util.Objects;

/**
 * One request {@link MockKubeApiServer} answered, for verification ({@code server.takeRequest()}), e.g. that a
 * controller listed ResourceSlices with a field selector:
 * {@code verb = "list"}, {@code resource = "resourceslices.resource.k8s.io"},
 * {@code queryParameter("fieldSelector") = "spec.nodeName=node-1"}.
 *
 * @param method      the HTTP method
 * @param path        the URL path, e.g. {@code /apis/resource.k8s.io/v1/resourceslices}
 * @param query       the raw query string, {@code ""} when none
 * @param verb        the Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection
 *                    ({@code ""} for requests that are not about a resource, such as discovery's own verb-less
 *                    documents, which are recorded as {@code get})
 * @param resource    the resource as error messages name it ({@code pods}, {@code deviceclasses.resource.k8s.io}),
 *                    {@code ""} for non-resource paths
 * @param namespace   {@code ""} when none
 * @param name        {@code ""} when none
 * @param subresource e.g. {@code status}, {@code ""} when none
 * @param status      the HTTP status code sent
 * @param userAgent   the client's User-Agent, {@code ""} when none
 * @param queryParameters the decoded query parameters
 * @implSpec Immutable and thread-safe.
 */
public record RecordedKubeRequest(String method, String path, String query, String verb, String resource,
                                  String namespace, String name, String subresource, int status, String userAgent,
                                  Map<String, String> queryParameters) {

    /** Copies the parameters. */
    public RecordedKubeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        queryParameters = Map.copyOf(queryParameters);
    }

    /** The decoded value of a query parameter, or null. */
    public String queryParameter(String key) {
        return queryParameters.get(key);
    }

    /** {@code GET /api/v1/pods?watch=true -> 200}. */
    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
