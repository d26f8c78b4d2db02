package org.reaplab.simulation;

import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.RefOp;
import org.reaplab.kernel.SignalEdge;

import java.util.ArrayList;
import java.util.List;

/**
 * What only a pass over a whole run knows, computed once while the run is simulated: race windows,
 * signal flows (send → get_signal → exit_mm), mm reference spans (mmget..mmput, mmgrab..mmdrop), and
 * per step the counters and task states that changed and the {@link RunEvent}s that happened. The
 * viewer's timeline, the Perfetto export and the API read these instead of replaying the run.
 *
 * @param start   each mm's counters before the first step
 * @param steps   per step, index i-1 for step i
 * @param windows race windows in the order they opened
 * @param flows   SIGKILL deliveries, by id order (id = index + 1)
 * @param refs    mm references taken, by id order (id = index + 1)
 */
public record RunFacts(List<Counters> start, List<StepFacts> steps, List<Window> windows, List<SignalFlow> flows,
                       List<RefSpan> refs) {

    /** An mm's counters after a step. */
    public record Counters(String mm, int users, int count, long resident) {
        /** The counters of {@code m} now. */
        public static Counters of(Mm m) {
            return new Counters(m.name, m.users, m.count, m.resident());
        }

        /** Every mm's counters in {@code k}, in mm order (for the state a run starts from: {@link RunFacts#start}). */
        public static List<Counters> of(KernelState k) {
            List<Counters> out = new ArrayList<>(k.mms.length);
            for (Mm m : k.mms) out.add(of(m));
            return List.copyOf(out);
        }

        public long value(MmCounter c) {
            return switch (c) {
                case MM_USERS -> users;
                case MM_COUNT -> count;
                case RESIDENT -> resident;
            };
        }
    }

    /** The counters of an mm that the timeline and the trace draw, named as in the kernel. */
    public enum MmCounter {
        MM_USERS("mm_users"), MM_COUNT("mm_count"), RESIDENT("resident");

        /** mm_users, mm_count, resident (pages). */
        public final String id;

        MmCounter(String id) {
            this.id = id;
        }
    }

    /**
     * An mm's counters before and after a step that changed at least one of them. An mm the step created
     * had none before: zeros.
     */
    public record CounterChange(Counters before, Counters after) {
        public String mm() {
            return after.mm();
        }

        public boolean changed(MmCounter c) {
            return before.value(c) != after.value(c);
        }
    }

    /** A thread's state after a step: running, dying, exiting-no-mm, zombie, released or blocked. */
    public record TaskState(String thread, String state) {}

    /**
     * A race window. W1: from the step at which {@code thread}'s kill returned to its find_lock_task_mm.
     *
     * @param to    the step that closes it, -1 while open (at the end: never closed)
     * @param exits steps inside the window at which a thread passed exit_mm
     */
    public record Window(int id, String kind, String thread, int from, int to, List<Integer> exits) {
        public boolean contains(int step) {
            return step >= from && (to < 0 || step <= to);
        }
    }

    /** A thread reached a point of a flow (its get_signal, its exit_mm) at a step. */
    public record Point(String thread, int step) {}

    /**
     * A signal that started (or was queued for) a group's exit, and where each thread of the group took
     * it ({@code get_signal}) and then passed {@code exit_mm}.
     */
    public record SignalFlow(int id, int sent, String from, String to, String signal, String result,
                             List<Point> deliveries, List<Point> exits) {
        public boolean sigkill() {
            return SignalEdge.SIGKILL.equals(signal);
        }
    }

    /** An mm reference a thread held: {@code op} mmget (to mmput) or mmgrab (to mmdrop); {@code to} -1 while held. */
    public record RefSpan(int id, String thread, String mm, RefOp op, int from, int to) {}

    /**
     * What a step changed beyond its own {@link StepEvent}.
     *
     * @param mms        the mms whose counters this step changed, before and after it
     * @param states     threads whose state this step changed
     * @param flowIds    parallel to the step's signals: the flow each started, 0 for none
     * @param delivered  flows this step's get_signal took
     * @param exited     flows whose exit_mm this step is
     * @param refsOpened references this step took
     * @param refsClosed ids of the references this step dropped
     * @param opened     windows this step opened
     * @param closed     windows this step closed
     * @param events     what happened, for lining runs up by event
     */
    public record StepFacts(int step, List<CounterChange> mms, List<TaskState> states, List<Integer> flowIds,
                            List<Integer> delivered, List<Integer> exited, List<RefSpan> refsOpened,
                            List<Integer> refsClosed, List<Window> opened, List<Integer> closed, List<RunEvent> events) {
        /** The counters after this step of the mms it changed. */
        public List<Counters> counters() {
            return mms.isEmpty() ? List.of() : mms.stream().map(CounterChange::after).toList();
        }
    }

    /** The facts of step {@code step} (1-based), or null. */
    public StepFacts at(int step) {
        return step >= 1 && step <= steps.size() ? steps.get(step - 1) : null;
    }

    public List<Window> windowsAt(int step) {
        return windows.stream().filter(w -> w.contains(step)).toList();
    }

    /** The step at which the event with this key happened, or -1. */
    public int stepOf(String key) {
        for (StepFacts s : steps) for (RunEvent e : s.events()) if (e.key().equals(key)) return s.step();
        return -1;
    }

    /** The keys of the events at or before {@code step}, latest first, at most {@code max}. */
    public List<String> eventsBefore(int step, int max) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = Math.min(step, steps.size()); i >= 1 && out.size() < max; i--) {
            List<RunEvent> es = steps.get(i - 1).events();
            for (int j = es.size() - 1; j >= 0 && out.size() < max; j--) out.add(es.get(j).key());
        }
        return out;
    }
}
