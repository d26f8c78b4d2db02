package org.reaplab.scenario;

/**
 * Resident memory of an address space by kind, in 4 KiB pages. Each non-zero kind becomes one VMA
 * (see kernel/Vma). The first five are the contract's; the rest extend it for kernel-model.md S17.
 *
 * @param anon       private anonymous memory (heap, stack, anon mmap): freed by a reap
 * @param file       clean page cache mapped MAP_PRIVATE (text, libraries): a reap only unmaps it
 * @param shmem      MAP_SHARED shmem / memfd / MAP_SHARED|MAP_ANONYMOUS: VM_SHARED, skipped by a reap
 * @param mlocked    private anon under VM_LOCKED: freed by a reap since v5.18
 * @param hugetlb    VM_HUGETLB: skipped by a reap, freed only by exit_mmap
 * @param swap       swap entries of private anon (not resident): slots released by a reap
 * @param fileCow    CoW'ed pages of private file mappings (anon pages): freed by a reap
 * @param sharedFile MAP_SHARED file mapping: VM_SHARED, skipped by a reap
 * @param pfnmap     VM_PFNMAP device mapping: skipped by a reap
 */
public record Memory(long anon, long file, long shmem, long mlocked, long hugetlb,
                     long swap, long fileCow, long sharedFile, long pfnmap) {

    public static final Memory EMPTY = new Memory(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long resident() {
        return anon + file + shmem + mlocked + hugetlb + fileCow + sharedFile + pfnmap;
    }
}
