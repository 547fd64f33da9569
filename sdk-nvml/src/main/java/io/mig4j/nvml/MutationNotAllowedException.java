package io.mig4j.nvml;

/** A mutating NVML call made without the explicit opt-in ({@code MigManager.builder().allowMutations(true)}). */
public final class MutationNotAllowedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MutationNotAllowedException(String function) {
        super(function + " would change the GPU, and mutations are not allowed: opt in with"
                + " MigManager.builder().allowMutations(true) (CLI: --apply)");
    }
}
