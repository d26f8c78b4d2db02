package org.reaplab.scenario.format;

import org.reaplab.scenario.Op;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every operation a program may contain, declared once, in the order of {@link Op}: its name, its
 * fields with their types, defaults and limits, what the schema and the docs say of it, and how it is
 * built from the values read. The parser reads by these declarations, the writer writes by them, and
 * the schema's op part ({@link ScenarioSchema}) and the docs table ({@link #docsTable()}) are generated
 * from them. The kernel path each one starts is registered in kernel/path ({@code Paths}).
 */
public final class Operations {

    /** The kinds of value a field holds; each knows how it is read, written and described. */
    public enum Type {
        /** A thread: a process, "p/N" or a clone's 'as' (resolved once every name is known). */
        PID,
        /** A process: declared, or the 'as' of a clone without CLONE_THREAD. */
        PROCESS,
        /** A declared mm. */
        MM,
        /** An fd: a name an 'as' defines, -1, or a special pidfd value. */
        PIDFD,
        /** The name an fd is given. */
        FD_NAME,
        /** A new task's name (clone). */
        TASK_NAME,
        /** SIGKILL (or 9) or 0. */
        SIG,
        /** A list of names from {@link Field#values()}, each at most once. */
        FLAGS,
        /** One of {@link Field#values()}. */
        CHOICE,
        /** An integer from {@link Field#min()} to {@link Field#max()}. */
        INT,
        /** true or false. */
        BOOL,
        /** process_mrelease flags: 0, PROCESS_MRELEASE_REAP_KILL, a list of names, or an unsigned number. */
        MRELEASE_FLAGS
    }

    /**
     * One field of an operation. {@code def} is the value when absent (null: none); {@code note} is what
     * the docs table says of it besides its type and default; {@code get} reads it back from the op.
     */
    public record Field(String name, Type type, boolean required, Object def, List<String> values, long min, long max,
                        String noun, boolean extension, String description, String note, Function<Op, Object> get) {

        Field mandatory() {
            return new Field(name, type, true, def, values, min, max, noun, extension, description, note, get);
        }

        Field extended() {
            return new Field(name, type, required, def, values, min, max, noun, true, description, note, get);
        }

        Field describe(String text) {
            return new Field(name, type, required, def, values, min, max, noun, extension, text, note, get);
        }

        Field noted(String text) {
            return new Field(name, type, required, def, values, min, max, noun, extension, description, text, get);
        }

        /** What a limit message says it expects ("a page count from 1 to 1024"). */
        public String expected() {
            switch (type) {
                case PID: return "a process or thread name";
                case PROCESS: return "a process name";
                case MM: return "an mm name";
                case CHOICE: return String.join(" or ", values);
                default: return max == Integer.MAX_VALUE ? noun + " ≥ " + min : noun + " from " + min + " to " + max;
            }
        }
    }

    /** The values read for an operation's fields, by field name. */
    public static final class Values {
        private final Map<String, Object> values;

        Values(Map<String, Object> values) {
            this.values = values;
        }

        public String string(String field) { return (String) values.get(field); }

        public int integer(String field) { return ((Number) values.get(field)).intValue(); }

        public long number(String field) { return ((Number) values.get(field)).longValue(); }

        public boolean bool(String field) { return (Boolean) values.get(field); }

        @SuppressWarnings("unchecked")
        public List<String> strings(String field) { return (List<String>) values.get(field); }
    }

    /** One operation: its name and record, what the schema and docs say of it, its fields, how it is built. */
    public record Declaration(String name, Class<? extends Op> type, String description, String path,
                              List<Field> fields, Function<Values, Op> build) {

        /** Nothing is required: the bare name ("- touch") is accepted. */
        public boolean bare() {
            return fields.stream().noneMatch(Field::required);
        }

        public List<String> fieldNames() {
            return fields.stream().map(Field::name).toList();
        }

        public Field field(String name) {
            for (Field f : fields) if (f.name().equals(name)) return f;
            return null;
        }
    }

    public static final int MAX_PAGES_PER_OP = 1024;
    public static final List<String> PIDFD_OPEN_FLAGS = List.of("PIDFD_THREAD", "PIDFD_NONBLOCK");
    public static final List<String> PIDFD_SIGNAL_FLAGS = List.of("PIDFD_SIGNAL_THREAD", "PIDFD_SIGNAL_THREAD_GROUP",
            "PIDFD_SIGNAL_PROCESS_GROUP", "PIDFD_SIGNAL_MM_GROUP");
    public static final List<String> CLONE_FLAGS = List.of("CLONE_VM", "CLONE_THREAD", "CLONE_VFORK");
    public static final String REAP_KILL_FLAG = "PROCESS_MRELEASE_REAP_KILL";
    public static final List<String> PROC_FILES = List.of("cmdline", "environ");
    public static final List<String> OPEN_FILES = List.of("regular", "proc_dir");

    private static final List<Declaration> ALL = List.of(
            op("pidfd_open", Op.PidfdOpen.class, v -> new Op.PidfdOpen(v.string("pid"), v.string("as"), v.strings("flags")),
                    "pidfd_open(pid, flags) (kernel/pid.c: pidfd_open). Returns the fd number.",
                    "`pidfd_open` (kernel/pid.c). Returns the fd number. No permission check; without PIDFD_THREAD the pid must be a thread-group leader (-ENOENT).",
                    field("pid", Type.PID, o -> ((Op.PidfdOpen) o).pid()).mandatory(),
                    field("as", Type.FD_NAME, o -> ((Op.PidfdOpen) o).as()).mandatory(),
                    flags("flags", PIDFD_OPEN_FLAGS, o -> ((Op.PidfdOpen) o).flags()).describe("PIDFD_THREAD: a pidfd of a thread; PIDFD_NONBLOCK.")),
            op("pidfd_send_signal", Op.PidfdSendSignal.class, v -> new Op.PidfdSendSignal(v.string("pidfd"), v.string("sig"), v.strings("flags")),
                    "pidfd_send_signal(pidfd, sig, NULL, flags) (kernel/signal.c). PIDFD_SIGNAL_MM_GROUP exists only under pidfd_mm_group.",
                    "`pidfd_send_signal` → `check_kill_permission` → `send_signal_locked` (kernel/signal.c); with `PIDFD_SIGNAL_MM_GROUP` (only under `pidfd_mm_group`, else -EINVAL): `find_lock_task_mm` → `mmgrab` → `kill_all_shared_mm` → `mmdrop`. More than one flag is -EINVAL.",
                    field("pidfd", Type.PIDFD, o -> ((Op.PidfdSendSignal) o).pidfd()).mandatory(),
                    sig(o -> ((Op.PidfdSendSignal) o).sig()),
                    flags("flags", PIDFD_SIGNAL_FLAGS, o -> ((Op.PidfdSendSignal) o).flags()).describe("Scope flags (at most one is valid).")),
            op("kill", Op.Kill.class, v -> new Op.Kill(v.string("pid"), v.string("sig")),
                    "kill(pid, sig) (kernel/signal.c: kill_something_info).",
                    "`kill_something_info` → `check_kill_permission` → `send_signal_locked`.",
                    field("pid", Type.PID, o -> ((Op.Kill) o).pid()).mandatory(),
                    sig(o -> ((Op.Kill) o).sig())),
            op("process_mrelease", Op.ProcessMrelease.class, v -> new Op.ProcessMrelease(v.string("pidfd"), v.number("flags")),
                    "process_mrelease(pidfd, flags) (mm/oom_kill.c). Flags 1 is -EINVAL under baseline and valid under the REAP_KILL variants.",
                    "`process_mrelease` → `pidfd_get_task` → `find_lock_task_mm` → `task_will_free_mem` (REAP_KILL: `mmgrab` → `task_unlock` → `kill_pid` / `kill_all_shared_mm` → `task_will_free_mem`) → `mmap_read_lock_killable` → `__oom_reap_task_mm` → `mmap_read_unlock` → `mmdrop` → `put_task_struct` (mm/oom_kill.c).",
                    field("pidfd", Type.PIDFD, o -> ((Op.ProcessMrelease) o).pidfd()).mandatory(),
                    new Field("flags", Type.MRELEASE_FLAGS, false, 0L, List.of(REAP_KILL_FLAG), -1, 0xFFFFFFFFL, null, false,
                            "0, PROCESS_MRELEASE_REAP_KILL (1), a list of flag names, or an unsigned 32-bit number; -1 means (unsigned)-1 (all bits set).",
                            null, o -> ((Op.ProcessMrelease) o).flags())),
            op("kill_and_reap", Op.KillAndReap.class, v -> new Op.KillAndReap(v.string("pidfd")),
                    "The LMKD action, done the way the variant does it (see the table of variants). Reports the calls it expands to (pidfd_send_signal, process_mrelease, oom_kill_process).",
                    "The LMKD action, done the way the variant does it (table of [variants](#variants)); it reports as the calls it expands to.",
                    field("pidfd", Type.PIDFD, o -> ((Op.KillAndReap) o).pidfd()).mandatory()),
            op("read_proc", Op.ReadProc.class, v -> new Op.ReadProc(v.string("pid"), v.string("file"), v.integer("pages")),
                    "read(/proc/pid/cmdline or environ): get_task_mm .. access_remote_vm .. copy_to_user .. mmput (fs/proc/base.c).",
                    "cmdline: `get_proc_task` → `get_task_mm` → `access_remote_vm` (per page) → `mmput`; environ: `mm_access` → `proc_mem_open` → `mmget_not_zero` → `access_remote_vm` → `mmput` → `mmdrop` (fs/proc/base.c).",
                    field("pid", Type.PID, o -> ((Op.ReadProc) o).pid()).mandatory(),
                    choice("file", PROC_FILES, "cmdline", o -> ((Op.ReadProc) o).file()).describe("Which file."),
                    integer("pages", "a page count", 1, MAX_PAGES_PER_OP, 2, o -> ((Op.ReadProc) o).pages()).extended().describe("Extension. Pages of remote memory read.")),
            op("process_vm_readv", Op.ProcessVmReadv.class, v -> new Op.ProcessVmReadv(v.string("pid"), v.integer("pages")),
                    "process_vm_readv(pid, ...) (mm/process_vm_access.c): mm_access .. access_remote_vm .. mmput.",
                    "`find_get_task_by_vpid` → `mm_access` → `access_remote_vm` (per page) → `mmput` (mm/process_vm_access.c).",
                    field("pid", Type.PID, o -> ((Op.ProcessVmReadv) o).pid()).mandatory(),
                    integer("pages", "a page count", 1, MAX_PAGES_PER_OP, 2, o -> ((Op.ProcessVmReadv) o).pages()).extended().describe("Extension. Pages read.")),
            op("clone", Op.Clone.class, v -> new Op.Clone(v.strings("flags"), v.string("as")),
                    "clone(flags) (kernel/fork.c: copy_process). The child is named 'as' and may have a program of its own.",
                    "`copy_process` → `copy_mm` → `copy_process` (link) → `copy_oom_score_adj` → `wake_up_new_task` → `wait_for_vfork_done` with CLONE_VFORK (kernel/fork.c). The child is named `as`: a new process (without CLONE_THREAD; its own copy `<as>_mm` without CLONE_VM) or a thread of the caller's process. Returns the child's pid.",
                    flags("flags", CLONE_FLAGS, o -> ((Op.Clone) o).flags()).describe("Clone flags."),
                    field("as", Type.TASK_NAME, o -> ((Op.Clone) o).as()).mandatory()
                            .describe("The child's name: unique among clones, not a declared process or thread.")),
            op("exit", Op.Exit.class, v -> new Op.Exit(v.integer("code"), v.bool("thread")),
                    "exit_group(code), or exit(code) of this thread alone (kernel/exit.c: do_group_exit, do_exit).",
                    "`do_group_exit` (or `do_exit` alone with `thread: true`) → `exit_signals` → `exit_mm_release` → `exit_mm` → `mmput` (→ `__mmput` → `exit_mmap` ...) → `exit_files` → `exit_notify` → `release_task` (kernel/exit.c).",
                    integer("code", "an exit code", 0, 255, 0, o -> ((Op.Exit) o).code()).describe("Exit code."),
                    bool("thread", false, o -> ((Op.Exit) o).thread()).extended().describe("Extension. exit() of this thread only, not the group.")),
            op("coredump", Op.Coredump.class, v -> new Op.Coredump(v.integer("pages")),
                    "Take a core-dumping signal (fs/coredump.c: get_signal .. zap_threads .. coredump_wait .. dump_emit).",
                    "`get_signal` → `zap_threads` → `coredump_wait` → `dump_emit` (per page) → `coredump_finish` (fs/coredump.c).",
                    integer("pages", "a page count", 1, MAX_PAGES_PER_OP, 3, o -> ((Op.Coredump) o).pages()).extended().describe("Extension. Pages of core written.")),
            op("kthread_use_mm", Op.KthreadUseMm.class, v -> new Op.KthreadUseMm(v.string("mm"), v.bool("mmget")),
                    "A kthread adopts an mm (kernel/kthread.c: kthread_use_mm).",
                    "`mmget_not_zero` (with `mmget`, as drivers do) → `kthread_use_mm` (kernel/kthread.c). Only in the program of a `kthread: true` process; uses and unuses alternate, starting with a use. `mmget: false` models a driver that adopts an mm without pinning it.",
                    field("mm", Type.MM, o -> ((Op.KthreadUseMm) o).mm()).mandatory().describe("A declared mm."),
                    bool("mmget", true, o -> ((Op.KthreadUseMm) o).mmget()).extended()
                            .describe("Extension. Take an mm_users reference first (mmget_not_zero), as drivers do.")),
            op("kthread_unuse_mm", Op.KthreadUnuseMm.class, v -> new Op.KthreadUnuseMm(),
                    "The kthread drops the adopted mm (kthread_unuse_mm, then mmput if it took a reference).",
                    "`kthread_unuse_mm` → `mmput` (if `mmget` took a reference). Only after a `kthread_use_mm` of the same thread."),
            op("waitpid", Op.Waitpid.class, v -> new Op.Waitpid(v.string("pid")),
                    "waitpid(pid): reap a zombie child (kernel/exit.c: do_wait .. release_task).",
                    "`do_wait` → `release_task` (kernel/exit.c); sleeps until the child is a zombie.",
                    field("pid", Type.PID, o -> ((Op.Waitpid) o).pid()).mandatory()),
            op("send_pidfd", Op.SendPidfd.class, v -> new Op.SendPidfd(v.string("pidfd"), v.string("to"), v.string("as")),
                    "Pass a pidfd over a unix socket (SCM_RIGHTS, net/core/scm.c); it arrives in process 'to' as 'as'.",
                    "`scm_send` (SCM_RIGHTS, net/core/scm.c): the fd arrives in process `to` as `as`.",
                    field("pidfd", Type.PIDFD, o -> ((Op.SendPidfd) o).pidfd()).mandatory(),
                    field("to", Type.PROCESS, o -> ((Op.SendPidfd) o).to()).mandatory().noted("a process")
                            .describe("The receiving process (declared, or a clone child without CLONE_THREAD)."),
                    field("as", Type.FD_NAME, o -> ((Op.SendPidfd) o).as()).mandatory()),
            op("setuid", Op.Setuid.class, v -> new Op.Setuid(v.integer("uid")),
                    "setuid(uid) for the whole process (kernel/sys.c: __sys_setuid .. commit_creds): with CAP_SETUID uid, euid and suid; without it only euid, and only to the real or saved uid (-EPERM otherwise).",
                    "`commit_creds` (kernel/sys.c: `__sys_setuid`), for the whole process: with `CAP_SETUID` uid, euid and suid; without it only euid, and only to the real or saved uid, else -EPERM.",
                    integer("uid", "an integer uid", 0, Integer.MAX_VALUE, null, o -> ((Op.Setuid) o).uid()).mandatory().describe("The new uid.")),
            op("io_wait", Op.IoWait.class, v -> new Op.IoWait(v.bool("mmapWrite")),
                    "Extension. Sleep in uninterruptible I/O (D state, io_schedule), optionally holding mmap_lock for write.",
                    "**Extension.** `mmap_write_lock_killable` (with `mmapWrite`) → `io_schedule` (D state) → `mmap_write_unlock`.",
                    bool("mmapWrite", false, o -> ((Op.IoWait) o).mmapWrite()).describe("Hold mmap_lock for write while waiting (an mmap waiting on I/O).")),
            op("touch", Op.Touch.class, v -> new Op.Touch(),
                    "Extension. A user-mode memory access (handle_mm_fault): SIGBUS on a reaped address space.",
                    "**Extension.** `handle_mm_fault`: a user-mode memory access; SIGBUS on a reaped address space."),
            op("open", Op.Open.class, v -> new Op.Open(v.string("file"), v.string("pid"), v.string("as")),
                    "Extension. open() of something that is not a pidfd (fs/open.c: do_sys_open).",
                    "**Extension.** `do_sys_open`: a plain file, or the `/proc/<pid>` directory (pidfd_send_signal accepts it, process_mrelease does not).",
                    choice("file", OPEN_FILES, null, o -> ((Op.Open) o).file()).mandatory()
                            .describe("regular: a plain file; proc_dir: the /proc/<pid> directory (pidfd_send_signal accepts it, process_mrelease does not)."),
                    field("pid", Type.PID, o -> ((Op.Open) o).pid()).noted("for `proc_dir` only").describe("For file: proc_dir only."),
                    field("as", Type.FD_NAME, o -> ((Op.Open) o).as()).mandatory()),
            op("setpgid", Op.Setpgid.class, v -> new Op.Setpgid(v.string("pid"), v.string("pgid")),
                    "Extension. setpgid(pid, pgid) (kernel/sys.c): move a process (the caller or one of its children that has not exec'ed) into the process group whose id is the pid of 'pgid'. -ESRCH, -EACCES (the child exec'ed), -EPERM (no such group).",
                    "**Extension.** `setpgid` (kernel/sys.c), one step: moves `pid` into the process group whose id is the pid of `pgid`. -ESRCH when `pid` is neither the caller nor its child, -EACCES when that child has exec'ed (declared processes count as exec'ed, clone children until they `exec`), -EPERM when no process is in the group `pgid` names. Sessions are not modelled.",
                    field("pid", Type.PROCESS, o -> ((Op.Setpgid) o).pid()).noted("a process, default: the caller's")
                            .describe("The process to move; default: the caller's process."),
                    field("pgid", Type.PROCESS, o -> ((Op.Setpgid) o).pgid()).noted("a process, default: `pid` itself")
                            .describe("The process whose pid is the group id; default: 'pid' itself (a new group).")),
            op("exec", Op.Exec.class, v -> new Op.Exec(v.string("mm")),
                    "Extension. execve() of the caller's process (fs/exec.c: do_execveat_common .. de_thread .. exec_mm_release (complete_vfork_done) .. exec_mmap .. mmput of the old mm). Runs in a process's first thread.",
                    "**Extension.** `execve` (fs/exec.c): `do_execveat_common` → `de_thread` (SIGKILL to the other threads, which exit alone; killable wait until they are gone) → `exec_mm_release` (`mm_release` → `complete_vfork_done`: a vfork parent resumes) → `exec_mmap` (`->mm` switches under `task_lock`, with the old `mmap_lock(R)` taken killably) → `mmput` of the old mm (→ `exit_mmap` in the caller when it was the last user). A fatal signal before `exec_mmap` fails the exec with -EINTR (the thread dies on its way out); after it the exec returns 0. `mm` is a declared mm that no process has at the start and no other exec names; it exists (and counts as resident) only from `exec_mmap` on. Only in a process's first thread (a process name or a clone child without CLONE_THREAD), not in a kthread.",
                    field("mm", Type.MM, o -> ((Op.Exec) o).mm()).mandatory().noted("the new address space")
                            .describe("The new address space: a declared mm that no process uses at the start and no other exec names.")));

    private static final Map<String, Declaration> BY_NAME;
    private static final Map<Class<?>, Declaration> BY_TYPE;

    static {
        Map<String, Declaration> byName = new LinkedHashMap<>();
        Map<Class<?>, Declaration> byType = new LinkedHashMap<>();
        for (Declaration d : ALL) {
            byName.put(d.name(), d);
            byType.put(d.type(), d);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_TYPE = Collections.unmodifiableMap(byType);
    }

    private Operations() {}

    /** Every operation with a file syntax, in the order of {@link Op}. */
    public static List<Declaration> all() {
        return ALL;
    }

    /** The operation of that name, or null. */
    public static Declaration byName(String name) {
        return BY_NAME.get(name);
    }

    /** The declaration of an operation, or null for one without file syntax (oom_kill_process). */
    public static Declaration of(Op op) {
        return BY_TYPE.get(op.getClass());
    }

    /** The names, in order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    // ---- the docs table (docs/scenario-format.md, "Operations") ----

    /** The rows of the operations table of docs/scenario-format.md, header included. */
    public static String docsTable() {
        StringBuilder b = new StringBuilder("| operation | arguments (default) | path |\n|---|---|---|\n");
        for (Declaration d : ALL) {
            List<String> args = new ArrayList<>();
            for (Field f : d.fields()) args.add(docs(f));
            b.append("| `").append(d.name()).append("` | ").append(args.isEmpty() ? "none" : String.join(", ", args))
                    .append(" | ").append(d.path()).append(" |\n");
        }
        return b.toString();
    }

    private static String docs(Field f) {
        String head = "`" + f.name() + "`";
        switch (f.type()) {
            case SIG: head += ": `SIGKILL` or `0`"; break;
            case FLAGS: head += ": list of " + quoted(f.values()); break;
            case CHOICE: head += ": " + String.join(" or ", f.values().stream().map(v -> "`" + v + "`").toList()); break;
            case INT: head += ": " + f.min() + ".." + f.max(); break;
            case BOOL: head += ": boolean"; break;
            default: break;
        }
        List<String> paren = new ArrayList<>();
        if (f.required()) paren.add("required");
        if (f.note() != null) paren.add(f.note());
        if (f.def() != null) paren.add("`" + (f.type() == Type.FLAGS ? "[]" : String.valueOf(f.def())) + "`");
        if (f.extension()) paren.add("**extension**");
        return paren.isEmpty() ? head : head + " (" + String.join(", ", paren) + ")";
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
    }

    // ---- declaring ----

    private static Declaration op(String name, Class<? extends Op> type, Function<Values, Op> build, String description,
                                  String path, Field... fields) {
        return new Declaration(name, type, description, path, List.of(fields), build);
    }

    private static Field field(String name, Type type, Function<Op, Object> get) {
        return new Field(name, type, false, null, List.of(), 0, 0, null, false, null, null, get);
    }

    private static Field sig(Function<Op, Object> get) {
        return new Field("sig", Type.SIG, false, "SIGKILL", List.of(), 0, 0, null, false, null, null, get);
    }

    private static Field flags(String name, List<String> values, Function<Op, Object> get) {
        return new Field(name, Type.FLAGS, false, List.of(), values, 0, 0, null, false, null, null, get);
    }

    private static Field choice(String name, List<String> values, String def, Function<Op, Object> get) {
        return new Field(name, Type.CHOICE, false, def, values, 0, 0, null, false, null, null, get);
    }

    /** An integer field; {@code noun} is how limit messages name it ("a page count"). */
    private static Field integer(String name, String noun, long min, long max, Integer def, Function<Op, Object> get) {
        return new Field(name, Type.INT, false, def, List.of(), min, max, noun, false, null, null, get);
    }

    private static Field bool(String name, boolean def, Function<Op, Object> get) {
        return new Field(name, Type.BOOL, false, def, List.of(), 0, 0, null, false, null, null, get);
    }
}
