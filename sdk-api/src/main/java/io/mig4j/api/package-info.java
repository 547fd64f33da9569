/**
 * The MIG vocabulary: profile names and their attributes ({@link io.mig4j.api.ProfileName}), GPU and compute
 * instance profiles, the MIG-capable products with NVML's profile tables and legal placements
 * ({@link io.mig4j.api.GpuProduct}, {@link io.mig4j.api.ProductCatalog}), placements, PCI device ids and the
 * catalog's errors. Layouts live in {@link io.mig4j.api.layout}, mig-parted files in
 * {@link io.mig4j.api.migparted}, node inventories in {@link io.mig4j.api.inventory}.
 *
 * <p>Every value type here is immutable, thread-safe and value-based. Nothing in this package talks to a GPU: it
 * describes what NVML would accept, so it can be used on any machine.
 *
 * <p>Nulls: arguments must not be {@code null} (a {@link java.lang.NullPointerException} names the parameter) and
 * methods do not return it; absent values are {@link java.util.Optional}. Only record components documented as
 * nullable may be {@code null} ({@link io.mig4j.api.ComputeInstanceProfile#multiprocessors()} where no source
 * gives the number). The same rule holds in every package of sdk-api.
 */
package io.mig4j.api;
