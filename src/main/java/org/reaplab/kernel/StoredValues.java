package org.reaplab.kernel;

import java.util.Arrays;

/**
 * One worker's copy of what a {@link PackedStates} store holds, by id: each task, thread group and mm
 * with its hash, the fields of a task that {@link Access#scans} name, and each global part's fired
 * invariants and lists' hash. A stored value never changes, so a copy never goes stale; one array load
 * here replaces the shared store's four dependent ones ({@link StepCache} reads them at every transition).
 * Filled on first use; not thread-safe.
 */
final class StoredValues {
    /** The bits of {@link Access#scans}, in order: SCAN_MM_USED, SCAN_MMAP_WRITE_WAITED, SCAN_OOM_TIMER. */
    static final int SCANS = 3;

    private final PackedStates packed;
    private Task[] tasks = new Task[64];
    private long[] taskHashes = new long[64];
    private int[] scanned = new int[64 * SCANS];
    private ThreadGroup[] groups = new ThreadGroup[16];
    private long[] groupHashes = new long[16];
    private Mm[] mms = new Mm[16];
    private long[] mmHashes = new long[16];
    private int[][] fired = new int[16][];
    private long[] listsParts = new long[16];

    StoredValues(PackedStates packed) {
        this.packed = packed;
    }

    Task task(int id) {
        if (id >= tasks.length || tasks[id] == null) copyTask(id);
        return tasks[id];
    }

    long taskHash(int id) {
        if (id >= tasks.length || tasks[id] == null) copyTask(id);
        return taskHashes[id];
    }

    /** Task {@code id}'s field of the {@link Access#scans} bit {@code scan}. */
    int scanned(int id, int scan) {
        if (id >= tasks.length || tasks[id] == null) copyTask(id);
        return scanned[id * SCANS + scan];
    }

    ThreadGroup group(int id) {
        if (id >= groups.length || groups[id] == null) {
            if (id >= groups.length) {
                groups = Arrays.copyOf(groups, grown(groups.length, id));
                groupHashes = Arrays.copyOf(groupHashes, groups.length);
            }
            groupHashes[id] = packed.groupHash(id);
            groups[id] = packed.group(id);
        }
        return groups[id];
    }

    long groupHash(int id) {
        group(id);
        return groupHashes[id];
    }

    Mm mm(int id) {
        if (id >= mms.length || mms[id] == null) {
            if (id >= mms.length) {
                mms = Arrays.copyOf(mms, grown(mms.length, id));
                mmHashes = Arrays.copyOf(mmHashes, mms.length);
            }
            mmHashes[id] = packed.mmHash(id);
            mms[id] = packed.mm(id);
        }
        return mms[id];
    }

    long mmHash(int id) {
        mm(id);
        return mmHashes[id];
    }

    /** The fired invariants of global part {@code id}. */
    int[] fired(int id) {
        if (id >= fired.length || fired[id] == null) copyGlobals(id);
        return fired[id];
    }

    /** The fingerprint's hash of the lists of global part {@code id}. */
    long listsPart(int id) {
        if (id >= fired.length || fired[id] == null) copyGlobals(id);
        return listsParts[id];
    }

    private void copyTask(int id) {
        if (id >= tasks.length) {
            tasks = Arrays.copyOf(tasks, grown(tasks.length, id));
            taskHashes = Arrays.copyOf(taskHashes, tasks.length);
            scanned = Arrays.copyOf(scanned, tasks.length * SCANS);
        }
        Task t = packed.task(id);
        taskHashes[id] = packed.taskHash(id);
        scanned[id * SCANS] = KernelState.mmUsed(t);
        scanned[id * SCANS + 1] = KernelState.mmapWriteWaited(t);
        scanned[id * SCANS + 2] = t.oomReaperTimer;
        tasks[id] = t;
    }

    private void copyGlobals(int id) {
        if (id >= fired.length) {
            fired = Arrays.copyOf(fired, grown(fired.length, id));
            listsParts = Arrays.copyOf(listsParts, fired.length);
        }
        listsParts[id] = packed.listsPart(id);
        fired[id] = packed.fired(id);
    }

    private static int grown(int length, int id) {
        return Math.max(length * 2, id + 1);
    }
}
