/**
 * Validation of {@code resource.k8s.io} objects with the API server's rules, field paths and messages
 * ({@link io.mig4j.dra.validation.DraValidator}, {@link io.mig4j.dra.validation.FieldError}), per Kubernetes version
 * ({@link io.mig4j.dra.validation.KubernetesVersion}); the seam for CEL checking
 * ({@link io.mig4j.dra.validation.CelChecker}); strict reading of manifests
 * ({@link io.mig4j.dra.validation.ManifestReader}) and conversion to v1
 * ({@link io.mig4j.dra.validation.ManifestConverter}).
 */
package io.mig4j.dra.validation;
