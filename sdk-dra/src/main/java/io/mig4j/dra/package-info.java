/**
 * Kubernetes Dynamic Resource Allocation ({@code resource.k8s.io/v1}) objects for NVIDIA GPUs, on fabric8's models:
 * {@link io.mig4j.dra.Quantity} (Kubernetes' {@code resource.Quantity}), the selector DSL ({@link io.mig4j.dra.Selectors}),
 * DeviceClasses ({@link io.mig4j.dra.DeviceClasses}), requests and claims ({@link io.mig4j.dra.DeviceRequests},
 * {@link io.mig4j.dra.DeviceClaims}), NVIDIA's opaque configuration ({@link io.mig4j.dra.NvidiaConfig}), pod and
 * workload wiring ({@link io.mig4j.dra.Workloads}) and YAML/JSON output ({@link io.mig4j.dra.Manifests}).
 * ResourceSlices as NVIDIA's driver publishes them are in {@code io.mig4j.dra.slices}; validation, strict reading
 * and conversion in {@code io.mig4j.dra.validation}.
 */
package io.mig4j.dra;
