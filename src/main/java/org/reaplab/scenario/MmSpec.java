package org.reaplab.scenario;

import java.util.List;

/**
 * An address space (struct mm_struct).
 *
 * @param flags               MMF_* bits already set at the start (MMF_MULTIPROCESS for a sharer that
 *                            exited long ago, MMF_OOM_SKIP / MMF_UNSTABLE for an mm already reaped)
 * @param mmuNotifierRefuses  memory kinds whose VMA has an MMU-notifier subscriber that refuses
 *                            non-blocking invalidation (kernel-model.md S26)
 */
public record MmSpec(String name, Memory memory, List<String> flags, List<String> mmuNotifierRefuses) {}
