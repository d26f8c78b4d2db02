package org.reaplab.kernel;

import java.util.Arrays;

/** struct mm_struct: the two reference counts, the MMF_* flags, mmap_lock and the pages still mapped. */
public final class Mm {
    // MMF_* bits (include/linux/mm_types.h in 6.18)
    public static final int MMF_OOM_SKIP = 1;
    public static final int MMF_UNSTABLE = 1 << 1;
    public static final int MMF_OOM_REAP_QUEUED = 1 << 2;
    public static final int MMF_MULTIPROCESS = 1 << 3;

    public static final int EXIT_MMAP_NONE = 0, EXIT_MMAP_RUNNING = 1, EXIT_MMAP_DONE = 2;

    public final int index;
    public final String name;
    /** Layout, shared between copies: never changes after creation. */
    public final Vma[] vmas;

    public int users = 1;          // mm_users
    public int count = 1;          // mm_count (all users together hold one)
    public int flags;
    public long[] resident;        // pages still mapped, per VMA
    public long swap;              // swap entries still allocated
    public int writer = -1;        // task holding mmap_lock for write
    public int[] readers = new int[0]; // tasks holding mmap_lock for read
    public boolean freed;          // __mmdrop ran
    public int exitMmap = EXIT_MMAP_NONE;
    public int exitMmapBy = -1;    // task in whose context exit_mmap ran
    public int reapers;            // __oom_reap_task_mm passes in progress
    public boolean reaped;         // a __oom_reap_task_mm pass completed
    public boolean reapCallReturned; // a kill-and-reap call on this mm returned (memory-pinned invariant)
    public long reclaimedByReap;   // pages freed or unmapped by reaping
    public long reclaimedByExit;   // pages freed or unmapped by exit_mmap
    public int pins;               // anon pages pinned right now (FOLL_PIN by a remote reader)
    public long pinnedHeld;        // pages a zap unmapped while they were pinned: still allocated until unpinned

    public Mm(int index, String name, Vma[] vmas, long swap) {
        this.index = index;
        this.name = name;
        this.vmas = vmas;
        this.resident = new long[vmas.length];
        for (int i = 0; i < vmas.length; i++) resident[i] = vmas[i].pages();
        this.swap = swap;
    }

    private Mm(Mm o) {
        index = o.index;
        name = o.name;
        vmas = o.vmas;
        users = o.users;
        count = o.count;
        flags = o.flags;
        resident = o.resident.clone();
        swap = o.swap;
        writer = o.writer;
        readers = o.readers; // replaced, never mutated in place
        freed = o.freed;
        exitMmap = o.exitMmap;
        exitMmapBy = o.exitMmapBy;
        reapers = o.reapers;
        reaped = o.reaped;
        reapCallReturned = o.reapCallReturned;
        reclaimedByReap = o.reclaimedByReap;
        reclaimedByExit = o.reclaimedByExit;
        pins = o.pins;
        pinnedHeld = o.pinnedHeld;
    }

    public Mm copy() {
        return new Mm(this);
    }

    public boolean test(int flag) {
        return (flags & flag) != 0;
    }

    /** Pages still in memory for this mm: mapped, or unmapped by a zap but still pinned (FOLL_PIN). */
    public long resident() {
        long sum = pinnedHeld;
        for (long r : resident) sum += r;
        return sum;
    }

    /**
     * Zaps the pages of VMA i: pinned anon pages are unmapped but stay allocated until unpin_user_pages
     * (their refcount is elevated), the rest is gone. Returns the pages freed or unmapped now.
     */
    public long zap(int i) {
        long pages = resident[i];
        long held = vmas[i].kind() == Vma.Kind.ANON ? Math.min(pins, pages) : 0;
        resident[i] = 0;
        pinnedHeld += held;
        return pages - held;
    }

    /** Private anonymous pages still mapped (what a reap would free). */
    public long anonResident() {
        long sum = 0;
        for (int i = 0; i < vmas.length; i++) if (vmas[i].kind().anonymous()) sum += resident[i];
        return sum;
    }

    public long resident(Vma.Kind kind) {
        for (int i = 0; i < vmas.length; i++) if (vmas[i].kind() == kind) return resident[i];
        return 0;
    }

    public boolean readLocked(int task) {
        for (int r : readers) if (r == task) return true;
        return false;
    }

    void addReader(int task) {
        int[] n = Arrays.copyOf(readers, readers.length + 1);
        n[readers.length] = task;
        readers = n;
    }

    void removeReader(int task) {
        for (int i = 0; i < readers.length; i++) {
            if (readers[i] == task) {
                int[] n = new int[readers.length - 1];
                System.arraycopy(readers, 0, n, 0, i);
                System.arraycopy(readers, i + 1, n, i, readers.length - i - 1);
                readers = n;
                return;
            }
        }
    }

    public static String flagNames(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & MMF_OOM_SKIP) != 0) b.append("MMF_OOM_SKIP ");
        if ((flags & MMF_UNSTABLE) != 0) b.append("MMF_UNSTABLE ");
        if ((flags & MMF_OOM_REAP_QUEUED) != 0) b.append("MMF_OOM_REAP_QUEUED ");
        if ((flags & MMF_MULTIPROCESS) != 0) b.append("MMF_MULTIPROCESS ");
        return b.toString().strip();
    }

    public static int flagByName(String name) {
        return switch (name) {
            case "MMF_OOM_SKIP" -> MMF_OOM_SKIP;
            case "MMF_UNSTABLE" -> MMF_UNSTABLE;
            case "MMF_OOM_REAP_QUEUED" -> MMF_OOM_REAP_QUEUED;
            case "MMF_MULTIPROCESS" -> MMF_MULTIPROCESS;
            default -> 0;
        };
    }

    /** Every mutable field equal to o's (the reclaimed counters too, which the fingerprint leaves out). */
    public boolean sameAs(Mm o) {
        return users == o.users && count == o.count && flags == o.flags && swap == o.swap && writer == o.writer
                && freed == o.freed && exitMmap == o.exitMmap && exitMmapBy == o.exitMmapBy && reapers == o.reapers
                && reaped == o.reaped && reapCallReturned == o.reapCallReturned
                && reclaimedByReap == o.reclaimedByReap && reclaimedByExit == o.reclaimedByExit
                && pins == o.pins && pinnedHeld == o.pinnedHeld
                && (readers == o.readers || Arrays.equals(readers, o.readers)) && Arrays.equals(resident, o.resident);
    }

    /** Equal in every field, fixed ones included: o can stand for this mm in a kept state ({@link PackedStates}). */
    boolean sameValue(Mm o) {
        return o == this || (index == o.index && name.equals(o.name) && (vmas == o.vmas || Arrays.equals(vmas, o.vmas)) && sameAs(o));
    }

    Hasher hash(Hasher h) {
        h.put(users, count).put(flags, writer).put(swap).put(readers, readers.length)
                .put(exitMmap, exitMmapBy).put(reapers, pins).put(Hasher.bits(freed, reaped, reapCallReturned))
                .put(pinnedHeld);
        for (long r : resident) h.put(r);
        return h;
    }
}
