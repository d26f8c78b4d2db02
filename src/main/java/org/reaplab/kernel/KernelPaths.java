package org.reaplab.kernel;

import org.reaplab.scenario.Op;

/**
 * The kernel paths the state starts by itself: an operation of a thread's program, the exit a fatal
 * signal forces, the fault on a reaped address space, a vfork parent's wait and the oom_reaper
 * kthread. kernel/path implements it ({@code Kernels}), so the state does not depend on the paths
 * that change it.
 */
public interface KernelPaths {
    /** The frame that runs an operation of a thread's program. */
    Frame start(Op op);

    /** kernel/signal.c: get_signal finds SIGKILL and calls do_group_exit. */
    Frame exitOnFatalSignal();

    /** A user-mode access to a reaped address space (SIGBUS). */
    Frame sigbusFault();

    /** kernel/fork.c: a parent already asleep in wait_for_vfork_done for this child. */
    Frame waitingForVfork(int child);

    /** mm/oom_kill.c: the oom_reaper kthread's loop. */
    Frame oomReaper();
}
