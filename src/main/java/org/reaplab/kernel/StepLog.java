package org.reaplab.kernel;

import java.util.ArrayList;
import java.util.List;

/** What one step did, in words and changes; only kept when a run is recorded (not while exploring). */
public final class StepLog {
    public String text;
    public final List<Change> changes = new ArrayList<>();
    public final List<SignalEdge> signals = new ArrayList<>();
    public final List<Fired> violations = new ArrayList<>();
    /** Set when a system call returned at this step. */
    public String callOp;
    public int callRet;
    public int callIndex = -1;

    public record Fired(Invariant invariant, String detail) {}

    public void say(String sentence) {
        text = text == null ? sentence : text + " " + sentence;
    }
}
