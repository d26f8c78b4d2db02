package org.reaplab.web.viewer;

import org.reaplab.simulation.Run;

/** A finished run and its timeline, as the run cache keeps them. */
public record RunView(Run run, Timeline timeline) {
    public int steps() {
        return run.steps();
    }
}
