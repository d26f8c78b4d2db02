package org.reaplab.variant;

import org.reaplab.scenario.Op;

import java.util.List;

/**
 * The six semantics a run can be put under (kernel-model.md section 3). They differ only in the
 * syscall layer: what process_mrelease accepts and does with PROCESS_MRELEASE_REAP_KILL, whether
 * pidfd_send_signal knows PIDFD_SIGNAL_MM_GROUP, and what the LMKD action kill_and_reap expands to.
 */
public enum Variant {
    /** (a) today: pidfd_send_signal(fd, SIGKILL, 0) then process_mrelease(fd, 0). */
    BASELINE("baseline", "today's kernel"),
    /** (b) the v2 patch as posted: mmgrab, kill_pid, reap; -EINVAL on MMF_MULTIPROCESS. */
    REAP_KILL_V2("reap_kill_v2", "v2 patch: PROCESS_MRELEASE_REAP_KILL"),
    /** (c) option 3 as posted: kill_all_shared_mm, best effort, -EBUSY. */
    REAP_KILL_ALL_RFC("reap_kill_all_rfc", "option 3 RFC: kill every sharer, -EBUSY"),
    /** (d) Michal's proposal: permission checked on every sharer first, no kill if any fails. */
    REAP_KILL_ALL_CHECKED("reap_kill_all_checked", "check every sharer first, then kill all"),
    /** (e) Christian's PIDFD_SIGNAL_MM_GROUP, then process_mrelease(fd, 0). */
    PIDFD_MM_GROUP("pidfd_mm_group", "PIDFD_SIGNAL_MM_GROUP, then process_mrelease"),
    /** (f) the in-kernel OOM killer and its oom_reaper kthread. */
    KERNEL_OOM("kernel_oom", "in-kernel OOM killer + oom_reaper");

    public static final long PROCESS_MRELEASE_REAP_KILL = 1;

    public final String id;
    public final String title;

    Variant(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public static Variant byId(String id) {
        for (Variant v : values()) if (v.id.equals(id)) return v;
        return null;
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(v -> v.id).toList();
    }

    /** process_mrelease accepts PROCESS_MRELEASE_REAP_KILL (include/uapi/linux/mman.h with the patch). */
    public boolean hasReapKill() {
        return this == REAP_KILL_V2 || this == REAP_KILL_ALL_RFC || this == REAP_KILL_ALL_CHECKED;
    }

    /** pidfd_send_signal accepts PIDFD_SIGNAL_MM_GROUP. */
    public boolean hasMmGroupSignal() {
        return this == PIDFD_MM_GROUP;
    }

    /** What the LMKD action means under this variant (scenario-format.md, table of variants). */
    public List<Op> expandKillAndReap(Op.KillAndReap op) {
        String fd = op.pidfd();
        return switch (this) {
            case BASELINE -> List.of(new Op.PidfdSendSignal(fd, "SIGKILL", List.of()),
                    new Op.ProcessMrelease(fd, 0));
            case REAP_KILL_V2, REAP_KILL_ALL_RFC, REAP_KILL_ALL_CHECKED ->
                    List.of(new Op.ProcessMrelease(fd, PROCESS_MRELEASE_REAP_KILL));
            case PIDFD_MM_GROUP -> List.of(new Op.PidfdSendSignal(fd, "SIGKILL", List.of("PIDFD_SIGNAL_MM_GROUP")),
                    new Op.ProcessMrelease(fd, 0));
            case KERNEL_OOM -> List.of(new Op.OomKill(fd));
        };
    }
}
