package io.mig4j.nvml;

import io.mig4j.api.inventory.Inventory;
import java.util.List;

/**
 * What {@link MigManager#apply} did.
 *
 * @param plan      the plan computed before executing
 * @param executed  the steps that ran (all of them unless a GPU's MIG mode change is pending)
 * @param pending   GPUs whose MIG mode change waits for a GPU reset or reboot, with NVML's reason; their
 *                  remaining steps were not run
 * @param inventory the node afterwards
 */
public record ApplyResult(MigPlan plan, List<MigStep> executed, List<String> pending, Inventory inventory) {
    public ApplyResult {
        executed = List.copyOf(executed);
        pending = List.copyOf(pending);
    }

    /** Whether every step ran and the node now has the desired layout. */
    public boolean complete() {
        return pending.isEmpty() && executed.size() == plan.steps().size();
    }
}
