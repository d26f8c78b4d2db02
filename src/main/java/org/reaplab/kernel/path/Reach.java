package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

/** What the paths can touch from now on, in the pieces several {@link org.reaplab.kernel.Frame#reach} share. */
final class Reach {
    private Reach() {}

    /**
     * A process as a whole: its thread group, every task ever created in it (zap_threads, the leader,
     * task_lock) and every mm they use, used on their way out, or that its signal struct pins.
     */
    static void process(Exec x, int group, Access a) {
        if (group < 0) return;
        ThreadGroup g = x.group(group);
        a.group(group);
        a.global(Access.OBJECTS);
        for (int i : x.tasksOfGroup(group)) {
            Task t = x.task(i);
            a.task(i);
            a.mm(t.mm);
            a.mm(t.exitMm);
        }
        a.mm(g.oomMm);
        a.mm(g.mmSeen);
    }

    /** Every process on init_task.tasks (the loops over for_each_process), and those still to be linked. */
    static void allProcesses(Exec x, Access a) {
        a.global(Access.PROCESS_LIST);
        for (int g : x.processList()) process(x, g, a);
        toBeLinked(x, a);
    }

    /** Processes copy_process has created but not linked yet: a walk of init_task.tasks meets them at its tail. */
    static void toBeLinked(Exec x, Access a) {
        for (int g = 0, n = x.groupCount(); g < n; g++) if (!x.group(g).linked) process(x, g, a);
    }

    /**
     * The exit path of t (get_signal … release_task, with its mmput): its process, the parent a vfork
     * child wakes, the process list; everything when it is the child reaper of a pid namespace
     * (zap_pid_ns_processes), and panic when it is the global init.
     */
    static void exit(Exec x, Task t, Access a) {
        ThreadGroup g = x.group(t.group);
        process(x, t.group, a);
        for (int i : x.tasksOfGroup(t.group)) a.task(x.task(i).vforkParent);
        a.global(Access.PROCESS_LIST);
        if (g.nsInit) a.wide = true;
        if (g.globalInit) a.global(Access.PANIC);
    }
}
