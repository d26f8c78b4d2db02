package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/** Which kernel path each operation runs, and the fd lookups they share. */
public final class Paths {
    private Paths() {}

    /** The frame that runs an operation of a thread's program. */
    public static Frame start(Op op) {
        // Java 17: no pattern switch yet, so an instanceof ladder in the order of Op
        if (op instanceof Op.PidfdOpen o) return new PidfdOpen(o);
        if (op instanceof Op.PidfdSendSignal || op instanceof Op.Kill) return new SendSignal(op);
        if (op instanceof Op.ProcessMrelease o) return new ProcessMrelease(o);
        if (op instanceof Op.ReadProc o) return "environ".equals(o.file()) ? new ProcEnvironRead(o) : new ProcCmdlineRead(o);
        if (op instanceof Op.ProcessVmReadv o) return new ProcessVmReadv(o);
        if (op instanceof Op.Clone o) return new CopyProcess(o);
        if (op instanceof Op.Exit o) return new DoExit(o, o.thread() ? DoExit.Entry.THREAD_EXIT : DoExit.Entry.GROUP_EXIT, o.code());
        if (op instanceof Op.Coredump o) return new Coredump(o);
        if (op instanceof Op.KthreadUseMm o) return new KthreadUseMm(o);
        if (op instanceof Op.KthreadUnuseMm o) return new KthreadUnuseMm(o);
        if (op instanceof Op.Waitpid o) return new Waitpid(o);
        if (op instanceof Op.SendPidfd o) return new SendPidfd(o);
        if (op instanceof Op.Setuid o) return new Setuid(o);
        if (op instanceof Op.IoWait o) return new IoWait(o);
        if (op instanceof Op.Touch o) return new Touch(o);
        if (op instanceof Op.Open o) return new OpenFile(o);
        if (op instanceof Op.OomKill o) return new OomKillProcess(o);
        if (op instanceof Op.Setpgid o) return new Setpgid(o);
        if (op instanceof Op.Exec o) return new Execve(o);
        throw new IllegalStateException("no kernel path for " + op.name() + " (kill_and_reap is expanded by the variant)");
    }

    /** A thread with a fatal signal pending leaves through get_signal on its way to user mode. */
    public static Frame exitOnFatalSignal() {
        return new DoExit(null, DoExit.Entry.SIGNAL, Signals.SIGKILL);
    }

    /** A thread that touches a reaped address space in user mode. */
    public static Frame sigbusFault() {
        return new Touch(null);
    }

    /** The calling process's fd of that name, or null (an empty slot, or the literal -1). */
    public static Pidfd fd(Exec x, String name) {
        if (name == null || Op.BAD_FD.equals(name)) return null;
        int slot = x.k.world.fd(name);
        return slot < 0 ? null : x.group().fds[slot];
    }

    /** The fd number a slot is given (0-2 are stdio). */
    public static int fdNumber(int slot) {
        return 3 + slot;
    }

    /** What pidfd_get_task found: a task, or an error. */
    public record Target(int task, int error, boolean threadPidfd) {}

    /**
     * kernel/pid.c: pidfd_get_task. Real pidfds are looked up as PIDTYPE_TGID whatever their flags, so
     * a PIDFD_THREAD pidfd of a non-leader thread finds nothing (-ESRCH); a zombie leader is still
     * found until release_task.
     */
    public static Target pidfdGetTask(Exec x, String name) {
        if (Op.PIDFD_SELF_THREAD.equals(name)) return new Target(x.cur.index, 0, true);
        if (Op.PIDFD_SELF_THREAD_GROUP.equals(name)) return new Target(x.group().leader, 0, false);
        Pidfd fd = fd(x, name);
        if (fd == null || fd.kind() != Pidfd.Kind.PIDFS) return new Target(-1, Errno.EBADF, false);
        Task t = x.task(fd.task());
        if (t.released || !t.leader) return new Target(-1, Errno.ESRCH, fd.thread());
        return new Target(t.index, 0, fd.thread());
    }
}
