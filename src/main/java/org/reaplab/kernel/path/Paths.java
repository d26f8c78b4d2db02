package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Which kernel path each operation runs, and the fd lookups they share. */
public final class Paths {
    private Paths() {}

    /**
     * Which kernel path each operation starts, keyed by its record: with its declaration
     * (scenario/format/Operations) and its drawing colour, all an operation needs. kill_and_reap has
     * none: the variant expands it into the calls it means.
     */
    private static final Map<Class<? extends Op>, Function<Op, Frame>> STARTS = Map.ofEntries(
            Map.entry(Op.PidfdOpen.class, o -> new PidfdOpen((Op.PidfdOpen) o)),
            Map.entry(Op.PidfdSendSignal.class, SendSignal::new),
            Map.entry(Op.Kill.class, SendSignal::new),
            Map.entry(Op.ProcessMrelease.class, o -> new ProcessMrelease((Op.ProcessMrelease) o)),
            Map.entry(Op.ReadProc.class, o -> "environ".equals(((Op.ReadProc) o).file())
                    ? new ProcEnvironRead((Op.ReadProc) o) : new ProcCmdlineRead((Op.ReadProc) o)),
            Map.entry(Op.ProcessVmReadv.class, o -> new ProcessVmReadv((Op.ProcessVmReadv) o)),
            Map.entry(Op.Clone.class, o -> new CopyProcess((Op.Clone) o)),
            Map.entry(Op.Exit.class, o -> new DoExit((Op.Exit) o,
                    ((Op.Exit) o).thread() ? DoExit.Entry.THREAD_EXIT : DoExit.Entry.GROUP_EXIT, ((Op.Exit) o).code())),
            Map.entry(Op.Coredump.class, o -> new Coredump((Op.Coredump) o)),
            Map.entry(Op.KthreadUseMm.class, o -> new KthreadUseMm((Op.KthreadUseMm) o)),
            Map.entry(Op.KthreadUnuseMm.class, o -> new KthreadUnuseMm((Op.KthreadUnuseMm) o)),
            Map.entry(Op.Waitpid.class, o -> new Waitpid((Op.Waitpid) o)),
            Map.entry(Op.SendPidfd.class, o -> new SendPidfd((Op.SendPidfd) o)),
            Map.entry(Op.Setuid.class, o -> new Setuid((Op.Setuid) o)),
            Map.entry(Op.IoWait.class, o -> new IoWait((Op.IoWait) o)),
            Map.entry(Op.Touch.class, o -> new Touch((Op.Touch) o)),
            Map.entry(Op.Open.class, o -> new OpenFile((Op.Open) o)),
            Map.entry(Op.OomKill.class, o -> new OomKillProcess((Op.OomKill) o)),
            Map.entry(Op.Setpgid.class, o -> new Setpgid((Op.Setpgid) o)),
            Map.entry(Op.Exec.class, o -> new Execve((Op.Exec) o)));

    /** The frame that runs an operation of a thread's program. */
    public static Frame start(Op op) {
        Function<Op, Frame> start = STARTS.get(op.getClass());
        if (start == null) throw new IllegalStateException("no kernel path for " + op.name() + " (kill_and_reap is expanded by the variant)");
        return start.apply(op);
    }

    /** The operations that have a kernel path of their own. */
    public static Set<Class<? extends Op>> started() {
        return STARTS.keySet();
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
        int slot = x.world().fd(name);
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
