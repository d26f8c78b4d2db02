package org.reaplab.web.viewer;

import org.reaplab.simulation.Run;

/** A finished run and the lanes it is drawn in (worked out when first asked for: the gallery never does). */
public final class RunView {
    private final Run run;
    private volatile Timeline timeline;

    RunView(Run run) {
        this.run = run;
    }

    public Run run() {
        return run;
    }

    public Timeline timeline() {
        Timeline t = timeline;
        if (t == null) timeline = t = Timeline.of(run.scenario(), run.design());
        return t;
    }

    public int steps() {
        return run.steps();
    }
}
