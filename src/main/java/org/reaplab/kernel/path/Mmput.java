package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Vma;

/**
 * kernel/fork.c: mmput — drop mm_users; the caller that drops the last one runs __mmput and with it
 * mm/mmap.c: exit_mmap in its own context (a /proc reader, a kthread, the exiting victim). exit_mmap
 * unmaps under mmap_lock(R), sets MMF_OOM_SKIP with no lock held (race window W4 with a reaper),
 * then takes mmap_lock(W), which waits for every reaper, and frees page tables and VMAs.
 */
public final class Mmput extends Frame {
    private static final int MM = 0, IDX = 1;
    private static final int MMPUT = 0, MMPUT_LAST = 1, EXIT_MMAP = 2, READ_LOCK = 3, UNMAP = 4, READ_UNLOCK = 5,
            SET_OOM_SKIP = 6, WRITE_LOCK = 7, FREE_PGTABLES = 8, MMDROP = 9;

    public Mmput(int mm) {
        super(null, 2);
        v[MM] = mm;
    }

    @Override
    public String label() {
        return switch (pc) {
            case MMPUT -> "mmput";
            case MMPUT_LAST -> "__mmput";
            case UNMAP -> "unmap_vmas";
            case FREE_PGTABLES -> "free_pgtables";
            case MMDROP -> "mmdrop";
            default -> "exit_mmap";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        Mm mm = x.mm(v[MM]);
        if (pc == READ_LOCK) return x.mmapReadAvailable(mm);
        if (pc == WRITE_LOCK) return x.mmapWriteAvailable(mm);
        return true;
    }

    @Override
    public void reach(Exec x, Access into) {
        into.mm(v[MM]);
    }

    @Override
    public int waitsForMmapWrite() {
        return pc == WRITE_LOCK ? v[MM] : -1;
    }

    @Override
    public void step(Exec x) {
        Mm mm = x.mm(v[MM]);
        switch (pc) {
            case MMPUT -> {
                if (x.cur.exitMm == mm.index) x.cur.exitMm = -1;
                int left = x.mmputDec(mm);
                if (left > 0) {
                    x.say("mmput: {} still has {} user(s); nothing more to do.", mm.name, left);
                    x.ret(0);
                } else {
                    x.say("mmput: {} was the last mm_users reference of {}; __mmput runs here.", x.cur.name, mm.name);
                    pc = MMPUT_LAST;
                }
            }
            case MMPUT_LAST -> {
                x.say("__mmput: uprobe_clear_state, exit_aio, ksm_exit, khugepaged_exit, then exit_mmap in {}'s context.", x.cur.name);
                pc = EXIT_MMAP;
            }
            case EXIT_MMAP -> {
                mm.exitMmap = Mm.EXIT_MMAP_RUNNING;
                mm.exitMmapBy = x.cur.index;
                x.change(mm.name, "exit_mmap", "-", "running in " + x.cur.name, null);
                x.say("exit_mmap: mmu_notifier_release on {}.", mm.name);
                pc = READ_LOCK;
            }
            case READ_LOCK -> {
                x.mmapReadLock(mm);
                x.say("exit_mmap takes mmap_lock(R) of {} to unmap everything.", mm.name);
                v[IDX] = 0;
                pc = mm.vmas.length == 0 ? READ_UNLOCK : UNMAP;
            }
            case UNMAP -> {
                Vma vma = mm.vmas[v[IDX]];
                long pages = mm.resident[v[IDX]];
                if (pages > 0) {
                    x.change(mm.name, "resident." + vma.kind().key, pages, 0, null);
                    mm.reclaimedByExit += mm.zap(v[IDX]);
                }
                x.say("unmap_vmas: the {} VMA, {} pages.", vma.kind().description, pages);
                if (++v[IDX] >= mm.vmas.length) pc = READ_UNLOCK;
            }
            case READ_UNLOCK -> {
                x.mmapReadUnlock(mm);
                x.say("exit_mmap drops mmap_lock(R) of {}.", mm.name);
                pc = mm.vmas.length == 0 ? WRITE_LOCK : SET_OOM_SKIP;
            }
            case SET_OOM_SKIP -> {
                x.setMmFlag(mm, Mm.MMF_OOM_SKIP);
                x.say("exit_mmap sets MMF_OOM_SKIP with no lock held: a reaper that takes the lock now does nothing.");
                pc = WRITE_LOCK;
            }
            case WRITE_LOCK -> {
                x.mmapWriteLock(mm);
                x.say("exit_mmap takes mmap_lock(W) of {}: every reaper has let go.", mm.name);
                pc = FREE_PGTABLES;
            }
            case FREE_PGTABLES -> {
                if (mm.swap > 0) {
                    x.change(mm.name, "swap", mm.swap, 0, null);
                    mm.swap = 0;
                }
                mm.exitMmap = Mm.EXIT_MMAP_DONE;
                x.change(mm.name, "exit_mmap", "running", "done", null);
                x.mmapWriteUnlock(mm);
                x.say("free_pgtables and remove_vma: page tables, VMAs and file references of {} are gone; mmap_lock(W) released.", mm.name);
                pc = MMDROP;
            }
            case MMDROP -> {
                x.say("__mmput ends with mmdrop: the mm_count all users held together.");
                x.mmdrop(mm);
                x.ret(0);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }
}
