package org.reaplab.web.viewer;

import org.reaplab.kernel.path.Kernels;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.design.Design;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the browser draws: the lanes, the mms at the start, and one self-contained {@link StepRecord} per step,
 * made from the step and its {@link RunFacts} when it is sent (as the run is simulated, or from the finished run),
 * so a kept run costs no second copy of its steps.
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
        // the run's own start counters (RunFacts.start), computed the same way: the stream sends them before the run exists
        List<MmStart> mms = new ArrayList<>();
        for (RunFacts.Counters c : RunFacts.Counters.of(k)) mms.add(new MmStart(c.mm(), c.users(), c.count(), c.resident()));
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

    /** The records of steps {@code from+1} to {@code to} of a finished run (index i-from-1 for step i). */
    public static List<StepRecord> records(Run run, int from, int to) {
        List<StepRecord> out = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) out.add(StepRecord.of(run.events().get(i), run.facts().steps().get(i)));
        return out;
    }

    public static List<StepRecord> records(Run run) {
        return records(run, 0, run.steps());
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
                if (op.killsOrReaps()) callers.add(processOf(p.getKey()));
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
