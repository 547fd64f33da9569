package io.mig4j.dra.allocation;

/**
 * Allocation could not be attempted because of a problem with the input, in Kubernetes' wording, for example
 * {@code claim default/c, request gpu: could not retrieve device class gpu.nvidia.com: ...} or
 * {@code class mig.nvidia.com: selector #0 on device gpu.nvidia.com/node-1/gpu-0: CEL runtime error: ...}.
 *
 * <p>As in Kubernetes ({@code Allocator.Allocate}), most such errors are fatal for the whole scheduling attempt
 * (the scheduler does not try other nodes), while {@link #nodeLocal() node-local} ones (invalid resource pools,
 * which Kubernetes wraps in {@code ErrFailedAllocationOnNode}) only rule out this node.
 */
public final class AllocationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean nodeLocal;

    /**
     * @param message   the message in Kubernetes' wording
     * @param nodeLocal whether only this node is affected
     */
    public AllocationException(String message, boolean nodeLocal) {
        super(message);
        this.nodeLocal = nodeLocal;
    }

    /** A fatal error. */
    public AllocationException(String message) {
        this(message, false);
    }

    /** Whether the problem concerns only the node being tried, so other nodes may still fit. */
    public boolean nodeLocal() {
        return nodeLocal;
    }
}
