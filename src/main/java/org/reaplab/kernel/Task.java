package org.reaplab.kernel;

import java.util.Arrays;

/**
 * struct task_struct (one per thread, kthreads too), plus where the thread is in its program and
 * its kernel call stack. Everything is primitive or copied, so a state copy is cheap.
 */
public final class Task {
    // task->flags
    public static final int PF_EXITING = 1;
    public static final int PF_KTHREAD = 1 << 1;
    public static final int PF_SIGNALED = 1 << 2;
    public static final int PF_POSTCOREDUMP = 1 << 3;
    public static final int PF_DUMPCORE = 1 << 4;
    public static final int PF_FORKNOEXEC = 1 << 5;

    // task->exit_state
    public static final int EXIT_ZOMBIE = 16;
    public static final int EXIT_DEAD = 32;

    // task->__state, for display and for what signal_wake_up may wake
    public static final int TASK_RUNNING = 0;
    public static final int TASK_INTERRUPTIBLE = 1;
    public static final int TASK_UNINTERRUPTIBLE = 2;
    public static final int TASK_KILLABLE = 3;
    public static final int TASK_IDLE = 4;
    public static final int TASK_NEW = 5;  // created by copy_process, not yet woken

    public final int index;
    public final String name;
    public final int group;
    public final boolean leader;     // exit_signal >= 0
    public final int pid;            // global pid number
    public final int nsPid;          // pid number in its own namespace
    public final int program;        // index into World programs, -1 for none

    public int flags;
    public int exitState;
    public boolean released;         // release_task ran: unhashed, sighand NULL
    public boolean linked;           // copy_process linked it (visible to for_each_process / threads)
    public int mm = -1;              // task->mm
    public boolean sigkillPending;   // SIGKILL in the private pending set
    public boolean memdie;           // TIF_MEMDIE
    public int sleep = TASK_RUNNING;
    public int vforkParent = -1;     // vfork_done: the parent waiting in wait_for_vfork_done
    public int taskLockHolder = -1;  // task_lock(this) held by that task
    public int heldUsers = -1;       // a kthread's driver-held mm_users reference (kthread_use_mm)
    public int exitMm = -1;          // the mm whose reference exit_mm carries to its mmput
    public int oomReaperTimer;       // tsk->oom_reaper_timer is armed: its place in expiry order (0: not armed)
    public boolean oomReaperRef;     // the task reference queue_oom_reaper took (get_task_struct), not yet put
    public int nextOp;               // next operation of its program
    public boolean resumed;          // just returned to user mode from a syscall
    public int[] rets;               // return value of each completed operation
    public Frame[] stack;
    public int depth;
    /** The frames are shared with a copy of this task: clone them before a step changes them. */
    private boolean framesShared;

    public Task(int index, String name, int group, boolean leader, int pid, int nsPid, int program, int programLength) {
        this.index = index;
        this.name = name;
        this.group = group;
        this.leader = leader;
        this.pid = pid;
        this.nsPid = nsPid;
        this.program = program;
        this.rets = new int[programLength];
        this.stack = new Frame[4];
    }

    private Task(Task o) {
        index = o.index;
        name = o.name;
        group = o.group;
        leader = o.leader;
        pid = o.pid;
        nsPid = o.nsPid;
        program = o.program;
        assign(o);
    }

    /** Makes this task equal to o, a state of the same task (its fixed fields are this task's). */
    void assign(Task o) {
        flags = o.flags;
        exitState = o.exitState;
        released = o.released;
        linked = o.linked;
        mm = o.mm;
        sigkillPending = o.sigkillPending;
        memdie = o.memdie;
        sleep = o.sleep;
        vforkParent = o.vforkParent;
        taskLockHolder = o.taskLockHolder;
        heldUsers = o.heldUsers;
        exitMm = o.exitMm;
        oomReaperTimer = o.oomReaperTimer;
        oomReaperRef = o.oomReaperRef;
        nextOp = o.nextOp;
        resumed = o.resumed;
        rets = o.rets;                       // copy on write (Exec.ret)
        depth = o.depth;
        // frames change only when their own task steps, so copies share the stack until then
        if (depth > 0) {
            stack = o.stack;
            framesShared = true;
            // o is often a stored task that every explorer thread copies: write it only the first time, so
            // its cache line is not moved between the cores at every step
            if (!o.framesShared) o.framesShared = true;
        } else {
            stack = NO_FRAMES;
        }
    }

    private static final Frame[] NO_FRAMES = new Frame[0];

    /**
     * Gives this task its own stack array, which it shares with other state copies until it steps. The
     * frames in it stay shared: a step writes only the frames it copies first ({@link #ownTop}) or pushes,
     * so the frames below stay the same objects, with their hashes.
     */
    void ownFrames() {
        if (!framesShared) return;
        stack = Arrays.copyOf(stack, Math.max(4, stack.length));
        framesShared = false;
    }

    /** The top frame, made this task's own copy first: the step about to run (or return into it) writes it. */
    Frame ownTop() {
        ownFrames();
        Frame f = stack[depth - 1].copy();
        stack[depth - 1] = f;
        return f;
    }

    public Task copy() {
        return new Task(this);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean kthread() {
        return has(PF_KTHREAD);
    }

    /** The thread is gone from the scheduler's view: exited (zombie or dead) or released. */
    public boolean dead() {
        return exitState != 0 || released;
    }

    public Frame top() {
        return depth == 0 ? null : stack[depth - 1];
    }

    public void push(Frame f) {
        ownFrames();
        if (depth == stack.length) stack = Arrays.copyOf(stack, Math.max(4, depth * 2));
        stack[depth++] = f;
    }

    public Frame pop() {
        ownFrames();
        Frame f = stack[--depth];
        stack[depth] = null;
        return f;
    }

    public static String stateName(int sleep) {
        return switch (sleep) {
            case TASK_INTERRUPTIBLE -> "S (interruptible)";
            case TASK_UNINTERRUPTIBLE -> "D (uninterruptible)";
            case TASK_KILLABLE -> "D (killable)";
            case TASK_IDLE -> "I (idle)";
            case TASK_NEW -> "N (new)";
            default -> "R (running)";
        };
    }

    public static String flagNames(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & PF_EXITING) != 0) b.append("PF_EXITING ");
        if ((flags & PF_KTHREAD) != 0) b.append("PF_KTHREAD ");
        if ((flags & PF_SIGNALED) != 0) b.append("PF_SIGNALED ");
        if ((flags & PF_POSTCOREDUMP) != 0) b.append("PF_POSTCOREDUMP ");
        if ((flags & PF_DUMPCORE) != 0) b.append("PF_DUMPCORE ");
        if ((flags & PF_FORKNOEXEC) != 0) b.append("PF_FORKNOEXEC ");
        return b.toString().strip();
    }

    /** Every mutable field equal to o's (frames compared by identity: a frame is only shared unchanged). */
    public boolean sameAs(Task o) {
        if (!sameScalars(o)) return false;
        for (int i = 0; i < depth; i++) if (stack[i] != o.stack[i]) return false;
        return true;
    }

    /** Every mutable field but the frames equal to o's. */
    private boolean sameScalars(Task o) {
        if (flags != o.flags || exitState != o.exitState || released != o.released || linked != o.linked || mm != o.mm
                || sigkillPending != o.sigkillPending || memdie != o.memdie || sleep != o.sleep
                || vforkParent != o.vforkParent || taskLockHolder != o.taskLockHolder || heldUsers != o.heldUsers
                || exitMm != o.exitMm || oomReaperTimer != o.oomReaperTimer || oomReaperRef != o.oomReaperRef
                || nextOp != o.nextOp || resumed != o.resumed || depth != o.depth) return false;
        return rets == o.rets || Arrays.equals(rets, o.rets);
    }

    /**
     * Equal in every field, fixed ones included, frames by value: o can stand for this task in a kept
     * state ({@link PackedStates}).
     */
    boolean sameValue(Task o) {
        if (o == this) return true;
        if (index != o.index || group != o.group || leader != o.leader || pid != o.pid || nsPid != o.nsPid
                || program != o.program || !name.equals(o.name) || !sameScalars(o)) return false;
        for (int i = 0; i < depth; i++) if (!stack[i].sameValue(o.stack[i])) return false;
        return true;
    }

    Hasher hash(Hasher h) {
        // two fields per value: the hash is recomputed for the task that steps, every step
        h.put(flags, exitState).put(mm, sleep).put(vforkParent, taskLockHolder).put(heldUsers, exitMm)
                .put(oomReaperTimer, nextOp).put(depth, Hasher.bits(released, linked, sigkillPending, memdie, oomReaperRef, resumed))
                .put(rets, rets.length);
        for (int i = 0; i < depth; i++) stack[i].hash(h);
        return h;
    }
}
