package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.StepFact;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.kernel.Vma;
import org.reaplab.scenario.Op;

/**
 * fs/coredump.c: vfs_coredump after a core-dumping signal: zap_threads sets core_state and
 * SIGNAL_GROUP_EXIT, coredump_wait waits until every other thread parked in coredump_task_exit
 * (still holding the mm), the dump reads user memory page by page and is aborted by a SIGKILL
 * (dump_interrupted), and coredump_finish clears core_state. While core_state is set
 * task_will_free_mem is false (race window W8).
 */
public final class Coredump extends Frame {
    private static final int PAGE = 0;
    private static final int GET_SIGNAL = 0, ZAP_THREADS = 1, WAIT = 2, DUMP = 3, FINISH = 4;

    public Coredump(Op.Coredump op) {
        super(op, 1);
    }

    @Override
    public String label() {
        return switch (pc) {
            case GET_SIGNAL -> "get_signal";
            case ZAP_THREADS -> "zap_threads";
            case WAIT -> "coredump_wait";
            case DUMP -> "dump_emit";
            default -> "coredump_finish";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        if (pc != WAIT) return true;
        for (int t : x.group().threads) {
            Task o = x.task(t);
            if (o == x.cur || o.dead()) continue;
            Frame f = o.top();
            if (!(f instanceof DoExit d && d.parkedForCoredump())) return false;
        }
        return true;
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        ThreadGroup g = x.group();
        switch (pc) {
            case GET_SIGNAL -> {
                x.say("get_signal: {} takes SIGSEGV, a core-dumping signal: vfs_coredump.", t.name);
                x.fact(StepFact.GET_SIGNAL);
                pc = ZAP_THREADS;
            }
            case ZAP_THREADS -> {
                if (g.groupExit()) {
                    x.say("zap_threads: {} is already exiting; no core dump.", g.name);
                    x.tail(new DoExit(null, DoExit.Entry.GROUP_EXIT, Signals.SIGSEGV));
                    return;
                }
                g.coreDumper = t.index;
                x.change(g.name, "core_state", "NULL", "dumper " + t.name, null);
                x.setGroupExit(g, Signals.SIGSEGV);
                for (int o : g.threads) {
                    Task other = x.task(o);
                    if (other != t && other.exitState == 0 && !other.has(Task.PF_POSTCOREDUMP)) other.sigkillPending = true;
                }
                x.setTaskFlag(t, Task.PF_DUMPCORE);
                x.say("zap_threads: core_state set, SIGNAL_GROUP_EXIT, SIGKILL to {}'s other threads.", g.name);
                pc = WAIT;
            }
            case WAIT -> {
                x.say("coredump_wait: every other thread of {} is parked in coredump_task_exit.", g.name);
                pc = DUMP;
            }
            case DUMP -> {
                int pages = Math.max(1, ((Op.Coredump) op).pages());
                if (x.fatalSignalPending(t)) {
                    x.say("dump_interrupted: a SIGKILL arrived; the core dump is aborted.");
                    pc = FINISH;
                    return;
                }
                Mm mm = t.mm >= 0 ? x.mm(t.mm) : null;
                if (mm != null && mm.test(Mm.MMF_UNSTABLE) && mm.resident(Vma.Kind.ANON) == 0) {
                    x.say("dump_emit: get_dump_page fails, the memory was reaped under the dump: a truncated core.");
                } else {
                    x.say("dump_emit: one page of core written to the (slow) pipe.");
                }
                if (++v[PAGE] >= pages) pc = FINISH;
            }
            case FINISH -> {
                g.coreDumper = -1;
                x.change(g.name, "core_state", "dumper " + t.name, "NULL", null);
                x.say("coredump_finish: core_state = NULL; the parked threads go on exiting.");
                x.tail(new DoExit(null, DoExit.Entry.GROUP_EXIT, Signals.SIGSEGV));
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }
}
