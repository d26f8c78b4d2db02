package org.reaplab.scenario;

import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.design.Presets;

/**
 * Settings where the thread left a choice open (scenario-format.md "Variant settings"), kept so old
 * files work: each setting is a knob value of one preset, folded in by {@link #applyTo(String, Design)}.
 */
public record VariantOptions(ReapKillAllChecked reapKillAllChecked, PidfdMmGroup pidfdMmGroup) {

    public static final VariantOptions DEFAULTS = new VariantOptions(ReapKillAllChecked.DEFAULTS, PidfdMmGroup.DEFAULTS);

    /**
     * Michal's proposal (kernel-model.md 3.4).
     *
     * @param ignoredSignalIsFailure a sharer whose SIGKILL would be silently ignored fails the pre-check
     *                               (ignored_sigkill=fails, else init_fails)
     * @param revalidateBeforeReap   re-check that every sharer is dying before reaping
     *                               (reap_decision=revalidate, else short_circuit)
     * @param precheckErrno          "split": -EPERM for creds/LSM/global init, -EINVAL for pid ns
     *                               (kill_errno=own); "einval": -EINVAL for every pre-check failure
     * @param rejectThreadPidfd      a PIDFD_THREAD pidfd with REAP_KILL is -EINVAL (pidfd_thread=reject)
     */
    public record ReapKillAllChecked(boolean ignoredSignalIsFailure, boolean revalidateBeforeReap,
                                     String precheckErrno, boolean rejectThreadPidfd) {
        public static final ReapKillAllChecked DEFAULTS = new ReapKillAllChecked(true, true, "split", false);
    }

    /**
     * Christian's PIDFD_SIGNAL_MM_GROUP (kernel-model.md 3.5); mode strict (permission=precheck,
     * ignored_sigkill=init_fails, kill_errno=own) or pgrp_like (permission=best_effort, ignored_sigkill=ok,
     * kill_errno=any_signalled).
     */
    public record PidfdMmGroup(String mode) {
        public static final PidfdMmGroup DEFAULTS = new PidfdMmGroup("strict");

        public boolean strict() {
            return !"pgrp_like".equals(mode);
        }
    }

    /**
     * The preset's design with these settings folded into its knobs. The settings of a section act only
     * on the preset they were written for (reapKillAllChecked on reap_kill_all_checked, pidfdMmGroup on
     * pidfd_mm_group), as they always did.
     */
    public Design applyTo(String presetId, Design d) {
        if (Presets.REAP_KILL_ALL_CHECKED.id().equals(presetId) && reapKillAllChecked != null) {
            ReapKillAllChecked c = reapKillAllChecked;
            d = d.with(Knobs.IGNORED_SIGKILL, c.ignoredSignalIsFailure() ? Knobs.IgnoredSigkill.FAILS : Knobs.IgnoredSigkill.INIT_FAILS)
                    .with(Knobs.REAP_DECISION, c.revalidateBeforeReap() ? Knobs.ReapDecision.REVALIDATE : Knobs.ReapDecision.SHORT_CIRCUIT)
                    .with(Knobs.KILL_ERRNO, "einval".equals(c.precheckErrno()) ? Knobs.KillErrno.EINVAL : Knobs.KillErrno.OWN)
                    .with(Knobs.PIDFD_THREAD, c.rejectThreadPidfd() ? Knobs.PidfdThread.REJECT : Knobs.PidfdThread.LOOKUP);
        }
        if (Presets.PIDFD_MM_GROUP.id().equals(presetId) && pidfdMmGroup != null && pidfdMmGroup.mode() != null) {
            boolean strict = pidfdMmGroup.strict();
            d = d.with(Knobs.PERMISSION, strict ? Knobs.Permission.PRECHECK : Knobs.Permission.BEST_EFFORT)
                    .with(Knobs.IGNORED_SIGKILL, strict ? Knobs.IgnoredSigkill.INIT_FAILS : Knobs.IgnoredSigkill.OK)
                    .with(Knobs.KILL_ERRNO, strict ? Knobs.KillErrno.OWN : Knobs.KillErrno.ANY_SIGNALLED);
        }
        return d;
    }
}
