package org.reaplab.design;

import java.util.List;

import static org.reaplab.design.Knobs.*;

/**
 * The preset table: the six semantics of kernel-model.md section 3 as knob values, ids unchanged. This
 * is the only place a preset's identity decides anything; the engine reads knobs. A 7th named semantic
 * is one entry here.
 */
public final class Presets {
    private Presets() {}

    /** (a) today: pidfd_send_signal(fd, SIGKILL, 0) then process_mrelease(fd, 0). Every knob at its default. */
    public static final Preset BASELINE = new Preset("baseline", "today's kernel",
            "kernel-model.md 3.1", Design.DEFAULTS);

    /** (b) the v2 patch as posted: mmgrab, kill_pid, reap; -EINVAL on MMF_MULTIPROCESS. */
    public static final Preset REAP_KILL_V2 = new Preset("reap_kill_v2", "v2 patch: PROCESS_MRELEASE_REAP_KILL",
            "kernel-model.md 3.2", Design.DEFAULTS
            .with(ENTRY, Entry.MRELEASE_FLAG)
            .with(MM_PIN, MmPin.BEFORE_KILL)
            .with(MULTIPROCESS, Multiprocess.REFUSE)
            .with(PIDNS_CHECK, PidnsCheck.NO)
            .with(REAP_DECISION, ReapDecision.SHORT_CIRCUIT));

    /** (c) option 3 as posted: kill_all_shared_mm, best effort, -EBUSY. */
    public static final Preset REAP_KILL_ALL_RFC = new Preset("reap_kill_all_rfc", "option 3 RFC: kill every sharer, -EBUSY",
            "kernel-model.md 3.3", Design.DEFAULTS
            .with(ENTRY, Entry.MRELEASE_FLAG)
            .with(SIGNALLED, Signalled.SHARERS)
            .with(MM_PIN, MmPin.BEFORE_KILL)
            .with(IGNORED_SIGKILL, IgnoredSigkill.INIT_FAILS)
            .with(REAP_DECISION, ReapDecision.SHORT_CIRCUIT)
            .with(KILL_ERRNO, KillErrno.EBUSY));

    /** (d) Michal's proposal: permission checked on every sharer first, no kill if any fails. */
    public static final Preset REAP_KILL_ALL_CHECKED = new Preset("reap_kill_all_checked", "check every sharer first, then kill all",
            "kernel-model.md 3.4", Design.DEFAULTS
            .with(ENTRY, Entry.MRELEASE_FLAG)
            .with(SIGNALLED, Signalled.SHARERS)
            .with(MM_PIN, MmPin.BEFORE_KILL)
            .with(PERMISSION, Permission.PRECHECK)
            .with(IGNORED_SIGKILL, IgnoredSigkill.FAILS)
            .with(REAP_DECISION, ReapDecision.REVALIDATE));

    /** (e) Christian's PIDFD_SIGNAL_MM_GROUP (strict), then process_mrelease(fd, 0). */
    public static final Preset PIDFD_MM_GROUP = new Preset("pidfd_mm_group", "PIDFD_SIGNAL_MM_GROUP, then process_mrelease",
            "kernel-model.md 3.5", Design.DEFAULTS
            .with(SIGNALLED, Signalled.SHARERS)
            .with(PERMISSION, Permission.PRECHECK)
            .with(IGNORED_SIGKILL, IgnoredSigkill.INIT_FAILS));

    /** (f) the in-kernel OOM killer and its oom_reaper kthread. */
    public static final Preset KERNEL_OOM = new Preset("kernel_oom", "in-kernel OOM killer + oom_reaper",
            "kernel-model.md 3.6", Design.DEFAULTS
            .with(ENTRY, Entry.OOM_KILL)
            .with(SIGNALLED, Signalled.SHARERS)
            .with(MM_PIN, MmPin.OOM_MM)
            .with(PERMISSION, Permission.FORCED)
            .with(REAPER, Reaper.OOM_REAPER));

    private static final List<Preset> ALL = List.of(BASELINE, REAP_KILL_V2, REAP_KILL_ALL_RFC, REAP_KILL_ALL_CHECKED,
            PIDFD_MM_GROUP, KERNEL_OOM);

    /** The six presets, in the order the variants have always been listed. */
    public static List<Preset> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(Preset::id).toList();
    }

    /** The preset of that id, or null. */
    public static Preset byId(String id) {
        for (Preset p : ALL) if (p.id().equals(id)) return p;
        return null;
    }

    /** The preset whose knobs equal the design's, or null. */
    public static Preset of(Design d) {
        for (Preset p : ALL) if (p.design().equals(d)) return p;
        return null;
    }
}
