package org.reaplab.kernel;

import org.reaplab.scenario.Memory;

import java.util.ArrayList;
import java.util.List;

/**
 * One mapping of an address space, derived from a kind of memory. Address order is the order of
 * {@link Kind}: exit_mmap walks it forward, __oom_reap_task_mm in reverse (6.18).
 */
public record Vma(Kind kind, long pages, boolean refusesNonBlockingInvalidate) {

    /** What __oom_reap_task_mm does with a VMA of this kind (kernel-model.md 2.5). */
    public enum ReapEffect { FREE, UNMAP_ONLY, SKIP }

    public enum Kind {
        FILE("file", "private file (page cache)", ReapEffect.UNMAP_ONLY),
        FILE_COW("fileCow", "private file, CoW'ed", ReapEffect.FREE),
        ANON("anon", "private anon", ReapEffect.FREE),
        MLOCKED("mlocked", "mlocked anon (VM_LOCKED)", ReapEffect.FREE),
        SHARED_FILE("sharedFile", "MAP_SHARED file (VM_SHARED)", ReapEffect.SKIP),
        SHMEM("shmem", "shmem (VM_SHARED)", ReapEffect.SKIP),
        HUGETLB("hugetlb", "hugetlb (VM_HUGETLB)", ReapEffect.SKIP),
        PFNMAP("pfnmap", "device (VM_PFNMAP)", ReapEffect.SKIP);

        public final String key;
        public final String description;
        public final ReapEffect reap;

        Kind(String key, String description, ReapEffect reap) {
            this.key = key;
            this.description = description;
            this.reap = reap;
        }

        /** Private anonymous memory: what the memory-pinned invariant watches. */
        public boolean anonymous() {
            return this == ANON || this == MLOCKED || this == FILE_COW;
        }

        public static Kind byKey(String key) {
            for (Kind k : values()) if (k.key.equals(key)) return k;
            return null;
        }
    }

    /** The VMA layout of a memory spec: one VMA per non-empty kind; swap entries live in the anon VMA. */
    public static Vma[] layout(Memory m, List<String> refusing) {
        List<Vma> out = new ArrayList<>();
        long[] pages = {m.file(), m.fileCow(), m.anon(), m.mlocked(), m.sharedFile(), m.shmem(), m.hugetlb(), m.pfnmap()};
        Kind[] kinds = Kind.values();
        for (int i = 0; i < kinds.length; i++) {
            boolean hasSwap = kinds[i] == Kind.ANON && m.swap() > 0;
            if (pages[i] > 0 || hasSwap) {
                out.add(new Vma(kinds[i], pages[i], refusing != null && refusing.contains(kinds[i].key)));
            }
        }
        return out.toArray(new Vma[0]);
    }
}
