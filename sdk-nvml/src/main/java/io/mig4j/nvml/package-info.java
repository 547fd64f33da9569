/**
 * NVML for Java and the MIG lifecycle built on it. {@link io.mig4j.nvml.Nvml} mirrors the NVML C functions mig4j
 * needs, one method each ({@link io.mig4j.nvml.NvmlFunction} lists them with whether they change a GPU);
 * {@link io.mig4j.nvml.NvmlLoader} opens the real library with the Panama FFM binding on JDK 22+ or the JNA binding
 * on 17+; {@link io.mig4j.nvml.MigManager} reads a node's {@code Inventory}, discovers profiles, plans and applies
 * layouts and mig-parted configs, behind a {@link io.mig4j.nvml.MutationGuard} unless mutations were allowed.
 * sdk-testkit's {@code FakeNvml} is a third implementation of {@code Nvml}.
 *
 * <p>This package and its records are the API. The bindings themselves live in {@code io.mig4j.nvml.internal.ffm}
 * and {@code io.mig4j.nvml.internal.jna}, which are <strong>not API</strong>: some of their classes are public only
 * because they are loaded reflectively or by a separate class loader; use them through {@code NvmlLoader} and
 * {@code Nvml} only, as they may change in any release.
 *
 * <p>Nulls: arguments must not be {@code null} and methods do not return it, except where a parameter or record
 * component says so (for example {@code MigManager.createComputeInstance}'s optional profile and placement).
 * NVML failures are {@link io.mig4j.nvml.NvmlException}s carrying the {@link io.mig4j.nvml.NvmlReturn} code.
 */
package io.mig4j.nvml;
