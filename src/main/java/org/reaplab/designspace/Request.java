package org.reaplab.designspace;

import org.reaplab.scenario.Op;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code kill_and_reap} of a scenario (the caller's request to kill a process and free its
 * memory), read from the scenario and the design's expansion of it: who asks, whom the pidfd names,
 * which mm is that process's memory, and the keys under which the calls it expands to report their
 * returns in an outcome class ("lmkd.pidfd_send_signal", "lmkd.process_mrelease#2").
 *
 * @param thread    the calling thread
 * @param victim    the process the pidfd names, or null when no pidfd_open in the scenario names it
 * @param victimMm  that process's mm, or null
 * @param killCall  the key of the first call of the expansion: the one that sends the kill
 * @param lastCall  the key of the last call: its return is what the request reports
 */
public record Request(String thread, String victim, String victimMm, String killCall, String lastCall) {

    /** The requests of a scenario under a design, in program order. */
    public static List<Request> of(Scenario scenario, DesignPoint design) {
        Map<String, String> fdTarget = fdTargets(scenario);
        List<Request> out = new ArrayList<>();
        for (Map.Entry<String, List<Op>> e : scenario.programs().entrySet()) {
            String thread = e.getKey();
            Map<String, Integer> seen = new HashMap<>();
            for (Op op : e.getValue()) {
                List<Op> expanded = op instanceof Op.KillAndReap kr ? DesignEngine.expandKillAndReap(design, kr) : List.of(op);
                List<String> keys = new ArrayList<>();
                for (Op x : expanded) {
                    String base = thread + "." + x.name();
                    int n = seen.merge(base, 1, Integer::sum);
                    keys.add(n == 1 ? base : base + "#" + n);
                }
                if (!(op instanceof Op.KillAndReap kr) || keys.isEmpty()) continue;
                String victim = victim(kr.pidfd(), thread, fdTarget);
                ProcessSpec p = victim == null ? null : scenario.process(victim);
                out.add(new Request(thread, victim, p == null ? null : p.mm(), keys.get(0), keys.get(keys.size() - 1)));
            }
        }
        return List.copyOf(out);
    }

    /** The processes some call of the scenario names as its target: kill_and_reap, kill, pidfd_send_signal. */
    public static Set<String> named(Scenario scenario) {
        Map<String, String> fdTarget = fdTargets(scenario);
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, List<Op>> e : scenario.programs().entrySet()) {
            for (Op op : e.getValue()) {
                String v = null;
                if (op instanceof Op.KillAndReap kr) v = victim(kr.pidfd(), e.getKey(), fdTarget);
                else if (op instanceof Op.PidfdSendSignal s) v = victim(s.pidfd(), e.getKey(), fdTarget);
                else if (op instanceof Op.Kill k) v = process(k.pid());
                if (v != null) out.add(v);
            }
        }
        return out;
    }

    /** pidfd name to the process it refers to (through pidfd_open and send_pidfd). */
    private static Map<String, String> fdTargets(Scenario scenario) {
        Map<String, String> target = new HashMap<>();
        Map<String, String> sentFrom = new HashMap<>();
        for (List<Op> ops : scenario.programs().values()) {
            for (Op op : ops) {
                if (op instanceof Op.PidfdOpen o) target.put(o.as(), process(o.pid()));
                if (op instanceof Op.Open o && o.pid() != null) target.put(o.as(), process(o.pid()));
                if (op instanceof Op.SendPidfd s) sentFrom.put(s.as(), s.pidfd());
            }
        }
        for (int i = 0; i < 4; i++) {
            for (Map.Entry<String, String> s : sentFrom.entrySet()) {
                String t = target.get(s.getValue());
                if (t != null) target.putIfAbsent(s.getKey(), t);
            }
        }
        return target;
    }

    private static String victim(String pidfd, String thread, Map<String, String> fdTarget) {
        if (Op.PIDFD_SELF_THREAD.equals(pidfd) || Op.PIDFD_SELF_THREAD_GROUP.equals(pidfd)) return process(thread);
        return fdTarget.get(pidfd);
    }

    /** "app/1" → "app". */
    private static String process(String thread) {
        if (thread == null) return null;
        int slash = thread.indexOf('/');
        return slash < 0 ? thread : thread.substring(0, slash);
    }
}
