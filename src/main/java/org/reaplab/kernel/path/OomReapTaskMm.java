package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Vma;

/**
 * mm/oom_kill.c: __oom_reap_task_mm, with mmap_lock held for read by the caller: set MMF_UNSTABLE,
 * then zap the VMAs in reverse address order, one step each. Private memory is freed (mlocked too),
 * clean private page cache is only unmapped, VM_SHARED / hugetlb / PFNMAP VMAs are skipped, and a VMA
 * whose MMU notifier refuses a non-blocking invalidate is left for later (returns 0: a partial reap).
 * Returns 1 when every VMA was handled.
 */
public final class OomReapTaskMm extends Frame {
    private static final int MM = 0, IDX = 1, OK = 2;
    private static final int START = 0, ZAP = 1;

    public OomReapTaskMm(int mm) {
        super(null, 3);
        v[MM] = mm;
    }

    @Override
    public String label() {
        return "__oom_reap_task_mm";
    }

    @Override
    public void reach(Exec x, Access into) {
        into.mm(v[MM]);
    }

    @Override
    public void step(Exec x) {
        Mm mm = x.mm(v[MM]);
        if (pc == START) {
            x.setMmFlag(mm, Mm.MMF_UNSTABLE);
            mm.reapers++;
            v[IDX] = mm.vmas.length - 1;
            v[OK] = 1;
            x.say("__oom_reap_task_mm sets MMF_UNSTABLE on {}: from now on a fault on its private memory gets SIGBUS.", mm.name);
            pc = ZAP;
            if (v[IDX] < 0) finish(x, mm);
            return;
        }
        int i = v[IDX];
        Vma vma = mm.vmas[i];
        long pages = mm.resident[i];
        if (vma.kind().reap == Vma.ReapEffect.SKIP) {
            x.say("Skips the {} VMA ({} pages stay).", vma.kind().description, pages);
        } else if (vma.refusesNonBlockingInvalidate()) {
            v[OK] = 0;
            x.say("The MMU notifier on the {} VMA refuses a non-blocking invalidate: left alone, the reap is partial.",
                    vma.kind().description);
        } else {
            long freed = pages > 0 ? mm.zap(i) : 0;
            if (pages > 0) {
                x.change(mm.name, "resident." + vma.kind().key, pages, 0, null);
                mm.reclaimedByReap += freed;
                if (freed < pages) {
                    x.change(mm.name, "pinned", mm.pinnedHeld - (pages - freed), mm.pinnedHeld, null);
                    x.say("{} pinned page(s) (FOLL_PIN) are unmapped but not freed: they stay until unpin_user_pages.", pages - freed);
                }
            }
            if (vma.kind() == Vma.Kind.ANON && mm.swap > 0) {
                x.change(mm.name, "swap", mm.swap, 0, null);
                mm.swap = 0;
            }
            x.say(vma.kind().reap == Vma.ReapEffect.FREE
                            ? "Zaps the {} VMA: {} pages freed."
                            : "Zaps the {} VMA: {} pages unmapped (they stay in the page cache).",
                    vma.kind().description, pages);
        }
        v[IDX]--;
        if (v[IDX] < 0) finish(x, mm);
    }

    private void finish(Exec x, Mm mm) {
        mm.reapers--;
        if (!mm.reaped) x.change(mm.name, "reaped", false, true, null);
        mm.reaped = true;
        x.ret(v[OK]);
    }
}
