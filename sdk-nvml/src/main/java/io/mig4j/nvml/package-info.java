/**
 * NVML bindings (Panama FFM on JDK 22+, JNA on 17+) and the MIG lifecycle built on them.
 * Under construction: see the project README's feature table.
 */
package io.mig4j.nvml;
