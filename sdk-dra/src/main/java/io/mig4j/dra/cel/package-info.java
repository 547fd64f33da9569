/**
 * Kubernetes CEL for DRA device selectors on cel-java: {@link io.mig4j.dra.cel.DeviceSelectorCompiler} (the
 * environment, with the Kubernetes quantity, semver, lists and regex libraries and DRA's {@code includes}),
 * {@link io.mig4j.dra.cel.CelDevice} (a device as the {@code device} variable),
 * {@link io.mig4j.dra.cel.SelectorCache} (compiled programs by expression text) and
 * {@link io.mig4j.dra.cel.KubernetesCelChecker} (the validator's CEL check).
 */
package io.mig4j.dra.cel;
