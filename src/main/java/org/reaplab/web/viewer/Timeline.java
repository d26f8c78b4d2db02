package org.reaplab.web.viewer;

import org.reaplab.kernel.path.Kernels;
import org.reaplab.kernel.Change;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the browser draws: one self-contained record per step (thread, kernel function, locks, changes,
 * signals, the call that returned, violations) plus what only a pass over the whole run knows: the
 * counters of every mm after the step, task states, race windows, and where each signal was delivered.
 * Built step by step while a run is simulated, so it can be streamed as it grows.
 */
public final class Timeline {

    /** A lane of the timeline: one thread, and the part its process plays in the scenario. */
    public record Lane(String thread, String process, String role) {}

    /** Counters of an mm at the start. */
    public record MmStart(String name, int users, int count, long resident) {}

    /**
     * A race window. W1: from the step at which thread's kill returned to its find_lock_task_mm.
     *
     * @param to    the step that closes it, -1 while open
     * @param exits steps inside the window at which a thread passed exit_mm
     */
    public record Window(String kind, String thread, int from, int to, List<Integer> exits) {
        public boolean contains(int step) {
            return step >= from && (to < 0 || step <= to);
        }
    }

    private final List<Lane> lanes;
    private final List<MmStart> mms;
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();

    private Timeline(List<Lane> lanes, List<MmStart> mms) {
        this.lanes = lanes;
        this.mms = mms;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    public List<MmStart> mms() {
        return mms;
    }

    /** Compact step records, index i-1 for step i. */
    public List<Map<String, Object>> steps() {
        return steps;
    }

    public List<Window> windows() {
        return windows;
    }

    /** The start of the timeline as the stream's first event sends it. */
    public Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lanes", lanes);
        m.put("mms", mms);
        return m;
    }

    public List<Window> windowsAt(int step) {
        return windows.stream().filter(w -> w.contains(step)).toList();
    }

    /** Feeds a run's steps in order; replays them on its own kernel state to read counters and task states. */
    public static final class Builder {
        private final Timeline timeline;
        private final KernelState k;
        private final Map<String, long[]> lastCounters = new HashMap<>();
        private final Map<String, String> lastState = new HashMap<>();
        private final Map<String, Integer> openWindow = new HashMap<>();
        /** process name to signal flows still to be delivered: flow id and the threads still to take it. */
        private final Map<String, List<PendingFlow>> pendingDelivery = new HashMap<>();
        /** thread to flows it took and has still to reach exit_mm with. */
        private final Map<String, List<Integer>> pendingExit = new HashMap<>();
        /** thread+mm+kind to open reference spans (mmget until mmput, mmgrab until mmdrop). */
        private final Map<String, List<Integer>> openRefs = new HashMap<>();
        private int nextFlow = 1;
        private int nextRef = 1;

        private record PendingFlow(int id, Set<String> threads) {}

        public Builder(Scenario scenario, Variant variant) {
            this.k = Kernels.boot(scenario, variant);
            List<MmStart> mms = new ArrayList<>();
            for (Mm m : k.mms) {
                mms.add(new MmStart(m.name, m.users, m.count, m.resident()));
                lastCounters.put(m.name, new long[] {m.users, m.count, m.resident()});
            }
            this.timeline = new Timeline(lanes(scenario, k), List.copyOf(mms));
            for (Task t : k.tasks) if (t.linked) lastState.put(t.name, Simulation.taskState(k, t));
        }

        public Timeline timeline() {
            return timeline;
        }

        /** Adds the step and returns its compact record. */
        public Map<String, Object> accept(StepEvent e) {
            Task task = k.task(e.thread());
            k.step(task.index, null);

            Map<String, Object> s = new LinkedHashMap<>();
            s.put("i", e.index());
            s.put("t", e.thread());
            s.put("f", e.function());
            s.put("x", e.text());
            if (!e.locks().isEmpty()) s.put("l", e.locks());
            if (!e.changes().isEmpty()) {
                List<List<String>> cs = new ArrayList<>();
                for (Change c : e.changes()) cs.add(c.op() == null ? List.of(c.subject(), c.field(), c.from(), c.to())
                        : List.of(c.subject(), c.field(), c.from(), c.to(), c.op()));
                s.put("c", cs);
            }
            if (e.call() != null) s.put("r", Map.of("k", e.call().key(), "op", e.call().op(), "v", e.call().ret()));
            if (!e.violations().isEmpty()) {
                List<List<String>> vs = new ArrayList<>();
                for (Violation v : e.violations()) vs.add(List.of(v.invariant(), v.detail() == null ? "" : v.detail()));
                s.put("v", vs);
            }
            signals(e, s);
            deliveries(e, s);
            refs(e, s);
            windows(e, s);
            counters(s);
            states(s);
            timeline.steps.add(s);
            return s;
        }

        private void signals(StepEvent e, Map<String, Object> s) {
            if (e.signals().isEmpty()) return;
            List<Map<String, Object>> out = new ArrayList<>();
            for (SignalEdge g : e.signals()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", g.from());
                m.put("to", g.to());
                m.put("sig", g.signal());
                m.put("r", g.result());
                m.put("u", g.userInitiated());
                Task to = k.task(g.to());
                if (to != null && ("killed".equals(g.result()) || "queued".equals(g.result()))) {
                    ThreadGroup group = k.groupOf(to);
                    Set<String> threads = new LinkedHashSet<>();
                    for (int t : group.threads) {
                        Task th = k.tasks[t];
                        if (th.linked && !th.dead() && !th.has(Task.PF_EXITING)) threads.add(th.name);
                    }
                    if (!threads.isEmpty()) {
                        int id = nextFlow++;
                        m.put("id", id);
                        pendingDelivery.computeIfAbsent(group.name, x -> new ArrayList<>()).add(new PendingFlow(id, threads));
                    }
                }
                out.add(m);
            }
            s.put("s", out);
        }

        private void deliveries(StepEvent e, Map<String, Object> s) {
            String thread = e.thread();
            if ("get_signal".equals(e.function())) {
                Task t = k.task(thread);
                List<PendingFlow> flows = pendingDelivery.get(k.groupOf(t).name);
                if (flows != null) {
                    List<Integer> got = new ArrayList<>();
                    for (PendingFlow f : flows) if (f.threads.remove(thread)) got.add(f.id);
                    flows.removeIf(f -> f.threads.isEmpty());
                    if (!got.isEmpty()) {
                        s.put("fd", got);
                        pendingExit.computeIfAbsent(thread, x -> new ArrayList<>()).addAll(got);
                    }
                }
            } else if ("exit_mm".equals(e.function())) {
                List<Integer> flows = pendingExit.remove(thread);
                if (flows != null && !flows.isEmpty()) s.put("fx", flows);
            }
        }

        private void refs(StepEvent e, Map<String, Object> s) {
            List<Map<String, Object>> opened = new ArrayList<>();
            List<Integer> closed = new ArrayList<>();
            for (Change c : e.changes()) {
                if (c.op() == null) continue;
                String kind = c.op().equals("mmget") || c.op().equals("mmput") ? "users" : "count";
                String key = e.thread() + "|" + c.subject() + "|" + kind;
                if (c.op().equals("mmget") || c.op().equals("mmgrab")) {
                    int id = nextRef++;
                    openRefs.computeIfAbsent(key, x -> new ArrayList<>()).add(id);
                    opened.add(Map.of("id", id, "mm", c.subject(), "op", c.op()));
                } else {
                    List<Integer> open = openRefs.get(key);
                    if (open != null && !open.isEmpty()) closed.add(open.remove(open.size() - 1));
                }
            }
            if (!opened.isEmpty()) s.put("ro", opened);
            if (!closed.isEmpty()) s.put("rc", closed);
        }

        private void windows(StepEvent e, Map<String, Object> s) {
            String thread = e.thread();
            Integer open = openWindow.get(thread);
            if (open != null && "find_lock_task_mm".equals(e.function())) {
                Window w = timeline.windows.get(open);
                timeline.windows.set(open, new Window(w.kind(), w.thread(), w.from(), e.index(), w.exits()));
                openWindow.remove(thread);
                s.put("wc", List.of(open));
            }
            if ("exit_mm".equals(e.function())) {
                for (int w : openWindow.values()) timeline.windows.get(w).exits().add(e.index());
            }
            if (e.call() != null && ("pidfd_send_signal".equals(e.call().op()) || "kill".equals(e.call().op()))
                    && "0".equals(e.call().ret()) && !openWindow.containsKey(thread) && killedSomeone(e)) {
                int id = timeline.windows.size();
                timeline.windows.add(new Window("W1", thread, e.index(), -1, new ArrayList<>()));
                openWindow.put(thread, id);
                s.put("wo", List.of(Map.of("id", id, "kind", "W1", "thread", thread)));
            }
        }

        /** The kill started someone's exit; an ignored, dropped or refused SIGKILL opens no window. */
        private static boolean killedSomeone(StepEvent e) {
            for (SignalEdge g : e.signals()) {
                if ("SIGKILL".equals(g.signal()) && ("killed".equals(g.result()) || "queued".equals(g.result()))) return true;
            }
            return false;
        }

        private void counters(Map<String, Object> s) {
            List<List<Object>> changed = new ArrayList<>();
            for (Mm m : k.mms) {
                long[] now = {m.users, m.count, m.resident()};
                long[] before = lastCounters.get(m.name);
                if (before == null || before[0] != now[0] || before[1] != now[1] || before[2] != now[2]) {
                    changed.add(List.of(m.name, now[0], now[1], now[2]));
                    lastCounters.put(m.name, now);
                }
            }
            if (!changed.isEmpty()) s.put("m", changed);
        }

        private void states(Map<String, Object> s) {
            List<List<String>> changed = new ArrayList<>();
            for (Task t : k.tasks) {
                if (!t.linked && !lastState.containsKey(t.name)) continue;
                String now = Simulation.taskState(k, t);
                if (!now.equals(lastState.get(t.name))) {
                    changed.add(List.of(t.name, now));
                    lastState.put(t.name, now);
                }
            }
            if (!changed.isEmpty()) s.put("st", changed);
        }
    }

    /**
     * Lanes in the order a reviewer reads them: the caller (LMKD), its victims, their sharers, the
     * /proc readers and other processes, kernel threads last.
     */
    static List<Lane> lanes(Scenario scenario, KernelState k) {
        Set<String> callers = new LinkedHashSet<>();
        Set<String> readers = new LinkedHashSet<>();
        Set<String> victims = new LinkedHashSet<>();
        if (scenario.programs() != null) {
            for (Map.Entry<String, List<Op>> p : scenario.programs().entrySet()) {
                String process = processOf(p.getKey());
                for (Op op : p.getValue()) {
                    if (op instanceof Op.KillAndReap || op instanceof Op.ProcessMrelease || op instanceof Op.PidfdSendSignal
                            || op instanceof Op.Kill || op instanceof Op.OomKill) callers.add(process);
                    if (op instanceof Op.ReadProc || op instanceof Op.ProcessVmReadv) readers.add(process);
                }
            }
            for (Map.Entry<String, List<Op>> p : scenario.programs().entrySet()) {
                if (!callers.contains(processOf(p.getKey()))) continue;
                for (Op op : p.getValue()) {
                    if (op instanceof Op.PidfdOpen) victims.add(processOf(((Op.PidfdOpen) op).pid()));
                    if (op instanceof Op.Kill) victims.add(processOf(((Op.Kill) op).pid()));
                }
            }
        }
        Set<String> victimMms = new LinkedHashSet<>();
        for (String v : victims) {
            ProcessSpec p = scenario.process(v);
            if (p != null && p.mm() != null) victimMms.add(p.mm());
        }
        List<Lane> out = new ArrayList<>();
        for (int rank = 0; rank < 6; rank++) {
            for (Task t : k.tasks) {
                ThreadGroup g = k.groupOf(t);
                ProcessSpec spec = scenario.process(g.name);
                String role;
                int r;
                if (g.kthread || t.kthread()) { role = "kthread"; r = 5; }
                else if (callers.contains(g.name)) { role = "caller"; r = 0; }
                else if (victims.contains(g.name)) { role = "victim"; r = 1; }
                else if (spec != null && spec.mm() != null && victimMms.contains(spec.mm())) { role = "sharer"; r = 2; }
                else if (readers.contains(g.name)) { role = "reader"; r = 3; }
                else { role = ""; r = 4; }
                if (r == rank) out.add(new Lane(t.name, g.name, role));
            }
        }
        return List.copyOf(out);
    }

    static String processOf(String thread) {
        int slash = thread.indexOf('/');
        return slash < 0 ? thread : thread.substring(0, slash);
    }
}
