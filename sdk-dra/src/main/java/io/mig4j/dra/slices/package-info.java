/**
 * The ResourceSlices NVIDIA's DRA driver for GPUs publishes for a node, built from an inventory:
 * {@link io.mig4j.dra.slices.NvidiaResourceSlices} with {@link io.mig4j.dra.slices.SliceOptions}.
 */
package io.mig4j.dra.slices;
