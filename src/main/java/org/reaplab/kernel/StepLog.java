package org.reaplab.kernel;

import org.reaplab.scenario.Op;

import java.util.ArrayList;
import java.util.List;

/** What one step did, in words and changes; only kept when a run is recorded (not while exploring). */
public final class StepLog {
    public String text;
    public final List<Change> changes = new ArrayList<>();
    public final List<SignalEdge> signals = new ArrayList<>();
    public final List<Fired> violations = new ArrayList<>();
    /** What the step did that readers of the whole run follow (signal flows, windows, references). */
    public final List<StepFact> facts = new ArrayList<>();
    /** Set when a system call returned at this step: the operation, its value and its place in the program. */
    public Op call;
    public int callRet;
    public int callIndex = -1;

    public record Fired(Invariant invariant, String detail) {}

    public void say(String sentence) {
        text = text == null ? sentence : text + " " + sentence;
    }
}
