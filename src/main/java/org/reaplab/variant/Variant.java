package org.reaplab.variant;

import org.reaplab.design.Design;
import org.reaplab.design.Presets;

import java.util.List;

/**
 * The six semantics a run can be put under (kernel-model.md section 3), by id: the presets of the
 * design space ({@link Presets}). What each one means is its {@link #design()}'s knob values; the
 * engine reads those, never a variant's identity.
 */
public enum Variant {
    /** (a) today: pidfd_send_signal(fd, SIGKILL, 0) then process_mrelease(fd, 0). */
    BASELINE(Presets.BASELINE.id(), Presets.BASELINE.title()),
    /** (b) the v2 patch as posted: mmgrab, kill_pid, reap; -EINVAL on MMF_MULTIPROCESS. */
    REAP_KILL_V2(Presets.REAP_KILL_V2.id(), Presets.REAP_KILL_V2.title()),
    /** (c) option 3 as posted: kill_all_shared_mm, best effort, -EBUSY. */
    REAP_KILL_ALL_RFC(Presets.REAP_KILL_ALL_RFC.id(), Presets.REAP_KILL_ALL_RFC.title()),
    /** (d) Michal's proposal: permission checked on every sharer first, no kill if any fails. */
    REAP_KILL_ALL_CHECKED(Presets.REAP_KILL_ALL_CHECKED.id(), Presets.REAP_KILL_ALL_CHECKED.title()),
    /** (e) Christian's PIDFD_SIGNAL_MM_GROUP, then process_mrelease(fd, 0). */
    PIDFD_MM_GROUP(Presets.PIDFD_MM_GROUP.id(), Presets.PIDFD_MM_GROUP.title()),
    /** (f) the in-kernel OOM killer and its oom_reaper kthread. */
    KERNEL_OOM(Presets.KERNEL_OOM.id(), Presets.KERNEL_OOM.title());

    /** include/uapi/linux/mman.h with the v2 patch. */
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

    /** The preset's knob values, labelled with the id. */
    public Design design() {
        return Design.preset(id);
    }
}
