/**
 * What a MIG-enabled GPU holds or should hold: {@link io.mig4j.api.layout.MigLayout} (GPU instances with their
 * placements and compute instances) and its validation against NVML's creation rules
 * ({@link io.mig4j.api.layout.LayoutViolation}, {@link io.mig4j.api.layout.LayoutRule}); the
 * {@link io.mig4j.api.layout.LayoutSolver}, which places requested instances
 * ({@link io.mig4j.api.layout.RequestedInstance}) the way NVML would accept them; and the
 * {@link io.mig4j.api.layout.LayoutEnumerator}, which lists every layout a product allows. One package-private
 * occupancy model holds the creation rules for all three. {@link io.mig4j.api.layout.SliceMap} is what a picture of
 * a layout or of an inventory's GPU needs (memory slices and the instances over them), for renderers to draw.
 *
 * <p>Values are immutable and thread-safe; the solver and the enumerator are stateless. Nulls: no method accepts
 * or returns {@code null} ({@link java.util.Optional} for absent results), except the components of
 * {@link io.mig4j.api.layout.SliceMap} documented as nullable (GPU index, GI id, owner: what a picture may not know).
 */
package io.mig4j.api.layout;
