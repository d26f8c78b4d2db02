package org.reaplab.kernel;

import java.util.Arrays;

/**
 * A process: its struct signal_struct (group exit, core_state, oom_mm), its credentials, its pid
 * namespace and its fd table. Credentials live here rather than per thread because setuid() in libc
 * changes every thread of the process.
 */
public final class ThreadGroup {
    // signal->flags
    public static final int SIGNAL_GROUP_EXIT = 0x4;
    public static final int SIGNAL_UNKILLABLE = 0x40;

    public static final int CAP_KILL = 1;
    public static final int CAP_SYS_PTRACE = 1 << 1;
    public static final int CAP_SETUID = 1 << 2;

    public final int index;
    public final String name;
    public final int ns;
    public final boolean kthread;
    public final boolean globalInit;  // tgid 1 in the init pid namespace
    public final boolean nsInit;      // pid 1 of its namespace (global or container)
    public final int parent;          // parent process, -1 if none
    public final boolean autoreap;    // the parent ignores SIGCHLD
    public final String memcg;        // memory cgroup (the OOM domain of a memcg OOM); null: the root

    public int leader;
    public int[] threads = new int[0]; // thread_head, in order
    public int signalFlags;
    public int groupExitCode;
    public int coreDumper = -1;        // core_state != NULL: the dumping thread
    public int live;
    public int quickThreads;
    public boolean sharedSigkill;      // SIGKILL in signal->shared_pending
    public int oomMm = -1;             // signal->oom_mm
    public int uid, euid, suid;
    public int caps;
    public Pidfd[] fds;                // by fd name (World.fdNames); shared by copies: write only through setFd/closeAllFds
    public int killedBy = -1;          // the task whose call started this group's exit with SIGKILL
    public boolean sigbus;             // died of SIGBUS on a reaped address space
    public boolean coredumpKilled;     // a SIGKILL landed while core_state was set (the dump was aborted)
    public int mmSeen = -1;            // the mm its threads used, for the invariants
    public boolean linked;
    public int pgrp;                   // process group: the process whose leader's pid is the pgid (PIDTYPE_PGID)
    public int groupExecTask = -1;     // signal->group_exec_task: the thread in de_thread

    public ThreadGroup(int index, String name, int ns, boolean kthread, boolean globalInit, boolean nsInit,
                       int parent, boolean autoreap, int fdSlots) {
        this(index, name, ns, kthread, globalInit, nsInit, parent, autoreap, fdSlots, null);
    }

    public ThreadGroup(int index, String name, int ns, boolean kthread, boolean globalInit, boolean nsInit,
                       int parent, boolean autoreap, int fdSlots, String memcg) {
        this.memcg = memcg;
        this.pgrp = index;
        this.index = index;
        this.name = name;
        this.ns = ns;
        this.kthread = kthread;
        this.globalInit = globalInit;
        this.nsInit = nsInit;
        this.parent = parent;
        this.autoreap = autoreap;
        this.fds = new Pidfd[fdSlots];
    }

    private ThreadGroup(ThreadGroup o) {
        index = o.index;
        name = o.name;
        ns = o.ns;
        kthread = o.kthread;
        globalInit = o.globalInit;
        nsInit = o.nsInit;
        parent = o.parent;
        autoreap = o.autoreap;
        memcg = o.memcg;
        leader = o.leader;
        threads = o.threads; // replaced, never mutated in place
        signalFlags = o.signalFlags;
        groupExitCode = o.groupExitCode;
        coreDumper = o.coreDumper;
        live = o.live;
        quickThreads = o.quickThreads;
        sharedSigkill = o.sharedSigkill;
        oomMm = o.oomMm;
        uid = o.uid;
        euid = o.euid;
        suid = o.suid;
        caps = o.caps;
        fds = o.fds; // copy on write (setFd, closeAllFds)
        killedBy = o.killedBy;
        sigbus = o.sigbus;
        coredumpKilled = o.coredumpKilled;
        mmSeen = o.mmSeen;
        linked = o.linked;
        pgrp = o.pgrp;
        groupExecTask = o.groupExecTask;
    }

    public ThreadGroup copy() {
        return new ThreadGroup(this);
    }

    /** Installs {@code f} (null: closes) in fd slot {@code slot}; the table may be shared with other copies of this group. */
    public void setFd(int slot, Pidfd f) {
        fds = fds.clone();
        fds[slot] = f;
    }

    /** Closes every fd (the files_struct goes with the last thread). */
    public void closeAllFds() {
        fds = new Pidfd[fds.length];
    }

    public boolean groupExit() {
        return (signalFlags & SIGNAL_GROUP_EXIT) != 0;
    }

    public boolean unkillable() {
        return (signalFlags & SIGNAL_UNKILLABLE) != 0;
    }

    public void addThread(int task) {
        threads = Arrays.copyOf(threads, threads.length + 1);
        threads[threads.length - 1] = task;
    }

    public void removeThread(int task) {
        int[] n = new int[threads.length - 1];
        int j = 0;
        for (int t : threads) if (t != task && j < n.length) n[j++] = t;
        threads = n;
    }

    public static String flagNames(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & SIGNAL_GROUP_EXIT) != 0) b.append("SIGNAL_GROUP_EXIT ");
        if ((flags & SIGNAL_UNKILLABLE) != 0) b.append("SIGNAL_UNKILLABLE ");
        return b.toString().strip();
    }

    /** Every mutable field equal to o's. */
    public boolean sameAs(ThreadGroup o) {
        if (leader != o.leader || signalFlags != o.signalFlags || groupExitCode != o.groupExitCode
                || coreDumper != o.coreDumper || live != o.live || quickThreads != o.quickThreads
                || sharedSigkill != o.sharedSigkill || oomMm != o.oomMm || uid != o.uid || euid != o.euid
                || suid != o.suid || caps != o.caps || killedBy != o.killedBy || sigbus != o.sigbus || coredumpKilled != o.coredumpKilled
                || mmSeen != o.mmSeen || linked != o.linked || pgrp != o.pgrp || groupExecTask != o.groupExecTask) return false;
        if (threads != o.threads && !Arrays.equals(threads, o.threads)) return false;
        Pidfd[] a = fds, b = o.fds;
        if (a == b) return true;
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            Pidfd x = a[i], y = b[i];
            if (x != y && (x == null || !x.equals(y))) return false;
        }
        return true;
    }

    /** Equal in every field, fixed ones included: o can stand for this group in a kept state ({@link PackedStates}). */
    boolean sameValue(ThreadGroup o) {
        return o == this || (index == o.index && ns == o.ns && kthread == o.kthread && globalInit == o.globalInit
                && nsInit == o.nsInit && parent == o.parent && autoreap == o.autoreap && name.equals(o.name)
                && java.util.Objects.equals(memcg, o.memcg) && sameAs(o));
    }

    Hasher hash(Hasher h) {
        h.put(leader, signalFlags).put(threads, threads.length).put(groupExitCode, coreDumper).put(live, quickThreads)
                .put(oomMm, uid).put(euid, suid).put(caps, killedBy).put(mmSeen, pgrp)
                .put(groupExecTask, Hasher.bits(sharedSigkill, sigbus, coredumpKilled, linked));
        for (Pidfd f : fds) {
            if (f == null) h.put(0);
            else f.hash(h);
        }
        return h;
    }
}
