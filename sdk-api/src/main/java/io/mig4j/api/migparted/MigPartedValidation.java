package io.mig4j.api.migparted;

import java.util.List;
import java.util.Optional;

/**
 * What {@link MigPartedValidator} found: the problems, and for every (config, device entry, product) that can be
 * applied, the placed layout. Both lists follow the file: config order, then entry order, then product order.
 *
 * @param problems   errors and warnings
 * @param placements the layouts of every entry and product without an error
 */
public record MigPartedValidation(List<MigPartedProblem> problems, List<MigPartedPlacement> placements) {
    public MigPartedValidation {
        problems = List.copyOf(problems);
        placements = List.copyOf(placements);
    }

    public List<MigPartedProblem> errors() {
        return problems.stream().filter(MigPartedProblem::isError).toList();
    }

    public List<MigPartedProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(MigPartedProblem::isError);
    }

    /** The problems of one config. */
    public List<MigPartedProblem> problems(String configName) {
        return problems.stream().filter(p -> p.configName().equals(configName)).toList();
    }

    /** The layouts of one config. */
    public List<MigPartedPlacement> placements(String configName) {
        return placements.stream().filter(p -> p.configName().equals(configName)).toList();
    }

    /** The layout of one device entry (counted from 1) on the product with this alias. */
    public Optional<MigPartedPlacement> placement(String configName, int entryNumber, String productAlias) {
        return placements.stream().filter(p -> p.configName().equals(configName) && p.entryNumber() == entryNumber
                && p.product().alias().equalsIgnoreCase(productAlias)).findFirst();
    }
}
