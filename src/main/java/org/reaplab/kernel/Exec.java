package org.reaplab.kernel;

/**
 * The context of one step: the kernel state, the running task, and (when a run is recorded) the log
 * of what the step did. Every change a path makes to shared state goes through here so the timeline
 * can show it; without a log nothing is formatted.
 */
public final class Exec {
    public final KernelState k;
    public Task cur;
    private final StepLog log;

    public Exec(KernelState k, Task cur, StepLog log) {
        this.k = k;
        this.cur = cur;
        this.log = log;
    }

    public boolean recording() {
        return log != null;
    }

    // ---- the call stack ----

    /** Calls a sub-path: its first step runs next. */
    public void call(Frame f) {
        cur.push(f);
    }

    /** Replaces the running frame (a path that never returns hands over, e.g. to do_exit). */
    public void tail(Frame f) {
        cur.pop();
        cur.push(f);
    }

    /** Returns from the running frame. A system call's return is reported and the thread goes back to user mode. */
    public void ret(int value) {
        Frame done = cur.pop();
        if (cur.depth > 0) {
            Frame caller = cur.top();
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
                log.callOp = done.op.name();
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
        if (k.fire(inv, subject) && log != null) log.violations.add(new StepLog.Fired(inv, detail));
    }

    // ---- mm reference counts (include/linux/sched/mm.h, kernel/fork.c) ----

    /** mmget: mm_users + 1. */
    public void mmget(Mm mm) {
        if (log != null) change(mm.name, "mm_users", mm.users, mm.users + 1, "mmget");
        mm.users++;
    }

    /** The decrement half of mmput; the caller runs __mmput when it returns 0. */
    public int mmputDec(Mm mm) {
        if (log != null) change(mm.name, "mm_users", mm.users, mm.users - 1, "mmput");
        return --mm.users;
    }

    /** mmgrab: mm_count + 1. */
    public void mmgrab(Mm mm) {
        if (log != null) change(mm.name, "mm_count", mm.count, mm.count + 1, "mmgrab");
        mm.count++;
    }

    /** mmdrop: mm_count − 1; at zero __mmdrop frees the struct in this context. */
    public void mmdrop(Mm mm) {
        if (log != null) change(mm.name, "mm_count", mm.count, mm.count - 1, "mmdrop");
        if (--mm.count == 0) {
            mm.freed = true;
            if (log != null) change(mm.name, "freed", false, true, null);
            say("__mmdrop frees {} in {}'s context.", mm.name, cur.name);
        }
    }

    public void setMmFlag(Mm mm, int flag) {
        if (mm.test(flag)) return;
        if (log != null) change(mm.name, "flags", Mm.flagNames(mm.flags), Mm.flagNames(mm.flags | flag), null);
        mm.flags |= flag;
    }

    public void setTaskMm(Task t, int mm) {
        if (log != null) change(t.name, "mm", t.mm < 0 ? "NULL" : k.mms[t.mm].name, mm < 0 ? "NULL" : k.mms[mm].name, null);
        t.mm = mm;
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

    // ---- convenience ----

    public ThreadGroup group() {
        return k.groups[cur.group];
    }

    public Mm mm(int index) {
        return k.mms[index];
    }

    public Task task(int index) {
        return k.tasks[index];
    }
}
