package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * A user-mode memory access (mm/memory.c: handle_mm_fault). On an address space with MMF_UNSTABLE,
 * check_stable_address_space turns the fault into VM_FAULT_SIGBUS and force_sig_fault kills the
 * process (clearing SIGNAL_UNKILLABLE: even an init dies of it). Also what a thread runs when it goes
 * back to user mode on a reaped mm (it touches its stack).
 */
public final class Touch extends Frame {
    public Touch(Op.Touch op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "handle_mm_fault";
    }

    @Override
    public void reach(Exec x, Access into) {
        Reach.process(x, x.cur.group, into); // force_sig_fault(SIGBUS) zaps the whole process
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        ThreadGroup g = x.group();
        Mm mm = t.mm >= 0 ? x.mm(t.mm) : null;
        if (mm == null || !mm.test(Mm.MMF_UNSTABLE) || t.kthread()) {
            x.say("{} touches its memory; the page is there.", t.name);
            x.ret(0);
            return;
        }
        x.say("{} faults on {}: check_stable_address_space sees MMF_UNSTABLE → VM_FAULT_SIGBUS; force_sig_fault(SIGBUS) kills {}.",
                t.name, mm.name, g.name);
        g.sigbus = true;
        g.signalFlags &= ~ThreadGroup.SIGNAL_UNKILLABLE;
        x.change(g.name, "sigbus", false, true, null);
        x.setGroupExit(g, Signals.SIGBUS);
        Signals.zapThreads(x, g, null);
        x.ret(0);
    }
}
