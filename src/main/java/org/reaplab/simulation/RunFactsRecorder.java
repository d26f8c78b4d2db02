package org.reaplab.simulation;

import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.kernel.StepFact;
import org.reaplab.kernel.StepLog;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link RunFacts} step by step from what each step says it did ({@link StepLog#facts}, its signals and
 * its return) and the live kernel state of the run being simulated (no replay, no step recognised by its label).
 */
final class RunFactsRecorder {

    private final List<RunFacts.Counters> start = new ArrayList<>();
    private final List<RunFacts.StepFacts> steps = new ArrayList<>();
    private final List<MutableWindow> windows = new ArrayList<>();
    private final List<MutableFlow> flows = new ArrayList<>();
    private final List<int[]> refEnds = new ArrayList<>(); // per ref id-1: {to}
    private final List<RunFacts.RefSpan> refStarts = new ArrayList<>();

    private final Map<String, RunFacts.Counters> lastCounters = new HashMap<>();
    private final Map<String, String> lastState = new HashMap<>();
    private final Map<String, Integer> openWindow = new HashMap<>();
    /** process to flows still to be delivered: flow id and the threads still to take it. */
    private final Map<String, List<PendingFlow>> pendingDelivery = new HashMap<>();
    /** thread to flows it took and has still to reach exit_mm with. */
    private final Map<String, List<Integer>> pendingExit = new HashMap<>();
    /** thread|mm|kind to open reference ids. */
    private final Map<String, List<Integer>> openRefs = new HashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final Map<String, Integer> exitMmapBy = new HashMap<>();
    private final Map<String, Boolean> reaped = new HashMap<>();

    private record PendingFlow(int id, Set<String> threads) {}

    private static final class MutableWindow {
        final int id;
        final String kind, thread;
        final int from;
        int to = -1;
        final List<Integer> exits = new ArrayList<>();

        MutableWindow(int id, String kind, String thread, int from) {
            this.id = id;
            this.kind = kind;
            this.thread = thread;
            this.from = from;
        }

        RunFacts.Window freeze() {
            return new RunFacts.Window(id, kind, thread, from, to, List.copyOf(exits));
        }
    }

    private static final class MutableFlow {
        final int id, sent;
        final String from, to, signal, result;
        final List<RunFacts.Point> deliveries = new ArrayList<>();
        final List<RunFacts.Point> exits = new ArrayList<>();

        MutableFlow(int id, int sent, SignalEdge g) {
            this.id = id;
            this.sent = sent;
            this.from = g.from();
            this.to = g.to();
            this.signal = g.signal();
            this.result = g.result();
        }

        RunFacts.SignalFlow freeze() {
            return new RunFacts.SignalFlow(id, sent, from, to, signal, result, List.copyOf(deliveries), List.copyOf(exits));
        }
    }

    RunFactsRecorder(KernelState k) {
        start.addAll(RunFacts.Counters.of(k));
        for (RunFacts.Counters c : start) lastCounters.put(c.mm(), c);
        for (Mm m : k.mms) {
            exitMmapBy.put(m.name, m.exitMmapBy);
            reaped.put(m.name, m.reaped);
        }
        for (Task t : k.tasks) if (t.linked) lastState.put(t.name, Simulation.taskState(k, t));
    }

    /** Records step {@code e}, which has just run on {@code k} and said what it did in {@code log}. */
    RunFacts.StepFacts step(KernelState k, StepEvent e, StepLog log) {
        List<RunEvent> events = new ArrayList<>();
        List<Integer> flowIds = signals(k, e, events);
        List<Integer> delivered = new ArrayList<>();
        List<Integer> exited = new ArrayList<>();
        List<RunFacts.RefSpan> opened = new ArrayList<>();
        List<Integer> closed = new ArrayList<>();
        List<RunFacts.Window> wOpened = new ArrayList<>();
        List<Integer> wClosed = new ArrayList<>();
        boolean exitMm = false, lookedUp = false;
        List<StepFact.Ref> refs = new ArrayList<>();
        for (StepFact fact : log.facts) {
            if (fact instanceof StepFact.GetSignal) delivered(k, e, delivered);
            else if (fact instanceof StepFact.ExitMm) exitMm = true;
            else if (fact instanceof StepFact.FindLockTaskMm) lookedUp = true;
            else if (fact instanceof StepFact.Ref r) refs.add(r);
        }
        if (exitMm) exited(e, exited);
        if (e.call() != null) events.add(new RunEvent.Return(e.index(), "return:" + e.call().key(), e.call().key(), e.call().ret()));
        if (exitMm) events.add(new RunEvent.ExitMm(e.index(), occurrence("exit_mm:" + e.thread()), e.thread()));
        for (StepFact.Ref r : refs) ref(e, r, opened, closed, events);
        windows(e, log, lookedUp, exitMm, wOpened, wClosed);
        for (Mm m : k.mms) {
            Boolean wasReaped = reaped.put(m.name, m.reaped);
            if (m.reaped && !Boolean.TRUE.equals(wasReaped)) {
                events.add(new RunEvent.Reaped(e.index(), occurrence("reaped:" + m.name), e.thread(), m.name));
            }
            Integer was = exitMmapBy.put(m.name, m.exitMmapBy);
            if (m.exitMmapBy >= 0 && (was == null || was != m.exitMmapBy)) {
                events.add(new RunEvent.ExitMmap(e.index(), occurrence("exit_mmap:" + m.name), k.tasks[m.exitMmapBy].name, m.name));
            }
        }
        RunFacts.StepFacts f = new RunFacts.StepFacts(e.index(), counters(k), states(k), flowIds, List.copyOf(delivered),
                List.copyOf(exited), List.copyOf(opened), List.copyOf(closed), List.copyOf(wOpened), List.copyOf(wClosed),
                List.copyOf(events));
        steps.add(f);
        return f;
    }

    RunFacts finish() {
        List<RunFacts.RefSpan> refs = new ArrayList<>();
        for (int i = 0; i < refStarts.size(); i++) {
            RunFacts.RefSpan r = refStarts.get(i);
            refs.add(new RunFacts.RefSpan(r.id(), r.thread(), r.mm(), r.op(), r.from(), refEnds.get(i)[0]));
        }
        return new RunFacts(List.copyOf(start), List.copyOf(steps), windows.stream().map(MutableWindow::freeze).toList(),
                flows.stream().map(MutableFlow::freeze).toList(), List.copyOf(refs));
    }

    private String occurrence(String base) {
        int n = occurrences.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "#" + n;
    }

    private List<Integer> signals(KernelState k, StepEvent e, List<RunEvent> events) {
        if (e.signals().isEmpty()) return List.of();
        List<Integer> ids = new ArrayList<>();
        for (SignalEdge g : e.signals()) {
            int id = 0;
            boolean started = g.startsExit();
            Task to = k.task(g.to());
            if (to != null && started) {
                ThreadGroup group = k.groupOf(to);
                Set<String> threads = new LinkedHashSet<>();
                for (int t : group.threads) {
                    Task th = k.tasks[t];
                    if (th.linked && !th.dead() && !th.has(Task.PF_EXITING)) threads.add(th.name);
                }
                if (!threads.isEmpty()) {
                    id = flows.size() + 1;
                    flows.add(new MutableFlow(id, e.index(), g));
                    pendingDelivery.computeIfAbsent(group.name, x -> new ArrayList<>()).add(new PendingFlow(id, threads));
                }
            }
            if (started && g.sigkill()) {
                events.add(new RunEvent.Kill(e.index(), occurrence("kill:" + g.from() + ">" + g.to()), g.from(), g.to()));
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    /** The thread took its fatal signal (get_signal): every flow still to reach it is delivered. */
    private void delivered(KernelState k, StepEvent e, List<Integer> delivered) {
        String thread = e.thread();
        List<PendingFlow> pending = pendingDelivery.get(k.groupOf(k.task(thread)).name);
        if (pending == null) return;
        for (PendingFlow f : pending) {
            if (f.threads.remove(thread)) {
                delivered.add(f.id);
                flows.get(f.id - 1).deliveries.add(new RunFacts.Point(thread, e.index()));
            }
        }
        pending.removeIf(f -> f.threads.isEmpty());
        if (!delivered.isEmpty()) pendingExit.computeIfAbsent(thread, x -> new ArrayList<>()).addAll(delivered);
    }

    /** The thread passed exit_mm: the flows it took end here. */
    private void exited(StepEvent e, List<Integer> exited) {
        List<Integer> took = pendingExit.remove(e.thread());
        if (took == null) return;
        for (int id : took) {
            exited.add(id);
            flows.get(id - 1).exits.add(new RunFacts.Point(e.thread(), e.index()));
        }
    }

    private void ref(StepEvent e, StepFact.Ref r, List<RunFacts.RefSpan> opened, List<Integer> closed, List<RunEvent> events) {
        String key = e.thread() + "|" + r.mm() + "|" + (r.op().users ? "users" : "count");
        events.add(new RunEvent.RefChange(e.index(), occurrence(r.op().label + ":" + e.thread() + ":" + r.mm()), e.thread(),
                r.mm(), r.op(), r.from(), r.to()));
        if (r.op().takes) {
            int id = refStarts.size() + 1;
            RunFacts.RefSpan span = new RunFacts.RefSpan(id, e.thread(), r.mm(), r.op(), e.index(), -1);
            refStarts.add(span);
            refEnds.add(new int[] {-1});
            openRefs.computeIfAbsent(key, x -> new ArrayList<>()).add(id);
            opened.add(span);
        } else {
            List<Integer> open = openRefs.get(key);
            if (open != null && !open.isEmpty()) {
                int id = open.remove(open.size() - 1);
                refEnds.get(id - 1)[0] = e.index();
                closed.add(id);
            }
        }
    }

    /**
     * W1 opens when a kill the thread sent returns 0 having started someone's exit, and closes at the
     * thread's next find_lock_task_mm; every exit_mm in between is noted in it.
     */
    private void windows(StepEvent e, StepLog log, boolean lookedUp, boolean exitMm, List<RunFacts.Window> opened,
                         List<Integer> closed) {
        String thread = e.thread();
        Integer open = openWindow.get(thread);
        if (open != null && lookedUp) {
            windows.get(open).to = e.index();
            openWindow.remove(thread);
            closed.add(open);
        }
        if (exitMm) {
            for (int w : openWindow.values()) windows.get(w).exits.add(e.index());
        }
        if (opensW1(log.call) && log.callRet == 0 && !openWindow.containsKey(thread) && killedSomeone(e)) {
            int id = windows.size();
            MutableWindow w = new MutableWindow(id, "W1", thread, e.index());
            windows.add(w);
            openWindow.put(thread, id);
            opened.add(w.freeze());
        }
    }

    /** The system calls whose successful SIGKILL opens W1 (kill_and_reap and the OOM killer reap on their own). */
    private static boolean opensW1(Op call) {
        return call instanceof Op.Kill || call instanceof Op.PidfdSendSignal;
    }

    /** The kill started someone's exit; an ignored, dropped or refused SIGKILL opens no window. */
    private static boolean killedSomeone(StepEvent e) {
        for (SignalEdge g : e.signals()) if (g.sigkill() && g.startsExit()) return true;
        return false;
    }

    /** The mms whose counters differ from the last step's, before and after (zeros before for an mm that is new). */
    private List<RunFacts.CounterChange> counters(KernelState k) {
        List<RunFacts.CounterChange> changed = new ArrayList<>();
        for (Mm m : k.mms) {
            RunFacts.Counters now = RunFacts.Counters.of(m);
            RunFacts.Counters before = lastCounters.get(m.name);
            if (!now.equals(before)) {
                changed.add(new RunFacts.CounterChange(before != null ? before : new RunFacts.Counters(m.name, 0, 0, 0), now));
                lastCounters.put(m.name, now);
            }
        }
        return changed.isEmpty() ? List.of() : List.copyOf(changed);
    }

    private List<RunFacts.TaskState> states(KernelState k) {
        List<RunFacts.TaskState> changed = new ArrayList<>();
        for (Task t : k.tasks) {
            if (!t.linked && !lastState.containsKey(t.name)) continue;
            String now = Simulation.taskState(k, t);
            if (!now.equals(lastState.get(t.name))) {
                changed.add(new RunFacts.TaskState(t.name, now));
                lastState.put(t.name, now);
            }
        }
        return changed.isEmpty() ? List.of() : List.copyOf(changed);
    }
}
