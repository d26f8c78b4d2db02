package org.reaplab.web.viewer;

/** No scenario has this id: answered with 404. */
public class ScenarioNotFound extends RuntimeException {
    public ScenarioNotFound(String id) {
        super("No scenario has the id '" + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'.");
    }
}
