/**
 * Pictures of MIG layouts for people: {@link io.mig4j.cli.render.SliceMapText} draws a
 * {@link io.mig4j.api.layout.SliceMap} for a terminal (plain ASCII, or ANSI colours when
 * {@link io.mig4j.cli.render.ColorMode} says so), {@link io.mig4j.cli.render.SliceMapSvg} draws maps as one SVG
 * diagram. The model (which instances sit on which memory slices, who holds them) is sdk-api's; these classes only
 * draw it, so every command (and the demo) draws the same picture. Stateless and thread-safe.
 */
package io.mig4j.cli.render;
