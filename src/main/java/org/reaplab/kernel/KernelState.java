package org.reaplab.kernel;

import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.scenario.MmSpec;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole simulated kernel: every task, thread group and mm, the oom_reaper queue and the
 * invariants that fired. It runs with plain {@code new}; {@link #copy()} and {@link #fingerprint()}
 * are cheap so a run can keep checkpoints and the explorer can deduplicate states.
 */
public final class KernelState {
    public static final int OOM_REAPER_ATTEMPTS = 10; // mm/oom_kill.c: oom_reap_task, MAX_OOM_REAP_RETRIES

    public final World world;
    public Task[] tasks;
    public ThreadGroup[] groups;      // in creation order: the order of init_task.tasks
    public Mm[] mms;
    public int[] processList = new int[0];   // init_task.tasks: leaders in link order
    public int[] oomReaperList = new int[0]; // tasks queued for the oom_reaper, in order
    public int oomReaperTask = -1;
    public String panic;              // set when the kernel would panic ("Attempted to kill init!")
    public int[] fired = new int[0];  // invariant × subject keys already reported
    public int nextPid = 100;

    private Exec probe;               // reused for side-effect-free queries (created on first use)

    // Incremental fingerprints: the hash of each task, group and mm as of the last fingerprint(), and
    // the state this one was copied from. Objects equal to the origin's reuse its hashes. A step
    // drops this state's hashes, so an origin that changed since is never trusted.
    private long[] parts;
    // or, after a tracked fingerprint: parts are partsBase (an origin's, never written) with the changed
    // entries' hashes in changedHash, made an array of their own only when asked for (hashes())
    private long[] partsBase;
    private long[] changedHash;
    private long partsSum;            // the sum of parts but the last (the lists'), as fingerprint() adds them
    private long listsPart;           // the last part: the hash of the lists
    private long fingerprint;
    private KernelState origin;
    // what the last fingerprint() found: the objects (indices into parts) that differ from changedFrom
    private int[] changed;
    private int changedCount;
    private KernelState changedFrom;
    // the tasks, groups and mms may be shared with other states (rewind, PackedStates): a step copies them
    // first, all at once, or (while origin is the state shared with) each on its first lookup
    private boolean sharesObjects;
    // while tracked: every task, group and mm is the origin's own object but those a step copied on first
    // lookup, listed in looked (kind << LOOKED_KIND | index), so fingerprint() compares only those
    private boolean tracked;
    private int[] looked = new int[8];
    private int lookedCount;
    private static final int LOOKED_KIND = 28, LOOKED_INDEX = (1 << LOOKED_KIND) - 1;

    /** The initial state of a scenario under a preset (with the file's variantOptions folded in). */
    public KernelState(Scenario scenario, Variant variant, KernelPaths paths) {
        this(scenario, scenario.design(variant.id), paths);
    }

    /** The initial state of a scenario under a design. */
    public KernelState(Scenario scenario, Design design, KernelPaths paths) {
        this.world = new World(scenario, design, paths);
        List<Mm> mmList = new ArrayList<>();
        for (MmSpec spec : scenario.mms()) {
            Mm mm = new Mm(mmList.size(), spec.name(), Vma.layout(spec.memory(), spec.mmuNotifierRefuses()), spec.memory().swap());
            mm.users = 0;
            mm.count = 0;
            if (spec.flags() != null) for (String f : spec.flags()) mm.flags |= Mm.flagByName(f);
            mmList.add(mm);
        }
        mms = mmList.toArray(new Mm[0]);
        tasks = new Task[0];
        groups = new ThreadGroup[0];
        int[] nsNext = new int[world.nsNames.length];
        Arrays.fill(nsNext, 2);
        for (ProcessSpec p : scenario.processes()) createProcess(p, nsNext);
        for (Mm mm : mms) {
            if (mm.users > 0) mm.count = 1;  // all mm_users together own one mm_count
            else if (world.execMms.contains(mm.name)) java.util.Arrays.fill(mm.resident, 0); // built by its exec
            else mm.freed = true;
        }
        // vfork parents sleep in wait_for_vfork_done until the child's mm_release
        for (ProcessSpec p : scenario.processes()) {
            if (!p.vfork()) continue;
            ThreadGroup child = group(p.name());
            ThreadGroup parent = group(p.parent());
            Task parentTask = tasks[parent.leader];
            tasks[child.leader].vforkParent = parentTask.index;
            parentTask.push(world.paths.waitingForVfork(child.leader));
            parentTask.sleep = Task.TASK_KILLABLE;
        }
        if (world.design.get(Knobs.REAPER) == Knobs.Reaper.OOM_REAPER) createOomReaper(nsNext);
    }

    private void createProcess(ProcessSpec p, int[] nsNext) {
        int ns = world.ns(p.namespace());
        boolean globalInit = p.init() && ns == 0;
        int parent = p.parent() == null ? -1 : group(p.parent()).index;
        ThreadGroup g = new ThreadGroup(groups.length, p.name(), ns, p.kthread(), globalInit, p.init(), parent,
                p.autoreap(), world.fdNames.size(), p.memcg());
        // setpgid: the group named in the file, else fork's inheritance from the parent, else its own
        if (p.pgrp() != null) g.pgrp = group(p.pgrp()) == null ? g.index : group(p.pgrp()).index;
        else if (parent >= 0) g.pgrp = groups[parent].pgrp;
        g.uid = p.uid();
        g.euid = p.effectiveUid();
        g.suid = p.savedUid();
        if (p.caps() != null) {
            for (String c : p.caps()) {
                if (c.equals("CAP_KILL")) g.caps |= ThreadGroup.CAP_KILL;
                if (c.equals("CAP_SYS_PTRACE")) g.caps |= ThreadGroup.CAP_SYS_PTRACE;
                if (c.equals("CAP_SETUID")) g.caps |= ThreadGroup.CAP_SETUID;
            }
        }
        if (p.init()) g.signalFlags |= ThreadGroup.SIGNAL_UNKILLABLE; // copy_process: is_child_reaper
        g.linked = true;
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[g.index] = g;
        linkProcess(g.index);
        int mm = p.mm() == null ? -1 : mm(p.mm()).index;
        if (mm >= 0) {
            Mm m = mms[mm];
            boolean sharer = hasUser(mm);
            if (sharer && !p.vfork()) m.flags |= Mm.MMF_MULTIPROCESS; // copy_oom_score_adj
            g.mmSeen = mm;
        }
        int threads = Math.max(1, p.threads());
        for (int i = 0; i < threads; i++) {
            String name = ProcessSpec.threadName(p.name(), i);
            int pid = globalInit && i == 0 ? 1 : nextPid++;
            int nsPid = p.init() && i == 0 ? 1 : (ns == 0 ? pid : nsNext[ns]++);
            int program = world.program(name);
            Task t = new Task(tasks.length, name, g.index, i == 0, pid, nsPid, program, world.programLength(program));
            t.linked = true;
            if (p.kthread()) t.flags |= Task.PF_KTHREAD;
            if (p.vfork()) t.flags |= Task.PF_FORKNOEXEC; // vfork()ed and not yet exec'ed
            if (mm >= 0) {
                t.mm = mm;
                mms[mm].users++;
            }
            addTask(t);
            g.addThread(t.index);
            g.live++;
            g.quickThreads++;
            if (i == 0) g.leader = t.index;
        }
    }

    private void createOomReaper(int[] nsNext) {
        ThreadGroup g = new ThreadGroup(groups.length, "oom_reaper", 0, true, false, false, -1, false, world.fdNames.size());
        g.linked = true;
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[g.index] = g;
        linkProcess(g.index);
        Task t = new Task(tasks.length, "oom_reaper", g.index, true, nextPid++, 0, -1, 0);
        t.linked = true;
        t.flags |= Task.PF_KTHREAD;
        t.sleep = Task.TASK_INTERRUPTIBLE;
        t.push(world.paths.oomReaper());
        addTask(t);
        g.addThread(t.index);
        g.leader = t.index;
        g.live = 1;
        g.quickThreads = 1;
        oomReaperTask = t.index;
    }

    private boolean hasUser(int mm) {
        for (Task t : tasks) if (t.mm == mm) return true;
        return false;
    }

    private KernelState(KernelState o) {
        world = o.world;
        tasks = new Task[o.tasks.length];
        for (int i = 0; i < tasks.length; i++) tasks[i] = o.tasks[i].copy();
        groups = new ThreadGroup[o.groups.length];
        for (int i = 0; i < groups.length; i++) groups[i] = o.groups[i].copy();
        mms = new Mm[o.mms.length];
        for (int i = 0; i < mms.length; i++) mms[i] = o.mms[i].copy();
        processList = o.processList;
        oomReaperList = o.oomReaperList;
        oomReaperTask = o.oomReaperTask;
        panic = o.panic;
        fired = o.fired;
        nextPid = o.nextPid;
        origin = o.hashed() ? o : o.origin;
    }

    public KernelState copy() {
        return new KernelState(this);
    }

    /**
     * A 64-bit fingerprint of the whole state (names and layout are in the shared World): the sum of
     * one hash per task, thread group and mm, each seeded with its kind and index, plus the lists.
     * Incremental: objects equal to those of the state this one was copied from reuse their hashes.
     */
    public long fingerprint() {
        if (hashed()) return fingerprint;
        int nt = tasks.length, ng = groups.length, nm = mms.length;
        KernelState o = origin;
        boolean reuse = o != null && o.hashed() && o.tasks.length == nt && o.groups.length == ng && o.mms.length == nm;
        changedCount = 0;
        changedFrom = reuse ? o : null;
        if (reuse && tracked) return fingerprintLooked(o);
        long[] p = new long[nt + ng + nm + 1]; // the last: the hash of the lists
        long[] op = reuse ? o.parts() : null;
        long sum = 0;
        for (int i = 0; i < nt; i++) {
            long x;
            if (reuse && (tasks[i] == o.tasks[i] || tasks[i].sameAs(o.tasks[i]))) x = op[i];
            else {
                x = tasks[i].hash(new Hasher().put(1).put(i)).value();
                markChanged(i);
            }
            p[i] = x;
            sum += x;
        }
        for (int i = 0; i < ng; i++) {
            long x;
            if (reuse && (groups[i] == o.groups[i] || groups[i].sameAs(o.groups[i]))) x = op[nt + i];
            else {
                x = groups[i].hash(new Hasher().put(2).put(i)).value();
                markChanged(nt + i);
            }
            p[nt + i] = x;
            sum += x;
        }
        for (int i = 0; i < nm; i++) {
            long x;
            if (reuse && (mms[i] == o.mms[i] || mms[i].sameAs(o.mms[i]))) x = op[nt + ng + i];
            else {
                x = mms[i].hash(new Hasher().put(3).put(i)).value();
                markChanged(nt + ng + i);
            }
            p[nt + ng + i] = x;
            sum += x;
        }
        // the lists are replaced, never written in place: the same arrays have the same hash
        long lists;
        if (reuse && o.processList == processList && o.oomReaperList == oomReaperList
                && o.fired == fired && (o.panic != null) == (panic != null)) {
            lists = op[op.length - 1];
        } else {
            lists = listsHash(processList, oomReaperList, panic, fired);
        }
        p[nt + ng + nm] = lists;
        return fingerprinted(p, sum, lists);
    }

    /** The fingerprint of a tracked state: only the objects its steps copied can differ from the origin's. */
    private long fingerprintLooked(KernelState o) {
        int nt = tasks.length, ng = groups.length;
        long[] p = o.parts();
        long sum = o.partsSum;
        for (int c = 0; c < lookedCount; c++) {
            int l = looked[c], i = l & LOOKED_INDEX, part;
            long x;
            switch (l >>> LOOKED_KIND) {
                case 0 -> {
                    if (tasks[i].sameAs(o.tasks[i])) continue;
                    part = i;
                    x = tasks[i].hash(new Hasher().put(1).put(i)).value();
                }
                case 1 -> {
                    if (groups[i].sameAs(o.groups[i])) continue;
                    part = nt + i;
                    x = groups[i].hash(new Hasher().put(2).put(i)).value();
                }
                default -> {
                    if (mms[i].sameAs(o.mms[i])) continue;
                    part = nt + ng + i;
                    x = mms[i].hash(new Hasher().put(3).put(i)).value();
                }
            }
            sum += x - p[part];
            markChanged(part, x);
        }
        long lists;
        if (o.processList == processList && o.oomReaperList == oomReaperList && o.fired == fired && (o.panic != null) == (panic != null)) {
            lists = p[p.length - 1];
        } else {
            lists = listsHash(processList, oomReaperList, panic, fired);
        }
        long fp = fingerprinted(null, sum, lists);
        partsBase = p;
        return fp;
    }

    /** The hash of the lists, panic and fired invariants: the last of a state's parts. */
    static long listsHash(int[] processList, int[] oomReaperList, String panic, int[] fired) {
        return new Hasher().put(processList, processList.length).put(oomReaperList, oomReaperList.length)
                .put(panic != null).put(fired, fired.length).value();
    }

    /** A state's fingerprint from its shape, the sum of its object hashes and the hash of its lists. */
    static long fingerprintOf(int tasks, int groups, int mms, long sum, long lists) {
        return new Hasher().put(tasks).put(groups).put(mms).put(sum).put(lists).value();
    }

    /** This state's fingerprint holds: its per-object hashes are known (as an array, or as changes to an origin's). */
    private boolean hashed() {
        return parts != null || partsBase != null;
    }

    /** The per-object hashes as an array of this state's own (never written once made). */
    private long[] parts() {
        if (parts == null && partsBase != null) {
            long[] p = partsBase.clone();
            for (int c = 0; c < changedCount; c++) p[changed[c]] = changedHash[c];
            p[p.length - 1] = listsPart;
            parts = p;
            partsBase = null;
        }
        return parts;
    }

    private long fingerprinted(long[] p, long sum, long lists) {
        listsPart = lists;
        fingerprint = fingerprintOf(tasks.length, groups.length, mms.length, sum, lists);
        parts = p;
        partsBase = null;
        partsSum = sum;
        origin = null;
        tracked = false;
        return fingerprint;
    }

    private void look(int kind, int index) {
        if (!tracked) return;
        if (lookedCount == looked.length) looked = Arrays.copyOf(looked, lookedCount * 2);
        looked[lookedCount++] = kind << LOOKED_KIND | index;
    }

    private void markChanged(int part) {
        if (changed == null) changed = new int[4];
        else if (changedCount == changed.length) changed = Arrays.copyOf(changed, changedCount * 2);
        changed[changedCount++] = part;
    }

    /** A changed object and its new hash (a tracked fingerprint: see {@link #parts()}). */
    private void markChanged(int part, long hash) {
        markChanged(part);
        if (changedHash == null) changedHash = new long[changed.length];
        else if (changedHash.length < changed.length) changedHash = Arrays.copyOf(changedHash, changed.length);
        changedHash[changedCount - 1] = hash;
    }

    private KernelState(World world) {
        this.world = world;
    }

    // ---- packed states (PackedStates): a kept state is the ids of its values ----

    /** A state with nothing in it yet, for {@link PackedStates#unpack}. */
    static KernelState blank(World world) {
        return new KernelState(world);
    }

    /** The per-object hashes of {@link #fingerprint()} (tasks, groups, mms, then the lists); never write them. */
    long[] hashes() {
        fingerprint();
        return parts();
    }

    /**
     * This state becomes the unpacked one: it holds the stored objects themselves (shared, so a step of
     * its own would copy them all first) and their hashes, and shares by origin with nobody, so states
     * rewound to it share its objects and copy each on first lookup.
     */
    void unpacked(Task[] tasks, ThreadGroup[] groups, Mm[] mms, int[] processList, int[] oomReaperList, int oomReaperTask,
                  String panic, int[] fired, int nextPid, long[] parts, long fingerprint) {
        this.tasks = tasks;
        this.groups = groups;
        this.mms = mms;
        this.processList = processList;
        this.oomReaperList = oomReaperList;
        this.oomReaperTask = oomReaperTask;
        this.panic = panic;
        this.fired = fired;
        this.nextPid = nextPid;
        this.parts = parts;
        this.partsBase = null;
        long sum = 0;
        for (int i = 0; i < parts.length - 1; i++) sum += parts[i];
        this.partsSum = sum;
        this.fingerprint = fingerprint;
        origin = null;
        changedCount = 0;
        changedFrom = null;
        sharesObjects = true;
        tracked = false;
    }

    private void ownObjects() {
        tracked = false;
        for (int i = 0; i < tasks.length; i++) tasks[i] = tasks[i].copy();
        for (int i = 0; i < groups.length; i++) groups[i] = groups[i].copy();
        for (int i = 0; i < mms.length; i++) mms[i] = mms[i].copy();
        sharesObjects = false;
    }

    /**
     * For explorers, which try many steps from one state: makes this state equal to {@code from} again.
     * This state must be a {@link #copy()} of {@code from}, stepped since, or a state last rewound to
     * another state of the same search and not stepped since; neither
     * {@code from} nor that state may have changed. Only the tasks, groups and mms that differ are
     * copied: after {@link #fingerprint()} they are known, after a rewind they are the objects {@code from}
     * does not share with the state rewound to (states of one level share most of their objects), and
     * otherwise every object is compared. So one scratch copy serves a whole search.
     */
    public void rewind(KernelState from) {
        if (shareable(from)) {
            shareObjectsOf(from);
            restoreFrom(from);
            tracked = true; // every object is from's: a step copies (and lists) those it looks up
            lookedCount = 0;
            return;
        }
        int nt = from.tasks.length, ng = from.groups.length, nm = from.mms.length;
        boolean known = hashed() && changedFrom == from && tasks.length == nt && groups.length == ng && mms.length == nm;
        if (tasks.length != nt) tasks = Arrays.copyOf(tasks, nt);
        if (groups.length != ng) groups = Arrays.copyOf(groups, ng);
        if (mms.length != nm) mms = Arrays.copyOf(mms, nm);
        if (known) {
            for (int c = 0; c < changedCount; c++) {
                int i = changed[c];
                if (i < nt) tasks[i] = from.tasks[i].copy();
                else if (i < nt + ng) groups[i - nt] = from.groups[i - nt].copy();
                else mms[i - nt - ng] = from.mms[i - nt - ng].copy();
            }
        } else {
            for (int i = 0; i < nt; i++) if (tasks[i] == null || !tasks[i].sameAs(from.tasks[i])) tasks[i] = from.tasks[i].copy();
            for (int i = 0; i < ng; i++) if (groups[i] == null || !groups[i].sameAs(from.groups[i])) groups[i] = from.groups[i].copy();
            for (int i = 0; i < nm; i++) if (mms[i] == null || !mms[i].sameAs(from.mms[i])) mms[i] = from.mms[i].copy();
        }
        restoreFrom(from);
    }

    /**
     * {@code from}'s objects can be shared by a state that is rewound to it: it has its hashes (so it
     * becomes that state's origin) and shares by origin with nobody itself.
     */
    private static boolean shareable(KernelState from) {
        return from.hashed() && from.origin == null;
    }

    /**
     * This state takes {@code from}'s tasks, groups and mms as they are (no copy); its next step copies
     * each one it looks up first ({@link #ownTask}), and {@code from} copies them all before a step of
     * its own.
     */
    private void shareObjectsOf(KernelState from) {
        tasks = shareArray(tasks, from.tasks);
        groups = shareArray(groups, from.groups);
        mms = shareArray(mms, from.mms);
        sharesObjects = true;
        from.sharesObjects = true;
    }

    private static <T> T[] shareArray(T[] mine, T[] theirs) {
        if (mine.length != theirs.length) return theirs.clone();
        System.arraycopy(theirs, 0, mine, 0, theirs.length);
        return mine;
    }

    // ---- copy on first lookup: a step looks objects up through Exec, which makes them this state's own ----

    /** The step may write it: an object still shared with the origin is copied first. */
    Task ownTask(int i) {
        Task t = tasks[i];
        if (sharesObjects && i < origin.tasks.length && origin.tasks[i] == t) {
            tasks[i] = t = t.copy();
            look(0, i);
        }
        return t;
    }

    ThreadGroup ownGroup(int i) {
        ThreadGroup g = groups[i];
        if (sharesObjects && i < origin.groups.length && origin.groups[i] == g) {
            groups[i] = g = g.copy();
            look(1, i);
        }
        return g;
    }

    Mm ownMm(int i) {
        Mm m = mms[i];
        if (sharesObjects && i < origin.mms.length && origin.mms[i] == m) {
            mms[i] = m = m.copy();
            look(2, i);
        }
        return m;
    }

    /** Every task, for a step that scans them all. */
    Task[] ownTasks() {
        if (sharesObjects) for (int i = 0; i < tasks.length; i++) ownTask(i);
        return tasks;
    }

    /** The rest of a rewind, once every task, group and mm equals {@code from}'s. */
    private void restoreFrom(KernelState from) {
        processList = from.processList;
        oomReaperList = from.oomReaperList;
        oomReaperTask = from.oomReaperTask;
        panic = from.panic;
        fired = from.fired;
        nextPid = from.nextPid;
        changedCount = 0;
        changedFrom = null;
        tracked = false;
        partsBase = null;
        if (from.hashed()) {
            parts = from.parts();   // equal to from again: its hashes hold (parts arrays are never written)
            partsSum = from.partsSum;
            fingerprint = from.fingerprint;
        } else {
            parts = null;
        }
        origin = from.hashed() ? from : from.origin;
    }

    // ---- lookups ----

    public Task task(String name) {
        for (Task t : tasks) if (t.name.equals(name)) return t;
        return null;
    }

    public ThreadGroup group(String name) {
        for (ThreadGroup g : groups) if (g.name.equals(name)) return g;
        return null;
    }

    public Mm mm(String name) {
        for (Mm m : mms) if (m.name.equals(name)) return m;
        return null;
    }

    public ThreadGroup groupOf(Task t) {
        return groups[t.group];
    }

    public int ns(Task t) {
        return groups[t.group].ns;
    }

    // ---- scheduling: what can run, and one atomic step ----

    /**
     * The frame whose step is next for t, or null when t has nothing to do (idle, or dead). At depth 0 it
     * is the World's shared first frame of what t starts: read it, {@link #step} runs a copy.
     */
    public Frame next(Task t) {
        return next(t, null);
    }

    /** {@link #next(Task)}, noting in {@code reads} (when not null) what the choice looked at. */
    private Frame next(Task t, Access reads) {
        if (t.depth > 0) return t.top();
        if (reads != null) {
            reads.global(Access.PANIC);
            reads.group(t.group); // fatal_signal_pending, exiting
        }
        if (!t.linked || t.dead() || panic != null) return null;
        if (fatalSignalPending(t) && !t.has(Task.PF_EXITING)) return world.fatalSignalExit();
        boolean moreOps = t.nextOp < world.programLength(t.program);
        if (reads != null && !t.kthread() && t.mm >= 0) reads.mm(t.mm);
        if (!t.kthread() && t.mm >= 0 && mms[t.mm].test(Mm.MMF_UNSTABLE) && !exiting(t) && (t.resumed || moreOps)) {
            return world.sigbusFault();
        }
        if (moreOps) return world.start(t.program, t.nextOp);
        return null;
    }

    public boolean runnable(int task) {
        return runnable(task, null);
    }

    /**
     * {@link #runnable(int)}, noting in {@code reads} (when not null) every object the answer depends
     * on: the task itself, panic, what {@link #next(Task)} looked at and what the frame's
     * {@link Frame#canRun} looked at. A step of another thread that writes none of them leaves the answer,
     * and the step that would run, as they are.
     */
    public boolean runnable(int task, Access reads) {
        Task t = tasks[task];
        if (reads != null) {
            reads.task(task);
            reads.global(Access.PANIC);
        }
        if (panic != null || !t.linked || t.sleep == Task.TASK_NEW || (t.dead() && t.depth == 0)) return false;
        Frame f = next(t, reads);
        if (f == null) return false;
        Exec probe = reads == null ? probe(t) : new Exec(this, t, null, reads);
        return f.canRun(probe);
    }

    /**
     * Adds to {@code into} everything task {@code task} can touch from now on, in its enabling tests
     * and steps, whatever the other threads do: its own task, the rest of each frame on its stack
     * ({@link Frame#reach}), its remaining operations from their start, and the exit path it takes
     * if a fatal signal or a SIGBUS fault comes. Nothing for a task that has exited and has no step left.
     */
    public void reach(int task, Access into) {
        Task t = tasks[task];
        if (t.dead() && t.depth == 0) return;
        into.task(task);
        Exec x = new Exec(this, t, null);
        for (int i = 0; i < t.depth; i++) t.stack[i].reach(x, into);
        int ops = world.programLength(t.program);
        // a system call under way is its bottom frame (nextOp moves on when it returns)
        int first = t.depth > 0 && t.stack[0].op != null ? t.nextOp + 1 : t.nextOp;
        for (int op = first; op < ops && !into.wide; op++) world.paths.start(world.programs.get(t.program)[op]).reach(x, into);
        world.paths.exitOnFatalSignal().reach(x, into);
        world.paths.sigbusFault().reach(x, into);
    }

    /** t waits for something: it has a step to run but cannot run it now. */
    public boolean blocked(int task) {
        Task t = tasks[task];
        if (panic != null || !t.linked || t.dead()) return false;
        Frame f = next(t);
        if (f == null) return false;
        Exec probe = probe(t);
        return !f.canRun(probe);
    }

    public boolean deferred(int task) {
        Task t = tasks[task];
        Frame f = next(t);
        if (f == null) return false;
        Exec probe = probe(t);
        return f.deferred(probe);
    }

    private Exec probe(Task t) {
        if (probe == null) probe = new Exec(this, null, null);
        probe.cur = t;
        return probe;
    }

    public String nextLabel(int task) {
        Frame f = next(tasks[task]);
        return f == null ? null : f.label();
    }

    /** Runs one atomic step of {@code task}; {@code log} may be null (exploration). Returns the step's label. */
    public String step(int task, StepLog log) {
        return step(task, log, null);
    }

    /**
     * {@link #step(int, StepLog)}, noting in {@code reads} (when not null) every task, group, mm and global
     * part the step looked up (what it wrote is among them; the invariants checked after it are not).
     */
    public String step(int task, StepLog log, Access reads) {
        return step(task, log, reads, true);
    }

    /**
     * {@link #step(int, StepLog, Access)}; without {@code invariants} the three invariants checked after
     * every step are left to the caller ({@link StepCache} checks them on the state it builds).
     */
    String step(int task, StepLog log, Access reads, boolean invariants) {
        // objects shared by a rewind are copied on their first lookup (ownTask) while the origin they are
        // shared with is known; otherwise, and for a stored state, all are copied now
        if (sharesObjects && origin == null) ownObjects();
        else if (!sharesObjects) tracked = false; // its objects are written in place
        parts = null; // this state changes: its per-object hashes no longer hold
        partsBase = null;
        Task t = ownTask(task);
        t.ownFrames();
        if (t.depth == 0) {
            Frame f = next(t, reads);
            if (f == null) throw new IllegalStateException(t.name + " has nothing to run");
            t.push(f.copy());
            t.resumed = false;
        } else {
            t.ownTop(); // frames may be shared with other copies of t: the step writes a copy of its own
        }
        Frame top = t.top();
        String label = top.label();
        Exec x = Exec.forStep(this, t, log, reads);
        top.step(x);   // the frames it wrote are copies or new (unhashed); those below keep their hashes
        if (invariants) Invariants.afterStep(x);
        return label;
    }

    // ---- predicates used by several paths ----

    /** fatal_signal_pending(t): SIGKILL is pending for it (privately, or group-wide). */
    public boolean fatalSignalPending(Task t) {
        return t.sigkillPending || (groups[t.group].sharedSigkill && !t.has(Task.PF_EXITING));
    }

    /** Dying in the sense of the invariants: group exit, PF_EXITING, a pending SIGKILL, or gone. */
    public boolean exiting(Task t) {
        return t.dead() || t.has(Task.PF_EXITING) || groups[t.group].groupExit() || fatalSignalPending(t);
    }

    /** The caller's pid is visible in ns: its namespace is ns or a descendant of ns. */
    public boolean visibleIn(Task t, int ns) {
        return world.nsWithin(ns(t), ns);
    }

    /** The target process's pid is visible to a task in namespace ns (target ns is ns or below it). */
    public boolean canSee(int ns, ThreadGroup target) {
        return world.nsWithin(target.ns, ns);
    }

    /** A task holds the mm as ->mm (users of the address space, kthreads in kthread_use_mm included). */
    public boolean anyTaskUses(int mm) {
        return anyTaskUses(mm, null);
    }

    /** {@link #anyTaskUses(int)}, noting in {@code reads} (when not null) the task that answered (Access#witness). */
    boolean anyTaskUses(int mm, Access reads) {
        for (Task t : tasks) {
            if (mmUsed(t) == mm) {
                if (reads != null) reads.witness(t.index);
                return true;
            }
        }
        if (reads != null) reads.scans |= Access.SCAN_MM_USED;
        return false;
    }

    /** What {@link #anyTaskUses} reads of a task: the mm it holds as ->mm while linked, else -1. */
    static int mmUsed(Task t) {
        return t.linked ? t.mm : -1;
    }

    /** What a test for queued mmap writers reads of a task: the mm its top frame waits to lock for write, else -1. */
    static int mmapWriteWaited(Task t) {
        Frame f = t.top();
        return f == null ? -1 : f.waitsForMmapWrite();
    }

    /** The mmap_lock can be taken for read now: no writer holds it, and no writer queued behind readers. */
    public boolean mmapReadAvailable(Mm mm) {
        return mmapReadAvailable(mm, null);
    }

    boolean mmapReadAvailable(Mm mm, Access reads) {
        if (mm.writer >= 0) return false;
        return mm.readers.length == 0 || !writerQueued(mm.index, reads);
    }

    public boolean mmapWriteAvailable(Mm mm) {
        return mm.writer < 0 && mm.readers.length == 0;
    }

    /** mmap_read_trylock fails when the lock is held for write or anyone is queued on it. */
    public boolean mmapTrylockWouldSucceed(Mm mm) {
        return mmapTrylockWouldSucceed(mm, null);
    }

    boolean mmapTrylockWouldSucceed(Mm mm, Access reads) {
        return mm.writer < 0 && !writerQueued(mm.index, reads);
    }

    private boolean writerQueued(int mm, Access reads) {
        for (Task t : tasks) {
            if (mmapWriteWaited(t) == mm) {
                if (reads != null) reads.witness(t.index);
                return true;
            }
        }
        if (reads != null) reads.scans |= Access.SCAN_MMAP_WRITE_WAITED;
        return false;
    }

    /** Locks a task holds, as shown on the timeline. */
    public List<String> locksHeld(Task t) {
        List<String> out = new ArrayList<>();
        for (Task o : tasks) if (o.taskLockHolder == t.index) out.add("task_lock(" + o.name + ")");
        for (Mm m : mms) {
            if (m.writer == t.index) out.add("mmap_lock(W) " + m.name);
            if (m.readLocked(t.index)) out.add("mmap_lock(R) " + m.name);
        }
        for (int i = 0; i < t.depth; i++) {
            if (t.stack[i].inRcu()) {
                out.add("rcu_read_lock");
                break;
            }
        }
        return out;
    }

    /** Appends a process to init_task.tasks (copy_process links new leaders at the tail). */
    public void linkProcess(int group) {
        processList = Arrays.copyOf(processList, processList.length + 1);
        processList[processList.length - 1] = group;
    }

    /** __unhash_process of a leader: the process leaves init_task.tasks. */
    public void unlinkProcess(int group) {
        boolean present = false;
        for (int g : processList) present |= g == group;
        if (!present) return;
        int[] n = new int[Math.max(0, processList.length - 1)];
        int j = 0;
        for (int g : processList) if (g != group && j < n.length) n[j++] = g;
        processList = n;
    }

    /** Adds a task created at run time (copy_process). */
    public void addTask(Task t) {
        tasks = Arrays.copyOf(tasks, tasks.length + 1);
        tasks[tasks.length - 1] = t;
    }

    public void addGroup(ThreadGroup g) {
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[groups.length - 1] = g;
    }

    public void addMm(Mm m) {
        mms = Arrays.copyOf(mms, mms.length + 1);
        mms[mms.length - 1] = m;
    }

    /** Records an invariant as fired for a subject; false if it had fired for that subject already. */
    boolean fire(Invariant inv, int subject) {
        int key = inv.ordinal() * 4096 + subject;
        for (int k : fired) if (k == key) return false;
        fired = Arrays.copyOf(fired, fired.length + 1);
        fired[fired.length - 1] = key;
        return true;
    }

    /** The invariants that fired so far (for outcome classes). */
    public List<Invariant> firedInvariants() {
        List<Invariant> out = new ArrayList<>();
        for (int k : fired) {
            Invariant inv = Invariant.values()[k / 4096];
            if (!out.contains(inv)) out.add(inv);
        }
        return out;
    }
}
