package org.reaplab.kernel.path;

import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.kernel.Access;
import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;
import org.reaplab.variant.Variant;

/**
 * mm/oom_kill.c: SYSCALL_DEFINE2(process_mrelease), under the run's design (kernel-model.md 2.1,
 * 3.2–3.4): the kernel knows PROCESS_MRELEASE_REAP_KILL when entry=mrelease_flag, and the knobs
 * multiprocess, pidfd_thread, signalled, permission, pidns_check, ignored_sigkill, kill_errno,
 * reap_decision and revalidation decide what a REAP_KILL call does. Today it pins the mm with mmgrab only after find_lock_task_mm found a thread that still
 * has one, so a victim that already passed exit_mm gives -ESRCH (race window W1). With
 * PROCESS_MRELEASE_REAP_KILL the patches find and pin the mm first, then kill: v2 kill_pid of the
 * victim alone (refusing MMF_MULTIPROCESS), option 3 kill_all_shared_mm best effort (-EBUSY), and
 * Michal's proposal a permission pre-check on every sharer before any kill.
 */
public final class ProcessMrelease extends Frame {
    private static final int REAP_KILL = 0, TASK = 1, P = 2, MM = 3, RET = 4, GRABBED = 5, REAP = 6, KILLED = 7;
    private static final int FLAGS = 0, GET_TASK = 1, DECIDE = 2, UNLOCK = 3, KILL = 4, REVALIDATE = 5, LOCK = 6,
            REAP_CHECK = 7, UNLOCK_MM = 8, DROP_MM = 9, PUT_TASK = 10, AFTER_FIND = 11, AFTER_KILL = 12, AFTER_REAP = 13,
            KILL_SEND = 14, QUEUE = 15, WILL_FREE = 16;

    private final long flags;

    public ProcessMrelease(Op.ProcessMrelease op) {
        super(op, 8);
        this.flags = op.flags();
        v[P] = -1;
        v[MM] = -1;
    }

    private static Design design(Exec x) {
        return x.world().design;
    }

    @Override
    public String label() {
        return switch (pc) {
            case FLAGS -> "process_mrelease";
            case GET_TASK -> "pidfd_get_task";
            case DECIDE -> v[REAP_KILL] == 1 ? "mmgrab" : "task_will_free_mem";
            case UNLOCK -> "task_unlock";
            case KILL -> "kill_pid";
            case KILL_SEND -> "send_signal_locked";
            case REVALIDATE -> "revalidate_shared_mm";
            case WILL_FREE -> "task_will_free_mem";
            case QUEUE -> "queue_oom_reaper";
            case LOCK -> "mmap_read_lock_killable";
            // "Check MMF_OOM_SKIP again under mmap_read_lock": its own label, so t@process_mrelease stops before the call
            case REAP_CHECK -> "mm_flags_test";
            case UNLOCK_MM -> "mmap_read_unlock";
            case DROP_MM -> "mmdrop";
            default -> "put_task_struct";
        };
    }

    /**
     * Once the kill is done: the reap decision (a walk over every process unless short_circuit), the
     * reap or the hand-over to the oom_reaper, and the tail (mmap_lock, mmdrop, put_task_struct) on the
     * pinned mm and the target. Before that (the lookup, the decision to kill, the kill): everything.
     */
    @Override
    public void reach(Exec x, Access into) {
        switch (pc) {
            case LOCK, REAP_CHECK, AFTER_REAP, UNLOCK_MM, DROP_MM, PUT_TASK -> {
                into.mm(v[MM]);
                if (v[TASK] >= 0) into.mm(x.mmSeen(v[TASK]));
                return;
            }
            case QUEUE -> queueReach(x, into);
            case REVALIDATE, WILL_FREE -> {
                Reach.allProcesses(x, into);
                reapReach(x, into);
            }
            case AFTER_KILL -> {
                if (reapDecision(design(x)) != Knobs.ReapDecision.SHORT_CIRCUIT) Reach.allProcesses(x, into);
                reapReach(x, into);
            }
            default -> into.wide = true;
        }
        into.mm(v[MM]);
        if (v[TASK] >= 0) Reach.process(x, x.task(v[TASK]).group, into);
    }

    private void reapReach(Exec x, Access into) {
        if (toReap(x) == QUEUE) queueReach(x, into);
    }

    /** mark_oom_victim and queue_oom_reaper: the victim's process, and the order of the armed timers. */
    private void queueReach(Exec x, Access into) {
        into.global(Access.OOM_TIMERS | Access.OBJECTS);
    }

    @Override
    public boolean canRun(Exec x) {
        if (pc == LOCK) return x.mmapReadAvailable(x.mm(v[MM])) || x.fatalSignalPending(x.cur);
        return true;
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case FLAGS -> checkFlags(x);
            case GET_TASK -> getTask(x);
            case DECIDE -> decide(x);
            case UNLOCK -> {
                Task p = x.task(v[P]);
                x.taskUnlock(p);
                x.say("task_unlock({}).", p.name);
                if (v[REAP] == 0) pc = v[GRABBED] == 1 ? DROP_MM : PUT_TASK;
                else if (v[REAP_KILL] == 1 && v[KILLED] == 1) pc = afterKill(x);
                else if (v[REAP_KILL] == 1) startKill(x);
                else pc = LOCK;
            }
            case KILL -> kill(x);
            case KILL_SEND -> killSend(x);
            case REVALIDATE -> revalidate(x);
            case WILL_FREE -> willFreeMem(x, x.mm(v[MM]));
            case QUEUE -> {
                // reaper=oom_reaper: hand the mm to the oom_reaper as the OOM killer does, reap nothing here
                Task victim = x.task(v[TASK]);
                Mm mm = x.mm(v[MM]);
                Oom.markOomVictim(x, victim, mm);
                Oom.queueOomReaper(x, victim);
                x.say("reaper=oom_reaper: {} is marked and queued; the oom_reaper kthread reaps {} later.", victim.name, mm.name);
                pc = DROP_MM;
            }
            case LOCK -> {
                Mm mm = x.mm(v[MM]);
                if (!x.mmapReadAvailable(mm)) {
                    v[RET] = Errno.EINTR;
                    x.say("mmap_read_lock_killable: {} got a fatal signal while waiting for mmap_lock of {}: -EINTR.", x.cur.name, mm.name);
                    pc = DROP_MM;
                    return;
                }
                x.mmapReadLock(mm);
                x.say("mmap_read_lock_killable: {} holds mmap_lock(R) of {}.", x.cur.name, mm.name);
                pc = REAP_CHECK;
            }
            case REAP_CHECK -> {
                Mm mm = x.mm(v[MM]);
                if (mm.test(Mm.MMF_OOM_SKIP)) {
                    x.say("MMF_OOM_SKIP is already set on {}: exit_mmap or the OOM reaper got there first; nothing to do.", mm.name);
                    pc = UNLOCK_MM;
                } else {
                    x.say("MMF_OOM_SKIP is clear on {}: reap it.", mm.name);
                    pc = AFTER_REAP;
                    x.call(new OomReapTaskMm(mm.index));
                }
            }
            case UNLOCK_MM -> {
                x.mmapReadUnlock(x.mm(v[MM]));
                x.say("mmap_read_unlock.");
                pc = DROP_MM;
            }
            case DROP_MM -> {
                x.say("mmdrop: {} lets go of {}.", x.cur.name, x.mm(v[MM]).name);
                x.mmdrop(x.mm(v[MM]));
                pc = PUT_TASK;
            }
            case PUT_TASK -> {
                int seen = v[TASK] >= 0 ? x.mmSeen(v[TASK]) : -1;
                if (seen >= 0) x.mm(seen).reapCallReturned = true;
                x.say("process_mrelease returns {}.", Errno.name(v[RET]));
                x.ret(v[RET]);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        switch (pc) {
            case AFTER_FIND -> {
                if (r < 0) {
                    v[RET] = Errno.ESRCH;
                    x.say("No thread of the target has an mm: -ESRCH.");
                    pc = PUT_TASK;
                } else {
                    v[P] = r;
                    pc = DECIDE;
                }
            }
            case AFTER_KILL -> {
                if (r != 0) {
                    v[RET] = r;
                    pc = DROP_MM;
                } else {
                    pc = afterKill(x);
                }
            }
            case AFTER_REAP -> {
                if (r == 0) v[RET] = Errno.EAGAIN;
                pc = UNLOCK_MM;
            }
            default -> { }
        }
    }

    private void checkFlags(Exec x) {
        long valid = reapKillKnown(x) ? Variant.PROCESS_MRELEASE_REAP_KILL : 0;
        v[TASK] = -1;
        if ((flags & ~valid) != 0) {
            x.say("process_mrelease: flags {} are not valid here: -EINVAL before the fd is even looked up.", flags);
            x.ret(Errno.EINVAL);
            return;
        }
        v[REAP_KILL] = (flags & Variant.PROCESS_MRELEASE_REAP_KILL) != 0 ? 1 : 0;
        x.say(v[REAP_KILL] == 1 ? "process_mrelease(PROCESS_MRELEASE_REAP_KILL)." : "process_mrelease(flags 0).");
        pc = GET_TASK;
    }

    private void getTask(Exec x) {
        String fd = ((Op.ProcessMrelease) op).pidfd();
        Paths.Target target = Paths.pidfdGetTask(x, fd);
        if (target.error() != 0) {
            x.say("pidfd_get_task({}): {}.", fd, Errno.name(target.error()));
            x.ret(target.error());
            return;
        }
        // each knob is read only where its value can change the step (the design-space search reuses an
        // exploration for every design equal on the knobs it read: docs/designs.md, "Reusing explorations")
        if (v[REAP_KILL] == 1 && target.threadPidfd() && design(x).get(Knobs.PIDFD_THREAD) == Knobs.PidfdThread.REJECT) {
            x.say("A PIDFD_THREAD pidfd cannot name a whole address space: -EINVAL.");
            x.ret(Errno.EINVAL);
            return;
        }
        v[TASK] = target.task();
        x.say("pidfd_get_task finds {} (task reference taken).", x.task(v[TASK]).name);
        if (v[REAP_KILL] == 1 && design(x).get(Knobs.MM_PIN) == Knobs.MmPin.FIND_AFTER_KILL) {
            pc = KILL; // the kill first; find_lock_task_mm after it
            return;
        }
        pc = AFTER_FIND;
        x.call(new FindLockTaskMm(x.task(v[TASK]).group));
    }

    private void decide(Exec x) {
        Task p = x.task(v[P]);
        Mm mm = x.mm(p.mm);
        v[MM] = mm.index;
        if (v[REAP_KILL] == 1) {
            if (mm.test(Mm.MMF_MULTIPROCESS) && design(x).get(Knobs.MULTIPROCESS) == Knobs.Multiprocess.REFUSE) {
                v[RET] = Errno.EINVAL;
                v[REAP] = 0;
                x.say("v2: {} has MMF_MULTIPROCESS: bail out with -EINVAL, nothing killed.", mm.name);
                pc = UNLOCK;
                return;
            }
            x.mmgrab(mm);
            v[GRABBED] = 1;
            v[REAP] = 1;
            x.say(v[KILLED] == 1 ? "REAP_KILL after the kill: mmgrab pins {}." 
                    : "REAP_KILL: reap = reap_kill || …, so task_will_free_mem is not even asked; mmgrab pins {} before the kill.", mm.name);
            pc = UNLOCK;
            return;
        }
        boolean grabFirst = !reapKillKnown(x); // the patches moved mmgrab after the decision
        if (grabFirst) {
            x.mmgrab(mm);
            v[GRABBED] = 1;
        }
        boolean reap = Oom.taskWillFreeMem(x, p);
        v[REAP] = reap ? 1 : 0;
        if (!reap) {
            v[RET] = mm.test(Mm.MMF_OOM_SKIP) ? 0 : Errno.EINVAL;
            x.say(mm.test(Mm.MMF_OOM_SKIP)
                    ? "task_will_free_mem is false but MMF_OOM_SKIP is set: the work is done already, return 0."
                    : "task_will_free_mem({}) is false ({}): -EINVAL.", p.name, whyNotFreeing(x, p));
        } else {
            if (!grabFirst) {
                x.mmgrab(mm);
                v[GRABBED] = 1;
            }
            x.say("task_will_free_mem({}) is true: {} is exiting and no live process shares {}.", p.name, x.groupOf(p).name, mm.name);
        }
        pc = UNLOCK;
    }

    /** Why task_will_free_mem said no, for the explanation pane. */
    static String whyNotFreeing(Exec x, Task p) {
        ThreadGroup g = x.groupOf(p);
        if (g.coreDumper >= 0) return "a core dump is in progress";
        if (!Oom.groupWillFreeMem(x, p)) return g.name + " is not exiting";
        Mm mm = x.mm(p.mm);
        if (mm.test(Mm.MMF_OOM_SKIP)) return "MMF_OOM_SKIP";
        for (int gi : x.processList()) {
            ThreadGroup other = x.group(gi);
            if (other.index != g.index && Oom.processSharesMm(x, other, mm.index) && !Oom.groupWillFreeMem(x, x.task(other.leader))) {
                return other.name + " shares " + mm.name + " and is not exiting";
            }
        }
        return "not dying";
    }

    /** The patched kernel: process_mrelease accepts PROCESS_MRELEASE_REAP_KILL (include/uapi/linux/mman.h). */
    private static boolean reapKillKnown(Exec x) {
        return design(x).get(Knobs.ENTRY) == Knobs.Entry.MRELEASE_FLAG;
    }

    /** The victim alone is killed in a step of its own (kill_pid); the kill loop over the sharers starts right away. */
    private void startKill(Exec x) {
        if (design(x).get(Knobs.SIGNALLED) == Knobs.Signalled.VICTIM) {
            pc = KILL;
            return;
        }
        ThreadGroup target = x.groupOf(x.task(v[TASK]));
        pc = AFTER_KILL;
        x.call(new KillAllSharedMm(false, design(x), v[MM], target.index));
    }

    /**
     * The victim alone (signalled=victim), first step: v2's kill_pid(task_tgid(task), SIGKILL, 0) finds
     * the task and group_send_sig_info runs check_kill_permission — SEND_SIG_NOINFO, PIDFD_THREAD ignored —
     * with the design's checks: pidns_check (access_pidfd_pidns; v2 has none), permission=forced
     * (SEND_SIG_PRIV, no check), ignored_sigkill. The send is the next step, as in pidfd_send_signal:
     * credentials can change in between (race window W7).
     */
    private void kill(Exec x) {
        Design d = design(x);
        ThreadGroup target = x.groupOf(x.task(v[TASK]));
        Task leader = x.task(target.leader);
        int err = 0;
        if (leader.released) err = Errno.ESRCH;
        else if (!x.canSee(x.ns(x.cur), target) && d.get(Knobs.PIDNS_CHECK) == Knobs.PidnsCheck.YES) err = Errno.EINVAL;
        else if ((err = KillAllSharedMm.checkUnlessForced(x, d, target)) != 0) { /* err set */ }
        else if (KillAllSharedMm.ignoredIsFailure(d, x, x.cur, target, Signals.Info.NOINFO)) err = Errno.EPERM;
        if (err != 0) {
            x.signal(x.cur, target, "SIGKILL", Errno.name(err), true);
            killFailed(x, target, err);
            return;
        }
        boolean forced = d.peek(Knobs.PERMISSION) == Knobs.Permission.FORCED; // words the message only
        x.say(forced ? "kill_pid({}): SEND_SIG_PRIV, no permission check." : "check_kill_permission: {} may signal {}.",
                forced ? target.name : x.cur.name, target.name);
        pc = KILL_SEND;
    }

    /** The victim alone, second step: do_send_sig_info → send_signal_locked. */
    private void killSend(Exec x) {
        ThreadGroup target = x.groupOf(x.task(v[TASK]));
        int err = Signals.sendSigkill(x, x.task(target.leader), Signals.PIDTYPE_TGID,
                KillAllSharedMm.info(design(x), x, target, Signals.Info.NOINFO));
        if (err != 0) {
            killFailed(x, target, err);
            return;
        }
        x.say("kill_pid({}, SIGKILL) returns 0.", target.name);
        if (v[MM] < 0) {
            // mm_pin=find_after_kill: only now look for the mm (race window W1 again, inside the kernel)
            v[KILLED] = 1;
            pc = AFTER_FIND;
            x.call(new FindLockTaskMm(target.index));
            return;
        }
        pc = afterKill(x);
    }

    private void killFailed(Exec x, ThreadGroup target, int err) {
        x.say("kill_pid({}) fails: {}; nothing killed, nothing reaped.", target.name, Errno.name(err));
        v[RET] = KillAllSharedMm.reported(design(x), err);
        pc = v[GRABBED] == 1 ? DROP_MM : PUT_TASK;
    }

    /**
     * Michal's proposal, recommended option (kernel-model.md 3.4 step 9): after the kill pass every
     * process still sharing the mm must be dying (its group exit started), or there is no reap. This
     * catches sharers that appeared after the pre-check (race windows W5/W6) or ignored the signal.
     */
    private void revalidate(Exec x) {
        Design d = design(x);
        Mm mm = x.mm(v[MM]);
        for (int gi : x.processList()) {
            ThreadGroup g = x.group(gi);
            if (g.kthread || !Oom.processSharesMm(x, g, mm.index)) continue;
            if (!g.groupExit() || (g.coreDumper >= 0 && d.get(Knobs.REVALIDATION) != Knobs.Revalidation.GROUP_EXIT)) {
                v[RET] = Errno.EBUSY;
                x.say(g.groupExit() ? "Re-validation: {} shares {} and is still dumping core (task_will_free_mem says no): -EBUSY, no reap."
                        : "Re-validation: {} shares {} and is not dying (it appeared or survived after the kill pass): -EBUSY, no reap.",
                        g.name, mm.name);
                pc = DROP_MM;
                return;
            }
        }
        x.say("Re-validation: every process sharing {} is dying.", mm.name);
        pc = toReap(x);
    }

    /**
     * reap_decision=will_free_mem: today's task_will_free_mem, asked after the kill: every process
     * sharing the mm (a kthread in kthread_use_mm included) must be exiting with no core dump in progress;
     * MMF_OOM_SKIP means the work is done (0). Otherwise -EINVAL, as process_mrelease(fd, 0) says.
     */
    private void willFreeMem(Exec x, Mm mm) {
        if (mm.test(Mm.MMF_OOM_SKIP)) {
            x.say("task_will_free_mem: MMF_OOM_SKIP is set on {}: the work is done already, return 0.", mm.name);
            pc = DROP_MM;
            return;
        }
        for (int gi : x.processList()) {
            ThreadGroup g = x.group(gi);
            if (!Oom.processSharesMm(x, g, mm.index)) continue;
            if (!Oom.groupWillFreeMem(x, x.task(g.leader))) {
                v[RET] = Errno.EINVAL;
                x.say("task_will_free_mem: {} shares {} and will not free it soon: -EINVAL, no reap.", g.name, mm.name);
                pc = DROP_MM;
                return;
            }
        }
        x.say("task_will_free_mem: every process sharing {} is exiting.", mm.name);
        pc = toReap(x);
    }

    private static Knobs.ReapDecision reapDecision(Design d) {
        return d.get(Knobs.REAP_DECISION);
    }

    /** After a successful kill: the reap decision, unless the kill is taken as proof (short_circuit). */
    private int afterKill(Exec x) {
        return switch (reapDecision(design(x))) {
            case SHORT_CIRCUIT -> toReap(x);
            case REVALIDATE -> REVALIDATE;
            case WILL_FREE_MEM -> WILL_FREE;
        };
    }

    /** Who reaps after a kill-and-reap: the caller (mmap_read_lock_killable next) or the oom_reaper. */
    private int toReap(Exec x) {
        return design(x).get(Knobs.REAPER) == Knobs.Reaper.OOM_REAPER ? QUEUE : LOCK;
    }
}
