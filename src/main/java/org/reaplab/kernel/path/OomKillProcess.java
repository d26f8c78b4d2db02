package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * mm/oom_kill.c: out_of_memory → oom_kill_process → __oom_kill_process, with the process behind the
 * pidfd as the chosen victim. No permission or namespace checks; the SIGKILL is SEND_SIG_PRIV (forced,
 * so a container init dies of it). mark_oom_victim records the mm in signal->oom_mm at kill time
 * (mm_count + 1), which is why the OOM killer does not lose the race: the oom_reaper kthread reaps
 * 2 s later whether or not the victim still has ->mm. A global init sharing the mm sets MMF_OOM_SKIP
 * and no reaper is queued. oom_evaluate_task aborts the whole selection (-EAGAIN here) while an earlier
 * victim in the same OOM domain (the candidate's memcg, or everyone) has not got MMF_OOM_SKIP yet.
 */
public final class OomKillProcess extends Frame {
    private static final int VICTIM = 0, MM = 1, IDX = 2, CAN_REAP = 3;
    private static final int SELECT = 0, OOM_KILL_PROCESS = 1, KILL = 2, SHARERS = 3, QUEUE = 4, MMDROP = 5, AFTER_FIND = 6;

    public OomKillProcess(Op.OomKill op) {
        super(op, 4);
        v[MM] = -1;
    }

    @Override
    public String label() {
        return switch (pc) {
            case SELECT -> "out_of_memory";
            case OOM_KILL_PROCESS -> "oom_kill_process";
            case QUEUE -> "queue_oom_reaper";
            case MMDROP -> "mmdrop";
            default -> "__oom_kill_process";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return pc != OOM_KILL_PROCESS || x.taskLockFree(x.task(v[VICTIM]));
    }

    @Override
    public boolean inRcu() {
        return pc == SHARERS;
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case SELECT -> select(x);
            case OOM_KILL_PROCESS -> {
                Task victim = x.task(v[VICTIM]);
                x.taskLock(victim);
                if (victim.mm >= 0 && Oom.taskWillFreeMem(x, victim)) {
                    Mm mm = x.mm(victim.mm);
                    Oom.markOomVictim(x, victim, mm);
                    Oom.queueOomReaper(x, victim);
                    x.taskUnlock(victim);
                    mm.reapCallReturned = true;
                    x.say("oom_kill_process: {} is already exiting: mark it and queue the reaper, no signal.", victim.name);
                    x.ret(0);
                    return;
                }
                x.taskUnlock(victim);
                pc = AFTER_FIND;
                x.call(new FindLockTaskMm(victim.group));
            }
            case KILL -> {
                Task p = x.task(v[VICTIM]);
                Mm mm = x.mm(p.mm);
                v[MM] = mm.index;
                x.mmgrab(mm);
                ThreadGroup g = x.groupOf(p);
                Signals.sendSigkill(x, x.task(g.leader), Signals.PIDTYPE_TGID, Signals.Info.PRIV);
                Oom.markOomVictim(x, p, mm);
                x.taskUnlock(p);
                x.say("__oom_kill_process: SIGKILL (SEND_SIG_PRIV, forced) to {}; mark_oom_victim pins {} in signal->oom_mm.",
                        g.name, mm.name);
                v[CAN_REAP] = 1;
                v[IDX] = 0;
                pc = SHARERS;
            }
            case SHARERS -> sharers(x);
            case QUEUE -> {
                if (v[CAN_REAP] == 1) Oom.queueOomReaper(x, x.task(v[VICTIM]));
                else x.say("A global init shares the mm: no reaper is queued; the memory stays.");
                pc = MMDROP;
            }
            case MMDROP -> {
                Mm mm = x.mm(v[MM]);
                x.mmdrop(mm);
                mm.reapCallReturned = true;
                x.ret(0);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        if (r < 0) {
            x.say("__oom_kill_process: {} has no thread with an mm: \"already exiting\", nothing to do.", x.task(v[VICTIM]).name);
            x.ret(0);
            return;
        }
        v[VICTIM] = r;
        pc = KILL;
    }

    /** select_bad_process / oom_evaluate_task, restricted to the named process. */
    private void select(Exec x) {
        Paths.Target target = Paths.pidfdGetTask(x, ((Op.OomKill) op).pidfd());
        if (target.error() != 0) {
            x.say("out_of_memory: no process behind that pidfd.");
            x.ret(Errno.ESRCH);
            return;
        }
        Task victim = x.task(target.task());
        ThreadGroup g = x.groupOf(victim);
        ThreadGroup pending = Oom.pendingVictim(x, g);
        if (pending != null) {
            // select_bad_process sets oc->chosen = -1: out_of_memory kills nothing and lets the victim finish
            x.say("oom_evaluate_task aborts the selection: {} is an OOM victim whose mm has no MMF_OOM_SKIP yet{}. Nothing is killed: -EAGAIN.",
                    pending.name, g.memcg == null ? "" : " (memcg " + g.memcg + ")");
            x.ret(Errno.EAGAIN);
            return;
        }
        String why = null;
        if (g.globalInit) why = "the global init is never selected";
        else if (g.kthread) why = "kthreads are never selected";
        else if (Oom.inVfork(x, victim)) why = "a vfork child is never selected";
        else {
            Task withMm = null;
            for (int t : g.threads) if (x.task(t).mm >= 0) { withMm = x.task(t); break; }
            if (withMm == null) why = "it has no mm left";
            else if (x.mm(withMm.mm).test(Mm.MMF_OOM_SKIP)) why = "its mm has MMF_OOM_SKIP";
        }
        if (why != null) {
            x.say("oom_evaluate_task skips {}: {}.", g.name, why);
            x.ret(Errno.ESRCH);
            return;
        }
        v[VICTIM] = victim.index;
        x.say("out_of_memory: the OOM killer picks {}.", g.name);
        pc = OOM_KILL_PROCESS;
    }

    private void sharers(Exec x) {
        if (v[IDX] < x.processList().length) {
            ThreadGroup victimGroup = x.groupOf(x.task(v[VICTIM]));
            ThreadGroup p = x.group(x.processList()[v[IDX]]);
            v[IDX]++;
            if (p != victimGroup && Oom.processSharesMm(x, p, v[MM])) {
                if (p.globalInit) {
                    v[CAN_REAP] = 0;
                    x.setMmFlag(x.mm(v[MM]), Mm.MMF_OOM_SKIP);
                    x.say("{} has the mm pinned by the global init: can_oom_reap = false, MMF_OOM_SKIP.", victimGroup.name);
                } else if (p.kthread) {
                    x.say("{} is a kthread using the mm: not signalled, reaping still allowed.", p.name);
                } else {
                    Signals.forceSigkill(x, p);
                    x.say("{} shares the mm: SIGKILL (SEND_SIG_PRIV) to it too.", p.name);
                }
            } else {
                x.say("__oom_kill_process: {} does not share the mm.", p.name);
            }
        }
        if (v[IDX] >= x.processList().length) pc = QUEUE;
    }
}
