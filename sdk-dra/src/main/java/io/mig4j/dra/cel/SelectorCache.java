package io.mig4j.dra.cel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Compiled selectors by expression text, least recently used dropped first ({@code cel.Cache} in
 * {@code k8s.io/dynamic-resource-allocation}): a cluster has a handful of distinct expressions that every
 * scheduling attempt evaluates again, and compiling costs far more than evaluating. Like Kubernetes' cache, only
 * successful compilations are kept.
 *
 * @implSpec Thread-safe.
 */
public final class SelectorCache {
    /** The capacity used by {@link #SelectorCache(DeviceSelectorCompiler)}. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final DeviceSelectorCompiler compiler;
    private final int capacity;
    private final Map<String, CompilationResult> entries;

    /** A cache of {@link #DEFAULT_CAPACITY} entries over the given compiler. */
    public SelectorCache(DeviceSelectorCompiler compiler) {
        this(compiler, DEFAULT_CAPACITY);
    }

    /**
     * A cache over the given compiler.
     *
     * @param capacity the number of expressions kept, at least 1
     */
    public SelectorCache(DeviceSelectorCompiler compiler, int capacity) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompilationResult> eldest) {
                return size() > SelectorCache.this.capacity;
            }
        };
    }

    /** A cache over the stored-expressions environment, as the scheduler uses. */
    public static SelectorCache forScheduler() {
        return new SelectorCache(DeviceSelectorCompiler.storedExpressions());
    }

    /** The compiler this cache compiles with. */
    public DeviceSelectorCompiler compiler() {
        return compiler;
    }

    /** The cached result for the expression, compiling it on a miss. */
    public CompilationResult getOrCompile(String expression) {
        Objects.requireNonNull(expression, "expression");
        synchronized (entries) {
            CompilationResult cached = entries.get(expression);
            if (cached != null) {
                return cached;
            }
        }
        CompilationResult result = compiler.compile(expression);
        if (result.isValid()) {
            synchronized (entries) {
                entries.put(expression, result);
            }
        }
        return result;
    }

    /** The number of cached expressions. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
