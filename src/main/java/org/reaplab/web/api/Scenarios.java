package org.reaplab.web.api;

import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.reaplab.storage.ScenarioCodec;

import java.util.List;

/** Parsing scenarios that arrive in requests, with 422 problem details when they are wrong. */
final class Scenarios {
    private Scenarios() {}

    static Scenario parseOrThrow(ScenarioCodec codec, String text, String source, int maxProblems) {
        ParseResult r = codec.parse(text, source);
        if (r.ok()) return r.scenario();
        List<ScenarioProblem> problems = r.problems().stream().map(ScenarioProblem::of).toList();
        if (problems.isEmpty()) problems = List.of(new ScenarioProblem(1, 1, "", "the scenario could not be read"));
        throw ScenarioApiController.invalid(problems, maxProblems);
    }
}
