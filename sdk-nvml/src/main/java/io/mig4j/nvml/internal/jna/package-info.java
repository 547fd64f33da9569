/**
 * The JNA binding of {@code io.mig4j.nvml.Nvml} (JDK 17+), with direct-mapped calls. <strong>Not API</strong>:
 * the classes that are public are public only because {@code NvmlLoader} instantiates the binding reflectively and
 * each opened library gets its own copy of the native holders through a separate class loader. Obtain the binding
 * with {@code io.mig4j.nvml.NvmlLoader}; everything here may change in any release.
 *
 * <p>Nulls: handles and arguments must not be {@code null}, as in {@code Nvml}.
 */
package io.mig4j.nvml.internal.jna;
