package io.mig4j.nvml;

/**
 * Refuses every NVML call that changes a GPU (MIG mode, creating or destroying instances) with
 * {@link MutationNotAllowedException}, before it reaches the driver. {@code MigManager} puts it in front of
 * the binding unless the caller explicitly allowed mutations, so read-only use can never change a GPU.
 * Which calls change a GPU is {@link NvmlFunction#mutating()}, the list sdk-testkit's journal uses too.
 */
public final class MutationGuard extends ForwardingNvml {

    private MutationGuard(Nvml delegate) {
        super(delegate);
    }

    /** {@code nvml} with every mutating call refused. */
    public static Nvml readOnly(Nvml nvml) {
        return nvml instanceof MutationGuard ? nvml : new MutationGuard(nvml);
    }

    @Override
    protected void beforeCall(NvmlFunction function) {
        if (function.mutating()) {
            throw new MutationNotAllowedException(function.cName());
        }
    }
}
