package org.reaplab.simulation;

import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.kernel.path.Paths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A read-only picture of the kernel state at one step, for the inspector and the API. */
public record KernelView(List<TaskView> tasks, List<MmView> mms, List<PidfdView> pidfds, String panic) {

    public record TaskView(String name, String process, int pid, int nsPid, String ns, String state, String sleep,
                           String mm, String flags, String signalFlags, boolean fatalPending, int uid, int euid,
                           int suid, List<String> caps, List<String> locks, String next, boolean runnable,
                           boolean killed, boolean sigbus) {}

    public record MmView(String name, int users, int count, long resident, long anon, String flags,
                         Map<String, Long> residentByKind, long swap, String mmapLock, boolean reaped, boolean freed,
                         String exitMmap, long reclaimedByReap, long reclaimedByExit) {}

    public record PidfdView(String process, String name, int fd, String kind, String target, boolean thread) {}

    public static KernelView of(KernelState k) {
        List<TaskView> tasks = new ArrayList<>();
        for (Task t : k.tasks) {
            if (!t.linked) continue;
            ThreadGroup g = k.groupOf(t);
            List<String> caps = new ArrayList<>();
            if ((g.caps & ThreadGroup.CAP_KILL) != 0) caps.add("CAP_KILL");
            if ((g.caps & ThreadGroup.CAP_SYS_PTRACE) != 0) caps.add("CAP_SYS_PTRACE");
            if ((g.caps & ThreadGroup.CAP_SETUID) != 0) caps.add("CAP_SETUID");
            tasks.add(new TaskView(t.name, g.name, t.pid, t.nsPid, k.world.nsNames[g.ns], Simulation.taskState(k, t),
                    Task.stateName(t.sleep), t.mm < 0 ? null : k.mms[t.mm].name, Task.flagNames(t.flags),
                    ThreadGroup.flagNames(g.signalFlags) + (g.coreDumper >= 0 ? " core_state" : ""),
                    k.fatalSignalPending(t), g.uid, g.euid, g.suid, caps, k.locksHeld(t), k.nextLabel(t.index),
                    k.runnable(t.index), g.killedBy >= 0, g.sigbus));
        }
        List<MmView> mms = new ArrayList<>();
        for (Mm m : k.mms) {
            String lock = m.writer >= 0 ? "W by " + k.tasks[m.writer].name
                    : m.readers.length > 0 ? "R by " + readers(k, m) : "free";
            String exit = m.exitMmap == Mm.EXIT_MMAP_NONE ? null
                    : (m.exitMmap == Mm.EXIT_MMAP_RUNNING ? "running in " : "done by ") + k.tasks[m.exitMmapBy].name;
            mms.add(new MmView(m.name, m.users, m.count, m.resident(), m.anonResident(), Mm.flagNames(m.flags), residentByKind(m),
                    m.swap, lock, m.reaped, m.freed, exit, m.reclaimedByReap, m.reclaimedByExit));
        }
        List<PidfdView> fds = new ArrayList<>();
        for (ThreadGroup g : k.groups) {
            for (int i = 0; i < g.fds.length; i++) {
                Pidfd f = g.fds[i];
                if (f == null) continue;
                fds.add(new PidfdView(g.name, k.world.fdNames.get(i), Paths.fdNumber(i), f.kind().name().toLowerCase(),
                        f.task() >= 0 ? k.tasks[f.task()].name : null, f.thread()));
            }
        }
        return new KernelView(tasks, mms, fds, k.panic);
    }

    private static String readers(KernelState k, Mm m) {
        StringBuilder b = new StringBuilder();
        for (int r : m.readers) b.append(b.length() == 0 ? "" : ", ").append(k.tasks[r].name);
        return b.toString();
    }

    static Map<String, Long> residentByKind(Mm m) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (int i = 0; i < m.vmas.length; i++) byKind.put(m.vmas[i].kind().key, m.resident[i]);
        return byKind;
    }
}
