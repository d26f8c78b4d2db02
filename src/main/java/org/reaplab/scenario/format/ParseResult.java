package org.reaplab.scenario.format;

import org.reaplab.scenario.Scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link ScenarioParser#parse} found: the scenario, or null when there is any problem, and every
 * problem, in file order.
 */
public record ParseResult(Scenario scenario, List<Problem> problems) {

    public ParseResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return scenario != null && problems.isEmpty();
    }

    /** One problem per line, each "file:line:column: pointer: message". */
    public String report() {
        return problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
