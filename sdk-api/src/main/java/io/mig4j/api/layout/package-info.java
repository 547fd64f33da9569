/**
 * What a MIG-enabled GPU holds or should hold: {@link io.mig4j.api.layout.MigLayout} (GPU instances with their
 * placements and compute instances) and its validation against NVML's creation rules
 * ({@link io.mig4j.api.layout.LayoutViolation}, {@link io.mig4j.api.layout.LayoutRule}); the
 * {@link io.mig4j.api.layout.LayoutSolver}, which places requested instances
 * ({@link io.mig4j.api.layout.RequestedInstance}) the way NVML would accept them; and the
 * {@link io.mig4j.api.layout.LayoutEnumerator}, which lists every layout a product allows. One package-private
 * occupancy model holds the creation rules for all three.
 *
 * <p>Values are immutable and thread-safe; the solver and the enumerator are stateless. Nulls: no method accepts
 * or returns {@code null} ({@link java.util.Optional} for absent results).
 */
package io.mig4j.api.layout;
