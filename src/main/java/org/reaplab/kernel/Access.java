package org.reaplab.kernel;

/**
 * The objects of the kernel state one step (or one {@code canRun} probe) looked at: tasks, thread groups
 * and mms by index, and the global parts by bit. Object granularity: a task includes its kernel stack,
 * a thread group its signal struct, credentials and fd table, an mm its locks, VMAs and pages. Three
 * facts about tasks are filed under the mm they are about, so that asking them does not read every
 * task: the tasks that use an mm (a task's {@code linked}/{@code mm}), the tasks on their way to its
 * mmput ({@code exitMm}) and the queued mmap writers (a task's top frame
 * {@link Frame#waitsForMmapWrite()}); whoever changes one of those writes that mm (see
 * {@code exploration/Independence}). An index of 64 or more makes the set {@link #wide}: it then
 * overlaps every set that is not empty.
 */
public final class Access {
    /** init_task.tasks (the process list). */
    public static final int PROCESS_LIST = 1;
    /** oom_reaper_list. */
    public static final int OOM_REAPER_LIST = 1 << 1;
    /** The pid allocator. */
    public static final int NEXT_PID = 1 << 2;
    /** Which tasks, groups and mms exist (copy_process adds them). */
    public static final int OBJECTS = 1 << 3;
    /** The armed oom_reaper timers of every task (their expiry order). */
    public static final int OOM_TIMERS = 1 << 4;
    /** panic(). */
    public static final int PANIC = 1 << 5;
    /** The invariants fired so far. */
    public static final int FIRED = 1 << 6;

    public long tasks, groups, mms;
    public int globals;
    /** Some index was 64 or more: this set overlaps every object of every kind. */
    public boolean wide;
    /**
     * The tasks a fact filed under an mm was read from (above): the witness task of an answer "yes"; for
     * an answer "no", one field of every task, named in {@link #scans}. Independence ignores them (the mm
     * stands for them); a step replayed from its reads ({@link StepCache}) needs them.
     */
    public long witnessTasks;
    public int scans;
    /** {@link #scans}: every task's {@link KernelState#mmUsed}. */
    public static final int SCAN_MM_USED = 1;
    /** {@link #scans}: every task's {@link KernelState#mmapWriteWaited}. */
    public static final int SCAN_MMAP_WRITE_WAITED = 1 << 1;
    /** {@link #scans}: every task's {@code oomReaperTimer}. */
    public static final int SCAN_OOM_TIMER = 1 << 2;

    public void task(int i) {
        if (i >= 64) wide = true;
        else if (i >= 0) tasks |= 1L << i;
    }

    public void group(int i) {
        if (i >= 64) wide = true;
        else if (i >= 0) groups |= 1L << i;
    }

    public void mm(int i) {
        if (i >= 64) wide = true;
        else if (i >= 0) mms |= 1L << i;
    }

    public void global(int bits) {
        globals |= bits;
    }

    /** A fact filed under an mm held because of task {@code i} (see {@link #witnessTasks}). */
    public void witness(int i) {
        if (i >= 64) wide = true;
        else witnessTasks |= 1L << i;
    }

    /** Every task (a scan over all of them), and which tasks exist. */
    public void allTasks(int count) {
        if (count > 64) wide = true;
        tasks |= count >= 64 ? -1L : (1L << count) - 1;
        globals |= OBJECTS;
    }

    public void add(Access o) {
        tasks |= o.tasks;
        groups |= o.groups;
        mms |= o.mms;
        globals |= o.globals;
        wide |= o.wide;
        witnessTasks |= o.witnessTasks;
        scans |= o.scans;
    }

    public void clear() {
        tasks = groups = mms = 0;
        globals = 0;
        wide = false;
        witnessTasks = 0;
        scans = 0;
    }

    public boolean isEmpty() {
        return tasks == 0 && groups == 0 && mms == 0 && globals == 0 && !wide;
    }

    /** Some object or global part is in both sets. */
    public boolean intersects(Access o) {
        if ((wide && !o.isEmpty()) || (o.wide && !isEmpty())) return true;
        return (tasks & o.tasks) != 0 || (groups & o.groups) != 0 || (mms & o.mms) != 0 || (globals & o.globals) != 0;
    }

    /** Every object and part of {@code o} is in this set. */
    public boolean contains(Access o) {
        if (wide) return true;
        if (o.wide) return false;
        return (o.tasks & ~tasks) == 0 && (o.groups & ~groups) == 0 && (o.mms & ~mms) == 0 && (o.globals & ~globals) == 0;
    }

    public Access copy() {
        Access a = new Access();
        a.add(this);
        return a;
    }

    @Override
    public String toString() {
        return "Access[tasks=" + Long.toBinaryString(tasks) + ", groups=" + Long.toBinaryString(groups) + ", mms="
                + Long.toBinaryString(mms) + ", globals=" + Integer.toBinaryString(globals) + (wide ? ", wide" : "") + "]";
    }
}
