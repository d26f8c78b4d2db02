package org.reaplab.kernel.path;

import org.reaplab.design.Design;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.KernelPaths;
import org.reaplab.kernel.KernelState;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

/** A scenario's initial kernel state, wired to the kernel paths of this package. */
public final class Kernels {
    /** The paths the state starts by itself, as this package implements them. */
    public static final KernelPaths PATHS = new KernelPaths() {
        @Override public Frame start(Op op) { return Paths.start(op); }
        @Override public Frame exitOnFatalSignal() { return Paths.exitOnFatalSignal(); }
        @Override public Frame sigbusFault() { return Paths.sigbusFault(); }
        @Override public Frame waitingForVfork(int child) { return CopyProcess.waitingForVfork(child); }
        @Override public Frame oomReaper() { return new OomReaper(); }
    };

    private Kernels() {}

    /** The initial state of a scenario under a design. */
    public static KernelState boot(Scenario scenario, Design design) {
        return new KernelState(scenario, design, PATHS);
    }

    /** The initial state of a scenario under a preset (with the file's variantOptions folded in). */
    public static KernelState boot(Scenario scenario, Variant variant) {
        return new KernelState(scenario, variant, PATHS);
    }
}
