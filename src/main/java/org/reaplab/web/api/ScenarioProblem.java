package org.reaplab.web.api;

import org.reaplab.scenario.format.Problem;

/**
 * One problem of a scenario as the API reports it.
 *
 * @param pointer JSON pointer (RFC 6901) of the value at fault, "" for the whole document
 */
record ScenarioProblem(int line, int column, String pointer, String message) {

    static ScenarioProblem of(Problem p) {
        return new ScenarioProblem(p.line(), p.column(), p.pointer(), p.message());
    }
}
