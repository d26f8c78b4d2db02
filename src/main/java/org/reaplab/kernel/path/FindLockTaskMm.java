package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.StepFact;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

/**
 * mm/oom_kill.c: find_lock_task_mm — walk the threads of a group for one whose ->mm is still set and
 * return it with task_lock held. One step per thread: each check is atomic against that thread's
 * exit_mm (race window W2). Returns the task index, or -1 when every thread has passed exit_mm.
 */
public final class FindLockTaskMm extends Frame {
    private static final int GROUP = 0, IDX = 1;

    public FindLockTaskMm(int group) {
        super(null, 2);
        v[GROUP] = group;
    }

    @Override
    public String label() {
        return "find_lock_task_mm";
    }

    private Task current(Exec x) {
        ThreadGroup g = x.group(v[GROUP]);
        return v[IDX] < g.threads.length ? x.task(g.threads[v[IDX]]) : null;
    }

    @Override
    public void reach(Exec x, Access into) {
        Reach.process(x, v[GROUP], into);
    }

    @Override
    public boolean canRun(Exec x) {
        Task t = current(x);
        return t == null || x.taskLockFree(t);
    }

    @Override
    public void step(Exec x) {
        x.fact(StepFact.FIND_LOCK_TASK_MM);
        Task t = current(x);
        if (t == null) {
            x.say("find_lock_task_mm: no thread of {} has an mm any more.", x.group(v[GROUP]).name);
            x.ret(-1);
            return;
        }
        if (t.mm >= 0) {
            x.taskLock(t);
            x.say("find_lock_task_mm: {} still has {}; returns it with task_lock held.", t.name, x.mm(t.mm).name);
            x.ret(t.index);
            return;
        }
        x.say("find_lock_task_mm: {} has no mm (past exit_mm); next thread.", t.name);
        v[IDX]++;
        if (v[IDX] >= x.group(v[GROUP]).threads.length) {
            x.say("No thread of {} has an mm.", x.group(v[GROUP]).name);
            x.ret(-1);
        }
    }
}
