package io.mig4j.api.layout;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LayoutSolver} found: a placed, valid layout, or the reasons none exists.
 *
 * @param layout     the layout, in request order, when one exists
 * @param violations why no layout exists; empty exactly when {@code layout} is present
 */
public record PlacementResult(Optional<MigLayout> layout, List<LayoutViolation> violations) {
    public PlacementResult {
        violations = List.copyOf(violations);
        if (layout.isPresent() == !violations.isEmpty()) {
            throw new IllegalArgumentException("a result has either a layout or violations");
        }
    }

    static PlacementResult placed(MigLayout layout) {
        return new PlacementResult(Optional.of(layout), List.of());
    }

    static PlacementResult impossible(List<LayoutViolation> violations) {
        return new PlacementResult(Optional.empty(), violations);
    }

    public boolean isPlaced() {
        return layout.isPresent();
    }
}
