/**
 * Testing Kubernetes code without a cluster: {@link io.mig4j.testkit.kube.MockKubeApiServer}, an in-JVM API server
 * that the real {@code kubectl} and fabric8's clients and informers use like a real one.
 *
 * <p>The design follows the API server's own split (kubernetes/apiserver {@code pkg/registry} and client-go's
 * {@code testing/fixture.go}): {@link io.mig4j.testkit.kube.KubeStore} holds the semantics without HTTP (objects by
 * resource, namespace and name; one resourceVersion counter; a bounded change history; watchers), one strategy per
 * kind adds what differs between kinds (defaulting, preparation, validation, status subresource, field selectors,
 * generation, immutability), admission of {@code resource.k8s.io} objects goes through the
 * {@link io.mig4j.testkit.kube.AdmissionValidator} seam (sdk-dra's validator by default), and a thin WireMock layer
 * translates HTTP. Errors are {@link io.mig4j.testkit.kube.KubeApiException}s carrying the real server's
 * {@code Status}; every request is recorded as a {@link io.mig4j.testkit.kube.RecordedKubeRequest}.
 *
 * <p>Nulls: arguments must not be {@code null} and methods do not return it, except where a parameter says so.
 */
package io.mig4j.testkit.kube;
