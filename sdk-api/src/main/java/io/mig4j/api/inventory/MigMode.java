package io.mig4j.api.inventory;

import java.util.Objects;

/**
 * The MIG mode of a GPU: the mode in force and the mode that takes effect after the next GPU reset.
 * They differ while a change is pending (for example when the GPU was in use when MIG was enabled).
 */
public record MigMode(MigModeState current, MigModeState pending) {
    public static final MigMode NOT_SUPPORTED = new MigMode(MigModeState.NOT_SUPPORTED, MigModeState.NOT_SUPPORTED);
    public static final MigMode ENABLED = new MigMode(MigModeState.ENABLED, MigModeState.ENABLED);
    public static final MigMode DISABLED = new MigMode(MigModeState.DISABLED, MigModeState.DISABLED);

    public MigMode {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(pending, "pending");
        if ((current == MigModeState.NOT_SUPPORTED) != (pending == MigModeState.NOT_SUPPORTED)) {
            throw new IllegalArgumentException("a GPU either supports MIG or not: current " + current
                    + ", pending " + pending);
        }
    }

    /** Whether a mode change waits for a GPU reset (current differs from pending). */
    public boolean changePending() {
        return current != pending;
    }
}
