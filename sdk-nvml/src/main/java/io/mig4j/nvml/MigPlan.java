package io.mig4j.nvml;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The changes that turn a node's current MIG state into the desired one, in execution order: per GPU,
 * compute instances are destroyed before their GPU instances, MIG mode changes come next, then GPU instances
 * are created largest first, each followed by its compute instances. An empty plan means nothing to do.
 */
public record MigPlan(List<MigStep> steps) {
    public MigPlan {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Steps that remove existing instances or disable MIG. */
    public List<MigStep> destructiveSteps() {
        return steps.stream().filter(MigStep::destructive).toList();
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "nothing to change"
                : steps.stream().map(s -> "- " + s).collect(Collectors.joining("\n"));
    }
}
