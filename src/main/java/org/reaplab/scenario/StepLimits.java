package org.reaplab.scenario;

/**
 * How many steps a script may list and a run may take, declared once; the parser, the simulation, the
 * viewer and the gallery read them from here. The API's own ceiling for a requested run is a setting
 * ({@code reaplab.limits.max-steps}).
 */
public final class StepLimits {
    /** A schedule script in a scenario file lists at most this many steps. */
    public static final int SCRIPT = 10_000;
    /** A run stops after this many steps unless it is given another limit; a viewer link's script expands to at most as many. */
    public static final int RUN = 100_000;
    /** A run the viewer or the gallery shows stops after this many steps (a page must stay small). */
    public static final int SHOWN = 20_000;

    private StepLimits() {}
}
