package io.mig4j.nvml;

/** {@code nvmlMemory_t}, in bytes. */
public record MemoryInfo(long total, long free, long used) {
}
