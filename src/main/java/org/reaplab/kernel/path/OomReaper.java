package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

import java.util.Arrays;

/**
 * mm/oom_kill.c: the oom_reaper kthread. wake_oom_reaper, the timer queue_oom_reaper armed, fires
 * OOM_REAPER_DELAY (2 s) later and pushes the victim at the head of oom_reaper_list; the kthread pops
 * the head, so victims whose timers fired while it was busy are reaped last in, first out. oom_reap_task
 * tries up to 10 times, 100 ms apart, to take mmap_lock(R) with a trylock (it fails while a writer holds
 * or waits for the lock, race window W9), reaps unless MMF_OOM_SKIP is set, sets MMF_OOM_SKIP at the end
 * in every case and drops its task reference. Time is not simulated: timer expiries and the retry sleeps
 * are deferred steps, which round_robin runs only when nothing else can. When the reaper wakes, and
 * while it sleeps between attempts, every armed timer has expired: two victims queued before it runs
 * are taken last in, first out (the kernel may also wake the reaper between the two expiries).
 */
public final class OomReaper extends Frame {
    private static final int VICTIM = 0, MM = 1, ATTEMPT = 2, PARTIAL = 3;
    private static final int IDLE = 0, TRY = 1, SLEEP = 2, UNLOCK = 3, GIVE_UP = 4, DONE = 5, AFTER_REAP = 6;

    public OomReaper() {
        super(null, 4);
    }

    @Override
    public String label() {
        return switch (pc) {
            case IDLE -> "wake_oom_reaper";
            case TRY -> "oom_reap_task_mm";
            case UNLOCK -> "mmap_read_unlock";
            default -> "oom_reap_task";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return pc != IDLE || x.oomReaperList().length > 0 || Oom.firstTimer(x) >= 0;
    }

    @Override
    public boolean deferred(Exec x) {
        return pc == IDLE || pc == SLEEP;
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case IDLE -> {
                expireTimers(x);
                int[] queued = x.oomReaperList();
                if (queued.length == 0) return; // every victim terminated on its own
                Task victim = x.task(queued[0]);
                x.setOomReaperList(Arrays.copyOfRange(queued, 1, queued.length));
                ThreadGroup g = x.groupOf(victim);
                Mm mm = x.mm(g.oomMm);
                v[VICTIM] = victim.index;
                v[MM] = mm.index;
                v[ATTEMPT] = 0;
                x.setSleep(x.cur, Task.TASK_RUNNING);
                x.say("oom_reaper takes {} off the head of oom_reaper_list.", victim.name);
                pc = TRY;
            }
            case TRY -> {
                Mm mm = x.mm(v[MM]);
                if (!x.mmapTrylockWouldSucceed(mm)) {
                    v[ATTEMPT]++;
                    x.say("oom_reap_task_mm: mmap_read_trylock of {} fails (attempt {} of 10).", mm.name, v[ATTEMPT]);
                    pc = v[ATTEMPT] >= KernelState.OOM_REAPER_ATTEMPTS ? GIVE_UP : SLEEP;
                    return;
                }
                x.mmapReadLock(mm);
                if (mm.test(Mm.MMF_OOM_SKIP)) {
                    x.say("oom_reap_task_mm: MMF_OOM_SKIP under the lock: exit_mmap is done or running; nothing to reap.");
                    pc = UNLOCK;
                    return;
                }
                pc = AFTER_REAP;
                x.call(new OomReapTaskMm(mm.index));
            }
            case SLEEP -> {
                x.say("oom_reap_task sleeps HZ/10 and retries.");
                expireTimers(x);
                pc = TRY;
            }
            case UNLOCK -> {
                x.mmapReadUnlock(x.mm(v[MM]));
                x.say("mmap_read_unlock.");
                if (v[PARTIAL] == 1) {
                    v[PARTIAL] = 0;
                    pc = v[ATTEMPT] >= KernelState.OOM_REAPER_ATTEMPTS ? GIVE_UP : SLEEP;
                } else {
                    pc = DONE;
                }
            }
            case GIVE_UP -> {
                x.say("oom_reaper: unable to reap {}; MMF_OOM_SKIP is set anyway.", x.task(v[VICTIM]).name);
                pc = DONE;
            }
            case DONE -> {
                x.setMmFlag(x.mm(v[MM]), Mm.MMF_OOM_SKIP);
                x.say("oom_reap_task: MMF_OOM_SKIP set on {}; put_task_struct.", x.mm(v[MM]).name);
                Oom.putTaskStruct(x, x.task(v[VICTIM]));
                x.setSleep(x.cur, Task.TASK_INTERRUPTIBLE);
                pc = IDLE;
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        if (r == 0) {
            v[ATTEMPT]++;
            v[PARTIAL] = 1;
            x.say("The reap was partial; oom_reap_task will retry.");
        }
        pc = UNLOCK;
    }

    /** Time passes (no clock): every armed oom_reaper_timer expires, in the order they were armed. */
    private static void expireTimers(Exec x) {
        for (int t = Oom.firstTimer(x); t >= 0; t = Oom.firstTimer(x)) Oom.wakeOomReaper(x, x.task(t));
    }
}
