package org.reaplab.kernel;

/**
 * The context of one step: the kernel state, the running task, and (when a run is recorded) the log
 * of what the step did. Every change a path makes to shared state goes through here so the timeline
 * can show it; without a log nothing is formatted.
 *
 * <p>The paths reach the kernel state only through this class: every task, thread group and mm is
 * looked up here ({@link #task(int)}, {@link #group(int)}, {@link #mm(int)}, {@link #groupOf(Task)},
 * the global lists), and each lookup is noted in {@link #reads} when the caller asked for it (the
 * explorer's partial-order reduction needs to know what a step, or a {@code canRun} probe, looked at;
 * see {@link Access}). The state itself is not reachable from a path, so no lookup escapes the record.
 */
public final class Exec {
    private final KernelState k;
    public Task cur;
    private final StepLog log;
    /** The objects looked up so far, or null when nobody asked. */
    private final Access reads;
    /** A step, not a probe: a lookup makes the object the state's own before the path may write it. */
    private boolean owning;
    /**
     * In a step: the running task's frames from this index up are the step's own (copied or pushed by it);
     * those below may be shared with other copies of the task, so a return copies its caller first.
     */
    private int ownFrames = Integer.MAX_VALUE;

    public Exec(KernelState k, Task cur, StepLog log) {
        this(k, cur, log, null);
    }

    /** With {@code reads}, every lookup (the running task's own included) is noted there. */
    public Exec(KernelState k, Task cur, StepLog log, Access reads) {
        this.k = k;
        this.cur = cur;
        this.log = log;
        this.reads = reads;
        if (reads != null && cur != null) reads.task(cur.index);
    }

    /** The context of a step of {@code cur} (KernelState.step): lookups may be written through. */
    static Exec forStep(KernelState k, Task cur, StepLog log, Access reads) {
        Exec x = new Exec(k, cur, log, reads);
        x.owning = true;
        x.ownFrames = cur.depth - 1; // KernelState.step copied the running frame
        return x;
    }

    /** The state, for the invariants (same package, read only); paths use the lookups below. */
    KernelState state() {
        return k;
    }

    public boolean recording() {
        return log != null;
    }

    // ---- the call stack ----

    /** Calls a sub-path: its first step runs next. */
    public void call(Frame f) {
        cur.push(f);
        ownFrames = Math.min(ownFrames, cur.depth - 1);
    }

    /** Replaces the running frame (a path that never returns hands over, e.g. to do_exit). */
    public void tail(Frame f) {
        cur.pop();
        cur.push(f);
        ownFrames = Math.min(ownFrames, cur.depth - 1);
    }

    /** Returns from the running frame. A system call's return is reported and the thread goes back to user mode. */
    public void ret(int value) {
        Frame done = cur.pop();
        if (cur.depth > 0) {
            int i = cur.depth - 1;
            Frame caller = i >= ownFrames ? cur.top() : cur.ownTop();
            ownFrames = Math.min(ownFrames, i);
            caller.r = value;
            caller.returned(this);
            return;
        }
        cur.resumed = true;
        if (done.op != null) {
            int index = cur.nextOp;
            cur.rets = cur.rets.clone(); // shared between state copies: copy on write
            cur.rets[index] = value;
            cur.nextOp++;
            if (log != null) {
                log.call = done.op;
                log.callRet = value;
                log.callIndex = index;
            }
        }
    }

    // ---- words ----

    /** Adds a sentence to the step's explanation; {} are replaced by the arguments in order. */
    public void say(String template, Object... args) {
        if (log == null) return;
        StringBuilder b = new StringBuilder();
        int a = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}' && a < args.length) {
                b.append(args[a++]);
                i++;
            } else {
                b.append(c);
            }
        }
        log.say(b.toString());
    }

    public void change(String subject, String field, Object from, Object to, String op) {
        if (log != null) log.changes.add(new Change(subject, field, String.valueOf(from), String.valueOf(to), op));
    }

    public void signal(Task from, ThreadGroup to, String sig, String result, boolean user) {
        if (log != null) log.signals.add(new SignalEdge(from.name, to.name, sig, result, user));
    }

    /** Reports an invariant violation once per subject. */
    public void violation(Invariant inv, int subject, String detail) {
        if (reads != null) reads.global(Access.FIRED);
        if (k.fire(inv, subject) && log != null) log.violations.add(new StepLog.Fired(inv, detail));
    }

    // ---- mm reference counts (include/linux/sched/mm.h, kernel/fork.c) ----

    /** mmget: mm_users + 1. */
    public void mmget(Mm mm) {
        ref(mm, RefOp.MMGET, mm.users, mm.users + 1);
        mm.users++;
    }

    /** The decrement half of mmput; the caller runs __mmput when it returns 0. */
    public int mmputDec(Mm mm) {
        ref(mm, RefOp.MMPUT, mm.users, mm.users - 1);
        return --mm.users;
    }

    /** mmgrab: mm_count + 1. */
    public void mmgrab(Mm mm) {
        ref(mm, RefOp.MMGRAB, mm.count, mm.count + 1);
        mm.count++;
    }

    /** mmdrop: mm_count − 1; at zero __mmdrop frees the struct in this context. */
    public void mmdrop(Mm mm) {
        ref(mm, RefOp.MMDROP, mm.count, mm.count - 1);
        if (--mm.count == 0) {
            mm.freed = true;
            if (log != null) change(mm.name, "freed", false, true, null);
            say("__mmdrop frees {} in {}'s context.", mm.name, cur.name);
        }
    }

    /**
     * mm_init for exec's new mm (bprm_mm_init → mm_alloc): one user, one count, not freed, and the new
     * program's pages resident (the model maps them whole). Every field it sets is in the change log.
     */
    public void mmInit(Mm mm) {
        if (log != null) {
            change(mm.name, "mm_users", mm.users, 1, null);
            change(mm.name, "mm_count", mm.count, 1, null);
            if (mm.freed) change(mm.name, "freed", true, false, null);
            for (int i = 0; i < mm.vmas.length; i++) {
                if (mm.resident[i] != mm.vmas[i].pages()) change(mm.name, "resident." + mm.vmas[i].kind().key, mm.resident[i], mm.vmas[i].pages(), null);
            }
        }
        mm.users = 1;
        mm.count = 1;
        mm.freed = false;
        for (int i = 0; i < mm.vmas.length; i++) mm.resident[i] = mm.vmas[i].pages();
    }

    private void ref(Mm mm, RefOp op, int from, int to) {
        if (log == null) return;
        change(mm.name, op.field(), from, to, op.label);
        log.facts.add(new StepFact.Ref(mm.name, op, from, to));
    }

    /** Notes what this step did for the readers of the whole run (nothing is kept while exploring). */
    public void fact(StepFact f) {
        if (log != null) log.facts.add(f);
    }

    public void setMmFlag(Mm mm, int flag) {
        if (mm.test(flag)) return;
        if (log != null) change(mm.name, "flags", Mm.flagNames(mm.flags), Mm.flagNames(mm.flags | flag), null);
        mm.flags |= flag;
    }

    public void setTaskMm(Task t, int mm) {
        if (reads != null) {
            reads.mm(t.mm);
            reads.mm(mm);
        }
        if (log != null) change(t.name, "mm", t.mm < 0 ? "NULL" : k.mms[t.mm].name, mm < 0 ? "NULL" : k.mms[mm].name, null);
        t.mm = mm;
    }

    /** copy_process links the task: for_each_process and its thread group see it, and it uses its mm now. */
    public void linkTask(Task t) {
        if (reads != null) reads.mm(t.mm); // the users of an mm are filed under the mm (Access)
        t.linked = true;
    }

    public void setTaskFlag(Task t, int flag) {
        if (t.has(flag)) return;
        if (log != null) change(t.name, "flags", Task.flagNames(t.flags), Task.flagNames(t.flags | flag), null);
        t.flags |= flag;
    }

    public void setSleep(Task t, int state) {
        if (t.sleep == state) return;
        if (log != null) change(t.name, "state", Task.stateName(t.sleep), Task.stateName(state), null);
        t.sleep = state;
    }

    public void setExitState(Task t, int state) {
        if (log != null) change(t.name, "exit_state", exitStateName(t.exitState), exitStateName(state), null);
        t.exitState = state;
    }

    private static String exitStateName(int s) {
        return s == Task.EXIT_ZOMBIE ? "EXIT_ZOMBIE" : s == Task.EXIT_DEAD ? "EXIT_DEAD" : "0";
    }

    public void setGroupExit(ThreadGroup g, int code) {
        if (!g.groupExit()) {
            if (log != null) change(g.name, "signal->flags", ThreadGroup.flagNames(g.signalFlags),
                    ThreadGroup.flagNames(g.signalFlags | ThreadGroup.SIGNAL_GROUP_EXIT), null);
        }
        // do_group_exit, complete_signal and zap_process all assign signal->flags = SIGNAL_GROUP_EXIT:
        // SIGNAL_UNKILLABLE does not survive the group exit
        if (g.unkillable() && log != null) change(g.name, "signal->flags", ThreadGroup.flagNames(g.signalFlags),
                ThreadGroup.flagNames(ThreadGroup.SIGNAL_GROUP_EXIT), null);
        g.signalFlags = ThreadGroup.SIGNAL_GROUP_EXIT;
        g.groupExitCode = code;
    }

    // ---- locks that are held across steps ----

    public boolean taskLockFree(Task t) {
        noteTask(t.index);
        return t.taskLockHolder < 0 || t.taskLockHolder == cur.index;
    }

    public void taskLock(Task t) {
        t.taskLockHolder = cur.index;
    }

    public void taskUnlock(Task t) {
        if (t.taskLockHolder == cur.index) t.taskLockHolder = -1;
    }

    public void mmapReadLock(Mm mm) {
        mm.addReader(cur.index);
    }

    public void mmapReadUnlock(Mm mm) {
        mm.removeReader(cur.index);
    }

    public void mmapWriteLock(Mm mm) {
        mm.writer = cur.index;
    }

    public void mmapWriteUnlock(Mm mm) {
        if (mm.writer == cur.index) mm.writer = -1;
    }

    // ---- lookups: every object a path touches is found here ----

    /** What does not change during a run (scenario, design, names, programs): not recorded. */
    public World world() {
        return k.world;
    }

    public Task task(int index) {
        if (reads != null) reads.task(index);
        return owning ? k.ownTask(index) : k.tasks[index];
    }

    public ThreadGroup group(int index) {
        if (reads != null) reads.group(index);
        return owning ? k.ownGroup(index) : k.groups[index];
    }

    public Mm mm(int index) {
        if (reads != null) reads.mm(index);
        return owning ? k.ownMm(index) : k.mms[index];
    }

    // a predicate's reads: recorded, and nothing it returns is written, so nothing is copied
    private void noteTask(int index) {
        if (reads != null) reads.task(index);
    }

    private void noteGroup(int index) {
        if (reads != null) reads.group(index);
    }

    private void noteMm(int index) {
        if (reads != null) reads.mm(index);
    }

    /** The running task's thread group. */
    public ThreadGroup group() {
        return group(cur.group);
    }

    public ThreadGroup groupOf(Task t) {
        return group(t.group);
    }

    /** The task of that name, or null (names never change: only the task found is recorded). */
    public Task task(String name) {
        for (Task t : k.tasks) if (t.name.equals(name)) return task(t.index);
        if (reads != null) reads.global(Access.OBJECTS);
        return null;
    }

    public ThreadGroup group(String name) {
        for (ThreadGroup g : k.groups) if (g.name.equals(name)) return group(g.index);
        if (reads != null) reads.global(Access.OBJECTS);
        return null;
    }

    public Mm mm(String name) {
        for (Mm m : k.mms) if (m.name.equals(name)) return mm(m.index);
        if (reads != null) reads.global(Access.OBJECTS);
        return null;
    }

    /**
     * The mm the threads of task {@code t}'s process used (ThreadGroup.mmSeen): set when the process
     * is created and never changed, so reading it is not recorded.
     */
    public int mmSeen(int t) {
        return k.groups[k.tasks[t].group].mmSeen;
    }

    /** Every task, for a scan over all of them (the array must not be written). */
    public Task[] tasks() {
        if (reads != null) reads.allTasks(k.tasks.length);
        return owning ? k.ownTasks() : k.tasks;
    }

    /** The tasks ever created in thread group {@code g} (released ones included), by index. */
    public int[] tasksOfGroup(int g) {
        if (reads != null) reads.global(Access.OBJECTS);
        int n = 0;
        for (Task t : k.tasks) if (t.group == g) n++;
        int[] out = new int[n];
        n = 0;
        for (Task t : k.tasks) if (t.group == g) out[n++] = t.index;
        return out;
    }

    public int groupCount() {
        if (reads != null) reads.global(Access.OBJECTS);
        return k.groups.length;
    }

    public int mmCount() {
        if (reads != null) reads.global(Access.OBJECTS);
        return k.mms.length;
    }

    /** init_task.tasks: leaders' groups in link order (the array must not be written). */
    public int[] processList() {
        if (reads != null) reads.global(Access.PROCESS_LIST);
        return k.processList;
    }

    /** oom_reaper_list, in order (the array must not be written: replace it with {@link #setOomReaperList}). */
    public int[] oomReaperList() {
        if (reads != null) reads.global(Access.OOM_REAPER_LIST);
        return k.oomReaperList;
    }

    public void setOomReaperList(int[] list) {
        if (reads != null) reads.global(Access.OOM_REAPER_LIST);
        k.oomReaperList = list;
    }

    /**
     * The armed oom_reaper timers: every task's {@code oomReaperTimer}, and only that field may be read
     * from the tasks returned (it is recorded as one part, {@link Access#OOM_TIMERS}).
     */
    public Task[] oomReaperTimers() {
        if (reads != null) {
            reads.global(Access.OOM_TIMERS | Access.OBJECTS);
            reads.scans |= Access.SCAN_OOM_TIMER;
        }
        return owning ? k.ownTasks() : k.tasks;
    }

    /** alloc_pid: the next pid number. */
    public int allocPid() {
        if (reads != null) reads.global(Access.NEXT_PID);
        return k.nextPid++;
    }

    /** The index the next task, group or mm created gets. */
    public int nextTaskIndex() {
        if (reads != null) reads.global(Access.OBJECTS);
        return k.tasks.length;
    }

    public int nextGroupIndex() {
        return groupCount();
    }

    public int nextMmIndex() {
        return mmCount();
    }

    public void addTask(Task t) {
        if (reads != null) {
            reads.global(Access.OBJECTS);
            reads.task(t.index);
        }
        k.addTask(t);
    }

    public void addGroup(ThreadGroup g) {
        if (reads != null) {
            reads.global(Access.OBJECTS);
            reads.group(g.index);
        }
        k.addGroup(g);
    }

    public void addMm(Mm m) {
        if (reads != null) {
            reads.global(Access.OBJECTS);
            reads.mm(m.index);
        }
        k.addMm(m);
    }

    public void linkProcess(int group) {
        if (reads != null) reads.global(Access.PROCESS_LIST);
        k.linkProcess(group);
    }

    public void unlinkProcess(int group) {
        if (reads != null) reads.global(Access.PROCESS_LIST);
        k.unlinkProcess(group);
    }

    /** panic(): the kernel stops. */
    public void panic(String message) {
        if (reads != null) reads.global(Access.PANIC);
        k.panic = message;
    }

    // ---- predicates over the state, recorded like the lookups ----

    /** fatal_signal_pending(t). */
    public boolean fatalSignalPending(Task t) {
        noteTask(t.index);
        noteGroup(t.group);
        return k.fatalSignalPending(t);
    }

    /** Dying in the sense of the invariants: group exit, PF_EXITING, a pending SIGKILL, or gone. */
    public boolean exiting(Task t) {
        noteTask(t.index);
        noteGroup(t.group);
        return k.exiting(t);
    }

    /** The pid namespace of t (a thread group's namespace never changes). */
    public int ns(Task t) {
        return k.ns(t);
    }

    /** The caller's pid is visible in ns (namespaces never change). */
    public boolean visibleIn(Task t, int ns) {
        return k.visibleIn(t, ns);
    }

    /** The target process's pid is visible to a task in namespace ns (namespaces never change). */
    public boolean canSee(int ns, ThreadGroup target) {
        return k.canSee(ns, target);
    }

    /** A task holds the mm as ->mm: recorded as a read of the mm (its users are filed under it). */
    public boolean anyTaskUses(int mm) {
        noteMm(mm);
        return k.anyTaskUses(mm, reads);
    }

    /** The mmap_lock can be taken for read now (queued writers are filed under the mm). */
    public boolean mmapReadAvailable(Mm mm) {
        noteMm(mm.index);
        return k.mmapReadAvailable(mm, reads);
    }

    public boolean mmapWriteAvailable(Mm mm) {
        noteMm(mm.index);
        return k.mmapWriteAvailable(mm);
    }

    /** mmap_read_trylock would succeed. */
    public boolean mmapTrylockWouldSucceed(Mm mm) {
        noteMm(mm.index);
        return k.mmapTrylockWouldSucceed(mm, reads);
    }
}
