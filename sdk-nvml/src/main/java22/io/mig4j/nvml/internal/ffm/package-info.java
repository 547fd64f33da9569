/**
 * The Panama FFM binding of {@code io.mig4j.nvml.Nvml} (JDK 22+, in the jar's {@code META-INF/versions/22}), with
 * hand-written struct layouts checked against the offsets of NVIDIA's {@code nvml.h}. <strong>Not API</strong>:
 * {@code FfmNvml} is public only because {@code NvmlLoader} instantiates it reflectively, so that the JDK 17 classes
 * never link against FFM. Obtain the binding with {@code io.mig4j.nvml.NvmlLoader}; everything here may change in
 * any release.
 *
 * <p>Nulls: handles and arguments must not be {@code null}, as in {@code Nvml}.
 */
package io.mig4j.nvml.internal.ffm;
