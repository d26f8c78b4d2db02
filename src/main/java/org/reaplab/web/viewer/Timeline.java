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
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunEvent;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;
import org.reaplab.design.Design;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the browser draws: the lanes, and one self-contained record per step (thread, kernel function,
 * locks, changes, signals, the call that returned, violations) with the step's {@link RunFacts}: the
 * counters of every mm after it, task states, race windows, signal deliveries, reference spans and the
 * events runs are lined up by. A record is made from the step and its facts when it is sent (as the run
 * is simulated, or from the finished run), so a kept run costs no second copy of its steps.
 */
public final class Timeline {

    /** A lane of the timeline: one thread, and the part its process plays in the scenario. */
    public record Lane(String thread, String process, String role) {}

    /** Counters of an mm at the start. */
    public record MmStart(String name, int users, int count, long resident) {}

    private final List<Lane> lanes;
    private final List<MmStart> mms;

    private Timeline(List<Lane> lanes, List<MmStart> mms) {
        this.lanes = lanes;
        this.mms = mms;
    }

    /** The lanes and the mms' counters before the first step, of a scenario under a design. */
    public static Timeline of(Scenario scenario, Design design) {
        KernelState k = Kernels.boot(scenario, design);
        List<MmStart> mms = new ArrayList<>();
        for (Mm m : k.mms) mms.add(new MmStart(m.name, m.users, m.count, m.resident()));
        return new Timeline(lanes(scenario, k), List.copyOf(mms));
    }

    public List<Lane> lanes() {
        return lanes;
    }

    public List<MmStart> mms() {
        return mms;
    }

    /** The start of the timeline as the stream's first event sends it. */
    public Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lanes", lanes);
        m.put("mms", mms);
        return m;
    }

    /** The compact records of steps {@code from+1} to {@code to} of a finished run (index i-from-1 for step i). */
    static List<Map<String, Object>> records(Run run, int from, int to) {
        List<Map<String, Object>> out = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) out.add(record(run.events().get(i), run.facts().steps().get(i)));
        return out;
    }

    static List<Map<String, Object>> records(Run run) {
        return records(run, 0, run.steps());
    }

    /** One step as the stream sends it; the keys are listed in docs/web-ui.md and read by run-data.js. */
    static Map<String, Object> record(StepEvent e, RunFacts.StepFacts f) {
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
        if (!e.signals().isEmpty()) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int j = 0; j < e.signals().size(); j++) {
                SignalEdge g = e.signals().get(j);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", g.from());
                m.put("to", g.to());
                m.put("sig", g.signal());
                m.put("r", g.result());
                m.put("u", g.userInitiated());
                int id = j < f.flowIds().size() ? f.flowIds().get(j) : 0;
                if (id > 0) m.put("id", id);
                out.add(m);
            }
            s.put("s", out);
        }
        if (!f.delivered().isEmpty()) s.put("fd", f.delivered());
        if (!f.exited().isEmpty()) s.put("fx", f.exited());
        if (!f.refsOpened().isEmpty()) {
            List<Map<String, Object>> ro = new ArrayList<>();
            for (RunFacts.RefSpan r : f.refsOpened()) ro.add(Map.of("id", r.id(), "mm", r.mm(), "op", r.op()));
            s.put("ro", ro);
        }
        if (!f.refsClosed().isEmpty()) s.put("rc", f.refsClosed());
        if (!f.opened().isEmpty()) {
            List<Map<String, Object>> wo = new ArrayList<>();
            for (RunFacts.Window w : f.opened()) wo.add(Map.of("id", w.id(), "kind", w.kind(), "thread", w.thread()));
            s.put("wo", wo);
        }
        if (!f.closed().isEmpty()) s.put("wc", f.closed());
        if (!f.counters().isEmpty()) {
            List<List<Object>> m = new ArrayList<>();
            for (RunFacts.Counters c : f.counters()) m.add(List.of(c.mm(), c.users(), c.count(), c.resident()));
            s.put("m", m);
        }
        if (!f.states().isEmpty()) {
            List<List<String>> st = new ArrayList<>();
            for (RunFacts.TaskState t : f.states()) st.add(List.of(t.thread(), t.state()));
            s.put("st", st);
        }
        if (!f.events().isEmpty()) {
            List<List<String>> ev = new ArrayList<>();
            for (RunEvent r : f.events()) ev.add(List.of(r.kind(), r.key(), r.label()));
            s.put("e", ev);
        }
        return s;
    }

    /**
     * Lanes in the order a reviewer reads them: the caller (LMKD), its victims, their sharers, the
     * /proc readers and other processes, kernel threads last.
     */
    static List<Lane> lanes(Scenario scenario, KernelState k) {
        Set<String> callers = callers(scenario);
        Set<String> readers = new LinkedHashSet<>();
        Set<String> victims = namedVictims(scenario);
        if (scenario.programs() != null) {
            for (Map.Entry<String, List<Op>> p : scenario.programs().entrySet()) {
                for (Op op : p.getValue()) {
                    if (op instanceof Op.ReadProc || op instanceof Op.ProcessVmReadv) readers.add(processOf(p.getKey()));
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

    /** Processes whose programs kill or reap (LMKD, the OOM killer). */
    static Set<String> callers(Scenario scenario) {
        Set<String> callers = new LinkedHashSet<>();
        if (scenario.programs() == null) return callers;
        for (Map.Entry<String, List<Op>> p : scenario.programs().entrySet()) {
            for (Op op : p.getValue()) {
                if (op instanceof Op.KillAndReap || op instanceof Op.ProcessMrelease || op instanceof Op.PidfdSendSignal
                        || op instanceof Op.Kill || op instanceof Op.OomKill) callers.add(processOf(p.getKey()));
            }
        }
        return callers;
    }

    /** The processes a caller names: the targets of its pidfd_open and kill. Anyone else it kills is collateral. */
    public static Set<String> namedVictims(Scenario scenario) {
        Set<String> callers = callers(scenario);
        Set<String> victims = new LinkedHashSet<>();
        if (scenario.programs() == null) return victims;
        for (Map.Entry<String, List<Op>> p : scenario.programs().entrySet()) {
            if (!callers.contains(processOf(p.getKey()))) continue;
            for (Op op : p.getValue()) {
                if (op instanceof Op.PidfdOpen o) victims.add(processOf(o.pid()));
                if (op instanceof Op.Kill o) victims.add(processOf(o.pid()));
            }
        }
        return victims;
    }

    static String processOf(String thread) {
        int slash = thread.indexOf('/');
        return slash < 0 ? thread : thread.substring(0, slash);
    }
}
