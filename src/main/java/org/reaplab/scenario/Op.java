package org.reaplab.scenario;

import java.util.List;
import java.util.Set;

/**
 * One operation of a thread's program: a system call or a user-mode action. The kernel path each one
 * runs is in kernel/path; what {@code kill_and_reap} means depends on the variant (variant/Variant).
 */
public sealed interface Op {

    /** The key under which the operation's return value is reported ("process_mrelease"). */
    String name();

    /** Special pidfd values (include/uapi/linux/fcntl.h) and the empty fd slot. */
    String PIDFD_SELF_THREAD = "PIDFD_SELF_THREAD";
    String PIDFD_SELF_THREAD_GROUP = "PIDFD_SELF_THREAD_GROUP";
    String BAD_FD = "-1";

    /**
     * The calls that can kill a process (a success of one explains a death). kill_and_reap is not one: it
     * reports the calls it expands to, which are.
     */
    Set<String> KILLING_CALLS = Set.of(PidfdSendSignal.NAME, Kill.NAME, ProcessMrelease.NAME, OomKill.NAME);

    /** A call that kills or reaps a process: its caller plays LMKD's or the OOM killer's part on the timeline. */
    default boolean killsOrReaps() {
        return KILLING_CALLS.contains(name());
    }

    /** pidfd_open(pid, flags); flags: PIDFD_THREAD, PIDFD_NONBLOCK. {@code pid} names a process or thread. */
    record PidfdOpen(String pid, String as, List<String> flags) implements Op {
        public String name() { return "pidfd_open"; }
    }

    /** pidfd_send_signal(pidfd, sig, NULL, flags); sig SIGKILL or 0; flags PIDFD_SIGNAL_*. */
    record PidfdSendSignal(String pidfd, String sig, List<String> flags) implements Op {
        public static final String NAME = "pidfd_send_signal";

        public String name() { return NAME; }
    }

    /** kill(pid, sig). */
    record Kill(String pid, String sig) implements Op {
        public static final String NAME = "kill";

        public String name() { return NAME; }
    }

    /** process_mrelease(pidfd, flags); flags as a number, 1 = PROCESS_MRELEASE_REAP_KILL, -1 = (unsigned)-1. */
    record ProcessMrelease(String pidfd, long flags) implements Op {
        public static final String NAME = "process_mrelease";

        public String name() { return NAME; }
    }

    /** The LMKD action, done the way the variant does it. */
    record KillAndReap(String pidfd) implements Op {
        public String name() { return "kill_and_reap"; }

        /** It reports the calls it expands to, which kill; it is itself a killing caller's operation. */
        @Override
        public boolean killsOrReaps() { return true; }
    }

    /** read(/proc/pid/cmdline or environ), {@code pages} pages of remote memory. */
    record ReadProc(String pid, String file, int pages) implements Op {
        public String name() { return "read_proc"; }
    }

    /** process_vm_readv(pid, ...) of {@code pages} pages. */
    record ProcessVmReadv(String pid, int pages) implements Op {
        public String name() { return "process_vm_readv"; }
    }

    /** clone(flags); CLONE_VM, CLONE_THREAD, CLONE_VFORK. The child is named {@code as}. */
    record Clone(List<String> flags, String as) implements Op {
        public String name() { return "clone"; }
    }

    /** exit_group(code), or exit(code) of this thread alone when {@code thread}. */
    record Exit(int code, boolean thread) implements Op {
        public String name() { return "exit"; }
    }

    /** Take a core-dumping signal and write {@code pages} pages of core. */
    record Coredump(int pages) implements Op {
        public String name() { return "coredump"; }
    }

    /** A kthread adopts an mm; with {@code mmget} it first takes an mm_users reference as drivers do. */
    record KthreadUseMm(String mm, boolean mmget) implements Op {
        public String name() { return "kthread_use_mm"; }
    }

    /** A kthread drops the adopted mm (and its mm_users reference, if it took one). */
    record KthreadUnuseMm() implements Op {
        public String name() { return "kthread_unuse_mm"; }
    }

    /** waitpid(pid): reap a zombie child. */
    record Waitpid(String pid) implements Op {
        public String name() { return "waitpid"; }
    }

    /** Pass a pidfd over a unix socket (SCM_RIGHTS); it arrives in process {@code to} as {@code as}. */
    record SendPidfd(String pidfd, String to, String as) implements Op {
        public String name() { return "send_pidfd"; }
    }

    /**
     * setuid(uid) for the whole process: with CAP_SETUID uid, euid and suid; without it only euid, and
     * only to the real or saved uid (-EPERM otherwise).
     */
    record Setuid(int uid) implements Op {
        public String name() { return "setuid"; }
    }

    /** Sleep in uninterruptible I/O (D state), optionally holding mmap_lock for write (an mmap waiting on I/O). */
    record IoWait(boolean mmapWrite) implements Op {
        public String name() { return "io_wait"; }
    }

    /** A user-mode memory access: faults with SIGBUS on a reaped address space. */
    record Touch() implements Op {
        public String name() { return "touch"; }
    }

    /** open() of something that is not a pidfd: "regular" file or the "proc_dir" /proc/&lt;pid&gt;. */
    record Open(String file, String pid, String as) implements Op {
        public String name() { return "open"; }
    }

    /**
     * The in-kernel OOM killer choosing the process behind {@code pidfd} (out_of_memory →
     * oom_kill_process); what kill_and_reap means under kernel_oom. Returns 0, or -ESRCH when the
     * process is not selectable (global init, kthread, vfork child, no mm, MMF_OOM_SKIP).
     */
    record OomKill(String pidfd) implements Op {
        public static final String NAME = "oom_kill_process";

        public String name() { return NAME; }
    }

    /**
     * setpgid(pid, pgid): move process {@code pid} (null: the caller) into the process group whose id is
     * the pid of process {@code pgid} (null: {@code pid}'s own, a new group).
     */
    record Setpgid(String pid, String pgid) implements Op {
        public String name() { return "setpgid"; }
    }

    /** execve(): the caller's process gets the new address space {@code mm} (a declared mm no process uses). */
    record Exec(String mm) implements Op {
        public String name() { return "exec"; }
    }
}
