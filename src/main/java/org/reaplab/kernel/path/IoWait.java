package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/**
 * Uninterruptible I/O (io_schedule in TASK_UNINTERRUPTIBLE): signal_wake_up does not wake a D-state
 * sleeper, so a SIGKILL waits until the I/O completes. With mmapWrite the thread holds mmap_lock for
 * write meanwhile (an mmap waiting on I/O), which blocks every reaper (race window W9). The I/O
 * completion is a deferred step: round_robin runs it only when nothing else can run.
 */
public final class IoWait extends Frame {
    private static final int MM = 0;
    private static final int WRITE_LOCK = 0, SLEEP = 1, COMPLETE = 2, WRITE_UNLOCK = 3, WRITE_WAIT = 4;

    public IoWait(Op.IoWait op) {
        super(op, 1);
        v[MM] = -1;
        pc = op.mmapWrite() ? WRITE_LOCK : SLEEP;
    }

    private boolean mmapWrite() {
        return ((Op.IoWait) op).mmapWrite();
    }

    @Override
    public String label() {
        return switch (pc) {
            case WRITE_LOCK, WRITE_WAIT -> "mmap_write_lock_killable";
            case WRITE_UNLOCK -> "mmap_write_unlock";
            default -> "io_schedule";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return pc != WRITE_WAIT || x.mmapWriteAvailable(x.mm(v[MM]));
    }

    @Override
    public boolean deferred(Exec x) {
        return pc == COMPLETE;
    }

    @Override
    public int waitsForMmapWrite() {
        return pc == WRITE_WAIT ? v[MM] : -1; // a queued writer blocks new readers (W9)
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        switch (pc) {
            case WRITE_LOCK -> {
                Mm mm = x.mm(t.mm);
                if (!x.mmapWriteAvailable(mm)) {
                    v[MM] = mm.index;
                    x.say("{} queues for mmap_lock(W) of {}: readers hold it; new readers now wait behind this writer.", t.name, mm.name);
                    pc = WRITE_WAIT;
                    return;
                }
                x.mmapWriteLock(mm);
                x.say("{} takes mmap_lock(W) of {} (an mmap that will wait on I/O).", t.name, mm.name);
                pc = SLEEP;
            }
            case WRITE_WAIT -> {
                x.mmapWriteLock(x.mm(v[MM]));
                v[MM] = -1;
                x.say("{} gets mmap_lock(W) (an mmap that will wait on I/O).", t.name);
                pc = SLEEP;
            }
            case SLEEP -> {
                x.setSleep(t, Task.TASK_UNINTERRUPTIBLE);
                x.say("{} sleeps in uninterruptible I/O (D state): a SIGKILL will not wake it.", t.name);
                pc = COMPLETE;
            }
            case COMPLETE -> {
                x.setSleep(t, Task.TASK_RUNNING);
                x.say("The I/O completes; {} runs again.", t.name);
                if (mmapWrite()) pc = WRITE_UNLOCK;
                else x.ret(0);
            }
            case WRITE_UNLOCK -> {
                x.mmapWriteUnlock(x.mm(t.mm));
                x.say("{} drops mmap_lock(W).", t.name);
                x.ret(0);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }
}
