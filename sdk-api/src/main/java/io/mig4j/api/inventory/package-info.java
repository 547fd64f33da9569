/**
 * A snapshot of a node's GPUs as NVML reports them: {@link io.mig4j.api.inventory.Inventory} with one
 * {@link io.mig4j.api.inventory.GpuInventory} per GPU (identity, the attributes NVIDIA's DRA driver publishes,
 * {@link io.mig4j.api.inventory.MigMode}, GPU and compute instances with their MIG device UUIDs,
 * {@link io.mig4j.api.inventory.GpuHealthEvent}s). sdk-nvml's {@code MigManager} produces it from a real or fake
 * NVML; sdk-dra consumes it. {@link io.mig4j.api.inventory.InventoryJson} is its JSON form, kept out of the records.
 *
 * <p>Values are immutable and thread-safe. Nulls: only the record components documented as nullable may be
 * {@code null} ({@code Inventory.cudaDriverVersion}, {@code GpuInventory.numaNode}, {@code addressingMode},
 * {@code product}, {@code GpuHealthEvent.xid}); every other argument is checked, and lists are never null.
 */
package io.mig4j.api.inventory;
