/**
 * The MIG domain: profile names, the product catalog with NVML's profile tables and legal placements,
 * layouts with their validation, placement solver and enumeration, mig-parted configurations and
 * node inventories.
 *
 * <p>Every value type here is immutable, thread-safe and value-based. Nothing in this package talks
 * to a GPU: it describes what NVML would accept, so it can be used on any machine.
 */
package io.mig4j.api;
