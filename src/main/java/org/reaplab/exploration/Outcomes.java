package org.reaplab.exploration;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The observable outcome of a terminal state, as an {@link OutcomeClass} without count and example.
 * A compact int key is computed first and the strings are built once per distinct key.
 */
final class Outcomes {
    private final Map<Key, OutcomeClass> byKey = new HashMap<>();

    /** The outcome of a terminal state (count 0, no example). */
    OutcomeClass of(KernelState k) {
        Key key = new Key(compact(k));
        OutcomeClass c = byKey.get(key);
        if (c == null) {
            c = build(k);
            byKey.put(key, c);
        }
        return c;
    }

    private static int[] compact(KernelState k) {
        int n = 4 + k.groups.length + k.mms.length;
        for (Task t : k.tasks) n += 3 + t.nextOp;
        int[] a = new int[n];
        int i = 0;
        a[i++] = k.panic != null ? 1 : 0;
        int fired = 0;
        for (int f : k.fired) fired |= 1 << (f / 4096);
        a[i++] = fired;
        a[i++] = k.tasks.length;
        for (int t = 0; t < k.tasks.length; t++) {
            Task task = k.tasks[t];
            a[i++] = task.program;
            a[i++] = task.nextOp;
            for (int j = 0; j < task.nextOp; j++) a[i++] = task.rets[j];
            a[i++] = stuck(k, t) ? 1 : 0;
        }
        for (ThreadGroup g : k.groups) a[i++] = g.killedBy >= 0 ? 1 : 0;
        for (Mm m : k.mms) a[i++] = m.reaped ? 1 : 0;
        a[i++] = k.mms.length;
        return a;
    }

    static OutcomeClass build(KernelState k) {
        Map<String, String> calls = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : k.world.programOf.entrySet()) {
            Task t = k.task(e.getKey());
            if (t == null || t.program < 0) continue;
            Op[] ops = k.world.programs.get(t.program);
            Map<String, Integer> seen = new HashMap<>();
            for (int j = 0; j < t.nextOp; j++) {
                String base = t.name + "." + ops[j].name();
                int n = seen.merge(base, 1, Integer::sum);
                calls.put(n == 1 ? base : base + "#" + n, Errno.name(t.rets[j]));
            }
        }
        TreeSet<String> killed = new TreeSet<>();
        for (ThreadGroup g : k.groups) if (g.killedBy >= 0) killed.add(g.name);
        Map<String, Boolean> reaped = new TreeMap<>();
        for (Mm m : k.mms) reaped.put(m.name, m.reaped);
        List<String> violations = new ArrayList<>();
        for (Invariant inv : k.firedInvariants()) violations.add(inv.id);
        violations.sort(null);
        TreeSet<String> stuck = new TreeSet<>();
        for (int t = 0; t < k.tasks.length; t++) if (stuck(k, t)) stuck.add(k.tasks[t].name);
        return new OutcomeClass(calls, List.copyOf(killed), reaped, List.copyOf(violations), k.panic != null,
                List.copyOf(stuck), 0, List.of());
    }

    /** Blocked at the end; a kthread without a program (the oom_reaper) waiting for work is idle, not stuck. */
    static boolean stuck(KernelState k, int t) {
        return k.blocked(t) && !(k.tasks[t].kthread() && k.tasks[t].program < 0);
    }

    private record Key(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(a, other.a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }
}
