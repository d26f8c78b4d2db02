package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/** kernel/exit.c: do_wait → wait_task_zombie → release_task of a zombie child (interruptible sleep). */
public final class Waitpid extends Frame {
    private static final int DO_WAIT = 0, RELEASE = 1;

    public Waitpid(Op.Waitpid op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return pc == DO_WAIT ? "do_wait" : "release_task";
    }

    private ThreadGroup child(Exec x) {
        return x.group(((Op.Waitpid) op).pid());
    }

    private boolean reapable(Exec x, ThreadGroup g) {
        Task leader = x.task(g.leader);
        return leader.released || (leader.exitState == Task.EXIT_ZOMBIE && g.threads.length == 1);
    }

    @Override
    public boolean canRun(Exec x) {
        ThreadGroup g = child(x);
        return g == null || pc == RELEASE || reapable(x, g) || x.fatalSignalPending(x.cur);
    }

    @Override
    public void step(Exec x) {
        ThreadGroup g = child(x);
        if (pc == DO_WAIT) {
            if (g == null || x.task(g.leader).released) {
                x.say("waitpid: no such child to wait for: -ECHILD.");
                x.ret(Errno.ECHILD);
                return;
            }
            if (!reapable(x, g)) {
                x.setSleep(x.cur, Task.TASK_RUNNING);
                x.say("waitpid is interrupted by a fatal signal: -EINTR.");
                x.ret(Errno.EINTR);
                return;
            }
            x.say("do_wait: {} is a zombie; wait_task_zombie reaps it.", g.name);
            pc = RELEASE;
            return;
        }
        Task leader = x.task(g.leader);
        x.setExitState(leader, Task.EXIT_DEAD);
        DoExit.releaseTask(x, leader);
        x.ret(leader.pid);
    }
}
